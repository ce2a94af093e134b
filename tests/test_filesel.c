/* SPDX-License-Identifier: MIT */
/*
 * test_filesel.c - file_service_type: the order of files for roundrobin,
 * sequential and random, the ":N" switching count, files that are done,
 * and a new pass.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/diag.h"
#include "workload/filesel.h"

static void init(struct filesel *fs, enum filesel_kind kind, unsigned nr_ios,
		 unsigned nr_files)
{
	struct filesel_spec spec = { .kind = kind, .nr_ios = nr_ios };

	assert_int_equal(filesel_init(fs, &spec, nr_files, 1, NULL), 0);
}

static void expect_order(struct filesel *fs, struct rng *r,
			 const unsigned *want, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		assert_int_equal(filesel_next(fs, r), want[i]);
}

static void test_roundrobin_default(void **state)
{
	static const unsigned want[] = { 0, 1, 2, 0, 1, 2, 0 };
	struct filesel fs;
	struct filesel_spec zero;

	(void)state;
	memset(&zero, 0, sizeof(zero));
	assert_int_equal(filesel_init(&fs, &zero, 3, 1, NULL), 0);
	expect_order(&fs, NULL, want, 7);
	filesel_release(&fs);
}

static void test_roundrobin_n(void **state)
{
	static const unsigned want[] = { 0, 0, 1, 1, 2, 2, 0, 0 };
	struct filesel fs;

	(void)state;
	init(&fs, FILESEL_ROUNDROBIN, 2, 3);
	expect_order(&fs, NULL, want, 8);
	filesel_release(&fs);
}

/* A done file is skipped; when all are done the pass is over, and a reset
 * starts again at file 0. */
static void test_done_and_reset(void **state)
{
	static const unsigned skip1[] = { 2, 0, 2, 0 };
	struct filesel fs;

	(void)state;
	init(&fs, FILESEL_ROUNDROBIN, 1, 3);
	assert_int_equal(filesel_next(&fs, NULL), 0);
	assert_int_equal(filesel_next(&fs, NULL), 1);
	filesel_done(&fs, 1);
	filesel_done(&fs, 1);		/* twice is once */
	expect_order(&fs, NULL, skip1, 4);
	filesel_done(&fs, 0);
	assert_int_equal(filesel_next(&fs, NULL), 2);
	filesel_done(&fs, 2);
	assert_true(filesel_all_done(&fs));
	assert_int_equal(filesel_next(&fs, NULL), UINT32_MAX);
	filesel_reset(&fs);
	assert_false(filesel_all_done(&fs));
	assert_int_equal(filesel_next(&fs, NULL), 0);
	filesel_release(&fs);
}

/* sequential: one file until it is done, then the next. */
static void test_sequential(void **state)
{
	struct filesel fs;

	(void)state;
	init(&fs, FILESEL_SEQUENTIAL, 8, 3);	/* :8 is ignored, as in fio */
	for (int i = 0; i < 100; i++)
		assert_int_equal(filesel_next(&fs, NULL), 0);
	filesel_done(&fs, 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(filesel_next(&fs, NULL), 1);
	filesel_done(&fs, 1);
	assert_int_equal(filesel_next(&fs, NULL), 2);
	filesel_done(&fs, 2);
	assert_int_equal(filesel_next(&fs, NULL), UINT32_MAX);
	filesel_release(&fs);
}

/* random: uniform over the files; random:8 keeps each choice for 8 I/Os. */
static void test_random(void **state)
{
	struct filesel fs;
	struct rng r;
	unsigned count[4] = { 0 };
	const unsigned n = 400000;

	(void)state;
	rng_seed(&r, 5);
	init(&fs, FILESEL_RANDOM, 1, 4);
	for (unsigned i = 0; i < n; i++)
		count[filesel_next(&fs, &r)]++;
	for (int k = 0; k < 4; k++)
		assert_true(fabs((double)count[k] / n - 0.25) < 0.005);
	filesel_release(&fs);

	init(&fs, FILESEL_RANDOM, 8, 4);
	for (int run = 0; run < 1000; run++) {
		unsigned f = filesel_next(&fs, &r);

		for (int k = 1; k < 8; k++)
			assert_int_equal(filesel_next(&fs, &r), f);
	}
	/* done files are never drawn */
	filesel_done(&fs, 0);
	filesel_done(&fs, 2);
	for (int i = 0; i < 10000; i++) {
		unsigned f = filesel_next(&fs, &r);

		assert_true(f == 1 || f == 3 || i < 8);
	}
	filesel_release(&fs);
}

/* zipf over 10 files: the hottest files get the share of the hottest 1024
 * of 10240 ranks, one draw per I/O; normal puts the middle file on top. */
static void test_skewed(void **state)
{
	struct filesel fs;
	struct filesel_spec spec = { .kind = FILESEL_ZIPF, .param = 1.2 };
	struct rng r;
	unsigned count[10] = { 0 }, top = 0;
	const unsigned n = 400000;
	double want = 0, all = 0;

	(void)state;
	for (int k = 1; k <= 10240; k++) {
		double p = pow(k, -1.2);

		all += p;
		if (k <= 1024)
			want += p;
	}
	want /= all;
	rng_seed(&r, 6);
	assert_int_equal(filesel_init(&fs, &spec, 10, 3, NULL), 0);
	for (unsigned i = 0; i < n; i++)
		count[filesel_next(&fs, &r)]++;
	for (int k = 1; k < 10; k++)
		if (count[k] > count[top])
			top = k;
	/* the hot ranks may straddle two files: take the two hottest */
	{
		unsigned second = top == 0 ? 1 : 0;

		for (int k = 0; k < 10; k++)
			if (k != (int)top && count[k] > count[second])
				second = k;
		assert_true((double)(count[top] + count[second]) / n >= want - 0.01);
	}
	filesel_release(&fs);

	/* 9 files: the mode, rank 4608, is the middle of file 4 */
	spec.kind = FILESEL_NORMAL;
	spec.param = 5;
	memset(count, 0, sizeof(count));
	assert_int_equal(filesel_init(&fs, &spec, 9, 3, NULL), 0);
	for (unsigned i = 0; i < n; i++)
		count[filesel_next(&fs, &r)]++;
	for (int k = 0; k < 9; k++)
		assert_true(k == 4 || count[k] < count[4]);
	assert_true(count[4] > n / 3);
	filesel_release(&fs);
}

/* More than 64 files use a heap bitmap. */
static void test_many_files(void **state)
{
	struct filesel fs;

	(void)state;
	init(&fs, FILESEL_ROUNDROBIN, 1, 100);
	for (unsigned i = 0; i < 100; i += 2)
		filesel_done(&fs, i);
	for (unsigned i = 0; i < 150; i++)
		assert_int_equal(filesel_next(&fs, NULL), (2 * i + 1) % 100);
	for (unsigned i = 1; i < 100; i += 2)
		filesel_done(&fs, i);
	assert_int_equal(filesel_next(&fs, NULL), UINT32_MAX);
	filesel_release(&fs);
}

static void test_refusals(void **state)
{
	struct filesel fs;
	struct filesel_spec spec = { .kind = FILESEL_ROUNDROBIN };

	(void)state;
	{
	struct diag d;

	assert_int_equal(filesel_init(&fs, &spec, 0, 1, NULL), -EINVAL);
	spec.kind = (enum filesel_kind)17;
	assert_int_equal(filesel_init(&fs, &spec, 2, 1, NULL), -EINVAL);
	spec.kind = FILESEL_PARETO;
	spec.param = 1.5;
	assert_int_equal(filesel_init(&fs, &spec, 2, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "random_distribution: pareto h 1.5 must be between 0 and 1");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundrobin_default),
		cmocka_unit_test(test_roundrobin_n),
		cmocka_unit_test(test_done_and_reset),
		cmocka_unit_test(test_sequential),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_skewed),
		cmocka_unit_test(test_many_files),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
