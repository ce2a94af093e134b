/* SPDX-License-Identifier: MIT */
/*
 * test_bsgen.c - block sizes: fixed sizes cost nothing, bssplit and bsrange
 * give fio's proportions (measured with fio 3.33, norandommap, 200k I/Os),
 * lengths respect the room left, and bad specs are refused.
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

#include "workload/bsgen.h"
#include "lib/diag.h"

#define DRAWS 1000000

static void spec_fixed(struct bs_spec *s, uint64_t bs)
{
	memset(s, 0, sizeof(*s));
	s->min = s->max = bs;
}

static void spec_range(struct bs_spec *s, uint64_t min, uint64_t max)
{
	memset(s, 0, sizeof(*s));
	s->min = min;
	s->max = max;
}

/* spec_split - n pairs of (bs, perc). */
static void spec_split(struct bs_spec *s, unsigned n, const uint64_t *pairs)
{
	memset(s, 0, sizeof(*s));
	for (unsigned i = 0; i < n; i++) {
		s->split[i].bs = pairs[2 * i];
		s->split[i].perc = (unsigned)pairs[2 * i + 1];
	}
	s->nr_split = n;
}

/* share - fraction of DRAWS draws of direction ddir that are len long. */
static double share(const struct bs_gen *g, unsigned ddir, uint64_t len,
		    uint64_t seed)
{
	struct rng r;
	unsigned hits = 0;

	rng_seed(&r, seed);
	for (unsigned i = 0; i < DRAWS; i++)
		hits += bs_next(g, ddir, &r, UINT64_MAX) == len;
	return (double)hits / DRAWS;
}

static void test_fixed_uses_no_randomness(void **state)
{
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;
	struct rng r, before;

	(void)state;
	spec_fixed(&spec[DDIR_READ], 8192);
	spec_fixed(&spec[DDIR_WRITE], 65536);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	rng_seed(&r, 1);
	before = r;
	for (int i = 0; i < 1000; i++) {
		assert_int_equal(bs_next(&g, DDIR_READ, &r, UINT64_MAX), 8192);
		assert_int_equal(bs_next(&g, DDIR_WRITE, &r, 4096), 65536);
	}
	assert_memory_equal(&r, &before, sizeof(r));
	assert_int_equal(bs_gen_align(&g, DDIR_READ), 8192);
	assert_int_equal(bs_gen_max(&g, DDIR_WRITE), 65536);
	assert_true(bs_gen_randommap_ok(&g));
}

static void test_zeroed_spec_is_4k(void **state)
{
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;

	(void)state;
	memset(spec, 0, sizeof(spec));
	assert_int_equal(bs_gen_init(&g, spec, true, NULL), 0);
	assert_int_equal(bs_next(&g, DDIR_READ, NULL, UINT64_MAX), 4096);
	assert_int_equal(bs_next(&g, DDIR_WRITE, NULL, UINT64_MAX), 4096);
}

/* HOWTO example: 50% 64k, 10% 4k, 40% 32k (fio: .101 .401 .498). */
static void test_bssplit_proportions(void **state)
{
	static const uint64_t pairs[] = { 4096, 10, 65536, 50, 32768, 40 };
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;

	(void)state;
	spec_split(&spec[DDIR_READ], 3, pairs);
	spec_fixed(&spec[DDIR_WRITE], 4096);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_int_equal(bs_gen_min(&g, DDIR_READ), 4096);
	assert_int_equal(bs_gen_max(&g, DDIR_READ), 65536);
	assert_true(fabs(share(&g, DDIR_READ, 4096, 1) - 0.10) < 0.003);
	assert_true(fabs(share(&g, DDIR_READ, 32768, 2) - 0.40) < 0.003);
	assert_true(fabs(share(&g, DDIR_READ, 65536, 3) - 0.50) < 0.003);
}

/* Short of 100: the rest goes to the largest share.  fio 3.33 measured
 * 4k/50:8k/20 -> .798/.202, 4k/20:8k/50 -> .202/.798, and with a tie
 * 16k/30:4k/30:8k/10 -> 4k .598, 8k .101, 16k .300. */
static void test_bssplit_leftover_like_fio(void **state)
{
	static const uint64_t a[] = { 4096, 50, 8192, 20 };
	static const uint64_t b[] = { 4096, 20, 8192, 50 };
	static const uint64_t c[] = { 16384, 30, 4096, 30, 8192, 10 };
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;

	(void)state;
	spec_fixed(&spec[DDIR_WRITE], 4096);
	spec_split(&spec[DDIR_READ], 2, a);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_true(fabs(share(&g, DDIR_READ, 4096, 4) - 0.80) < 0.003);
	spec_split(&spec[DDIR_READ], 2, b);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_true(fabs(share(&g, DDIR_READ, 8192, 5) - 0.80) < 0.003);
	spec_split(&spec[DDIR_READ], 3, c);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_true(fabs(share(&g, DDIR_READ, 4096, 6) - 0.60) < 0.003);
	assert_true(fabs(share(&g, DDIR_READ, 16384, 6) - 0.30) < 0.003);
	assert_true(fabs(share(&g, DDIR_READ, 8192, 6) - 0.10) < 0.003);
}

/* fio rounds split sizes down to a multiple of the smallest: 4k/50:6k/50
 * issues only 4k (fio 3.33: 4096 1.000). */
static void test_bssplit_rounds_like_fio(void **state)
{
	static const uint64_t pairs[] = { 4096, 50, 6144, 50 };
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;

	(void)state;
	spec_split(&spec[DDIR_READ], 2, pairs);
	spec_fixed(&spec[DDIR_WRITE], 4096);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_true(share(&g, DDIR_READ, 4096, 7) == 1.0);
}

/* bsrange=1k-4k: uniform over the multiples of 1k (fio: .251 .251 .249
 * .249), every length a multiple of the minimum, offsets aligned to it. */
static void test_bsrange_multiples_of_min(void **state)
{
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;
	struct rng r;
	unsigned count[5] = { 0 };

	(void)state;
	spec_range(&spec[DDIR_READ], 1024, 4096);
	spec_range(&spec[DDIR_WRITE], 1024, 4096);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_int_equal(bs_gen_align(&g, DDIR_READ), 1024);
	rng_seed(&r, 8);
	for (unsigned i = 0; i < DRAWS; i++) {
		uint64_t len = bs_next(&g, DDIR_WRITE, &r, UINT64_MAX);

		assert_int_equal(len % 1024, 0);
		assert_in_range(len, 1024, 4096);
		count[len / 1024]++;
	}
	for (unsigned k = 1; k <= 4; k++)
		assert_true(fabs((double)count[k] / DRAWS - 0.25) < 0.003);
}

/* bsrange=4k-6k: fio draws 4k + U * 6k, rounds down to 4k and caps at 6k
 * (fio 3.33: 4096 .668, 6144 .332). */
static void test_bsrange_cap_like_fio(void **state)
{
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;

	(void)state;
	spec_range(&spec[DDIR_READ], 4096, 6144);
	spec_fixed(&spec[DDIR_WRITE], 4096);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	assert_true(fabs(share(&g, DDIR_READ, 4096, 9) - 2.0 / 3) < 0.003);
	assert_true(fabs(share(&g, DDIR_READ, 6144, 9) - 1.0 / 3) < 0.003);
}

/* blockalign sets the offset granularity, not the length, and turns the
 * random map off when it differs from the minimum size. */
static void test_blockalign(void **state)
{
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;
	struct diag d;

	(void)state;
	spec_range(&spec[DDIR_READ], 4096, 16384);
	spec_range(&spec[DDIR_WRITE], 4096, 16384);
	spec[DDIR_READ].align = 512;
	spec[DDIR_WRITE].align = 512;
	assert_int_equal(bs_gen_init(&g, spec, true, NULL), 0);
	assert_int_equal(bs_gen_align(&g, DDIR_READ), 512);
	assert_false(bs_gen_randommap_ok(&g));
	spec[DDIR_WRITE].align = 100;
	assert_int_equal(bs_gen_init(&g, spec, true, &d), -EINVAL);
	assert_string_equal(d.msg,
			    "blockalign for writes is 100, not a multiple of 512 as direct I/O needs");
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
}

/* Near the end of the region a variable length is redrawn until it fits;
 * when not even the minimum fits the answer is 0. */
static void test_room(void **state)
{
	static const uint64_t pairs[] = { 4096, 10, 65536, 90 };
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;
	struct rng r;

	(void)state;
	spec_range(&spec[DDIR_READ], 4096, 16384);
	spec_split(&spec[DDIR_WRITE], 2, pairs);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	rng_seed(&r, 10);
	for (int i = 0; i < 10000; i++) {
		assert_in_range(bs_next(&g, DDIR_READ, &r, 8192), 4096, 8192);
		assert_int_equal(bs_next(&g, DDIR_WRITE, &r, 65535), 4096);
	}
	assert_int_equal(bs_next(&g, DDIR_READ, &r, 4095), 0);
	assert_int_equal(bs_next(&g, DDIR_WRITE, &r, 100), 0);
}

/* A split whose only fitting entry has 0% still terminates. */
static void test_room_zero_percent_entry(void **state)
{
	static const uint64_t pairs[] = { 4096, 0, 65536, 100 };
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;
	struct rng r;

	(void)state;
	spec_split(&spec[DDIR_READ], 2, pairs);
	spec_fixed(&spec[DDIR_WRITE], 4096);
	assert_int_equal(bs_gen_init(&g, spec, false, NULL), 0);
	rng_seed(&r, 11);
	assert_int_equal(bs_next(&g, DDIR_READ, &r, UINT64_MAX), 65536);
	assert_int_equal(bs_next(&g, DDIR_READ, &r, 8192), 4096);
}

static void test_refuses_bad_specs(void **state)
{
	static const uint64_t over[] = { 4096, 60, 8192, 50 };
	static const uint64_t none[] = { 4096, 0, 8192, 0 };
	struct bs_spec spec[DDIR_NR] = { 0 };
	struct bs_gen g;
	struct diag d;

	(void)state;
	spec_fixed(&spec[DDIR_READ], 4096);
	spec_range(&spec[DDIR_WRITE], 8192, 4096);
	assert_int_equal(bs_gen_init(&g, spec, false, &d), -EINVAL);
	assert_string_equal(d.msg, "bsrange for writes: max 4096 is below min 8192");
	spec_split(&spec[DDIR_WRITE], 2, over);
	assert_int_equal(bs_gen_init(&g, spec, false, &d), -EINVAL);
	assert_string_equal(d.msg, "bssplit for writes: percentages add up to 110, more than 100");
	spec_split(&spec[DDIR_WRITE], 2, none);
	assert_int_equal(bs_gen_init(&g, spec, false, &d), -EINVAL);
	assert_string_equal(d.msg, "bssplit for writes: no entry has a percentage");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fixed_uses_no_randomness),
		cmocka_unit_test(test_zeroed_spec_is_4k),
		cmocka_unit_test(test_bssplit_proportions),
		cmocka_unit_test(test_bssplit_leftover_like_fio),
		cmocka_unit_test(test_bssplit_rounds_like_fio),
		cmocka_unit_test(test_bsrange_multiples_of_min),
		cmocka_unit_test(test_bsrange_cap_like_fio),
		cmocka_unit_test(test_blockalign),
		cmocka_unit_test(test_room),
		cmocka_unit_test(test_room_zero_percent_entry),
		cmocka_unit_test(test_refuses_bad_specs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
