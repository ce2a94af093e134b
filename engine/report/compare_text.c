/* SPDX-License-Identifier: MIT */
/*
 * compare_text.c - the comparison as a table, laid out as the in-run
 * summary's (summary.h) with more columns:
 *
 *   job    dir   placement      IOPS  BW  clat p50  clat p99  clat p99.9
 *                               thread/IO  cycles/IO  host/IO  setup
 *
 * one row of medians per group, "N runs, within +/-" with the spread
 * when a group has several, "vs BASE" with the ratios marked '*' beyond
 * the noise and '~' within it, and the legend.
 */
#include "report/compare.h"

#include <errno.h>
#include <math.h>

#include "report/humanize.h"

#define CELL	CMP_CELL
#define ROW_FMT "%-16.16s %-5s %-22.22s %8s %11s %9s %9s %10s %9s %9s %9s %9s\n"

static void print_cells(FILE *out, const char *job, const char *dir,
			const char *label, char cells[CMP_NR][CELL])
{
	fprintf(out, ROW_FMT, job, dir, label, cells[CMP_IOPS], cells[CMP_BW],
		cells[CMP_P50], cells[CMP_P99], cells[CMP_P999],
		cells[CMP_CYC_THREAD], cells[CMP_CYC_PROCESS],
		cells[CMP_CYC_HOST], cells[CMP_SETUP]);
}

void cmp_format(char *buf, size_t len, enum cmp_col c, double v)
{
	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	switch (c) {
	case CMP_BW:
		hum_bytes_rate(buf, len, v);
		break;
	case CMP_P50:
	case CMP_P99:
	case CMP_P999:
		hum_ns(buf, len, v);
		break;
	case CMP_SETUP:
		hum_ns(buf, len, v * 1e6);
		break;
	default:
		hum_count(buf, len, v, "");
		break;
	}
}

void cmp_cells(char cells[CMP_NR][CMP_CELL], const struct cmp_cell *c,
	       enum cmp_line line)
{
	for (unsigned k = 0; k < CMP_NR; k++) {
		const struct cmp_stat *s = &c->col[k];

		if (line == CMP_LINE_MEDIAN)
			cmp_format(cells[k], CMP_CELL, k, s->med);
		else if (line == CMP_LINE_SPREAD && s->nr)
			hum_spread(cells[k], CMP_CELL, s->spread);
		else if (line == CMP_LINE_RATIO && !isnan(s->ratio))
			hum_ratio(cells[k], CMP_CELL, s->ratio, s->verdict);
		else
			snprintf(cells[k], CMP_CELL, line == CMP_LINE_RATIO ? "- " : "-");
	}
}

/* print_group - a group's medians, and with several runs their spread;
 * or that the group lacks the job, or that it did no I/O there. */
static void print_group(FILE *out, const char *job, const char *dir,
			const char *label, const struct cmp_cell *c)
{
	char cells[CMP_NR][CELL], spread[48];

	if (!c->nr_runs) {
		fprintf(out, "%-16.16s %-5s %-22.22s %s\n", job, dir, label,
			c->present ? "(no I/O in this direction)" : "(missing: no such job)");
		return;
	}
	cmp_cells(cells, c, CMP_LINE_MEDIAN);
	print_cells(out, job, dir, label, cells);
	if (c->nr_runs < 2)
		return;
	cmp_cells(cells, c, CMP_LINE_SPREAD);
	snprintf(spread, sizeof(spread), "  %u runs, within +/-", c->nr_runs);
	print_cells(out, "", "", spread, cells);
}

/* print_ratios - a group's medians against the base's, marked. */
static void print_ratios(FILE *out, const struct cmp_cell *c, const char *base)
{
	char cells[CMP_NR][CELL], label[48];

	cmp_cells(cells, c, CMP_LINE_RATIO);
	snprintf(label, sizeof(label), "  vs %s", base);
	print_cells(out, "", "", label, cells);
}

/* print_groups - which files each group holds. */
static void print_groups(FILE *out, const struct cmp_set *set)
{
	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_group *g = &set->groups[k];

		fprintf(out, "%-22s %u run%s:", g->label, g->nr, g->nr == 1 ? "" : "s");
		for (unsigned i = 0; i < g->nr; i++)
			fprintf(out, " %s", g->docs[i]->file);
		fputc('\n', out);
	}
}

int cmp_text(FILE *out, const struct cmp_set *set)
{
	const char *base = set->nr_groups ? set->groups[0].label : "";

	print_groups(out, set);
	if (set->nr_groups > 1)
		fprintf(out, "\nside by side (ratio to %s)\n", base);
	else
		fprintf(out, "\n%u run%s (medians)\n", set->lo_runs,
			set->lo_runs == 1 ? "" : "s");
	fprintf(out, ROW_FMT, "job", "dir", "placement", "IOPS", "BW", "clat p50",
		"clat p99", "clat p99.9", "thread/IO", "cycles/IO", "host/IO", "setup");
	for (unsigned r = 0; r < set->nr_rows; r++) {
		const struct cmp_row *row = &set->rows[r];

		for (unsigned k = 0; k < set->nr_groups; k++) {
			const struct cmp_cell *c = &row->cells[k];

			print_group(out, k ? "" : row->job, k ? "" : cmp_dir_name(row->dir),
				    set->groups[k].label, c);
			if (k && c->nr_runs && row->cells[0].nr_runs)
				print_ratios(out, c, base);
		}
	}
	if (set->nr_groups > 1)
		hum_legend(out, set->lo_runs);
	return ferror(out) ? -EIO : 0;
}
