/* SPDX-License-Identifier: MIT */
#include "stats.h"

#include <errno.h>
#include <math.h>
#include <string.h>

void lat_stat_init(struct lat_stat *s)
{
	memset(s, 0, sizeof(*s));
	s->min = UINT64_MAX;
}

void lat_stat_merge(struct lat_stat *dst, const struct lat_stat *src)
{
	dst->n += src->n;
	dst->sum += src->sum;
	dst->sumsq += src->sumsq;
	if (src->min < dst->min)
		dst->min = src->min;
	if (src->max > dst->max)
		dst->max = src->max;
}

double lat_stat_mean(const struct lat_stat *s)
{
	return s->n ? (double)s->sum / (double)s->n : 0.0;
}

double lat_stat_stddev(const struct lat_stat *s)
{
	long double n, mean, var;

	if (s->n < 2)
		return 0.0;
	n = (long double)s->n;
	mean = (long double)s->sum / n;
	var = ((long double)s->sumsq - mean * (long double)s->sum) / (n - 1.0L);
	return var > 0 ? sqrt((double)var) : 0.0;
}

uint64_t lat_stat_min(const struct lat_stat *s)
{
	return s->n ? s->min : 0;
}

int job_stats_init(struct job_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned d = 0; d < DDIR_NR; d++) {
		for (unsigned k = 0; k < LAT_NR; k++) {
			lat_stat_init(&st->dir[d].lat[k]);
			st->dir[d].hist[k] = hist_new();
			if (!st->dir[d].hist[k])
				goto err_free_hists;
		}
	}
	st->nr_merged = 1;
	return 0;

err_free_hists:
	job_stats_release(st);
	return -ENOMEM;
}

void job_stats_release(struct job_stats *st)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		for (unsigned k = 0; k < LAT_NR; k++) {
			hist_free(st->dir[d].hist[k]);
			st->dir[d].hist[k] = NULL;
		}
	}
}

void job_stats_reset(struct job_stats *st)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		struct dir_stats *ds = &st->dir[d];

		ds->ios = ds->bytes = ds->short_ios = 0;
		for (unsigned k = 0; k < LAT_NR; k++) {
			lat_stat_init(&ds->lat[k]);
			hist_clear(ds->hist[k]);
		}
	}
	st->sync_ios = 0;
}

void job_stats_merge(struct job_stats *dst, const struct job_stats *src)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		struct dir_stats *a = &dst->dir[d];
		const struct dir_stats *b = &src->dir[d];

		a->ios += b->ios;
		a->bytes += b->bytes;
		a->short_ios += b->short_ios;
		for (unsigned k = 0; k < LAT_NR; k++) {
			lat_stat_merge(&a->lat[k], &b->lat[k]);
			hist_merge(a->hist[k], b->hist[k]);
		}
	}
	if (src->runtime_ns > dst->runtime_ns)
		dst->runtime_ns = src->runtime_ns;
	dst->cpu.usr_ns += src->cpu.usr_ns;
	dst->cpu.sys_ns += src->cpu.sys_ns;
	dst->cpu.ctx += src->cpu.ctx;
	dst->cpu.majf += src->cpu.majf;
	dst->cpu.minf += src->cpu.minf;
	dst->sync_ios += src->sync_ios;
	if (!dst->error)
		dst->error = src->error;
	if (!dst->features.uring_setup_flags && !dst->features.fixed_files &&
	    !dst->features.fixed_bufs)
		dst->features = src->features;
	dst->nr_merged += src->nr_merged;
}

double stats_iops(const struct job_stats *st, unsigned ddir)
{
	if (!st->runtime_ns)
		return 0.0;
	return (double)st->dir[ddir].ios * 1e9 / (double)st->runtime_ns;
}

double stats_bw_bytes(const struct job_stats *st, unsigned ddir)
{
	if (!st->runtime_ns)
		return 0.0;
	return (double)st->dir[ddir].bytes * 1e9 / (double)st->runtime_ns;
}
