/* SPDX-License-Identifier: MIT */
/*
 * compare_svg.h - the charts of compare's page (compare_html.c), each an
 * inline <svg class="chart" data-chart=KIND> whose every series is a
 * <g class="series" data-series=LABEL>, one per placement that has the
 * figure.  No script, no external reference; colours are presentation
 * attributes, text takes the page's font.  A chart scales to its box
 * (viewBox, width 100%).
 */
#ifndef IOSTRESS_COMPARE_SVG_H
#define IOSTRESS_COMPARE_SVG_H

#include <stdio.h>

#include "report/compare.h"

/* cmp_esc - s escaped for HTML and SVG text and attribute values. */
void cmp_esc(FILE *out, const char *s);

/* cmp_color - placement k's colour (a colour-blind-safe palette). */
const char *cmp_color(unsigned k);

/* cmp_svg_bars - data-chart="iops", "bw" or "setup": one bar per
 * placement at its median, with a whisker over the runs' range (min to
 * max) when it has several. */
void cmp_svg_bars(FILE *out, const struct cmp_set *set,
		  const struct cmp_row *row, enum cmp_col col);

/* cmp_svg_latency - data-chart="latency": clat percentile curves, one
 * per placement (the medians over its runs at each percentile), on a
 * "nines" axis up to CMP_CURVE_TOP and a log latency axis. */
void cmp_svg_latency(FILE *out, const struct cmp_set *set,
		     const struct cmp_row *row);

/* cmp_svg_cycles - data-chart="cycles": cycles per I/O per placement, the
 * worker process's (in a VM, the guest's) solid, what the host spent
 * beyond it light, stacked. */
void cmp_svg_cycles(FILE *out, const struct cmp_set *set,
		    const struct cmp_row *row);

#endif
