/* SPDX-License-Identifier: MIT */
/*
 * test_stats.c - per-worker statistics of stats.h: latency summaries, the
 * slat/clat/lat bookkeeping of stats_record, and exact merging.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "measure/stats.h"

#define EPS 1e-9

static void lat_stat_of(struct lat_stat *s, const uint64_t *v, size_t n)
{
	lat_stat_init(s);
	for (size_t i = 0; i < n; i++)
		lat_stat_add(s, v[i]);
}

static void assert_lat_stat_equal(const struct lat_stat *a,
				  const struct lat_stat *b)
{
	assert_int_equal(a->n, b->n);
	assert_int_equal(a->min, b->min);
	assert_int_equal(a->max, b->max);
	assert_int_equal(a->sum, b->sum);
	assert_true(a->sumsq == b->sumsq);
}

/* ------------------------------------------------------------------------
 * struct lat_stat
 */

static void test_lat_stat_known_data(void **state)
{
	static const uint64_t v[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct lat_stat s;

	(void)state;
	lat_stat_of(&s, v, 8);
	assert_int_equal(s.n, 8);
	assert_int_equal(s.min, 2);
	assert_int_equal(s.max, 9);
	assert_int_equal(s.sum, 40);
	assert_float_equal(lat_stat_mean(&s), 5.0, EPS);
	/* sample stddev: sqrt(32 / 7) */
	assert_float_equal(lat_stat_stddev(&s), 2.138089935, 1e-9);
	assert_int_equal(lat_stat_min(&s), 2);
}

static void test_lat_stat_empty_and_single(void **state)
{
	struct lat_stat s;

	(void)state;
	lat_stat_init(&s);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.min, UINT64_MAX);
	assert_int_equal(lat_stat_min(&s), 0);
	assert_float_equal(lat_stat_mean(&s), 0.0, EPS);
	assert_float_equal(lat_stat_stddev(&s), 0.0, EPS);
	lat_stat_add(&s, 1234);
	assert_float_equal(lat_stat_mean(&s), 1234.0, EPS);
	assert_float_equal(lat_stat_stddev(&s), 0.0, EPS);
	assert_int_equal(lat_stat_min(&s), 1234);
	assert_int_equal(s.max, 1234);
}

/* A large mean with a tiny spread: the variance must not be lost to
 * cancellation between sumsq and sum^2 / n. */
static void test_lat_stat_large_mean_small_spread(void **state)
{
	const uint64_t base = 1000000000ull;	/* 1 s */
	const unsigned n = 1000000;
	struct lat_stat s;
	double want;

	(void)state;
	lat_stat_init(&s);
	for (unsigned i = 0; i < n; i++)
		lat_stat_add(&s, base + (i & 1) * 2);	/* 1e9, 1e9 + 2, ... */
	/* population variance 1; sample variance n / (n - 1) */
	want = sqrt((double)n / (double)(n - 1));
	assert_float_equal(lat_stat_mean(&s), (double)base + 1.0, 1e-6);
	assert_float_equal(lat_stat_stddev(&s), want, want * 1e-6);
}

static void test_lat_stat_constant_data(void **state)
{
	struct lat_stat s;

	(void)state;
	lat_stat_init(&s);
	for (unsigned i = 0; i < 100000; i++)
		lat_stat_add(&s, 123456789012ull);
	assert_float_equal(lat_stat_stddev(&s), 0.0, EPS);
}

static void test_lat_stat_merge_equals_union(void **state)
{
	static const uint64_t v[] = { 9, 1, 500, 77, 3, 1000000, 42, 8, 8 };
	struct lat_stat a, b, all;

	(void)state;
	lat_stat_of(&a, v, 4);
	lat_stat_of(&b, v + 4, 5);
	lat_stat_of(&all, v, 9);
	lat_stat_merge(&a, &b);
	assert_lat_stat_equal(&a, &all);
	assert_float_equal(lat_stat_stddev(&a), lat_stat_stddev(&all), EPS);
}

static void test_lat_stat_merge_with_empty(void **state)
{
	static const uint64_t v[] = { 5, 6, 7 };
	struct lat_stat a, empty, copy;

	(void)state;
	lat_stat_of(&a, v, 3);
	copy = a;
	lat_stat_init(&empty);
	lat_stat_merge(&a, &empty);
	assert_lat_stat_equal(&a, &copy);
	lat_stat_merge(&empty, &copy);
	assert_lat_stat_equal(&empty, &copy);
}

/* ------------------------------------------------------------------------
 * struct job_stats
 */

static int setup_two(void **state)
{
	static struct job_stats st[2];

	if (job_stats_init(&st[0]))
		return -1;
	if (job_stats_init(&st[1])) {
		job_stats_release(&st[0]);
		return -1;
	}
	*state = st;
	return 0;
}

static int teardown_two(void **state)
{
	struct job_stats *st = *state;

	job_stats_release(&st[0]);
	job_stats_release(&st[1]);
	return 0;
}

static void test_init_is_empty(void **state)
{
	struct job_stats *st = *state;

	assert_int_equal(st->nr_merged, 1);
	assert_int_equal(st->error, 0);
	for (unsigned d = 0; d < DDIR_NR; d++) {
		assert_int_equal(st->dir[d].ios, 0);
		for (unsigned k = 0; k < LAT_NR; k++) {
			assert_non_null(st->dir[d].hist[k]);
			assert_int_equal(st->dir[d].lat[k].n, 0);
			assert_int_equal(st->dir[d].lat[k].min, UINT64_MAX);
		}
	}
}

static void test_record_slat_clat_lat(void **state)
{
	struct job_stats *st = *state;
	struct dir_stats *r = &st->dir[DDIR_READ];

	stats_record(st, DDIR_READ, 4096, false, 1000, 20000, true);
	stats_record(st, DDIR_READ, 4096, false, 3000, 40000, true);
	stats_record(st, DDIR_READ, 1024, true, 2000, 30000, true);

	assert_int_equal(r->ios, 3);
	assert_int_equal(r->bytes, 9216);
	assert_int_equal(r->short_ios, 1);
	assert_float_equal(lat_stat_mean(&r->lat[LAT_SLAT]), 2000.0, EPS);
	assert_float_equal(lat_stat_mean(&r->lat[LAT_CLAT]), 30000.0, EPS);
	assert_float_equal(lat_stat_mean(&r->lat[LAT_LAT]), 32000.0, EPS);
	assert_int_equal(r->lat[LAT_LAT].min, 21000);
	assert_int_equal(r->lat[LAT_LAT].max, 43000);
	assert_int_equal(r->lat[LAT_CLAT].min, 20000);
	assert_int_equal(r->lat[LAT_SLAT].max, 3000);
	for (unsigned k = 0; k < LAT_NR; k++)
		assert_int_equal(r->hist[k]->total, 3);
	assert_int_equal(r->hist[LAT_LAT]->bins[hist_index(43000)], 1);
	/* p100 is the max's bin (its midpoint: 43000 is in a 32 ns bin) */
	assert_int_equal(hist_index(hist_percentile(r->hist[LAT_LAT], 100,
						    r->lat[LAT_LAT].min,
						    r->lat[LAT_LAT].max)),
			 hist_index(43000));
	/* nothing leaked into the other direction */
	assert_int_equal(st->dir[DDIR_WRITE].ios, 0);
	assert_int_equal(st->dir[DDIR_WRITE].lat[LAT_LAT].n, 0);
}

/* Synchronous backends have no slat: lat == clat, slat stays empty. */
static void test_record_without_slat(void **state)
{
	struct job_stats *st = *state;
	struct dir_stats *w = &st->dir[DDIR_WRITE];

	stats_record(st, DDIR_WRITE, 8192, false, 0, 5000, false);
	stats_record(st, DDIR_WRITE, 8192, false, 0, 7000, false);
	/* lat is derived from clat once, at the end of the run */
	assert_int_equal(w->lat[LAT_LAT].n, 0);
	stats_finish(st);
	assert_int_equal(w->hist[LAT_LAT]->total, 2);
	assert_int_equal(w->hist[LAT_LAT]->bins[hist_index(7000)], 1);
	assert_int_equal(w->lat[LAT_SLAT].n, 0);
	assert_int_equal(w->hist[LAT_SLAT]->total, 0);
	assert_int_equal(w->lat[LAT_CLAT].n, 2);
	assert_lat_stat_equal(&w->lat[LAT_LAT], &w->lat[LAT_CLAT]);
	assert_int_equal(w->short_ios, 0);
}

static void test_merge(void **state)
{
	struct job_stats *st = *state, *a = &st[0], *b = &st[1];

	stats_record(a, DDIR_READ, 4096, false, 10, 100, true);
	stats_record(a, DDIR_WRITE, 4096, true, 20, 200, true);
	a->runtime_ns = 1000000000;
	a->cpu.usr_ns = 5;
	a->cpu.sys_ns = 6;
	a->cpu.ctx = 7;
	a->sync_ios = 1;

	stats_record(b, DDIR_READ, 4096, false, 30, 300, true);
	stats_record(b, DDIR_READ, 512, true, 40, 400, true);
	b->runtime_ns = 2000000000;
	b->cpu.usr_ns = 50;
	b->cpu.sys_ns = 60;
	b->cpu.ctx = 70;
	b->cpu.majf = 1;
	b->cpu.minf = 2;
	b->sync_ios = 2;
	b->error = -5;

	job_stats_merge(a, b);
	assert_int_equal(a->dir[DDIR_READ].ios, 3);
	assert_int_equal(a->dir[DDIR_READ].bytes, 8704);
	assert_int_equal(a->dir[DDIR_READ].short_ios, 1);
	assert_int_equal(a->dir[DDIR_WRITE].ios, 1);
	assert_int_equal(a->dir[DDIR_WRITE].short_ios, 1);
	assert_int_equal(a->dir[DDIR_READ].lat[LAT_LAT].n, 3);
	assert_int_equal(a->dir[DDIR_READ].lat[LAT_LAT].min, 110);
	assert_int_equal(a->dir[DDIR_READ].lat[LAT_LAT].max, 440);
	assert_int_equal(a->dir[DDIR_READ].lat[LAT_SLAT].sum, 80);
	assert_int_equal(a->dir[DDIR_READ].hist[LAT_CLAT]->total, 3);
	assert_int_equal(a->dir[DDIR_READ].hist[LAT_CLAT]->bins[400], 1);
	assert_int_equal(a->runtime_ns, 2000000000);	/* max, not sum */
	assert_int_equal(a->cpu.usr_ns, 55);
	assert_int_equal(a->cpu.sys_ns, 66);
	assert_int_equal(a->cpu.ctx, 77);
	assert_int_equal(a->cpu.majf, 1);
	assert_int_equal(a->cpu.minf, 2);
	assert_int_equal(a->sync_ios, 3);
	assert_int_equal(a->error, -5);
	assert_int_equal(a->nr_merged, 2);

	/* the first error wins */
	b->error = -28;
	job_stats_merge(a, b);
	assert_int_equal(a->error, -5);
	assert_int_equal(a->nr_merged, 3);
}

static void test_reset_keeps_histograms(void **state)
{
	struct job_stats *st = *state;
	struct hist *h = st->dir[DDIR_READ].hist[LAT_CLAT];

	stats_record(st, DDIR_READ, 4096, true, 1, 2, true);
	st->sync_ios = 4;
	job_stats_reset(st);
	assert_ptr_equal(st->dir[DDIR_READ].hist[LAT_CLAT], h);
	assert_int_equal(h->total, 0);
	assert_int_equal(h->bins[2], 0);
	assert_int_equal(st->dir[DDIR_READ].ios, 0);
	assert_int_equal(st->dir[DDIR_READ].short_ios, 0);
	assert_int_equal(st->dir[DDIR_READ].lat[LAT_CLAT].n, 0);
	assert_int_equal(st->dir[DDIR_READ].lat[LAT_CLAT].min, UINT64_MAX);
	assert_int_equal(st->sync_ios, 0);
}

static void test_release_twice_is_safe(void **state)
{
	struct job_stats st;

	(void)state;
	assert_int_equal(job_stats_init(&st), 0);
	job_stats_release(&st);
	job_stats_release(&st);
	assert_null(st.dir[DDIR_READ].hist[LAT_LAT]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lat_stat_known_data),
		cmocka_unit_test(test_lat_stat_empty_and_single),
		cmocka_unit_test(test_lat_stat_large_mean_small_spread),
		cmocka_unit_test(test_lat_stat_constant_data),
		cmocka_unit_test(test_lat_stat_merge_equals_union),
		cmocka_unit_test(test_lat_stat_merge_with_empty),
		cmocka_unit_test_setup_teardown(test_init_is_empty, setup_two, teardown_two),
		cmocka_unit_test_setup_teardown(test_record_slat_clat_lat, setup_two, teardown_two),
		cmocka_unit_test_setup_teardown(test_record_without_slat, setup_two, teardown_two),
		cmocka_unit_test_setup_teardown(test_merge, setup_two, teardown_two),
		cmocka_unit_test_setup_teardown(test_reset_keeps_histograms, setup_two, teardown_two),
		cmocka_unit_test(test_release_twice_is_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
