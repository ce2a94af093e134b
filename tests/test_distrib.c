/* SPDX-License-Identifier: MIT */
/*
 * test_distrib.c - random_distribution: every draw in range, the skew of
 * zipf, pareto and normal (the hottest 10% or 20% of the blocks get the
 * share the distribution says), zones exactly where and as often as asked,
 * percentage_random, and the refusals.
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
#include "workload/distrib.h"

#define DRAWS 1000000

static struct dist_spec spec_of(enum dist_kind kind, double param)
{
	struct dist_spec s;

	memset(&s, 0, sizeof(s));
	s.kind = kind;
	s.param = param;
	s.center = -1;
	s.percentage_random[0] = s.percentage_random[1] = 100;
	return s;
}

/* counts - DRAWS draws of g into a calloc'd histogram of nr_blocks. */
static unsigned *counts(const struct dist_gen *g, uint64_t seed)
{
	unsigned *c = calloc(g->nr_blocks, sizeof(*c));
	struct rng r;

	assert_non_null(c);
	rng_seed(&r, seed);
	for (unsigned i = 0; i < DRAWS; i++) {
		uint64_t b = dist_next(g, &r);

		assert_true(b < g->nr_blocks);
		c[b]++;
	}
	return c;
}

static int by_count_desc(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

/* top_share - the share of the draws that went to the k hottest blocks. */
static double top_share(unsigned *c, uint64_t n, uint64_t k)
{
	uint64_t sum = 0;

	qsort(c, n, sizeof(*c), by_count_desc);
	for (uint64_t i = 0; i < k; i++)
		sum += c[i];
	return (double)sum / DRAWS;
}

static uint64_t hottest(const unsigned *c, uint64_t n)
{
	uint64_t best = 0;

	for (uint64_t i = 1; i < n; i++)
		if (c[i] > c[best])
			best = i;
	return best;
}

/* ------------------------------------------------------------------------
 * The spreading bijection and ranges
 */

static void test_spread_is_a_permutation(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 5, 64, 1000, 1025, 65537 };
	struct dist_spec s = spec_of(DIST_ZIPF, 1.2);

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t n = sizes[i];
		uint8_t *seen = calloc(n, 1);
		struct dist_gen g;

		assert_non_null(seen);
		assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, n, 4096, 1, NULL), 0);
		assert_int_equal(dist_spread(&g, 0), 0);
		for (uint64_t x = 0; x < n; x++) {
			uint64_t y = dist_spread(&g, x);

			assert_true(y < n);
			assert_int_equal(seen[y], 0);
			seen[y] = 1;
		}
		free(seen);
	}
}

static void test_every_kind_in_range(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 1000, (1u << 20) + 1 };
	struct dist_spec k[5];
	struct rng r;

	(void)state;
	k[0] = spec_of(DIST_RANDOM, 0);
	k[1] = spec_of(DIST_ZIPF, 0.8);
	k[2] = spec_of(DIST_PARETO, 0.3);
	k[3] = spec_of(DIST_NORMAL, 50);
	k[4] = spec_of(DIST_ZONED, 0);
	for (int d = 0; d < DDIR_NR; d++) {
		k[4].zones[d].nr = 1;
		k[4].zones[d].zone[0].access = 100;
		k[4].zones[d].zone[0].size = 100;
	}
	rng_seed(&r, 3);
	for (size_t i = 0; i < 5; i++) {
		for (size_t j = 0; j < sizeof(sizes) / sizeof(sizes[0]); j++) {
			struct dist_gen g;

			assert_int_equal(dist_gen_init(&g, &k[i], DDIR_WRITE, sizes[j],
						       4096, 7, NULL), 0);
			for (int t = 0; t < 20000; t++)
				assert_true(dist_next(&g, &r) < sizes[j]);
		}
	}
}

/* ------------------------------------------------------------------------
 * Skew
 */

/* zipf_top - expected share of the k most popular of n ranks. */
static double zipf_top(double theta, uint64_t n, uint64_t k)
{
	double top = 0, all = 0;

	for (uint64_t i = 1; i <= n; i++) {
		double p = pow((double)i, -theta);

		all += p;
		if (i <= k)
			top += p;
	}
	return top / all;
}

static void check_zipf(double theta, uint64_t n)
{
	struct dist_spec s = spec_of(DIST_ZIPF, theta);
	struct dist_gen g;
	unsigned *c;
	double got, want = zipf_top(theta, n, n / 10);

	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, n, 4096, 11, NULL), 0);
	c = counts(&g, 12);
	got = top_share(c, n, n / 10);
	assert_true(fabs(got - want) < 0.004);
	free(c);
}

static void test_zipf_top_ten_percent(void **state)
{
	(void)state;
	check_zipf(1.2, 1000);		/* want 0.8896 */
	check_zipf(0.8, 1000);		/* want 0.5760 */
	check_zipf(1.0, 5000);
	check_zipf(2.0, 100000);
}

/* The hot blocks are spread, not packed at the start of the region. */
static void test_zipf_hot_blocks_spread(void **state)
{
	struct dist_spec s = spec_of(DIST_ZIPF, 1.2);
	struct dist_gen g;
	unsigned *c;
	unsigned in_first_tenth = 0;
	uint64_t n = 10000;

	(void)state;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, n, 4096, 13, NULL), 0);
	c = counts(&g, 14);
	c[hottest(c, n)] = 0;
	for (int k = 0; k < 100; k++) {
		uint64_t h = hottest(c, n);

		in_first_tenth += h < n / 10;
		c[h] = 0;
	}
	/* of the 100 next-hottest blocks, about 10 fall in any tenth */
	assert_in_range(in_first_tenth, 2, 25);
	free(c);
}

/* The optional center puts the most probable block there. */
static void test_center(void **state)
{
	struct dist_spec s = spec_of(DIST_ZIPF, 1.2);
	struct dist_gen g;
	unsigned *c;

	(void)state;
	s.center = 0.25;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 1000, 4096, 15, NULL), 0);
	c = counts(&g, 16);
	assert_int_equal(hottest(c, 1000), 250);
	free(c);

	s = spec_of(DIST_PARETO, 0.2);
	s.center = 0.5;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 1000, 4096, 15, NULL), 0);
	c = counts(&g, 17);
	assert_int_equal(hottest(c, 1000), 500);
	free(c);
}

/* pareto:h - the hottest fraction h of the blocks gets 1 - h. */
static void test_pareto_rule(void **state)
{
	static const double hs[] = { 0.2, 0.1, 0.4 };

	(void)state;
	for (int i = 0; i < 3; i++) {
		double h = hs[i], p = log(h) / log(1 - h);
		uint64_t n = 1000, k = (uint64_t)(h * n);
		struct dist_spec s = spec_of(DIST_PARETO, h);
		struct dist_gen g;
		unsigned *c;
		double want = pow((double)k / (double)(n - 1), 1.0 / p);

		assert_true(fabs(want - (1 - h)) < 0.002);
		assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, n, 4096, 21, NULL), 0);
		c = counts(&g, 22 + i);
		assert_true(fabs(top_share(c, n, k) - want) < 0.003);
		free(c);
	}
}

/* normal:10 over 1000 blocks: sigma is 100 blocks around block 500, so the
 * hottest 100 blocks hold P(-0.505 < Z < 0.495) = 0.3829. */
static void test_normal_shape(void **state)
{
	struct dist_spec s = spec_of(DIST_NORMAL, 10);
	struct dist_gen g;
	unsigned *c;

	(void)state;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 1000, 4096, 31, NULL), 0);
	c = counts(&g, 32);
	assert_true(fabs(top_share(c, 1000, 100) - 0.3829) < 0.006);
	free(c);
}

/* The mode is the middle by default, or the center: with sigma at 5 blocks
 * the mode block is clearly the hottest. */
static void test_normal_mode(void **state)
{
	struct dist_spec s = spec_of(DIST_NORMAL, 0.5);
	struct dist_gen g;
	unsigned *c;

	(void)state;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 1000, 4096, 33, NULL), 0);
	c = counts(&g, 34);
	assert_int_equal(hottest(c, 1000), 500);
	free(c);
	s.center = 0.9;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 1000, 4096, 33, NULL), 0);
	c = counts(&g, 35);
	assert_int_equal(hottest(c, 1000), 900);
	free(c);
}

/* ------------------------------------------------------------------------
 * Zones
 */

static void set_zones(struct dist_spec *s, unsigned nr, const uint64_t *pairs)
{
	for (int d = 0; d < DDIR_NR; d++) {
		s->zones[d].nr = nr;
		for (unsigned i = 0; i < nr; i++) {
			s->zones[d].zone[i].access = (unsigned)pairs[2 * i];
			s->zones[d].zone[i].size = pairs[2 * i + 1];
		}
	}
}

/* HOWTO example zoned:60/10:30/20:8/30:2/40 on 1000 blocks. */
static void test_zoned_exact(void **state)
{
	static const uint64_t z[] = { 60, 10, 30, 20, 8, 30, 2, 40 };
	static const uint64_t edge[] = { 0, 100, 300, 600, 1000 };
	static const double want[] = { 0.60, 0.30, 0.08, 0.02 };
	struct dist_spec s = spec_of(DIST_ZONED, 0);
	struct dist_gen g;
	unsigned *c;

	(void)state;
	set_zones(&s, 4, z);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_WRITE, 1000, 4096, 41, NULL), 0);
	c = counts(&g, 42);
	for (int i = 0; i < 4; i++) {
		uint64_t sum = 0, lo = UINT64_MAX, hi = 0;

		for (uint64_t b = edge[i]; b < edge[i + 1]; b++) {
			sum += c[b];
			lo = c[b] < lo ? c[b] : lo;
			hi = c[b] > hi ? c[b] : hi;
		}
		assert_true(fabs((double)sum / DRAWS - want[i]) < 0.002);
		/* uniform inside the zone: every block hit, none wildly more */
		assert_true(lo > 0);
		assert_true(hi < 2 * lo + 50);
	}
	free(c);
}

/* Zones laid over a region that does not divide by 100 still tile it. */
static void test_zoned_odd_region(void **state)
{
	static const uint64_t z[] = { 50, 33, 50, 67 };
	struct dist_spec s = spec_of(DIST_ZONED, 0);
	struct dist_gen g;
	unsigned *c;
	uint64_t first = 0;

	(void)state;
	set_zones(&s, 2, z);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 7, 4096, 43, NULL), 0);
	c = counts(&g, 44);
	/* zone 0 is blocks [0, floor(33 * 7 / 100)) = [0, 2) */
	for (int b = 0; b < 2; b++)
		first += c[b];
	assert_true(fabs((double)first / DRAWS - 0.5) < 0.002);
	free(c);
}

/* zoned_abs: 60% to the first 400000 bytes (97 blocks of 4k), 40% to the
 * next 400000 (blocks 97..194); nothing beyond. */
static void test_zoned_abs(void **state)
{
	static const uint64_t z[] = { 60, 400000, 40, 400000 };
	struct dist_spec s = spec_of(DIST_ZONED_ABS, 0);
	struct dist_gen g;
	struct diag d;
	unsigned *c;
	uint64_t a = 0, b = 0, rest = 0;

	(void)state;
	set_zones(&s, 2, z);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 1000, 4096, 45, NULL), 0);
	c = counts(&g, 46);
	for (uint64_t i = 0; i < 1000; i++) {
		if (i < 97)
			a += c[i];
		else if (i < 195)
			b += c[i];
		else
			rest += c[i];
	}
	assert_true(fabs((double)a / DRAWS - 0.6) < 0.002);
	assert_true(fabs((double)b / DRAWS - 0.4) < 0.002);
	assert_int_equal(rest, 0);
	free(c);

	/* a region of 50 blocks: the second zone starts beyond it */
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 50, 4096, 45, &d), -EINVAL);
	assert_string_equal(d.msg,
			    "random_distribution: zoned_abs read zone 2 starts at byte 400000, beyond the region of 204800 bytes");
}

/* ------------------------------------------------------------------------
 * percentage_random and refusals
 */

static void test_percentage_random(void **state)
{
	struct dist_spec s = spec_of(DIST_RANDOM, 0);
	struct dist_gen g;
	struct rng r, before;
	unsigned hits = 0;

	(void)state;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 100, 4096, 1, NULL), 0);
	rng_seed(&r, 51);
	before = r;
	for (int i = 0; i < 1000; i++)
		assert_true(dist_pick_random(&g, &r));
	assert_memory_equal(&r, &before, sizeof(r));

	s.percentage_random[DDIR_WRITE] = 30;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_WRITE, 100, 4096, 1, NULL), 0);
	for (int i = 0; i < DRAWS; i++)
		hits += dist_pick_random(&g, &r);
	assert_true(fabs((double)hits / DRAWS - 0.30) < 0.003);
	assert_true(dist_is_uniform(&g));
}

static void test_refusals(void **state)
{
	static const uint64_t short_access[] = { 60, 50, 30, 50 };
	static const uint64_t short_size[] = { 60, 50, 40, 40 };
	static const uint64_t tiny[] = { 99, 100, 1, 0 };
	struct dist_spec s;
	struct dist_gen g;
	struct diag d;

	(void)state;
	s = spec_of(DIST_ZIPF, 0);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "random_distribution: zipf theta 0 must be above 0");
	s = spec_of(DIST_PARETO, 1.0);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "random_distribution: pareto h 1 must be between 0 and 1");
	s = spec_of(DIST_NORMAL, 101);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	s = spec_of(DIST_ZIPF, 1.1);
	s.center = 1.5;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "random_distribution: center 1.5 is outside [0, 1]");

	s = spec_of(DIST_ZONED, 0);
	set_zones(&s, 2, short_access);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "random_distribution: read zone access percentages add up to 90, not 100");
	set_zones(&s, 2, short_size);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "random_distribution: read zone size percentages add up to 90, not 100");
	set_zones(&s, 2, tiny);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_string_equal(d.msg,
			    "random_distribution: read zone 2 gets 1% of the accesses but covers no block of the region");
	s = spec_of(DIST_RANDOM, 0);
	s.percentage_random[DDIR_READ] = 101;
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 10, 4096, 1, &d), -EINVAL);
	assert_int_equal(dist_gen_init(&g, &s, DDIR_READ, 0, 4096, 1, &d), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_spread_is_a_permutation),
		cmocka_unit_test(test_every_kind_in_range),
		cmocka_unit_test(test_zipf_top_ten_percent),
		cmocka_unit_test(test_zipf_hot_blocks_spread),
		cmocka_unit_test(test_center),
		cmocka_unit_test(test_pareto_rule),
		cmocka_unit_test(test_normal_shape),
		cmocka_unit_test(test_normal_mode),
		cmocka_unit_test(test_zoned_exact),
		cmocka_unit_test(test_zoned_odd_region),
		cmocka_unit_test(test_zoned_abs),
		cmocka_unit_test(test_percentage_random),
		cmocka_unit_test(test_refusals),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
