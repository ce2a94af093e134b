/* SPDX-License-Identifier: MIT */
/*
 * rate_stat.c - summaries of per-second rate samples (see rate_stat.h).
 */
#include "measure/rate_stat.h"

#include <math.h>

void rate_stat_add(struct rate_stat *r, uint64_t v)
{
	double delta = (double)v - r->mean;

	if (!r->samples || v < r->min)
		r->min = v;
	if (!r->samples || v > r->max)
		r->max = v;
	r->mean += delta / (double)(r->samples + 1);
	r->S += delta * ((double)v - r->mean);
	r->samples++;
}

void rate_stat_merge(struct rate_stat *dst, const struct rate_stat *src)
{
	if (!src->samples)
		return;
	if (!dst->samples) {
		*dst = *src;
		return;
	}
	dst->min += src->min;
	dst->max += src->max;
	dst->samples += src->samples;
	dst->mean += src->mean;
	dst->S += src->S;
}

void rate_samples_merge(struct rate_samples *dst, const struct rate_samples *src)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		rate_stat_merge(&dst->bw[d], &src->bw[d]);
		rate_stat_merge(&dst->iops[d], &src->iops[d]);
	}
}

uint64_t rate_stat_min(const struct rate_stat *r)
{
	return r->samples ? r->min : 0;
}

uint64_t rate_stat_max(const struct rate_stat *r)
{
	return r->samples ? r->max : 0;
}

double rate_stat_mean(const struct rate_stat *r)
{
	return r->samples ? r->mean : 0.0;
}

double rate_stat_stddev(const struct rate_stat *r)
{
	if (r->samples < 2 || r->S <= 0)
		return 0.0;
	return sqrt(r->S / (double)(r->samples - 1));
}
