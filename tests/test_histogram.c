/* SPDX-License-Identifier: MIT */
/*
 * test_histogram.c - the log-linear latency histogram of histogram.h: bin
 * geometry, relative error, percentiles against exact ones computed from
 * the sorted samples, and exact merging.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "measure/histogram.h"
#include "lib/rand.h"

/* The percentiles fio prints by default, plus the extremes. */
static const double pcts[] = {
	0.001, 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9,
	99.95, 99.99, 100,
};
#define NR_PCTS (sizeof(pcts) / sizeof(pcts[0]))

/* ------------------------------------------------------------------------
 * Sample generators (deterministic: seeded xoshiro)
 */

static double unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;	/* [0, 1) */
}

static double normal(struct rng *r)
{
	double u = unit(r), v = unit(r);

	return sqrt(-2.0 * log(1.0 - u)) * cos(2.0 * M_PI * v);
}

typedef uint64_t (*sample_fn)(struct rng *r);

/* Uniform over [0, 10 ms). */
static uint64_t sample_uniform(struct rng *r)
{
	return rng_below(r, 10000000);
}

/* Lognormal, median 100 us, sigma 1: a typical device latency shape. */
static uint64_t sample_lognormal(struct rng *r)
{
	return (uint64_t)(100000.0 * exp(normal(r)));
}

/* Bimodal: 80% cache hits near 20 us, 20% misses near 5 ms. */
static uint64_t sample_bimodal(struct rng *r)
{
	double v = unit(r) < 0.8 ? 20000.0 + 2000.0 * normal(r)
				 : 5000000.0 + 500000.0 * normal(r);

	return v < 0 ? 0 : (uint64_t)v;
}

/* Heavy tail spanning 1 ns to 1e11 ns (100 s) evenly in log space. */
static uint64_t sample_wide(struct rng *r)
{
	return (uint64_t)pow(10.0, 11.0 * unit(r));
}

/* Small values only: the exact linear bins. */
static uint64_t sample_small(struct rng *r)
{
	return rng_below(r, 3000);
}

/* ------------------------------------------------------------------------
 * Helpers
 */

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/*
 * exact_rank - nearest rank: the smallest k with k >= pct / 100 * n, in
 * exact arithmetic on the double pct (pct = m * 2^e with integer m), so
 * that the oracle itself has no rounding.  At least 1.
 */
static uint64_t exact_rank(double pct, uint64_t n)
{
	unsigned __int128 num, den;
	uint64_t m, k;
	int e;

	m = (uint64_t)ldexp(frexp(pct, &e), 53);
	e -= 53;			/* pct = m * 2^e, and e < 0 for pct <= 100 */
	num = (unsigned __int128)m * n;
	den = (unsigned __int128)100 << -e;
	k = (uint64_t)((num + den - 1) / den);
	return k ? k : 1;
}

/* exact_percentile - sorted[ceil(pct / 100 * n) - 1]. */
static uint64_t exact_percentile(const uint64_t *sorted, uint64_t n, double pct)
{
	return sorted[exact_rank(pct, n) - 1];
}

static struct hist *hist_new_checked(void)
{
	struct hist *h = hist_new();

	assert_non_null(h);
	return h;
}

/* check_distribution - n samples of fn against their exact percentiles. */
static void check_distribution(sample_fn fn, uint64_t n, uint64_t seed)
{
	uint64_t *v = malloc(n * sizeof(*v));
	uint64_t out[NR_PCTS];
	struct hist *h = hist_new_checked();
	struct rng r;

	assert_non_null(v);
	rng_seed(&r, seed);
	for (uint64_t i = 0; i < n; i++) {
		v[i] = fn(&r);
		hist_add(h, v[i]);
	}
	qsort(v, n, sizeof(*v), cmp_u64);
	assert_int_equal(h->total, n);
	hist_percentiles(h, pcts, NR_PCTS, v[0], v[n - 1], out);
	for (size_t i = 0; i < NR_PCTS; i++) {
		uint64_t want = exact_percentile(v, n, pcts[i]);
		uint64_t one = hist_percentile(h, pcts[i], v[0], v[n - 1]);
		double err = fabs((double)out[i] - (double)want);

		if (err > (double)want * 0.001 + 1.0)
			fail_msg("p%g of %llu samples: histogram %llu, exact %llu",
				 pcts[i], (unsigned long long)n,
				 (unsigned long long)out[i],
				 (unsigned long long)want);
		assert_int_equal(one, out[i]);
		if (want < HIST_LINEAR_MAX)
			assert_int_equal(out[i], want);
	}
	/* p100 reports the bin of the max (its midpoint, clamped) */
	assert_int_equal(hist_index(out[NR_PCTS - 1]), hist_index(v[n - 1]));
	hist_free(h);
	free(v);
}

/* ------------------------------------------------------------------------
 * Bin geometry
 */

static void test_bins_round_trip(void **state)
{
	(void)state;
	for (unsigned i = 0; i < HIST_NR_BINS; i++) {
		uint64_t lo = hist_bin_lo(i), hi = hist_bin_hi(i);
		uint64_t mid = hist_bin_value(i);

		assert_true(lo <= hi);
		assert_int_equal(hist_index(lo), i);
		assert_int_equal(hist_index(hi), i);
		assert_true(mid >= lo && mid <= hi);
		if (i + 1 < HIST_NR_BINS) {
			assert_int_equal(hist_bin_lo(i + 1), hi + 1);
			assert_int_equal(hist_index(hi + 1), i + 1);
		}
		if (lo > 0)
			assert_int_equal(hist_index(lo - 1), i - 1);
	}
}

static void test_bins_linear_part_exact(void **state)
{
	(void)state;
	for (uint64_t v = 0; v < HIST_LINEAR_MAX; v++) {
		assert_int_equal(hist_index(v), v);
		assert_int_equal(hist_bin_lo((unsigned)v), v);
		assert_int_equal(hist_bin_hi((unsigned)v), v);
		assert_int_equal(hist_bin_value((unsigned)v), v);
	}
	assert_int_equal(hist_index(HIST_LINEAR_MAX), HIST_LINEAR_MAX);
}

static void test_bins_relative_width(void **state)
{
	(void)state;
	for (unsigned i = HIST_LINEAR_MAX; i + 1 < HIST_NR_BINS; i++) {
		uint64_t lo = hist_bin_lo(i), hi = hist_bin_hi(i);
		uint64_t width = hi - lo + 1, mid = hist_bin_value(i);

		/* width / lo <= 1/1024, without rounding */
		assert_true(width * HIST_SUB_BINS <= lo);
		/* the reported value is within 0.05% of every value in it */
		assert_true((mid - lo) * 2048 <= lo);
		assert_true((hi - mid) * 2048 <= lo);
	}
}

static void test_bins_clamp_at_max(void **state)
{
	(void)state;
	assert_int_equal(hist_index(HIST_MAX_NS - 1), HIST_NR_BINS - 1);
	assert_int_equal(hist_index(HIST_MAX_NS), HIST_NR_BINS - 1);
	assert_int_equal(hist_index(UINT64_MAX), HIST_NR_BINS - 1);
	assert_int_equal(hist_bin_hi(HIST_NR_BINS - 1), UINT64_MAX);
	assert_int_equal(hist_bin_lo(HIST_NR_BINS - 1),
			 HIST_MAX_NS - (HIST_MAX_NS >> (HIST_SUB_BITS + 1)));
}

/* ------------------------------------------------------------------------
 * Percentiles
 */

static void test_percentiles_uniform(void **state)
{
	(void)state;
	check_distribution(sample_uniform, 200000, 1);
	check_distribution(sample_uniform, 1000, 2);
}

static void test_percentiles_lognormal(void **state)
{
	(void)state;
	check_distribution(sample_lognormal, 200000, 3);
	check_distribution(sample_lognormal, 999, 4);
}

static void test_percentiles_bimodal(void **state)
{
	(void)state;
	check_distribution(sample_bimodal, 100000, 5);
}

static void test_percentiles_wide(void **state)
{
	(void)state;
	check_distribution(sample_wide, 100000, 6);
	check_distribution(sample_wide, 10, 7);
}

static void test_percentiles_small_values_exact(void **state)
{
	(void)state;
	check_distribution(sample_small, 50000, 8);
	check_distribution(sample_small, 1, 9);
}

/* 1..1000: every value has its own bin, so the answers are the nearest
 * ranks themselves.  p99.9 is 1000, not 999: the double 99.9 is slightly
 * above 99.9 (fio reports 1000 too).  p60 is 600: the rank is computed
 * exactly (fio divides by 100 in long double first and, for some n, lands
 * one rank higher, e.g. rank 61 for p60 of 100 samples). */
static void test_percentiles_nearest_rank(void **state)
{
	struct hist *h = hist_new_checked();

	(void)state;
	for (uint64_t v = 1; v <= 1000; v++)
		hist_add(h, v);
	assert_int_equal(hist_percentile(h, 50, 0, UINT64_MAX), 500);
	assert_int_equal(hist_percentile(h, 90, 0, UINT64_MAX), 900);
	assert_int_equal(hist_percentile(h, 0.05, 0, UINT64_MAX), 1);
	assert_int_equal(hist_percentile(h, 100, 0, UINT64_MAX), 1000);
	assert_int_equal(hist_percentile(h, 99.9, 0, UINT64_MAX), 1000);
	assert_int_equal(hist_percentile(h, 12.5, 0, UINT64_MAX), 125);
	assert_int_equal(hist_percentile(h, 60, 0, UINT64_MAX), 600);
	hist_free(h);
}

static void test_percentiles_clamped_to_min_max(void **state)
{
	struct hist *h = hist_new_checked();
	const uint64_t v = 1000001;	/* in a bin 512 wide */

	(void)state;
	hist_add(h, v);
	assert_int_not_equal(hist_percentile(h, 50, 0, UINT64_MAX), v);
	assert_int_equal(hist_percentile(h, 50, v, v), v);
	hist_free(h);
}

static void test_empty_histogram(void **state)
{
	struct hist *h = hist_new_checked();
	uint64_t out[NR_PCTS];

	(void)state;
	assert_int_equal(h->total, 0);
	assert_int_equal(hist_percentile(h, 50, 0, UINT64_MAX), 0);
	memset(out, 0xff, sizeof(out));
	hist_percentiles(h, pcts, NR_PCTS, 0, UINT64_MAX, out);
	for (size_t i = 0; i < NR_PCTS; i++)
		assert_int_equal(out[i], 0);
	hist_free(h);
	hist_free(NULL);
}

/* ------------------------------------------------------------------------
 * Merging and clearing
 */

static void test_merge_equals_union(void **state)
{
	struct hist *a = hist_new_checked(), *b = hist_new_checked();
	struct hist *all = hist_new_checked();
	struct rng r;

	(void)state;
	rng_seed(&r, 77);
	for (unsigned i = 0; i < 50000; i++) {
		uint64_t v = sample_wide(&r);

		hist_add(i % 3 ? a : b, v);
		hist_add(all, v);
	}
	hist_add(b, UINT64_MAX);
	hist_add(all, UINT64_MAX);
	hist_merge(a, b);
	assert_int_equal(a->total, all->total);
	assert_memory_equal(a->bins, all->bins, sizeof(all->bins));
	hist_free(a);
	hist_free(b);
	hist_free(all);
}

static void test_clear(void **state)
{
	struct hist *h = hist_new_checked();

	(void)state;
	hist_add(h, 5);
	hist_add(h, 1ull << 40);
	hist_clear(h);
	assert_int_equal(h->total, 0);
	for (unsigned i = 0; i < HIST_NR_BINS; i++)
		assert_int_equal(h->bins[i], 0);
	hist_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bins_round_trip),
		cmocka_unit_test(test_bins_linear_part_exact),
		cmocka_unit_test(test_bins_relative_width),
		cmocka_unit_test(test_bins_clamp_at_max),
		cmocka_unit_test(test_percentiles_uniform),
		cmocka_unit_test(test_percentiles_lognormal),
		cmocka_unit_test(test_percentiles_bimodal),
		cmocka_unit_test(test_percentiles_wide),
		cmocka_unit_test(test_percentiles_small_values_exact),
		cmocka_unit_test(test_percentiles_nearest_rank),
		cmocka_unit_test(test_percentiles_clamped_to_min_max),
		cmocka_unit_test(test_empty_histogram),
		cmocka_unit_test(test_merge_equals_union),
		cmocka_unit_test(test_clear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
