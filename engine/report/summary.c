/* SPDX-License-Identifier: MIT */
#include "report/summary.h"

#include <errno.h>
#include <inttypes.h>

#include "lib/units.h"
#include "report/report.h"
#include "report/report_measure.h"

/* One row's figures. */
struct row {
	double iops, bw, p50, p99, cycles;
	bool any;			/* the direction moved data */
};

static void row_of(const struct job_stats *st, unsigned ddir, struct row *r)
{
	const struct dir_stats *ds = &st->dir[ddir];
	const struct lat_stat *l = &ds->lat[LAT_CLAT];
	uint64_t run = report_dir_runtime_ns(st, ddir);
	struct report_cycles c;

	report_cycles(st, &c);
	r->any = ds->ios > 0;
	r->iops = run ? (double)ds->ios * 1e9 / (double)run : 0.0;
	r->bw = run ? (double)ds->bytes * 1e9 / (double)run : 0.0;
	r->p50 = (double)hist_percentile(ds->hist[LAT_CLAT], 50.0, l->min, l->max);
	r->p99 = (double)hist_percentile(ds->hist[LAT_CLAT], 99.0, l->min, l->max);
	r->cycles = c.process;
}

/* human - v with a k/M/G suffix (1000-based), in 7 columns. */
static void human(char *buf, size_t len, double v, const char *unit)
{
	static const char sfx[] = " kMGT";
	unsigned k = 0;

	while (v >= 999.5 && k < sizeof(sfx) - 2) {
		v /= 1000.0;
		k++;
	}
	if (k)
		snprintf(buf, len, "%.3g%c%s", v, sfx[k], unit);
	else
		snprintf(buf, len, "%.3g%s", v, unit);
}

/* bytes_human - bytes per second in KiB/MiB/GiB. */
static void bytes_human(char *buf, size_t len, double v)
{
	static const char *const units[] = { "B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s" };
	unsigned k = 0;

	while (v >= 1023.5 && k < 4) {
		v /= 1024.0;
		k++;
	}
	if (v >= 99.95)
		snprintf(buf, len, "%.0f%s", v, units[k]);
	else
		snprintf(buf, len, "%.3g%s", v, units[k]);
}

/* lat_human - ns as ns/us/ms/s. */
static void lat_human(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.0fns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.3gus", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.3gms", ns / 1e6);
	else
		snprintf(buf, len, "%.3gs", ns / 1e9);
}

static void ratio(char *buf, size_t len, double v, double base)
{
	if (base > 0.0 && v > 0.0)
		snprintf(buf, len, "%.2fx", v / base);
	else
		snprintf(buf, len, "-");
}

static void print_row(FILE *out, const char *job, const char *dir,
		      const char *name, const struct row *r)
{
	char iops[32], bw[32], p50[32], p99[32], cyc[32];

	human(iops, sizeof(iops), r->iops, "");
	bytes_human(bw, sizeof(bw), r->bw);
	lat_human(p50, sizeof(p50), r->p50);
	lat_human(p99, sizeof(p99), r->p99);
	human(cyc, sizeof(cyc), r->cycles, "");
	fprintf(out, "%-16.16s %-5s %-24.24s %8s %11s %9s %9s %10s\n", job, dir,
		name, iops, bw, p50, p99, cyc);
}

static void print_ratios(FILE *out, const struct row *r, const struct row *b)
{
	char iops[16], bw[16], p50[16], p99[16], cyc[16];

	ratio(iops, sizeof(iops), r->iops, b->iops);
	ratio(bw, sizeof(bw), r->bw, b->bw);
	ratio(p50, sizeof(p50), r->p50, b->p50);
	ratio(p99, sizeof(p99), r->p99, b->p99);
	ratio(cyc, sizeof(cyc), r->cycles, b->cycles);
	fprintf(out, "%-16s %-5s %-24s %8s %11s %9s %9s %10s\n", "", "", "",
		iops, bw, p50, p99, cyc);
}

/* print_opens - the entry's opens for writing and first write, the line
 * where a union filesystem's copy-up shows. */
static void print_opens(FILE *out, const char *job, const char *name,
			const struct job_stats *st)
{
	const struct open_stat *o = &st->opens;
	char each[32], first[32];

	lat_human(each, sizeof(each), o->files ? (double)o->total_ns / (double)o->files : 0.0);
	lat_human(first, sizeof(first), (double)st->first_write_ns);
	fprintf(out, "%-16.16s %-5s %-24.24s %" PRIu64 " file%s, %s and %.3g MiB each to open for writing; first write %s\n",
		job, "opens", name, o->files, o->files == 1 ? "" : "s", each,
		o->files ? (double)o->bytes / (double)o->files / 1048576.0 : 0.0,
		first);
}

/* any_opens - some placement's entry at idx opened files for writing. */
static bool any_opens(const struct run_result *const *runs, unsigned n,
		      unsigned idx)
{
	for (unsigned i = 0; i < n; i++) {
		struct report_entry e;
		unsigned p = idx;

		if (report_next_entry(runs[i], &p, &e) && e.st->opens.files)
			return true;
	}
	return false;
}

int report_summary(FILE *out, const struct run_result *const *runs,
		   const char *const *names, unsigned n)
{
	static const char *const dirs[DDIR_NR] = { "read", "write" };
	struct report_entry e;
	unsigned pos = 0;

	fprintf(out, "\nside by side (ratio to %s)\n", names[0]);
	fprintf(out, "%-16s %-5s %-24s %8s %11s %9s %9s %10s\n", "job", "dir",
		"placement", "IOPS", "BW", "clat p50", "clat p99", "cycles/IO");
	while (report_next_entry(runs[0], &pos, &e)) {
		unsigned idx = (unsigned)(e.job - runs[0]->jobs->jobs);

		for (unsigned d = 0; d < DDIR_NR; d++) {
			struct row base, r;
			unsigned p2 = idx;
			struct report_entry ei;

			row_of(e.st, d, &base);
			if (!base.any)
				continue;
			print_row(out, e.name, dirs[d], names[0], &base);
			for (unsigned i = 1; i < n; i++) {
				p2 = idx;
				if (!report_next_entry(runs[i], &p2, &ei))
					continue;
				row_of(ei.st, d, &r);
				print_row(out, "", "", names[i], &r);
				print_ratios(out, &r, &base);
			}
		}
		if (!any_opens(runs, n, idx))
			continue;
		for (unsigned i = 0; i < n; i++) {
			unsigned p2 = idx;
			struct report_entry ei;

			if (report_next_entry(runs[i], &p2, &ei))
				print_opens(out, i ? "" : e.name, names[i], ei.st);
		}
	}
	return ferror(out) ? -EIO : 0;
}
