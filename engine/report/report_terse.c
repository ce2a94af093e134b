/* SPDX-License-Identifier: MIT */
/*
 * report_terse.c - fio's terse output, version 3 (report.h): one line of
 * ';'-separated fields per job, in the order of fio's
 * show_thread_status_terse_all(), so that scripts that cut fields from
 * fio's terse lines read iostress's too.
 */
#include "report/report.h"
#include "report/report_measure.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "lib/units.h"

#define TERSE_VERSION		3
#define TERSE_NR_PERCENTILES	PERCENTILE_LIST_MAX	/* fio's
							 * FIO_IO_U_LIST_MAX_LEN */

/* ------------------------------------------------------------------------
 * Fields
 */

/* put_lat - min, max, mean, stddev in usec; zeros without samples. */
static void put_lat(FILE *out, const struct lat_stat *ls)
{
	if (!ls->n) {
		fprintf(out, ";0;0;%f;%f", 0.0, 0.0);
		return;
	}
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f;%f", lat_stat_min(ls) / NS_PER_USEC,
		ls->max / NS_PER_USEC, lat_stat_mean(ls) / (double)NS_PER_USEC,
		lat_stat_stddev(ls) / (double)NS_PER_USEC);
}

/* put_percentiles - fio prints lat's percentiles when lat_percentiles is
 * on, else clat's when clat_percentiles is on, always 20 fields. */
static void put_percentiles(FILE *out, const struct report_entry *e,
			    const struct dir_stats *d)
{
	enum lat_kind kind = LAT_CLAT;
	uint64_t vals[TERSE_NR_PERCENTILES > REPORT_NR_DEFAULT_PERCENTILES ?
		      TERSE_NR_PERCENTILES : REPORT_NR_DEFAULT_PERCENTILES];
	struct report_pcts p;
	unsigned n = 0;

	report_job_pcts(e->job, &p);
	if (report_pcts_enabled(e->job, LAT_LAT))
		kind = LAT_LAT;
	if (report_pcts_enabled(e->job, kind) && d->lat[kind].n) {
		n = p.nr < TERSE_NR_PERCENTILES ? p.nr : TERSE_NR_PERCENTILES;
		report_lat_percentiles(d, kind, &p, vals);
	}
	for (unsigned i = 0; i < TERSE_NR_PERCENTILES; i++) {
		if (i < n)
			fprintf(out, ";%f%%=%" PRIu64, p.list[i], vals[i] / NS_PER_USEC);
		else
			fputs(";0%=0", out);
	}
}

/* put_bw_samples - bw min, max, agg%, mean, stddev (KiB/s) from the
 * per-second samples. */
static void put_bw_samples(FILE *out, const struct run_result *res,
			   const struct report_entry *e, unsigned ddir)
{
	const struct rate_stat *bw = &e->st->rates.bw[ddir];

	if (!bw->samples) {
		fprintf(out, ";0;0;%f%%;%f;%f", 0.0, 0.0, 0.0);
		return;
	}
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f%%;%f;%f", rate_stat_min(bw),
		rate_stat_max(bw),
		report_bw_agg_pct(res, e->groupid, bw, ddir),
		rate_stat_mean(bw), rate_stat_stddev(bw));
}

static void put_dir(FILE *out, const struct run_result *res,
		    const struct report_entry *e, unsigned ddir)
{
	const struct dir_stats *d = &e->st->dir[ddir];
	uint64_t runtime_ms = report_ns_to_ms(report_dir_runtime_ns(e->st, ddir));
	uint64_t bw = 0, iops = 0;

	if (runtime_ms) {
		bw = d->bytes * MSEC_PER_SEC / runtime_ms / 1024;
		iops = d->ios * MSEC_PER_SEC / runtime_ms;
	}
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64,
		d->bytes >> 10, bw, iops, runtime_ms);
	put_lat(out, &d->lat[LAT_SLAT]);
	put_lat(out, &d->lat[LAT_CLAT]);
	put_percentiles(out, e, d);
	put_lat(out, &d->lat[LAT_LAT]);
	put_bw_samples(out, res, e, ddir);
}

/* put_lat_dist - 10 usec shares (the nsec buckets folded into the first,
 * as fio does for terse) and 12 msec shares, %3.2f%%. */
static void put_lat_dist(FILE *out, const struct job_stats *st)
{
	struct report_lat_dist ld;
	uint64_t nsec = 0;

	report_lat_dist(st, &ld);
	for (unsigned i = 0; i < REPORT_NR_LAT_MARKS; i++)
		nsec += ld.nsec[i];
	for (unsigned i = 0; i < REPORT_NR_LAT_MARKS; i++) {
		uint64_t c = ld.usec[i] + (i ? 0 : nsec);
		double pct = ld.total ? 100.0 * (double)c / (double)ld.total : 0.0;

		if (c && pct < 0.01)
			pct = 0.01;
		fprintf(out, ";%3.2f%%", pct);
	}
	for (unsigned i = 0; i < REPORT_NR_LAT_MARKS + 2; i++) {
		double pct = ld.total ? 100.0 * (double)ld.msec[i] / (double)ld.total : 0.0;

		if (ld.msec[i] && pct < 0.01)
			pct = 0.01;
		fprintf(out, ";%3.2f%%", pct);
	}
}

/* put_disks - fio's terse disk_util: name, ios, merges, ticks, in_queue,
 * util; "slaves" and the members' averages for md/dm. */
static void put_disks(FILE *out, const struct disk_set *set)
{
	for (unsigned i = 0; set && i < set->nr; i++) {
		struct disk_util u;

		diskset_util(set, i, &u);
		fprintf(out, ";%s;%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64
			";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%3.2f%%", u.name,
			u.ios[0], u.ios[1], u.merges[0], u.merges[1], u.ticks[0],
			u.ticks[1], u.in_queue, u.util);
		if (u.has_aggr)
			fprintf(out, ";slaves;%" PRIu64 ";%" PRIu64 ";%" PRIu64
				";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64
				";%3.2f%%", u.aggr_ios[0], u.aggr_ios[1],
				u.aggr_merges[0], u.aggr_merges[1],
				u.aggr_ticks[0], u.aggr_ticks[1],
				u.aggr_in_queue, u.aggr_util);
	}
}

/* ------------------------------------------------------------------------
 * Lines
 */

static void put_entry(FILE *out, const struct run_result *res,
		      const struct report_entry *e)
{
	const struct job_stats *st = e->st;
	int err = report_error(e);

	fprintf(out, "%d;iostress-%s;%s;%u;%d", TERSE_VERSION, PACKAGE_VERSION,
		e->name, e->groupid, err);
	put_dir(out, res, e, DDIR_READ);
	put_dir(out, res, e, DDIR_WRITE);
	fprintf(out, ";%f%%;%f%%;%" PRIu64 ";%" PRIu64 ";%" PRIu64,
		report_cpu_pct(e, st->cpu.usr_ns), report_cpu_pct(e, st->cpu.sys_ns),
		st->cpu.ctx, st->cpu.majf, st->cpu.minf);
	/* IO depths 1, 2, 4, 8, 16, 32, >=64: not tracked */
	for (unsigned i = 0; i < 7; i++)
		fprintf(out, ";%3.1f%%", 0.0);
	put_lat_dist(out, st);
	put_disks(out, res->disks);
	if (report_counts_errors(e))	/* fio: only under continue_on_error */
		fprintf(out, ";%" PRIu64 ";%d", st->total_err, (int)st->first_error);
	fputc('\n', out);
}

int report_terse(FILE *out, const struct run_result *res)
{
	struct report_entry e;
	unsigned pos = 0;

	while (report_next_entry(res, &pos, &e))
		put_entry(out, res, &e);
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}
