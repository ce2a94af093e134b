/* SPDX-License-Identifier: MIT */
/*
 * noise.h - telling a difference between two sets of runs from run-to-run
 * noise.
 *
 * The runs of one placement give one value each (IOPS, a percentile,
 * cycles per I/O).  Two placements differ beyond the noise when the
 * Mann-Whitney U test (Wilcoxon rank-sum) rejects "both sets come from the
 * same distribution" at the two-sided level NOISE_ALPHA.  The test assumes
 * nothing about the shape of the distribution, which run-to-run figures of
 * a disk do not follow, only that the runs are independent.
 *
 * The p-value is exact (the distribution of U counted over every
 * arrangement of the ranks) while both sets hold at most NOISE_EXACT_MAX
 * runs; beyond that, the normal approximation with the tie correction and a
 * continuity correction.  Ties get their mean rank; the exact p-value is
 * then taken at the next whole U, which errs toward "within noise".
 *
 * Small sets cannot reach the level: with n and m runs the smallest
 * two-sided p-value is 2 / C(n + m, n), so 3 runs against 3 (0.1) can
 * never show a difference, 4 against 4 (0.029) can.  noise_judge() says
 * NOISE_CANNOT_TELL then rather than "within noise".
 */
#ifndef IOSTRESS_NOISE_H
#define IOSTRESS_NOISE_H

#define NOISE_ALPHA		0.05
#define NOISE_EXACT_MAX		50u

enum noise_verdict {
	NOISE_CANNOT_TELL,	/* too few runs for the test to ever reject */
	NOISE_WITHIN,		/* not told apart from the noise */
	NOISE_BEYOND,		/* a difference beyond the noise */
};

/*
 * noise_mwu_p - the two-sided p-value of the Mann-Whitney U test of a[0..na)
 * against b[0..nb), in (0, 1] (1.0 when either set is empty), into *p.
 * The exact distribution takes a table of (nb + 1) * (na * nb + 1)
 * doubles.  Returns 0 or -ENOMEM.
 */
int noise_mwu_p(const double *a, unsigned na, const double *b, unsigned nb,
		double *p);

/* noise_min_p - the smallest two-sided p-value the test can give for sets
 * of na and nb runs: 2 / C(na + nb, na), at most 1. */
double noise_min_p(unsigned na, unsigned nb);

/* noise_judge - the verdict at NOISE_ALPHA; p (optional) gets the
 * p-value (1.0 when the test cannot be made, or memory lacks). */
enum noise_verdict noise_judge(const double *a, unsigned na, const double *b,
			       unsigned nb, double *p);

/* noise_median - the median of v[0..n) (the mean of the middle two for an
 * even n); v is reordered.  0.0 for n == 0. */
double noise_median(double *v, unsigned n);

/* noise_spread - the largest distance of v[0..n) from med, as a fraction
 * of med: the "±" of a set of runs.  0.0 when med is 0 or n < 2. */
double noise_spread(const double *v, unsigned n, double med);

#endif
