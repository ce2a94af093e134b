/* SPDX-License-Identifier: MIT */
/*
 * compare_html.c - the comparison as one self-contained page: a
 * Content-Security-Policy that lets nothing load, the system's fonts, no
 * script; per job a section of charts (compare_svg.h) that starts a new
 * page in print, then the table.  Every string from a document is
 * escaped.
 */
#include "report/compare.h"

#include <errno.h>
#include <string.h>

#include "report/compare_svg.h"
#include "report/humanize.h"

static const char style[] =
	"body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',"
	"Arial,sans-serif;margin:1.5em auto;max-width:1240px;padding:0 1em;color:#222;"
	"background:#fff;line-height:1.4}\n"
	"h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc}\n"
	".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:1em}\n"
	"svg.chart{width:100%;height:auto;font-size:12px;border:1px solid #eee}\n"
	"svg .t{font-weight:bold;font-size:13px}svg .ax{fill:#555;font-size:11px}\n"
	"svg .grid{stroke:#ddd;stroke-width:1}svg .range{stroke:#222;stroke-width:1.5;fill:none}\n"
	"svg text{fill:#222}\n"
	"table{border-collapse:collapse;font-size:12px;font-variant-numeric:tabular-nums}\n"
	"td,th{padding:2px 8px;text-align:right;border-bottom:1px solid #eee;white-space:nowrap}\n"
	"td.l,th.l{text-align:left}tr.spread td,tr.ratio td{color:#555}\n"
	".files{font-size:12px;color:#555}\n"
	"@media print{body{max-width:none;margin:0;font-size:10pt}"
	"section.job{break-before:page}section.job:first-of-type{break-before:auto}"
	".charts{display:block}svg.chart{max-width:17cm;break-inside:avoid;border:none}"
	"section.table{break-before:page}table{font-size:8pt}}\n";

static const char *const col_heads[CMP_NR] = {
	"IOPS", "BW", "clat p50", "clat p99", "clat p99.9", "thread/IO",
	"cycles/IO", "host/IO", "setup",
};

static void head(FILE *out, const struct cmp_set *set)
{
	char legend[160];

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; img-src data:\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>iostress compare", out);
	for (unsigned k = 0; k < set->nr_groups; k++) {
		fputs(k ? ", " : ": ", out);
		cmp_esc(out, set->groups[k].label);
	}
	fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>iostress compare</h1>\n<ul class=\"files\">\n",
		style);
	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_group *g = &set->groups[k];

		fprintf(out, "<li><b style=\"color:%s\">", cmp_color(k));
		cmp_esc(out, g->label);
		fprintf(out, "</b>%s, %u run%s:", k ? "" : " (base)", g->nr, g->nr == 1 ? "" : "s");
		for (unsigned i = 0; i < g->nr; i++) {
			fputc(' ', out);
			cmp_esc(out, g->docs[i]->file);
		}
		fputs("</li>\n", out);
	}
	hum_legend_text(legend, sizeof(legend), set->lo_runs);
	fputs("</ul>\n<p>", out);
	cmp_esc(out, legend);
	fputs(". Bars are medians, whiskers the runs' range.</p>\n", out);
}

/* has_col - some placement has a figure of column c in the row. */
static bool has_col(const struct cmp_set *set, const struct cmp_row *row,
		    enum cmp_col c)
{
	for (unsigned k = 0; k < set->nr_groups; k++)
		if (row->cells[k].col[c].nr)
			return true;
	return false;
}

/* same_job - rows a and b are one job's. */
static bool same_job(const struct cmp_row *a, const struct cmp_row *b)
{
	return a->groupid == b->groupid && !strcmp(a->job, b->job);
}

/* job_section - the charts of the job whose first row is set->rows[r]:
 * per direction IOPS, bandwidth and latency; once, cycles and setup.
 * Returns the index of the next job's first row. */
static unsigned job_section(FILE *out, const struct cmp_set *set, unsigned r)
{
	const struct cmp_row *first = &set->rows[r];
	unsigned end = r;

	fputs("<section class=\"job\">\n<h2>", out);
	cmp_esc(out, first->job);
	fprintf(out, " <small>(group %lld)</small></h2>\n<div class=\"charts\">\n",
		first->groupid);
	for (; end < set->nr_rows && same_job(&set->rows[end], first); end++) {
		cmp_svg_bars(out, set, &set->rows[end], CMP_IOPS);
		cmp_svg_bars(out, set, &set->rows[end], CMP_BW);
		cmp_svg_latency(out, set, &set->rows[end]);
	}
	if (has_col(set, first, CMP_CYC_PROCESS))
		cmp_svg_cycles(out, set, first);
	if (has_col(set, first, CMP_SETUP))
		cmp_svg_bars(out, set, first, CMP_SETUP);
	fputs("</div>\n</section>\n", out);
	return end;
}

static void table_row(FILE *out, const char *cls, const char *job, const char *dir,
		      const char *label, char cells[CMP_NR][CMP_CELL])
{
	fprintf(out, "<tr class=\"%s\"><td class=\"l\">", cls);
	cmp_esc(out, job);
	fprintf(out, "</td><td class=\"l\">%s</td><td class=\"l\">", dir);
	cmp_esc(out, label);
	fputs("</td>", out);
	for (unsigned c = 0; c < CMP_NR; c++)
		fprintf(out, "<td>%s</td>", cells[c]);
	fputs("</tr>\n", out);
}

/* table_cell - a group's rows of the table: medians, spread, ratios. */
static void table_cell(FILE *out, const struct cmp_set *set,
		       const struct cmp_row *row, unsigned k)
{
	const struct cmp_cell *c = &row->cells[k];
	const char *job = k ? "" : row->job, *dir = k ? "" : cmp_dir_name(row->dir);
	char cells[CMP_NR][CMP_CELL], label[64];

	cmp_cells(cells, c, CMP_LINE_MEDIAN);
	for (unsigned i = 0; !c->nr_runs && i < CMP_NR; i++)
		snprintf(cells[i], sizeof(cells[i]), "%s",
			 i ? "" : c->present ? "no I/O" : "missing");
	table_row(out, "med", job, dir, set->groups[k].label, cells);
	if (c->nr_runs > 1) {
		cmp_cells(cells, c, CMP_LINE_SPREAD);
		snprintf(label, sizeof(label), "%u runs, within &#177;", c->nr_runs);
		fprintf(out, "<tr class=\"spread\"><td></td><td></td><td class=\"l\">%s</td>", label);
		for (unsigned i = 0; i < CMP_NR; i++)
			fprintf(out, "<td>%s</td>", cells[i]);
		fputs("</tr>\n", out);
	}
	if (!k || !c->nr_runs || !row->cells[0].nr_runs)
		return;
	cmp_cells(cells, c, CMP_LINE_RATIO);
	snprintf(label, sizeof(label), "vs %s", set->groups[0].label);
	table_row(out, "ratio", "", "", label, cells);
}

static void table(FILE *out, const struct cmp_set *set)
{
	fputs("<section class=\"table\">\n<h2>Table</h2>\n<table>\n<thead><tr>"
	      "<th class=\"l\">job</th><th class=\"l\">dir</th><th class=\"l\">placement</th>", out);
	for (unsigned c = 0; c < CMP_NR; c++)
		fprintf(out, "<th>%s</th>", col_heads[c]);
	fputs("</tr></thead>\n<tbody>\n", out);
	for (unsigned r = 0; r < set->nr_rows; r++)
		for (unsigned k = 0; k < set->nr_groups; k++)
			table_cell(out, set, &set->rows[r], k);
	fputs("</tbody>\n</table>\n</section>\n", out);
}

int cmp_html(FILE *out, const struct cmp_set *set)
{
	head(out, set);
	for (unsigned r = 0; r < set->nr_rows;)
		r = job_section(out, set, r);
	table(out, set);
	fputs("</body>\n</html>\n", out);
	return ferror(out) ? -EIO : 0;
}
