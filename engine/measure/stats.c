/* SPDX-License-Identifier: MIT */
#include "measure/stats.h"

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

/*
 * The sum of squared deviations is sumsq - sum^2 / n.  Computing it in
 * floating point loses everything when the mean is large and the spread
 * small (1 s +- 1 ns: sumsq ~ 1e24, far past a long double's 64-bit
 * mantissa), so take the integer part of sum^2 / n and subtract it exactly
 * in 128 bits; only the remainder fraction is left to floating point.
 * sumsq >= sum^2 / n always (Cauchy-Schwarz), so nothing underflows.
 */
double lat_stat_stddev(const struct lat_stat *s)
{
	unsigned __int128 sq, q;
	long double dev2;

	if (s->n < 2)
		return 0.0;
	sq = (unsigned __int128)s->sum * s->sum;
	q = sq / s->n;
	if (s->sumsq <= q)
		return 0.0;
	dev2 = (long double)(s->sumsq - q) -
	       (long double)(uint64_t)(sq % s->n) / (long double)s->n;
	return dev2 > 0 ? sqrt((double)(dev2 / (long double)(s->n - 1))) : 0.0;
}

uint64_t lat_stat_min(const struct lat_stat *s)
{
	return s->n ? s->min : 0;
}

/* open_stat_merge - fold src into dst: sums add, max_ns takes the max. */
static void open_stat_merge(struct open_stat *dst, const struct open_stat *src)
{
	dst->files += src->files;
	dst->total_ns += src->total_ns;
	dst->bytes += src->bytes;
	if (src->max_ns > dst->max_ns)
		dst->max_ns = src->max_ns;
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
	ss_result_put(st->ss);
	st->ss = NULL;
}

void job_stats_reset(struct job_stats *st)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		struct dir_stats *ds = &st->dir[d];

		ds->ios = ds->bytes = ds->short_ios = ds->err_ios = 0;
		for (unsigned k = 0; k < LAT_NR; k++) {
			lat_stat_init(&ds->lat[k]);
			hist_clear(ds->hist[k]);
		}
	}
	st->sync_ios = 0;
	memset(&st->rates, 0, sizeof(st->rates));
	memset(&st->cycles, 0, sizeof(st->cycles));
}

/* dir_stats_merge - fold b into a: counts add, latencies merge. */
static void dir_stats_merge(struct dir_stats *a, const struct dir_stats *b)
{
	a->ios += b->ios;
	a->bytes += b->bytes;
	a->short_ios += b->short_ios;
	a->err_ios += b->err_ios;
	for (unsigned k = 0; k < LAT_NR; k++) {
		lat_stat_merge(&a->lat[k], &b->lat[k]);
		hist_merge(a->hist[k], b->hist[k]);
	}
}

void job_stats_mix(struct job_stats *out, const struct job_stats *st)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		dir_stats_merge(&out->dir[0], &st->dir[d]);
		rate_stat_merge(&out->rates.bw[0], &st->rates.bw[d]);
		rate_stat_merge(&out->rates.iops[0], &st->rates.iops[d]);
	}
	out->runtime_ns = st->runtime_ns;
	if (st->ss) {
		ss_result_put(out->ss);
		out->ss = ss_result_get(st->ss);
	}
}

void job_stats_drop_timing(struct job_stats *st)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		for (unsigned k = 0; k < LAT_NR; k++) {
			lat_stat_init(&st->dir[d].lat[k]);
			hist_clear(st->dir[d].hist[k]);
		}
	}
	memset(&st->rates, 0, sizeof(st->rates));
}

void job_stats_merge(struct job_stats *dst, const struct job_stats *src)
{
	for (unsigned d = 0; d < DDIR_NR; d++)
		dir_stats_merge(&dst->dir[d], &src->dir[d]);
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
	dst->total_err += src->total_err;
	dst->err_read += src->err_read;
	dst->err_write += src->err_write;
	dst->err_verify += src->err_verify;
	if (src->latency_depth > dst->latency_depth)
		dst->latency_depth = src->latency_depth;
	if (!dst->first_error)
		dst->first_error = src->first_error;
	if (!dst->features.uring_setup_flags && !dst->features.fixed_files &&
	    !dst->features.fixed_bufs && !dst->features.registered_ring &&
	    !dst->features.aio_ring_reap)
		dst->features = src->features;
	dst->nr_merged += src->nr_merged;
	rate_samples_merge(&dst->rates, &src->rates);
	cycles_stat_merge(&dst->cycles, &src->cycles);
	open_stat_merge(&dst->opens, &src->opens);
	if (src->first_write_ns > dst->first_write_ns)
		dst->first_write_ns = src->first_write_ns;
	if (src->ss) {		/* the last job's, as fio's group report */
		ss_result_put(dst->ss);
		dst->ss = ss_result_get(src->ss);
	}
}

void stats_finish(struct job_stats *st)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		struct dir_stats *ds = &st->dir[d];

		if (!ds->lat[LAT_CLAT].n || ds->lat[LAT_SLAT].n || ds->lat[LAT_LAT].n)
			continue;
		ds->lat[LAT_LAT] = ds->lat[LAT_CLAT];
		memcpy(ds->hist[LAT_LAT], ds->hist[LAT_CLAT], sizeof(struct hist));
	}
}
