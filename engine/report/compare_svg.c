/* SPDX-License-Identifier: MIT */
/*
 * compare_svg.c - compare's charts as inline SVG (compare_svg.h).
 *
 * Bars run across, one row per placement: the label on the left, the bar
 * from 0 to the median, the runs' range as a whisker, the median's figure
 * on the right.  Latency curves put the percentile on a "nines" axis,
 * x = -log10(1 - p/100) (50 at 0.3, 90 at 1, 99 at 2, 99.99 at 4), and
 * the latency on a log axis with a line per decade.
 */
#include "report/compare_svg.h"

#include <math.h>
#include <string.h>

#include "lib/array.h"
#include "report/humanize.h"

#define W		600	/* every chart's width */
#define LEFT		140	/* the placements' labels */
#define RIGHT		90	/* the figures */
#define PLOT_W		(W - LEFT - RIGHT)
#define TOP		34	/* the title */
#define ROW_H		26
#define BAR_H		16
#define AXIS_H		22
#define CURVE_H		260	/* the latency plot's height */
#define CURVE_LEFT	60
#define CURVE_W		(W - CURVE_LEFT - 20)

static const char *const palette[] = {
	"#0072b2", "#e69f00", "#009e73", "#cc79a7",
	"#56b4e9", "#d55e00", "#7f7f00", "#000000",
};

static const struct {
	enum cmp_col col;
	const char *kind;
	const char *title;
} bar_charts[] = {
	{ CMP_IOPS, "iops", "IOPS" },
	{ CMP_BW, "bw", "bandwidth" },
	{ CMP_SETUP, "setup", "setup time (placement ready to first I/O)" },
};

void cmp_esc(FILE *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		default: fputc(*s, out); break;
		}
}

const char *cmp_color(unsigned k)
{
	return palette[k % ARRAY_SIZE(palette)];
}

/* svg_begin - the chart's element and its title. */
static void svg_begin(FILE *out, const char *kind, unsigned h, const char *title,
		      const struct cmp_row *row, bool per_dir)
{
	const char *dir = per_dir ? cmp_dir_name(row->dir) : "";

	fprintf(out, "<svg class=\"chart\" data-chart=\"%s\" "
		"viewBox=\"0 0 %d %u\" role=\"img\">\n<title>", kind, W, h);
	cmp_esc(out, row->job);
	fprintf(out, " %s: %s</title>\n<text class=\"t\" x=\"4\" y=\"18\">%s%s%s</text>\n",
		dir, title, title, per_dir ? ", " : "", dir);
}

/* series_begin - a placement's series. */
static void series_begin(FILE *out, const struct cmp_set *set, unsigned k)
{
	fputs("<g class=\"series\" data-series=\"", out);
	cmp_esc(out, set->groups[k].label);
	fprintf(out, "\" fill=\"%s\" stroke=\"%s\">\n", cmp_color(k), cmp_color(k));
}

/* row_begin - placement k's row of a bar plot at height y: its name,
 * then its series (true) or "-" when it has no figure (false). */
static bool row_begin(FILE *out, const struct cmp_set *set, unsigned k, double y,
		      bool has)
{
	fprintf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">", LEFT - 6, y + BAR_H - 4);
	cmp_esc(out, set->groups[k].label);
	fputs("</text>\n", out);
	if (has)
		series_begin(out, set, k);
	else
		fprintf(out, "<text class=\"ax\" x=\"%d\" y=\"%.1f\">-</text>\n",
			LEFT + 4, y + BAR_H - 4);
	return has;
}

/* x_axis - four grid lines over a bar plot from 0 to hi. */
static void x_axis(FILE *out, enum cmp_col col, double hi, double y0, double y1)
{
	for (unsigned t = 0; t <= 4; t++) {
		double x = LEFT + PLOT_W * t / 4.0;
		char v[32];

		cmp_format(v, sizeof(v), col, hi * t / 4.0);
		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"ax\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
			x, y0, x, y1, x, y1 + 14, v);
	}
}

/* nice_top - the top of an axis from 0 over hi: four steps of 1, 2, 2.5
 * or 5 times a power of ten; for bandwidth, of the binary unit the
 * labels are in (KiB/s, MiB/s ...), so that they read 0, 20, 40 GiB/s. */
static double nice_top(double hi, enum cmp_col col)
{
	static const double steps[] = { 1.0, 2.0, 2.5, 5.0, 10.0 };
	double mag, unit = 1.0, raw = hi / 4.0;
	size_t i = 0;

	if (!(raw > 0.0))
		return 1.0;
	while (col == CMP_BW && hi / unit >= 1024.0)
		unit *= 1024.0;
	raw /= unit;
	mag = pow(10.0, floor(log10(raw)));
	while (i + 1 < ARRAY_SIZE(steps) && steps[i] * mag < raw)
		i++;
	return 4.0 * steps[i] * mag * unit;
}

/* bar_max - the top of a bar plot over the largest figure of a and b. */
static double bar_max(const struct cmp_set *set, const struct cmp_row *row,
		      enum cmp_col a, enum cmp_col b)
{
	double hi = 0.0;

	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_cell *c = &row->cells[k];

		if (c->col[a].nr && c->col[a].max > hi)
			hi = c->col[a].max;
		if (c->col[b].nr && c->col[b].max > hi)
			hi = c->col[b].max;
	}
	return nice_top(hi, a);
}

/* whisker - the runs' range from lo to hi at height y. */
static void whisker(FILE *out, double lo, double hi, double y)
{
	fprintf(out, "<path class=\"range\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\"/>\n",
		lo, y, hi, lo, y - 5, y + 5, hi, y - 5, y + 5);
}

void cmp_svg_bars(FILE *out, const struct cmp_set *set,
		  const struct cmp_row *row, enum cmp_col col)
{
	unsigned h = TOP + set->nr_groups * ROW_H + AXIS_H, b = 0;
	double hi = bar_max(set, row, col, col);

	while (b + 1 < ARRAY_SIZE(bar_charts) && bar_charts[b].col != col)
		b++;
	svg_begin(out, bar_charts[b].kind, h, bar_charts[b].title, row, col != CMP_SETUP);
	x_axis(out, col, hi, TOP - 6, h - AXIS_H);
	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_stat *s = &row->cells[k].col[col];
		double y = TOP + k * ROW_H;
		char v[32];

		if (!row_begin(out, set, k, y, s->nr > 0))
			continue;
		fprintf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" stroke=\"none\"/>\n",
			LEFT, y, PLOT_W * s->med / hi, BAR_H);
		if (s->nr > 1)
			whisker(out, LEFT + PLOT_W * s->min / hi, LEFT + PLOT_W * s->max / hi,
				y + BAR_H / 2.0);
		cmp_format(v, sizeof(v), col, s->med);
		fprintf(out, "<text stroke=\"none\" x=\"%d\" y=\"%.1f\">%s</text>\n</g>\n",
			LEFT + PLOT_W + 6, y + BAR_H - 4, v);
	}
	fputs("</svg>\n", out);
}

void cmp_svg_cycles(FILE *out, const struct cmp_set *set,
		    const struct cmp_row *row)
{
	unsigned h = TOP + set->nr_groups * ROW_H + AXIS_H + 18;
	double hi = bar_max(set, row, CMP_CYC_PROCESS, CMP_CYC_HOST);

	svg_begin(out, "cycles", h, "cycles per I/O", row, false);
	x_axis(out, CMP_CYC_PROCESS, hi, TOP - 6, h - AXIS_H - 18);
	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_stat *p = &row->cells[k].col[CMP_CYC_PROCESS];
		const struct cmp_stat *host = &row->cells[k].col[CMP_CYC_HOST];
		double y = TOP + k * ROW_H, pw;
		char v[80], hv[32];

		if (!row_begin(out, set, k, y, p->nr > 0))
			continue;
		pw = PLOT_W * p->med / hi;
		fprintf(out, "<rect class=\"guest\" x=\"%d\" y=\"%.1f\" width=\"%.1f\" height=\"%d\" stroke=\"none\"/>\n",
			LEFT, y, pw, BAR_H);
		cmp_format(v, sizeof(v), CMP_CYC_PROCESS, p->med);
		if (host->nr && host->med > p->med) {
			fprintf(out, "<rect class=\"host\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				"height=\"%d\" fill-opacity=\"0.35\"/>\n",
				LEFT + pw, y + 0.5, PLOT_W * (host->med - p->med) / hi, BAR_H - 1);
			cmp_format(hv, sizeof(hv), CMP_CYC_HOST, host->med);
			snprintf(v + strlen(v), sizeof(v) - strlen(v), " / %s", hv);
		}
		fprintf(out, "<text stroke=\"none\" x=\"%d\" y=\"%.1f\">%s</text>\n</g>\n",
			LEFT + PLOT_W + 6, y + BAR_H - 4, v);
	}
	fprintf(out, "<text class=\"ax\" x=\"4\" y=\"%u\">solid: the worker process "
		"(in a VM, the guest); light: what the host spent beyond it</text>\n</svg>\n",
		h - 4);
}

/* nines - the percentile's place on the nines axis, 0 to 4. */
static double nines(double pct)
{
	double x = pct >= 100.0 ? 4.0 : -log10(1.0 - pct / 100.0);

	return x < 0.0 ? 0.0 : x > 4.0 ? 4.0 : x;
}

/* decades - the log latency axis: the decades below and above every
 * point of every curve. */
static void decades(const struct cmp_set *set, const struct cmp_row *row,
		    double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (unsigned k = 0; k < set->nr_groups; k++)
		for (unsigned p = 0; p < row->cells[k].nr_points; p++) {
			double l = log10(fmax(row->cells[k].curve[p].ns, 1.0));

			*lo = fmin(*lo, floor(l));
			*hi = fmax(*hi, ceil(l));
		}
	if (!isfinite(*lo)) {
		*lo = 0.0;
		*hi = 1.0;
	}
	if (*hi <= *lo)
		*hi = *lo + 1.0;
}

void cmp_svg_latency(FILE *out, const struct cmp_set *set,
		     const struct cmp_row *row)
{
	static const double ticks[] = { 0, 50, 90, 99, 99.9, 99.99 };
	static const char *const tick_labels[] = { "0", "50", "90", "99", "99.9", "99.99" };
	unsigned h = TOP + CURVE_H + AXIS_H + 16 + 16 * set->nr_groups;
	double lo, hi, y0 = TOP, y1 = TOP + CURVE_H;

	decades(set, row, &lo, &hi);
	svg_begin(out, "latency", h, "clat percentiles", row, true);
	for (double d = lo; d <= hi; d++) {
		double y = y1 - CURVE_H * (d - lo) / (hi - lo);
		char v[32];

		hum_ns(v, sizeof(v), pow(10.0, d));
		fprintf(out, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>"
			"<text class=\"ax\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>\n",
			CURVE_LEFT, y, CURVE_LEFT + CURVE_W, y, CURVE_LEFT - 4, y + 4, v);
	}
	for (size_t t = 0; t < ARRAY_SIZE(ticks); t++) {
		double x = CURVE_LEFT + CURVE_W * nines(ticks[t]) / 4.0;

		fprintf(out, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
			"<text class=\"ax\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>\n",
			x, y0, x, y1, x, y1 + 14, tick_labels[t]);
	}
	fprintf(out, "<text class=\"ax\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">percentile</text>\n",
		CURVE_LEFT + CURVE_W, y1 + 28);
	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_cell *c = &row->cells[k];
		double ly = y1 + AXIS_H + 16 + 16 * k;

		fprintf(out, "<rect x=\"%d\" y=\"%.1f\" width=\"14\" height=\"4\" fill=\"%s\"/>"
			"<text x=\"%d\" y=\"%.1f\">", CURVE_LEFT, ly - 4, cmp_color(k),
			CURVE_LEFT + 20, ly);
		cmp_esc(out, set->groups[k].label);
		fputs(c->nr_points ? "</text>\n" : " (no percentiles)</text>\n", out);
		if (!c->nr_points)
			continue;
		series_begin(out, set, k);
		fputs("<polyline fill=\"none\" stroke-width=\"2\" points=\"", out);
		for (unsigned p = 0; p < c->nr_points; p++)
			fprintf(out, "%s%.1f,%.1f", p ? " " : "",
				CURVE_LEFT + CURVE_W * nines(c->curve[p].pct) / 4.0,
				y1 - CURVE_H * (log10(fmax(c->curve[p].ns, 1.0)) - lo) / (hi - lo));
		fputs("\"/>\n</g>\n", out);
	}
	fputs("</svg>\n", out);
}
