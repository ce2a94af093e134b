/* SPDX-License-Identifier: MIT */
/*
 * report_text.c - the human-readable report, laid out like fio's "normal"
 * output: per job (or group, with group_reporting) the directions, their
 * latencies and percentiles, the latency distribution and CPU; then one
 * "Run status group" summary per group.
 */
#include "report/report.h"
#include "report/report_measure.h"
#include "report/report_raid1.h"
#include "report/report_ranks.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/units.h"
#include "targets/target.h"

#define NUM_LEN 32

static const char *const ddir_labels[DDIR_NR] = { "read", "write", "trim" };
static const char *const units_none[] = { "", "k", "M", "G", "T", "P" };
static const char *const units_iec[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };
static const char *const units_si[] = { "B", "kB", "MB", "GB", "TB", "PB" };
#define NR_UNITS 6

/* ------------------------------------------------------------------------
 * Numbers, the way fio's num2str() shows them
 */

static unsigned nr_digits(uint64_t v)
{
	unsigned n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

/*
 * num2str - v with at most maxlen integer digits: unscaled values are
 * printed as integers, truncated as fio does ("512"); larger ones are divided by base until they
 * fit, and the digits left over go to decimals ("1020k", "31.9MiB",
 * "4.50MiB").
 */
static void num2str(char *buf, double v, unsigned maxlen, unsigned base,
		    const char *const *units)
{
	double limit = 1.0;
	unsigned u = 0, digits, dec;

	for (unsigned i = 0; i < maxlen; i++)
		limit *= 10.0;
	if (v < 0)
		v = 0;
	if (v < limit) {
		snprintf(buf, NUM_LEN, "%" PRIu64 "%s", (uint64_t)v, units[0]);
		return;
	}
	while (v >= limit && u + 1 < NR_UNITS) {
		v /= base;
		u++;
	}
	digits = nr_digits((uint64_t)v);
	dec = maxlen > digits + 1 ? maxlen - digits - 1 : 0;
	snprintf(buf, NUM_LEN, "%.*f%s", (int)dec, v, units[u]);
}

/* fmt_bw - "3984MiB/s" and "4178MB/s" for a rate in bytes per second. */
static void fmt_bw(char *iec, char *si, double bytes_per_sec)
{
	num2str(iec, bytes_per_sec, 4, 1024, units_iec);
	strcat(iec, "/s");
	num2str(si, bytes_per_sec, 4, 1000, units_si);
	strcat(si, "/s");
}

static double rate(uint64_t count, uint64_t ns)
{
	return ns ? (double)count * (double)NS_PER_SEC / (double)ns : 0.0;
}

/* ------------------------------------------------------------------------
 * Latency lines
 */

/* lat_unit - fio's choice: scale to usec or msec only when min, max, mean
 * and stddev all exceed the unit. */
static const char *lat_unit(const struct lat_stat *ls, double *div)
{
	double min = (double)lat_stat_min(ls), max = (double)ls->max;
	double mean = lat_stat_mean(ls), dev = lat_stat_stddev(ls);
	const double us = (double)NS_PER_USEC, ms = (double)NS_PER_MSEC;

	if (min > ms && max > ms && mean > ms && dev > ms) {
		*div = ms;
		return "msec";
	}
	if (min > us && max > us && mean > us && dev > us) {
		*div = us;
		return "usec";
	}
	*div = 1.0;
	return "nsec";
}

static void print_lat(FILE *out, const char *name, const struct lat_stat *ls)
{
	char min[NUM_LEN], max[NUM_LEN];
	double div;
	const char *unit;

	if (!ls->n)
		return;
	unit = lat_unit(ls, &div);
	num2str(min, (double)(lat_stat_min(ls) / (uint64_t)div), 6, 1000, units_none);
	num2str(max, (double)(ls->max / (uint64_t)div), 6, 1000, units_none);
	fprintf(out, "    %s (%s): min=%s, max=%s, avg=%5.02f, stdev=%5.02f\n",
		name, unit, min, max, lat_stat_mean(ls) / div,
		lat_stat_stddev(ls) / div);
}

/* print_percentiles - fio's "clat percentiles" block (or slat's, lat's):
 * the job's percentile_list printed with its precision, as many to a line
 * as fit in 80 columns. */
static void print_percentiles(FILE *out, const struct report_entry *e,
			      const struct dir_stats *d, enum lat_kind kind)
{
	static const char *const names[LAT_NR] = { "slat", "clat", "lat" };
	uint64_t vals[PERCENTILE_LIST_MAX > REPORT_NR_DEFAULT_PERCENTILES ?
		      PERCENTILE_LIST_MAX : REPORT_NR_DEFAULT_PERCENTILES];
	uint64_t minv = UINT64_MAX, maxv = 0, div = 1;
	struct report_pcts p;
	unsigned width, per_line, n;
	const char *unit = "nsec";

	report_job_pcts(e->job, &p);
	n = p.nr;
	if (!d->lat[kind].n || !n || !report_pcts_enabled(e->job, kind))
		return;
	report_lat_percentiles(d, kind, &p, vals);
	for (unsigned j = 0; j < n; j++) {
		if (vals[j] < minv)
			minv = vals[j];
		if (vals[j] > maxv)
			maxv = vals[j];
	}
	if (minv > 2000000 && maxv > 99999999ull) {
		div = NS_PER_MSEC;
		unit = "msec";
	} else if (minv > 2000 && maxv > 99999) {
		div = NS_PER_USEC;
		unit = "usec";
	}
	width = maxv / div ? nr_digits(maxv / div) : 0;
	if (width < 5)
		width = 5;
	per_line = (80 - 7) / (p.precision + 10 + width);
	if (!per_line)
		per_line = 1;
	fprintf(out, "    %s percentiles (%s):\n", names[kind], unit);
	for (unsigned j = 0; j < n; j++) {
		if (j % per_line == 0)
			fputs("     |", out);
		fprintf(out, " %*.*fth=[%*" PRIu64 "]%c", (int)p.precision + 3,
			(int)p.precision, p.list[j], (int)width,
			(vals[j] + div - 1) / div, j == n - 1 ? '\n' : ',');
		if (j != n - 1 && j % per_line == per_line - 1)
			fputc('\n', out);
	}
}

/* ------------------------------------------------------------------------
 * Latency distribution ("lat (usec)   : 250=10.35%, ...")
 */

#define NR_MARKS REPORT_NR_LAT_MARKS
#define lat_marks report_lat_marks

static void print_dist_line(FILE *out, const char *unit, const uint64_t *counts,
			    unsigned n, uint64_t total)
{
	unsigned line = 0;
	bool shown = false;

	for (unsigned i = 0; i < n; i++) {
		double pct;

		if (!counts[i])
			continue;
		pct = 100.0 * (double)counts[i] / (double)total;
		if (pct < 0.01)
			pct = 0.01;
		if (line == 0)
			fprintf(out, "%s  lat (%s)   : ", shown ? "\n" : "", unit);
		else
			fputs(", ", out);
		shown = true;
		if (i < NR_MARKS)
			fprintf(out, "%u=%3.2f%%", lat_marks[i], pct);
		else
			fprintf(out, "%s=%3.2f%%", i == NR_MARKS ? "2000" : ">=2000", pct);
		line = (line + 1) % 5;
	}
	if (shown)
		fputc('\n', out);
}

/* print_lat_dist - the share of I/Os (both directions) in each of fio's
 * total-latency buckets; a bucket is named by its exclusive upper bound. */
static void print_lat_dist(FILE *out, const struct job_stats *st)
{
	struct report_lat_dist ld;

	report_lat_dist(st, &ld);
	if (!ld.total)
		return;
	print_dist_line(out, "nsec", ld.nsec, NR_MARKS, ld.total);
	print_dist_line(out, "usec", ld.usec, NR_MARKS, ld.total);
	print_dist_line(out, "msec", ld.msec, NR_MARKS + 2, ld.total);
}

/* ------------------------------------------------------------------------
 * One job (or group)
 */

/* print_rates - fio's "bw (  KiB/s)" and "iops" lines from the
 * per-second samples, switching to MiB/s above 1 GiB/s as fio does. */
static void print_rates(FILE *out, const struct run_result *res,
			const struct report_entry *e, unsigned ddir)
{
	const struct rate_stat *bw = &e->st->rates.bw[ddir];
	const struct rate_stat *iops = &e->st->rates.iops[ddir];
	double min = (double)rate_stat_min(bw), max = (double)rate_stat_max(bw);
	double mean = rate_stat_mean(bw), dev = rate_stat_stddev(bw);
	const char *unit = "KiB";

	if (bw->samples) {
		if (mean > 1024.0 * 1024.0) {
			min /= 1024.0;
			max /= 1024.0;
			mean /= 1024.0;
			dev /= 1024.0;
			unit = "MiB";
		}
		fprintf(out, "   bw (%5s/s): min=%5" PRIu64 ", max=%5" PRIu64
			", per=%3.2f%%, avg=%5.02f, stdev=%5.02f, samples=%" PRIu64 "\n",
			unit, (uint64_t)min, (uint64_t)max,
			report_bw_agg_pct(res, e->groupid, bw, ddir), mean, dev,
			bw->samples);
	}
	if (iops->samples)
		fprintf(out, "   iops        : min=%5" PRIu64 ", max=%5" PRIu64
			", avg=%5.02f, stdev=%5.02f, samples=%" PRIu64 "\n",
			rate_stat_min(iops), rate_stat_max(iops),
			rate_stat_mean(iops), rate_stat_stddev(iops), iops->samples);
}

static void print_dir(FILE *out, const struct run_result *res,
		      const struct report_entry *e, unsigned ddir,
		      const char *name)
{
	const struct job_stats *st = e->st;
	const struct dir_stats *d = &st->dir[ddir];
	uint64_t runtime = report_dir_runtime_ns(st, ddir);
	char iops[NUM_LEN], iec[NUM_LEN], si[NUM_LEN], io[NUM_LEN];

	if (!d->ios && !d->bytes)
		return;
	num2str(iops, rate(d->ios, runtime), 4, 1000, units_none);
	fmt_bw(iec, si, rate(d->bytes, runtime));
	num2str(io, (double)d->bytes, 4, 1024, units_iec);
	fprintf(out, "  %s: IOPS=%s, BW=%s (%s)(%s/%" PRIu64 "msec)\n",
		name, iops, iec, si, io, report_ns_to_ms(runtime));
	print_lat(out, "slat", &d->lat[LAT_SLAT]);
	print_lat(out, "clat", &d->lat[LAT_CLAT]);
	print_lat(out, " lat", &d->lat[LAT_LAT]);
	print_percentiles(out, e, d, LAT_SLAT);
	print_percentiles(out, e, d, LAT_CLAT);
	print_percentiles(out, e, d, LAT_LAT);
	print_rates(out, res, e, ddir);
}

/* print_mixed - unified_rw_reporting: read and write summed, as fio's
 * "mixed" lines. */
static void print_mixed(FILE *out, const struct run_result *res,
			const struct report_entry *e)
{
	struct job_stats mixed;
	struct report_entry me;

	if (report_mixed_entry(e, &mixed, &me))
		return;
	print_dir(out, res, &me, 0, "mixed");
	job_stats_release(&mixed);
}

/* print_cycles - cycles per I/O, saying when they are estimates. */
static void print_cycles(FILE *out, const struct job_stats *st)
{
	struct report_cycles c;

	report_cycles(st, &c);
	if (st->cycles.source == CYCLES_SRC_NONE)
		return;
	fprintf(out, "  cycles/io    : thread=%.0f, process=%.0f, system=%.0f",
		c.thread, c.process, c.system);
	if (c.host > 0.0)
		fprintf(out, ", host=%.0f", c.host);
	if (c.estimate)
		fprintf(out, " (estimated: CPU time x TSC %.2f GHz; no PMU)\n",
			(double)c.tsc_hz / 1e9);
	else
		fprintf(out, " (counted by the PMU; system estimated from /proc/stat)\n");
}

/* print_place - where a job placed elsewhere than here ran, how long the
 * place took to get ready, and what its figures are (emulation is said
 * plainly: TCG's figures are not KVM's). */
static void print_place(FILE *out, const struct run_result *res,
			const struct report_entry *e)
{
	const struct target_info *ti;
	const char *note;

	if (!res->places || !e->job)
		return;
	ti = res->places[e->job - res->jobs->jobs];
	if (!ti || !strcmp(ti->kind, "native"))
		return;
	fprintf(out, "  placement    : %s, ready in %.1f ms", ti->name,
		(double)ti->setup_ns / 1e6);
	if (target_prop_get(ti, "accel"))
		fprintf(out, ", accel=%s", target_prop_get(ti, "accel"));
	fputc('\n', out);
	note = target_prop_get(ti, "accel_note");
	if (note)
		fprintf(out, "  NOTE         : %s\n", note);
}

/* print_opens - the data files opened for writing (stats.h: struct
 * open_stat) and the first write's clat, for jobs that opened any. */
static void print_opens(FILE *out, const struct job_stats *st)
{
	const struct open_stat *o = &st->opens;

	if (!o->files)
		return;
	fprintf(out, "  opens for write: %" PRIu64 " files, avg %.3f ms (max %.3f ms), %.1f MiB",
		o->files, (double)o->total_ns / 1e6 / (double)o->files,
		(double)o->max_ns / 1e6, (double)o->bytes / (1024.0 * 1024.0));
	if (st->first_write_ns)
		fprintf(out, "; first write %.1f us", (double)st->first_write_ns / 1e3);
	fputc('\n', out);
}

/* print_steadystate - fio's show_ss_normal() line.  fio formats the mean
 * bandwidth in whole KiB/s, scaled by 1024 with IEC names and then by 1000
 * with SI names (so its second figure is not the first in SI units). */
static void print_steadystate(FILE *out, const struct ss_result *ss)
{
	static const char *const units_kiec[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	static const char *const units_ksi[] = { "kB", "MB", "GB", "TB", "PB", "EB" };
	char iec[NUM_LEN], si[NUM_LEN], iops[NUM_LEN];
	uint64_t kib = ss_mean(ss->bw, ss->spec.dur) / 1024;

	num2str(iec, (double)kib, 4, 1024, units_kiec);
	num2str(si, (double)kib, 4, 1000, units_ksi);
	num2str(iops, (double)ss_mean(ss->iops, ss->spec.dur), 4, 1000, units_none);
	fprintf(out, "  steadystate  : attained=%s, bw=%s/s (%s/s), iops=%s, %s%s=%.3f%s\n",
		ss->attained ? "yes" : "no", iec, si, iops,
		ss->spec.flags & SS_IOPS ? "iops" : "bw",
		ss->spec.flags & SS_SLOPE ? " slope" : " mean dev",
		ss->criterion, ss->spec.flags & SS_PCT ? "%" : "");
}

static void print_entry(FILE *out, const struct run_result *res,
			const struct report_entry *e)
{
	const struct job_stats *st = e->st;
	int err = report_error(e);
	char when[64];
	struct tm tm;

	when[0] = '\0';
	if (localtime_r(&res->start_time, &tm))
		strftime(when, sizeof(when), "%a %b %e %H:%M:%S %Y", &tm);
	fprintf(out, "%s: (groupid=%u, jobs=%u): err=%2d", e->name, e->groupid,
		e->nr_jobs, err);
	if (err)
		fprintf(out, " (error=%s)", strerror(err));
	fprintf(out, ": pid=%d: %s\n", (int)getpid(), when);

	for (unsigned d = 0; d < DDIR_NR; d++)
		if (report_unified(e) != UNIFIED_MIXED)
			print_dir(out, res, e, d, ddir_labels[d]);
	if (report_unified(e) != UNIFIED_SPLIT)
		print_mixed(out, res, e);
	print_lat_dist(out, st);
	fprintf(out, "  cpu          : usr=%3.2f%%, sys=%3.2f%%, ctx=%" PRIu64
		", majf=%" PRIu64 ", minf=%" PRIu64 "\n",
		report_cpu_pct(e, st->cpu.usr_ns), report_cpu_pct(e, st->cpu.sys_ns),
		st->cpu.ctx, st->cpu.majf, st->cpu.minf);
	print_cycles(out, st);
	print_place(out, res, e);
	report_ranks_text(out, res, e);
	print_opens(out, st);
	fprintf(out, "     issued rwts: total=%" PRIu64 ",%" PRIu64 ",%" PRIu64
		",0 short=%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",0 dropped=0,0,0,0\n",
		st->dir[DDIR_READ].ios + st->dir[DDIR_READ].err_ios,
		st->dir[DDIR_WRITE].ios + st->dir[DDIR_WRITE].err_ios,
		st->dir[DDIR_TRIM].ios + st->dir[DDIR_TRIM].err_ios,
		st->dir[DDIR_READ].short_ios, st->dir[DDIR_WRITE].short_ios,
		st->dir[DDIR_TRIM].short_ios);
	if (report_counts_errors(e))
		fprintf(out, "     errors    : total=%" PRIu64 ", first_error=%d/<%s>\n",
			st->total_err, (int)st->first_error,
			strerror((int)st->first_error));
	if (e->job && e->job->latency_target_ns)
		fprintf(out, "     latency   : target=%" PRIu64 ", window=%" PRIu64
			", percentile=%.2f%%, depth=%" PRIu64 "\n",
			e->job->latency_target_ns, e->job->latency_window_ns / 1000,
			e->job->latency_percentile, st->latency_depth);
	if (st->ss)
		print_steadystate(out, st->ss);
	if (st->sync_ios)
		fprintf(out, "     sync ios: total=%" PRIu64 "\n", st->sync_ios);
}

/* ------------------------------------------------------------------------
 * Run status groups
 */

struct group_dir {
	uint64_t bytes;
	uint64_t max_run, min_run;	/* ns, over entries that did I/O */
	double min_bw, max_bw;		/* bytes/s of one entry */
	unsigned nr;			/* entries that did I/O */
};

static void group_dir_add(struct group_dir *g, const struct job_stats *st,
			  unsigned ddir)
{
	uint64_t run = report_dir_runtime_ns(st, ddir);
	double bw;

	if (!run)
		return;
	bw = rate(st->dir[ddir].bytes, run);
	g->bytes += st->dir[ddir].bytes;
	if (!g->nr || run > g->max_run)
		g->max_run = run;
	if (!g->nr || run < g->min_run)
		g->min_run = run;
	if (!g->nr || bw > g->max_bw)
		g->max_bw = bw;
	if (!g->nr || bw < g->min_bw)
		g->min_bw = bw;
	g->nr++;
}

static void print_group_dir(FILE *out, const struct group_dir *g,
			    const char *label)
{
	char agg_iec[NUM_LEN], agg_si[NUM_LEN], min_iec[NUM_LEN], min_si[NUM_LEN];
	char max_iec[NUM_LEN], max_si[NUM_LEN], io_iec[NUM_LEN], io_si[NUM_LEN];

	if (!g->nr)
		return;
	fmt_bw(agg_iec, agg_si, rate(g->bytes, g->max_run));
	fmt_bw(min_iec, min_si, g->min_bw);
	fmt_bw(max_iec, max_si, g->max_bw);
	num2str(io_iec, (double)g->bytes, 4, 1024, units_iec);
	num2str(io_si, (double)g->bytes, 4, 1000, units_si);
	fprintf(out, "%7s: bw=%s (%s), %s-%s (%s-%s), io=%s (%s), run=%" PRIu64
		"-%" PRIu64 "msec\n", label, agg_iec, agg_si, min_iec, max_iec,
		min_si, max_si, io_iec, io_si, report_ns_to_ms(g->min_run),
		report_ns_to_ms(g->max_run));
}

static bool group_has_jobs(const struct job_list *jobs, unsigned g)
{
	for (unsigned i = 0; i < jobs->nr; i++)
		if (jobs->jobs[i].groupid == g)
			return true;
	return false;
}

static void print_group(FILE *out, const struct run_result *res, unsigned g)
{
	struct group_dir dirs[DDIR_NR];
	struct report_entry e;
	unsigned pos = 0;

	memset(dirs, 0, sizeof(dirs));
	while (report_next_entry(res, &pos, &e)) {
		if (e.groupid != g)
			continue;
		for (unsigned d = 0; d < DDIR_NR; d++)
			group_dir_add(&dirs[d], e.st, d);
	}
	fprintf(out, "\nRun status group %u (all jobs):\n", g);
	print_group_dir(out, &dirs[DDIR_READ], "READ");
	print_group_dir(out, &dirs[DDIR_WRITE], "WRITE");
	print_group_dir(out, &dirs[DDIR_TRIM], "TRIM");
}

/* ------------------------------------------------------------------------
 * Disk stats
 */

/* print_members - the per-member table of an md/dm device, so that RAID1
 * write mirroring (every member writes what the array writes) and read
 * balancing (reads split between members) can be read off directly. */
static void print_members(FILE *out, const struct disk_set *set,
			  const struct disk *dk)
{
	fprintf(out, "    %-10s %10s %10s %12s %12s %9s %9s %8s\n", "member", "read_ios",
		"write_ios", "read_KiB", "write_KiB", "rticks", "wticks", "util");
	for (unsigned k = 0; k < dk->nr_lower; k++) {
		struct disk_util m;

		diskset_util(set, dk->lower[k], &m);
		fprintf(out, "    %-10s %10" PRIu64 " %10" PRIu64 " %12" PRIu64
			" %12" PRIu64 " %9" PRIu64 " %9" PRIu64 " %7.2f%%\n", m.name,
			m.ios[0], m.ios[1], m.sectors[0] / 2, m.sectors[1] / 2,
			m.ticks[0], m.ticks[1], m.util);
	}
}

/* print_disk_util - fio's "Disk stats (read/write)" block, with where
 * the devices were seen ("" for this host). */
static void print_disk_util(FILE *out, const struct disk_set *set,
			    const char *where)
{
	if (!set || !set->nr)
		return;
	fprintf(out, "\nDisk stats%s (read/write):\n", where);
	for (unsigned i = 0; i < set->nr; i++) {
		struct disk_util u;

		diskset_util(set, i, &u);
		fprintf(out, "  %s: ios=%" PRIu64 "/%" PRIu64 ", sectors=%" PRIu64
			"/%" PRIu64 ", merge=%" PRIu64 "/%" PRIu64 ", ticks=%" PRIu64
			"/%" PRIu64 ", in_queue=%" PRIu64 ", util=%3.2f%%",
			u.name, u.ios[0], u.ios[1], u.sectors[0], u.sectors[1],
			u.merges[0], u.merges[1], u.ticks[0], u.ticks[1],
			u.in_queue, u.util);
		if (u.has_aggr)
			fprintf(out, ", aggrios=%" PRIu64 "/%" PRIu64 ", aggsectors=%"
				PRIu64 "/%" PRIu64 ", aggrmerge=%" PRIu64 "/%" PRIu64
				", aggrticks=%" PRIu64 "/%" PRIu64 ", aggrin_queue=%"
				PRIu64 ", aggrutil=%3.2f%%", u.aggr_ios[0],
				u.aggr_ios[1], u.aggr_sectors[0], u.aggr_sectors[1],
				u.aggr_merges[0], u.aggr_merges[1], u.aggr_ticks[0],
				u.aggr_ticks[1], u.aggr_in_queue, u.aggr_util);
		fputc('\n', out);
		if (u.has_aggr)
			print_members(out, set, &set->disks[i]);
	}
}

/* ------------------------------------------------------------------------
 * The report
 */

static const char interrupted_note[] =
	"*** run interrupted: results cover only the time before the stop ***\n";

int report_text(FILE *out, const struct run_result *res)
{
	struct report_entry e;
	unsigned pos = 0;

	if (res->interrupted)
		fprintf(out, "%s\n", interrupted_note);
	while (report_next_entry(res, &pos, &e))
		print_entry(out, res, &e);
	for (unsigned g = 0; g < res->jobs->nr_groups; g++)
		if (group_has_jobs(res->jobs, g))
			print_group(out, res, g);
	print_disk_util(out, res->disks, "");
	print_disk_util(out, res->guest_disks, " in the guest");
	if (res->raid1)
		report_raid1_text(out, res->raid1);
	if (res->interrupted)
		fprintf(out, "\n%s", interrupted_note);
	if (fflush(out) || ferror(out))
		return -EIO;
	return 0;
}
