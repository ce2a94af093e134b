/* SPDX-License-Identifier: MIT */
/*
 * rate_stat.h - per-second bandwidth and IOPS samples, summarised the way
 * fio summarises its bw_stat and iops_stat.
 *
 * A sample is one interval's rate for one direction: KiB/s for bandwidth
 * (bytes * 1000 / ms / 1024, truncated, as fio) and I/Os per second for
 * IOPS.  An interval in which a direction moved nothing adds no sample
 * for it (fio: "no entries for interval").  The summary keeps fio's
 * running mean and sum of squared deviations (Welford), so min, max,
 * mean, the sample standard deviation (n - 1 divisor) and the count come
 * out as fio's bw_min/bw_max/bw_mean/bw_dev/bw_samples and
 * iops_min/iops_max/iops_mean/iops_stddev/iops_samples.
 *
 * Merging follows fio's group_reporting for these two stats (sum_stat()
 * with pure_sum): into an empty summary it copies, otherwise min, max,
 * mean, the squared-deviation sum and the sample count all add, so a
 * group's bw_mean is the sum of its jobs' mean bandwidths.
 */
#ifndef IOSTRESS_RATE_STAT_H
#define IOSTRESS_RATE_STAT_H

#include <stdint.h>

#include "lib/io.h"

struct rate_stat {
	uint64_t samples;
	uint64_t min;		/* valid when samples > 0 */
	uint64_t max;
	double mean;
	double S;		/* sum of squared deviations from the mean */
};

/* Per-direction samples of one job, stored in struct job_stats. */
struct rate_samples {
	struct rate_stat bw[DDIR_NR];	/* KiB/s */
	struct rate_stat iops[DDIR_NR];	/* I/Os per second */
};

/* rate_stat_add - record one sample. */
void rate_stat_add(struct rate_stat *r, uint64_t v);

/* rate_stat_merge - fold src into dst, fio's group_reporting way (above). */
void rate_stat_merge(struct rate_stat *dst, const struct rate_stat *src);

/* rate_samples_merge - rate_stat_merge for every stat of src. */
void rate_samples_merge(struct rate_samples *dst, const struct rate_samples *src);

/* rate_stat_min - min, or 0 without samples. */
uint64_t rate_stat_min(const struct rate_stat *r);

/* rate_stat_max - max, or 0 without samples. */
uint64_t rate_stat_max(const struct rate_stat *r);

/* rate_stat_mean - mean, or 0 without samples. */
double rate_stat_mean(const struct rate_stat *r);

/* rate_stat_stddev - sqrt(S / (n - 1)), or 0 with fewer than 2 samples. */
double rate_stat_stddev(const struct rate_stat *r);

#endif
