/* SPDX-License-Identifier: MIT */
/*
 * test_noise.c - the Mann-Whitney U test against p-values counted by hand
 * (every split of the pooled ranks enumerated, as R's wilcox.test gives
 * them), the normal approximation against the exact count for large sets,
 * the verdicts, median and spread.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "report/noise.h"

static double p_of(const double *a, unsigned na, const double *b, unsigned nb)
{
	double p = -1.0;

	assert_int_equal(noise_mwu_p(a, na, b, nb, &p), 0);
	return p;
}

/* Complete separation: U = 0, p = 2 / C(n + m, n). */
static void test_separated(void **state)
{
	static const double a5[] = { 1, 2, 3, 4, 5 }, b5[] = { 6, 7, 8, 9, 10 };
	static const double a4[] = { 4, 3, 2, 1 }, b4[] = { 8, 7, 6, 5 };

	(void)state;
	assert_float_equal(p_of(a5, 5, b5, 5), 2.0 / 252.0, 1e-12);
	assert_float_equal(p_of(b5, 5, a5, 5), 2.0 / 252.0, 1e-12);
	assert_float_equal(p_of(a4, 4, b4, 4), 2.0 / 70.0, 1e-12);
	assert_float_equal(noise_min_p(5, 5), 2.0 / 252.0, 1e-12);
	assert_float_equal(noise_min_p(3, 3), 0.1, 1e-12);
	assert_float_equal(noise_min_p(1, 1), 1.0, 1e-12);
}

/* Interleaved and partly overlapping sets, counted by enumeration. */
static void test_overlap(void **state)
{
	static const double odd[] = { 1, 3, 5, 7, 9 }, even[] = { 2, 4, 6, 8, 10 };
	static const double a[] = { 10, 11, 12, 13, 20 };
	static const double b[] = { 1, 2, 3, 14, 15, 16 };

	(void)state;
	assert_float_equal(p_of(odd, 5, even, 5), 0.6904761904761905, 1e-12);
	assert_float_equal(p_of(a, 5, b, 6), 0.6623376623376623, 1e-12);
}

/* Ties take their mean rank; the exact p is read at the next whole U. */
static void test_ties(void **state)
{
	static const double a[] = { 1, 2, 2, 3 }, b[] = { 2, 3, 4, 5 };
	static const double same[] = { 5, 5, 5, 5 };

	(void)state;
	assert_float_equal(p_of(a, 4, b, 4), 0.2, 1e-12);
	assert_float_equal(p_of(same, 4, same, 4), 1.0, 1e-12);
}

/* 60 against 60 is past the exact limit: the normal approximation lands
 * near the exact 0.000359 (counted separately) at its 0.000424. */
static void test_normal(void **state)
{
	double a[60], b[60];

	(void)state;
	for (unsigned i = 0; i < 60; i++) {
		a[i] = i;
		b[i] = i + 12.5;
	}
	assert_true(p_of(a, 60, b, 60) > 0.00035);
	assert_true(p_of(a, 60, b, 60) < 0.0005);
	assert_float_equal(p_of(a, 60, a, 60), 1.0, 1e-9);
}

static void test_verdicts(void **state)
{
	static const double base[] = { 100, 103, 98, 101, 99 };
	static const double same[] = { 102, 97, 100, 104, 99.5 };
	static const double half[] = { 50, 52, 49, 51, 50.5 };
	double p;

	(void)state;
	assert_int_equal(noise_judge(base, 5, same, 5, &p), NOISE_WITHIN);
	assert_true(p > NOISE_ALPHA);
	assert_int_equal(noise_judge(base, 5, half, 5, &p), NOISE_BEYOND);
	assert_true(p < NOISE_ALPHA);
	/* three a side can never reach the level, however far apart */
	assert_int_equal(noise_judge(base, 3, half, 3, &p), NOISE_CANNOT_TELL);
	assert_int_equal(noise_judge(base, 1, half, 1, NULL), NOISE_CANNOT_TELL);
	assert_int_equal(noise_judge(base, 0, half, 5, &p), NOISE_CANNOT_TELL);
	assert_float_equal(p, 1.0, 0.0);
}

static void test_median_spread(void **state)
{
	double odd[] = { 5, 1, 3 }, even[] = { 4, 1, 3, 2 }, one[] = { 7 };

	(void)state;
	assert_float_equal(noise_median(odd, 3), 3.0, 0.0);
	assert_float_equal(noise_median(even, 4), 2.5, 0.0);
	assert_float_equal(noise_median(one, 1), 7.0, 0.0);
	assert_float_equal(noise_median(NULL, 0), 0.0, 0.0);
	assert_float_equal(noise_spread(odd, 3, 3.0), 2.0 / 3.0, 1e-12);
	assert_float_equal(noise_spread(one, 1, 7.0), 0.0, 0.0);
	assert_float_equal(noise_spread(odd, 3, 0.0), 0.0, 0.0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_separated),
		cmocka_unit_test(test_overlap),
		cmocka_unit_test(test_ties),
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_verdicts),
		cmocka_unit_test(test_median_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
