/* SPDX-License-Identifier: MIT */
/*
 * test_sampler.c - per-second bw/iops samples from fake worker counters:
 * fio's min/max/mean/stddev/samples per direction, ramp restarts, the
 * dropped partial last second, fio's group_reporting merge, and the
 * status line.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "measure/clock.h"
#include "measure/rate_stat.h"
#include "run/sampler.h"
#include "measure/status.h"
#include "run/worker.h"

#define SEC 1000000000ull
#define T0 (100 * SEC)

static void set_counters(struct worker *w, uint64_t rios, uint64_t rbytes,
			 uint64_t wios, uint64_t wbytes)
{
	atomic_store(&w->live_dir_ios[DDIR_READ], rios);
	atomic_store(&w->live_dir_bytes[DDIR_READ], rbytes);
	atomic_store(&w->live_dir_ios[DDIR_WRITE], wios);
	atomic_store(&w->live_dir_bytes[DDIR_WRITE], wbytes);
}

/* sample_stddev - the n - 1 standard deviation, computed directly. */
static double sample_stddev(const double *v, unsigned n)
{
	double mean = 0, ss = 0;

	for (unsigned i = 0; i < n; i++)
		mean += v[i] / n;
	for (unsigned i = 0; i < n; i++)
		ss += (v[i] - mean) * (v[i] - mean);
	return sqrt(ss / (n - 1));
}

static void assert_close(double a, double b)
{
	if (fabs(a - b) > 1e-6 * (fabs(b) + 1))
		fail_msg("%f != %f", a, b);
}

static void test_rate_stat_add(void **state)
{
	static const double v[] = { 1000, 2000, 500, 4000, 4000 };
	struct rate_stat r = { 0 };

	(void)state;
	assert_int_equal(rate_stat_min(&r), 0);
	assert_true(rate_stat_stddev(&r) == 0.0);
	for (unsigned i = 0; i < 5; i++)
		rate_stat_add(&r, (uint64_t)v[i]);
	assert_int_equal(r.samples, 5);
	assert_int_equal(rate_stat_min(&r), 500);
	assert_int_equal(rate_stat_max(&r), 4000);
	assert_close(rate_stat_mean(&r), 2300.0);
	assert_close(rate_stat_stddev(&r), sample_stddev(v, 5));
}

/* fio's group_reporting: min, max, mean, S and samples add. */
static void test_rate_stat_merge(void **state)
{
	struct rate_stat a = { 0 }, b = { 0 }, g = { 0 };

	(void)state;
	rate_stat_add(&a, 100);
	rate_stat_add(&a, 300);
	rate_stat_add(&b, 1000);
	rate_stat_add(&b, 1000);
	rate_stat_add(&b, 1600);
	rate_stat_merge(&g, &a);		/* first: a copy */
	assert_memory_equal(&g, &a, sizeof(a));
	rate_stat_merge(&g, &b);
	assert_int_equal(g.samples, 5);
	assert_int_equal(rate_stat_min(&g), 1100);
	assert_int_equal(rate_stat_max(&g), 1900);
	assert_close(rate_stat_mean(&g), 200.0 + 1200.0);
	assert_close(g.S, a.S + b.S);
	rate_stat_merge(&g, &(struct rate_stat){ 0 });	/* empty: no change */
	assert_int_equal(g.samples, 5);
}

/* One worker reading 4 KiB blocks for three seconds and a bit. */
static void test_samples_per_second(void **state)
{
	struct worker *w = calloc(1, sizeof(*w));
	struct sampler s;

	(void)state;
	assert_non_null(w);
	assert_int_equal(sampler_init(&s, w, 1, NULL), 0);
	assert_int_equal(sampler_tick(&s, T0), UINT64_MAX);	/* not running */
	atomic_store(&w->live_start_ns, T0);
	assert_int_equal(sampler_tick(&s, T0 + SEC / 2), T0 + SEC);	/* not due */
	set_counters(w, 1000, 1000 * 4096, 0, 0);
	assert_int_equal(sampler_tick(&s, T0 + SEC), T0 + 2 * SEC);
	set_counters(w, 3000, 3000 * 4096, 0, 0);
	sampler_tick(&s, T0 + 2 * SEC - 500000);	/* within the 1 ms slack */
	set_counters(w, 3500, 3500 * 4096, 0, 0);
	sampler_tick(&s, T0 + 3 * SEC - 500000);
	set_counters(w, 3600, 3600 * 4096, 0, 0);
	atomic_store(&w->live_done, true);
	sampler_tick(&s, T0 + 4 * SEC);		/* done: partial second dropped */
	sampler_release(&s);

	{
		const struct rate_stat *ri = &w->stats.rates.iops[DDIR_READ];
		const struct rate_stat *rb = &w->stats.rates.bw[DDIR_READ];

		assert_int_equal(ri->samples, 3);
		assert_int_equal(rate_stat_min(ri), 500);
		/* 2000 I/Os in 0.9995 s: 2001 per second, truncated */
		assert_int_equal(rate_stat_max(ri), 2001);
		assert_close(rate_stat_mean(ri), (1000.0 + 2001 + 500) / 3);
		assert_close(rate_stat_stddev(ri),
			     sample_stddev((const double[]){ 1000, 2001, 500 }, 3));
		assert_int_equal(rb->samples, 3);
		assert_int_equal(rate_stat_min(rb), 2000);	/* KiB/s */
		assert_int_equal(rate_stat_max(rb), 8004);
		/* nothing written: no write samples at all */
		assert_int_equal(w->stats.rates.iops[DDIR_WRITE].samples, 0);
		assert_int_equal(w->stats.rates.bw[DDIR_WRITE].samples, 0);
	}
	free(w);
}

/* Per direction: a second in which nothing was written adds no write
 * sample, but still adds a read sample. */
static void test_directions_separate(void **state)
{
	struct worker *w = calloc(1, sizeof(*w));
	struct sampler s;

	(void)state;
	assert_non_null(w);
	assert_int_equal(sampler_init(&s, w, 1, NULL), 0);
	atomic_store(&w->live_start_ns, T0);
	set_counters(w, 100, 100 * 8192, 50, 50 * 4096);
	sampler_tick(&s, T0 + SEC);
	set_counters(w, 300, 300 * 8192, 50, 50 * 4096);
	sampler_tick(&s, T0 + 2 * SEC);
	set_counters(w, 400, 400 * 8192, 150, 150 * 4096);
	sampler_tick(&s, T0 + 3 * SEC);
	sampler_release(&s);
	assert_int_equal(w->stats.rates.iops[DDIR_READ].samples, 3);
	assert_int_equal(w->stats.rates.iops[DDIR_WRITE].samples, 2);
	assert_int_equal(rate_stat_min(&w->stats.rates.bw[DDIR_READ]), 800);
	assert_int_equal(rate_stat_max(&w->stats.rates.bw[DDIR_READ]), 1600);
	assert_close(rate_stat_mean(&w->stats.rates.iops[DDIR_WRITE]), 75.0);
	free(w);
}

/* The end of a ramp restarts live_start_ns and zeroes the counters:
 * samples taken during the ramp are discarded. */
static void test_ramp_restarts(void **state)
{
	struct worker *w = calloc(1, sizeof(*w));
	struct sampler s;

	(void)state;
	assert_non_null(w);
	assert_int_equal(sampler_init(&s, w, 1, NULL), 0);
	atomic_store(&w->live_start_ns, T0);
	set_counters(w, 5000, 5000 * 4096, 0, 0);
	sampler_tick(&s, T0 + SEC);
	assert_int_equal(s.slots[0].rates.iops[DDIR_READ].samples, 1);
	/* ramp ends at T0 + 1.5 s */
	set_counters(w, 0, 0, 0, 0);
	atomic_store(&w->live_start_ns, T0 + 3 * SEC / 2);
	set_counters(w, 700, 700 * 4096, 0, 0);
	assert_int_equal(sampler_tick(&s, T0 + 2 * SEC), T0 + 5 * SEC / 2);
	sampler_tick(&s, T0 + 5 * SEC / 2);
	sampler_release(&s);
	assert_int_equal(w->stats.rates.iops[DDIR_READ].samples, 1);
	assert_int_equal(rate_stat_max(&w->stats.rates.iops[DDIR_READ]), 700);
	free(w);
}

static void test_status_format(void **state)
{
	struct status_snapshot snap = {
		.running = 2, .total = 3, .bw = { 104857600.0, 0.0 },
		.iops = { 25600.0, 12.0 }, .pct_done = 45.0,
		.eta_known = true, .eta_ns = 4 * SEC + 1,
	};
	char line[256];
	struct diag d = { "" };
	enum eta_mode m;

	(void)state;
	status_format(&snap, line, sizeof(line));
	assert_string_equal(line, "Jobs: 2 (of 3): [45.0% done] [r=100MiB/s,w=0KiB/s] "
			    "[r=25.6k,w=12 IOPS] [eta 00m:05s]");
	snap.eta_known = false;
	snap.eta_ns = 0;
	snap.bw[1] = 5.5 * 1024 * 1024 * 1024;
	status_format(&snap, line, sizeof(line));
	assert_string_equal(line, "Jobs: 2 (of 3): [45.0% done] [r=100MiB/s,w=5.50GiB/s] "
			    "[r=25.6k,w=12 IOPS] [eta --m:--s]");
	assert_int_equal(status_parse_eta("always", &m, &d), 0);
	assert_int_equal(m, ETA_ALWAYS);
	assert_true(status_enabled(ETA_ALWAYS, NULL));
	assert_int_equal(status_parse_eta("never", &m, &d), 0);
	assert_false(status_enabled(ETA_NEVER, stderr));
	assert_int_equal(status_parse_eta("sometimes", &m, &d), -EINVAL);
	assert_string_equal(d.msg, "invalid --eta value 'sometimes' (expected auto, always or never)");
}

/* Percent done and ETA: a time-based worker 2 s into 10 s, one that has
 * moved a quarter of its bytes in 1 s, and one not yet started. */
static void test_snapshot_progress(void **state)
{
	struct worker *w = calloc(3, sizeof(*w));
	struct job jt = { .runtime_ns = 10 * SEC }, jb = { 0 };
	struct status_snapshot snap;
	struct sampler s;

	(void)state;
	assert_non_null(w);
	w[0].job = &jt;
	w[0].deadline_ns = T0 + 10 * SEC;
	atomic_store(&w[0].live_start_ns, T0);
	w[1].job = &jb;
	w[1].bytes_budget = 4096 * 1000;
	atomic_store(&w[1].live_start_ns, T0 + SEC);
	w[2].job = &jb;
	assert_int_equal(sampler_init(&s, w, 3, NULL), 0);
	s.status_last_ns = T0 + SEC;
	set_counters(&w[1], 250, 250 * 4096, 0, 0);
	sampler_snapshot(&s, T0 + 2 * SEC, &snap);
	assert_int_equal(snap.running, 2);
	assert_int_equal(snap.total, 3);
	assert_close(snap.pct_done, 100.0 * (0.2 + 0.25 + 0) / 3);
	assert_true(snap.eta_known);
	assert_int_equal(snap.eta_ns, 8 * SEC);	/* the longer of 8 s and 3 s */
	assert_close(snap.iops[DDIR_READ], 250.0);
	assert_close(snap.bw[DDIR_READ], 250.0 * 4096);
	sampler_release(&s);
	free(w);
}

/* The real thread, at 50 ms intervals, with the status line on. */
static void test_thread(void **state)
{
	struct worker *w = calloc(1, sizeof(*w));
	struct sampler_opts o = { .interval_ns = 50000000ull };
	struct timespec ts = { 0, 10000000 };
	char *buf = NULL;
	size_t len = 0;
	struct sampler s;
	uint64_t n = 0;

	(void)state;
	assert_non_null(w);
	o.status = open_memstream(&buf, &len);
	assert_non_null(o.status);
	assert_int_equal(sampler_start(&s, w, 1, &o), 0);
	atomic_store_explicit(&w->live_start_ns, clock_now_ns(), memory_order_release);
	for (unsigned i = 0; i < 30; i++) {	/* ~300 ms */
		n += 100;
		set_counters(w, n, n * 4096, 0, 0);
		nanosleep(&ts, NULL);
	}
	atomic_store(&w->live_done, true);
	sampler_stop(&s);
	fclose(o.status);
	print_message("# %llu samples, mean %.0f IOPS\n",
		      (unsigned long long)w->stats.rates.iops[DDIR_READ].samples,
		      rate_stat_mean(&w->stats.rates.iops[DDIR_READ]));
	assert_true(w->stats.rates.iops[DDIR_READ].samples >= 3);
	assert_true(w->stats.rates.iops[DDIR_READ].samples <= 7);
	assert_non_null(strstr(buf, "\rJobs: 1 (of 1): ["));
	assert_int_equal(buf[len - 1], '\r');	/* cleared at the end */
	free(buf);
	free(w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_stat_add),
		cmocka_unit_test(test_rate_stat_merge),
		cmocka_unit_test(test_samples_per_second),
		cmocka_unit_test(test_directions_separate),
		cmocka_unit_test(test_ramp_restarts),
		cmocka_unit_test(test_status_format),
		cmocka_unit_test(test_snapshot_progress),
		cmocka_unit_test(test_thread),
	};

	clock_init(false);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
