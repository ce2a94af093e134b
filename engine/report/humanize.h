/* SPDX-License-Identifier: MIT */
/*
 * humanize.h - figures as people read them in the text tables: counts with
 * a k/M/G suffix, rates in KiB/s, latencies in ns/us/ms/s, the spread of a
 * set of runs, a ratio marked by the noise test, and the legend that says
 * what the marks mean.  Shared by the in-run summary (summary.c) and
 * `iostress compare` (compare_text.c, compare_html.c).
 */
#ifndef IOSTRESS_HUMANIZE_H
#define IOSTRESS_HUMANIZE_H

#include <stddef.h>
#include <stdio.h>

#include "report/noise.h"

/* hum_count - v with a k/M/G/T suffix (1000-based), 3 significant
 * digits, then unit: "28.1k", "9.21kB". */
void hum_count(char *buf, size_t len, double v, const char *unit);

/* hum_bytes_rate - bytes per second in B/s, KiB/s, MiB/s, GiB/s, TiB/s. */
void hum_bytes_rate(char *buf, size_t len, double v);

/* hum_ns - a time in ns as ns, us, ms or s. */
void hum_ns(char *buf, size_t len, double ns);

/* hum_spread - a set of runs' spread (noise_spread(), a fraction) as a
 * percentage: "2.1%". */
void hum_spread(char *buf, size_t len, double frac);

/* hum_mark - the verdict's mark: '*' beyond the noise, '~' within it,
 * ' ' when the runs cannot tell. */
char hum_mark(enum noise_verdict v);

/* hum_ratio - "0.72x*": a ratio of medians and its verdict's mark. */
void hum_ratio(char *buf, size_t len, double ratio, enum noise_verdict v);

/* hum_legend_text - hum_legend()'s line into buf, without the newline. */
void hum_legend_text(char *buf, size_t len, unsigned lo);

/* hum_legend - the line under a table of placements: what the marks mean
 * (naming the test), or, when the fewest runs a placement has (lo) cannot
 * ever reach the test's level, that the runs cannot tell. */
void hum_legend(FILE *out, unsigned lo);

#endif
