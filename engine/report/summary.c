/* SPDX-License-Identifier: MIT */
#include "report/summary.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"
#include "report/humanize.h"
#include "report/noise.h"
#include "report/report.h"
#include "report/report_measure.h"

#define MAX_RUNS	1000u	/* --repeat's limit */

enum col { C_IOPS, C_BW, C_P50, C_P99, C_CYCLES, C_HOST, C_NR };

/* One row's figures. */
struct row {
	double v[C_NR];
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
	r->v[C_IOPS] = run ? (double)ds->ios * 1e9 / (double)run : 0.0;
	r->v[C_BW] = run ? (double)ds->bytes * 1e9 / (double)run : 0.0;
	r->v[C_P50] = (double)hist_percentile(ds->hist[LAT_CLAT], 50.0, l->min, l->max);
	r->v[C_P99] = (double)hist_percentile(ds->hist[LAT_CLAT], 99.0, l->min, l->max);
	r->v[C_CYCLES] = c.process;
	r->v[C_HOST] = c.host;
}

/* A placement's runs of one entry and direction: each run's row, and
 * the medians. */
struct col_rows {
	double v[C_NR][MAX_RUNS];
	unsigned nr;			/* runs where the entry moved data */
	struct row med;
};

static void cell(char *buf, size_t len, enum col c, double v)
{
	switch (c) {
	case C_BW:
		hum_bytes_rate(buf, len, v);
		break;
	case C_P50:
	case C_P99:
		hum_ns(buf, len, v);
		break;
	case C_HOST:
		if (v > 0.0)
			hum_count(buf, len, v, "");
		else
			snprintf(buf, len, "-");	/* this process: no host */
		break;
	default:
		hum_count(buf, len, v, "");
		break;
	}
}

#define ROW_FMT "%-16.16s %-5s %-24.24s %8s %11s %9s %9s %10s %9s\n"

static void print_cells(FILE *out, const char *job, const char *dir,
			const char *label, char cells[C_NR][32])
{
	fprintf(out, ROW_FMT, job, dir, label, cells[C_IOPS], cells[C_BW],
		cells[C_P50], cells[C_P99], cells[C_CYCLES], cells[C_HOST]);
}

/* print_col - the medians, and with several runs their spread. */
static void print_col(FILE *out, const char *job, const char *dir,
		      const char *name, struct col_rows *cr)
{
	char cells[C_NR][32], label[48];

	for (unsigned c = 0; c < C_NR; c++)
		cell(cells[c], sizeof(cells[c]), c, cr->med.v[c]);
	print_cells(out, job, dir, name, cells);
	if (cr->nr < 2)
		return;
	for (unsigned c = 0; c < C_NR; c++)
		if (c == C_HOST && cr->med.v[c] <= 0.0)
			snprintf(cells[c], sizeof(cells[c]), "-");
		else
			hum_spread(cells[c], sizeof(cells[c]),
				   noise_spread(cr->v[c], cr->nr, cr->med.v[c]));
	snprintf(label, sizeof(label), "  %u runs, within +/-", cr->nr);
	print_cells(out, "", "", label, cells);
}

/* print_ratios - each median against the base's, marked by the noise
 * test when both sides have runs enough: '*' beyond, '~' within. */
static void print_ratios(FILE *out, struct col_rows *r, struct col_rows *b,
			 const char *base)
{
	char cells[C_NR][32], label[48];

	for (unsigned c = 0; c < C_NR; c++) {
		enum noise_verdict v = noise_judge(r->v[c], r->nr, b->v[c], b->nr, NULL);

		if (b->med.v[c] > 0.0 && r->med.v[c] > 0.0)
			hum_ratio(cells[c], sizeof(cells[c]),
				  r->med.v[c] / b->med.v[c], v);
		else
			snprintf(cells[c], sizeof(cells[c]), "- ");
	}
	snprintf(label, sizeof(label), "  vs %s", base);
	print_cells(out, "", "", label, cells);
}

/* entry_of - the entry at job index idx in res. */
static bool entry_of(const struct run_result *res, unsigned idx,
		     struct report_entry *e)
{
	unsigned p = idx;

	return report_next_entry(res, &p, e);
}

/* gather - the placement's runs of the entry at idx, direction d. */
static void gather(const struct summary_col *col, unsigned idx, unsigned d,
		   struct col_rows *cr)
{
	struct row rows[1];

	cr->nr = 0;
	for (unsigned i = 0; i < col->nr && cr->nr < MAX_RUNS; i++) {
		struct report_entry e;

		if (!entry_of(col->runs[i], idx, &e))
			continue;
		row_of(e.st, d, rows);
		if (!rows->any)
			continue;
		for (unsigned c = 0; c < C_NR; c++)
			cr->v[c][cr->nr] = rows->v[c];
		cr->nr++;
	}
	for (unsigned c = 0; c < C_NR; c++) {
		double tmp[MAX_RUNS];

		memcpy(tmp, cr->v[c], cr->nr * sizeof(double));
		cr->med.v[c] = noise_median(tmp, cr->nr);
	}
	cr->med.any = cr->nr > 0;
}

/* print_opens - the entry's opens for writing and first write, the line
 * where a union filesystem's copy-up shows: medians over the runs. */
static void print_opens(FILE *out, const char *job, const struct summary_col *col,
			unsigned idx)
{
	double each[MAX_RUNS], first[MAX_RUNS];
	uint64_t files = 0, bytes = 0;
	unsigned n = 0;
	char e[32], f[32];

	for (unsigned i = 0; i < col->nr && n < MAX_RUNS; i++) {
		struct report_entry ei;
		const struct open_stat *o;

		if (!entry_of(col->runs[i], idx, &ei))
			continue;
		o = &ei.st->opens;
		files = o->files;
		bytes = o->bytes;
		each[n] = o->files ? (double)o->total_ns / (double)o->files : 0.0;
		first[n++] = (double)ei.st->first_write_ns;
	}
	if (!n)
		return;
	hum_ns(e, sizeof(e), noise_median(each, n));
	hum_ns(f, sizeof(f), noise_median(first, n));
	fprintf(out, "%-16.16s %-5s %-24.24s %" PRIu64 " file%s, %s and %.3g MiB each to open for writing; first write %s%s\n",
		job, "opens", col->name, files, files == 1 ? "" : "s", e,
		files ? (double)bytes / (double)files / 1048576.0 : 0.0, f,
		n > 1 ? " (medians)" : "");
}

/* col_first - the placement's first run, or NULL. */
static const struct run_result *col_first(const struct summary_col *col)
{
	return col->nr ? col->runs[0] : NULL;
}

/* any_opens - some placement's entry at idx opened files for writing. */
static bool any_opens(const struct summary_col *cols, unsigned n, unsigned idx)
{
	for (unsigned i = 0; i < n; i++) {
		struct report_entry e;

		if (col_first(&cols[i]) && entry_of(col_first(&cols[i]), idx, &e) &&
		    e.st->opens.files)
			return true;
	}
	return false;
}

/* print_legend - what the marks say, and what the runs cannot say. */
static void print_legend(FILE *out, const struct summary_col *cols, unsigned n)
{
	unsigned lo = MAX_RUNS;

	for (unsigned i = 0; i < n; i++)
		if (cols[i].nr < lo)
			lo = cols[i].nr;
	if (n > 1)
		hum_legend(out, lo);
}

int report_summary(FILE *out, const struct summary_col *cols, unsigned n)
{
	static const char *const dirs[DDIR_NR] = { "read", "write", "trim" };
	const struct run_result *first = n ? col_first(&cols[0]) : NULL;
	struct col_rows *base, *cr;
	struct report_entry e;
	unsigned pos = 0;
	int ret = 0;

	if (!first)
		return 0;
	base = malloc(sizeof(*base));
	cr = malloc(sizeof(*cr));
	if (!base || !cr) {
		ret = -ENOMEM;
		goto out_free;
	}
	if (n > 1)
		fprintf(out, "\nside by side (ratio to %s)\n", cols[0].name);
	else
		fprintf(out, "\n%u runs (medians)\n", cols[0].nr);
	fprintf(out, ROW_FMT, "job", "dir", "placement", "IOPS", "BW",
		"clat p50", "clat p99", "cycles/IO", "host/IO");
	while (report_next_entry(first, &pos, &e)) {
		unsigned idx = (unsigned)(e.job - first->jobs->jobs);

		for (unsigned d = 0; d < DDIR_NR; d++) {
			gather(&cols[0], idx, d, base);
			if (!base->nr)
				continue;
			print_col(out, e.name, dirs[d], cols[0].name, base);
			for (unsigned i = 1; i < n; i++) {
				gather(&cols[i], idx, d, cr);
				if (!cr->nr)
					continue;
				print_col(out, "", "", cols[i].name, cr);
				print_ratios(out, cr, base, cols[0].name);
			}
		}
		if (!any_opens(cols, n, idx))
			continue;
		for (unsigned i = 0; i < n; i++)
			print_opens(out, i ? "" : e.name, &cols[i], idx);
	}
	print_legend(out, cols, n);
	ret = ferror(out) ? -EIO : 0;
out_free:
	free(base);
	free(cr);
	return ret;
}
