/* SPDX-License-Identifier: MIT */
/*
 * noise.c - the Mann-Whitney U test (noise.h).
 */
#include "report/noise.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

struct ranked {
	double v;
	unsigned from_a;
};

static int by_value(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;

	return (a->v > b->v) - (a->v < b->v);
}

static int by_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

/*
 * u_of_a - U of a (the rank sum of a's runs in the pooled, sorted
 * values, ties at their mean rank, less na(na+1)/2) and the tie term
 * sum(t^3 - t) over groups of t equal values.  Returns 0 or -ENOMEM.
 */
static int u_of_a(const double *a, unsigned na, const double *b, unsigned nb,
		  double *u, double *ties)
{
	unsigned n = na + nb;
	struct ranked *r = malloc(n * sizeof(*r));
	double sum = 0.0;

	if (!r)
		return -ENOMEM;
	for (unsigned i = 0; i < na; i++)
		r[i] = (struct ranked){ a[i], 1 };
	for (unsigned i = 0; i < nb; i++)
		r[na + i] = (struct ranked){ b[i], 0 };
	qsort(r, n, sizeof(*r), by_value);
	*ties = 0.0;
	for (unsigned i = 0; i < n;) {
		unsigned j = i, in_a = 0;
		double t, mid;

		while (j < n && r[j].v == r[i].v)
			in_a += r[j++].from_a;
		t = (double)(j - i);
		mid = ((double)i + 1.0 + (double)j) / 2.0;	/* ranks i+1..j */
		sum += mid * in_a;
		*ties += t * t * t - t;
		i = j;
	}
	free(r);
	*u = sum - (double)na * ((double)na + 1.0) / 2.0;
	return 0;
}

/*
 * exact_cdf - P(U <= k) when every arrangement of na a's and nb b's is as
 * likely: count the arrangements by U.  With i a's and j b's, the largest
 * value is either a b (U unchanged) or an a, which is above all j b's
 * (U grows by j).  Returns 0 or -ENOMEM.
 */
static int exact_cdf(unsigned na, unsigned nb, unsigned k, double *cdf)
{
	size_t width = (size_t)na * nb + 1;
	double *old = calloc((nb + 1) * width, sizeof(double));
	double *cur = calloc((nb + 1) * width, sizeof(double));
	double below = 0.0, total = 0.0;

	if (!old || !cur) {
		free(old);
		free(cur);
		return -ENOMEM;
	}
	for (unsigned j = 0; j <= nb; j++)
		old[j * width] = 1.0;		/* no a's: U = 0, one way */
	for (unsigned i = 1; i <= na; i++) {
		double *t;

		for (size_t u = 0; u < width; u++)
			cur[u] = old[u];	/* no b's: U = 0 */
		for (unsigned j = 1; j <= nb; j++)
			for (size_t u = 0; u < width; u++)
				cur[j * width + u] = cur[(j - 1) * width + u] +
					(u >= j ? old[j * width + u - j] : 0.0);
		t = old;
		old = cur;
		cur = t;
	}
	for (size_t u = 0; u < width; u++) {
		total += old[nb * width + u];
		if (u <= k)
			below += old[nb * width + u];
	}
	free(old);
	free(cur);
	*cdf = below / total;
	return 0;
}

int noise_mwu_p(const double *a, unsigned na, const double *b, unsigned nb,
		double *p)
{
	double u, ties, umin, nab = (double)na * nb;
	int ret;

	*p = 1.0;
	if (!na || !nb)
		return 0;
	ret = u_of_a(a, na, b, nb, &u, &ties);
	if (ret)
		return ret;
	umin = fmin(u, nab - u);
	if (na <= NOISE_EXACT_MAX && nb <= NOISE_EXACT_MAX) {
		double cdf;

		ret = exact_cdf(na, nb, (unsigned)ceil(umin), &cdf);
		if (ret)
			return ret;
		*p = fmin(1.0, 2.0 * cdf);
	} else {
		double n = (double)na + nb;
		double var = nab / 12.0 * ((n + 1.0) - ties / (n * (n - 1.0)));
		double z;

		if (var <= 0.0)
			return 0;
		z = (fabs(u - nab / 2.0) - 0.5) / sqrt(var);
		*p = z > 0.0 ? fmin(1.0, erfc(z / sqrt(2.0))) : 1.0;
	}
	return 0;
}

double noise_min_p(unsigned na, unsigned nb)
{
	double c = 1.0;		/* C(na + nb, na), built up factor by factor */

	for (unsigned i = 1; i <= na; i++)
		c = c * (double)(nb + i) / (double)i;
	return fmin(1.0, 2.0 / c);
}

enum noise_verdict noise_judge(const double *a, unsigned na, const double *b,
			       unsigned nb, double *p)
{
	double pv = 1.0;

	if (noise_mwu_p(a, na, b, nb, &pv))
		pv = 1.0;
	if (p)
		*p = pv;
	if (!na || !nb || noise_min_p(na, nb) > NOISE_ALPHA)
		return NOISE_CANNOT_TELL;
	return pv < NOISE_ALPHA ? NOISE_BEYOND : NOISE_WITHIN;
}

double noise_median(double *v, unsigned n)
{
	if (!n)
		return 0.0;
	qsort(v, n, sizeof(*v), by_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

double noise_spread(const double *v, unsigned n, double med)
{
	double dev = 0.0;

	if (n < 2 || med == 0.0)
		return 0.0;
	for (unsigned i = 0; i < n; i++)
		dev = fmax(dev, fabs(v[i] - med));
	return dev / fabs(med);
}
