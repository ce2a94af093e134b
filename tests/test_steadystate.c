/* SPDX-License-Identifier: MIT */
/*
 * test_steadystate.c - the steady-state window and fio's criteria, on
 * windows worked out by hand: the largest deviation from the mean (as a
 * percentage and absolute), the least-squares slope (as a percentage of
 * fio's integer mean, and absolute, negative), the window sliding, what a
 * result holds (oldest first, zero-padded) and the texts of the report.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "measure/steadystate.h"

#define EPS 1e-9

static void window(struct ss_window *w, unsigned flags, double limit, unsigned dur)
{
	const struct ss_spec spec = { flags, limit, dur };

	assert_int_equal(ss_window_init(w, &spec), 0);
}

/* feed - a new window of (flags, limit, dur) given n seconds of IOPS and
 * bandwidth; returns what the last ss_window_add() said. */
static bool feed(struct ss_window *w, unsigned flags, double limit, unsigned dur,
		 const uint64_t *iops, const uint64_t *bw, unsigned n)
{
	bool attained = false;

	window(w, flags, limit, dur);
	for (unsigned i = 0; i < n; i++)
		attained = ss_window_add(w, iops[i], bw[i]);
	return attained;
}

static const uint64_t zeros[4];

/* iops:10% over [100, 110, 90]: mean 100, largest deviation 10 = 10%,
 * which is not below 10 (fio's test is strict) but is below 10.5.
 * Before the window is full there is no check. */
static void test_deviation_pct(void **state)
{
	static const uint64_t iops[] = { 100, 110, 90 };
	struct ss_window w;

	(void)state;
	assert_false(feed(&w, SS_IOPS | SS_PCT, 10.0, 3, iops, zeros, 2));
	assert_true(w.criterion == 0.0);
	assert_false(ss_window_add(&w, 90, 0));
	assert_true(fabs(w.deviation - 10.0) < EPS);
	assert_true(fabs(w.criterion - 10.0) < EPS);
	assert_true(w.slope == 0.0);
	ss_window_release(&w);
	assert_true(feed(&w, SS_IOPS | SS_PCT, 10.5, 3, iops, zeros, 3));
	ss_window_release(&w);
}

/* bw:4 over [1000, 1000, 1006] bytes/s: mean 1002, largest deviation 4
 * (absolute, so the criterion is 4 itself): not below 4, below 4.01.
 * The bandwidth is what counts, not the IOPS. */
static void test_deviation_absolute_bw(void **state)
{
	static const uint64_t iops[] = { 1, 500, 9 }, bw[] = { 1000, 1000, 1006 };
	struct ss_window w;

	(void)state;
	assert_false(feed(&w, SS_BW, 4.0, 3, iops, bw, 3));
	assert_true(fabs(w.criterion - 4.0) < EPS);
	ss_window_release(&w);
	assert_true(feed(&w, SS_BW, 4.01, 3, iops, bw, 3));
	ss_window_release(&w);
}

/* iops_slope:9% over [100, 110, 120]: sum_x 3, sum_x2 5, sum_y 330,
 * sum_xy 350, slope (350 - 3*330/3) / (5 - 9/3) = 10, criterion
 * 100 * 10 / 110 = 9.0909...%: not attained.  Then 130 slides in:
 * [110, 120, 130], slope 10, 100 * 10 / 120 = 8.333...%: attained. */
static void test_slope_pct_sliding(void **state)
{
	static const uint64_t iops[] = { 100, 110, 120 };
	struct ss_window w;

	(void)state;
	assert_false(feed(&w, SS_IOPS | SS_SLOPE | SS_PCT, 9.0, 3, iops, zeros, 3));
	assert_true(fabs(w.slope - 10.0) < EPS);
	assert_true(fabs(w.criterion - 1000.0 / 110.0) < EPS);
	assert_true(w.deviation == 0.0);
	assert_true(ss_window_add(&w, 130, 0));
	assert_true(fabs(w.criterion - 1000.0 / 120.0) < EPS);
	ss_window_release(&w);
}

/* fio divides the slope by sum_y / dur in integers: [1, 2, 2] has sum_y 5,
 * 5 / 3 = 1; sum_xy 0 + 2 + 4 = 6, slope (6 - 3*5/3) / 2 = 0.5, so the
 * criterion is 50%, not 100 * 0.5 / (5/3) = 30%. */
static void test_slope_integer_mean(void **state)
{
	static const uint64_t iops[] = { 1, 2, 2 };
	struct ss_window w;

	(void)state;
	assert_false(feed(&w, SS_IOPS | SS_SLOPE | SS_PCT, 1.0, 3, iops, zeros, 3));
	assert_true(fabs(w.slope - 0.5) < EPS);
	assert_true(fabs(w.criterion - 50.0) < EPS);
	ss_window_release(&w);
}

/* bw_slope:10.5 over [30, 20, 10]: sum_xy 40, sum_y 60, slope
 * (40 - 60) / 2 = -10; |-10| < 10.5 attains, the criterion stays -10. */
static void test_slope_negative_absolute(void **state)
{
	static const uint64_t bw[] = { 30, 20, 10 };
	struct ss_window w;

	(void)state;
	assert_true(feed(&w, SS_BW | SS_SLOPE, 10.5, 3, zeros, bw, 3));
	assert_true(fabs(w.slope + 10.0) < EPS);
	assert_true(fabs(w.criterion + 10.0) < EPS);
	ss_window_release(&w);
}

/* A window of one sample has no slope (0 / 0): fio never attains it. */
static void test_slope_of_one_sample(void **state)
{
	struct ss_window w;

	(void)state;
	window(&w, SS_IOPS | SS_SLOPE | SS_PCT, 1.0, 1);
	assert_false(ss_window_add(&w, 5, 5));
	assert_true(isnan(w.slope));
	ss_window_release(&w);
}

/* The result holds the window oldest first; once attained the window
 * keeps what it held. */
static void test_result_after_attained(void **state)
{
	struct ss_window w;
	struct ss_result *r;

	(void)state;
	window(&w, SS_IOPS | SS_PCT, 1.0, 2);
	ss_window_add(&w, 100, 10);
	assert_false(ss_window_add(&w, 200, 20));	/* mean 150, dev 33% */
	assert_true(ss_window_add(&w, 200, 30));	/* [200, 200]: 0% */
	assert_true(ss_window_add(&w, 7, 7));		/* ignored */
	r = ss_window_result(&w);
	assert_non_null(r);
	assert_true(r->attained);
	assert_int_equal(r->iops[0], 200);
	assert_int_equal(r->iops[1], 200);
	assert_int_equal(r->bw[0], 20);
	assert_int_equal(r->bw[1], 30);
	assert_true(r->criterion == 0.0);
	assert_int_equal(ss_mean(r->bw, r->spec.dur), 25);
	ss_result_put(r);
	ss_window_release(&w);
}

/* Not attained after sliding: the last dur samples, oldest first. */
static void test_result_not_attained(void **state)
{
	struct ss_window w;
	struct ss_result *r;

	(void)state;
	window(&w, SS_IOPS | SS_PCT, 0.0001, 3);
	for (uint64_t v = 1; v <= 4; v++)
		assert_false(ss_window_add(&w, v, 10 * v));
	r = ss_window_result(&w);
	assert_non_null(r);
	assert_false(r->attained);
	assert_int_equal(r->iops[0], 2);
	assert_int_equal(r->iops[1], 3);
	assert_int_equal(r->iops[2], 4);
	assert_int_equal(r->bw[2], 40);
	/* [2, 3, 4]: mean 3, deviation 1, 33.33% */
	assert_true(fabs(r->criterion - 100.0 / 3.0) < EPS);
	ss_result_put(r);
	ss_window_release(&w);
}

/* Never full: zeros after the samples, fio's integer mean over all dur. */
static void test_result_never_full(void **state)
{
	struct ss_window w;
	struct ss_result *r;

	(void)state;
	window(&w, SS_IOPS | SS_SLOPE | SS_PCT, 1.0, 4);
	ss_window_add(&w, 5, 50);
	ss_window_add(&w, 6, 60);
	r = ss_window_result(&w);
	assert_non_null(r);
	assert_false(r->attained);
	assert_int_equal(r->iops[0], 5);
	assert_int_equal(r->iops[1], 6);
	assert_int_equal(r->iops[2], 0);
	assert_int_equal(r->iops[3], 0);
	assert_int_equal(ss_mean(r->iops, 4), 2);	/* 11 / 4 */
	assert_int_equal(ss_mean(r->bw, 4), 27);	/* 110 / 4 */
	assert_true(r->criterion == 0.0 && r->slope == 0.0 && r->deviation == 0.0);
	ss_result_put(r);
	ss_window_release(&w);
}

/* The JSON "ss" key prints the limit as fio does, through a float. */
static void test_spec_text(void **state)
{
	const struct ss_spec def = { SS_DEFAULT_FLAGS, SS_DEFAULT_LIMIT, 30 };
	const struct ss_spec bw = { SS_BW, 1048576.0, 10 };
	char buf[64];

	(void)state;
	ss_spec_text(&def, buf, sizeof(buf));
	assert_string_equal(buf, "iops_slope:0.010000%");
	ss_spec_text(&bw, buf, sizeof(buf));
	assert_string_equal(buf, "bw:1048576.000000");
	assert_string_equal(ss_metric_name(SS_BW | SS_SLOPE), "bw_slope");
	assert_string_equal(ss_metric_name(SS_IOPS), "iops");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_deviation_pct),
		cmocka_unit_test(test_deviation_absolute_bw),
		cmocka_unit_test(test_slope_pct_sliding),
		cmocka_unit_test(test_slope_integer_mean),
		cmocka_unit_test(test_slope_negative_absolute),
		cmocka_unit_test(test_slope_of_one_sample),
		cmocka_unit_test(test_result_after_attained),
		cmocka_unit_test(test_result_not_attained),
		cmocka_unit_test(test_result_never_full),
		cmocka_unit_test(test_spec_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
