/* SPDX-License-Identifier: MIT */
/*
 * report.c - output format selection, and what the text and JSON reports
 * share: which entries are reported and how runtimes and CPU are figured.
 */
#include "report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/units.h"

const double report_default_percentiles[REPORT_NR_DEFAULT_PERCENTILES] = {
	1.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0, 90.0,
	95.0, 99.0, 99.5, 99.9, 99.95, 99.99,
};
const unsigned report_nr_default_percentiles = REPORT_NR_DEFAULT_PERCENTILES;

/* ------------------------------------------------------------------------
 * --output-format
 */

static const struct {
	const char *name;
	unsigned bit;
} report_formats[] = {
	{ "normal", REPORT_NORMAL },
	{ "json", REPORT_JSON },
	{ "json+", REPORT_JSON_PLUS },
	{ "terse", REPORT_TERSE },
};

/* format_bit - the REPORT_* bit of the n-byte name at s, or 0. */
static unsigned format_bit(const char *s, size_t n)
{
	for (size_t i = 0; i < ARRAY_SIZE(report_formats); i++) {
		if (strlen(report_formats[i].name) == n &&
		    !strncmp(report_formats[i].name, s, n))
			return report_formats[i].bit;
	}
	return 0;
}

int report_parse_formats(const char *s, unsigned *out, struct diag *d)
{
	unsigned formats = 0;

	for (;;) {
		size_t n = strcspn(s, ",");
		unsigned bit = format_bit(s, n);

		if (!bit) {
			diag_set(d, NULL, "invalid output format '%.*s' "
				 "(expected normal, json, json+ or terse)", (int)n, s);
			return -EINVAL;
		}
		formats |= bit;
		if (!s[n])
			break;
		s += n + 1;
	}
	*out = formats;
	return 0;
}

int report_write(FILE *out, unsigned formats, const struct run_result *res)
{
	int ret = 0, r;

	if (formats & (REPORT_JSON | REPORT_JSON_PLUS)) {
		r = report_json(out, res, formats & REPORT_JSON_PLUS);
		if (r && !ret)
			ret = r;
	}
	if (formats & REPORT_TERSE) {
		r = report_terse(out, res);
		if (r && !ret)
			ret = r;
	}
	if (formats & REPORT_NORMAL) {
		r = report_text(out, res);
		if (r && !ret)
			ret = r;
	}
	return ret;
}

/* ------------------------------------------------------------------------
 * Entries: jobs, or groups under group_reporting
 */

static bool group_is_folded(const struct job_list *jobs, unsigned g)
{
	for (unsigned i = 0; i < jobs->nr; i++) {
		if (jobs->jobs[i].groupid == g)
			return jobs->jobs[i].group_reporting;
	}
	return false;
}

/* first_of_group - true when no job before i is in i's group. */
static bool first_of_group(const struct job_list *jobs, unsigned i)
{
	for (unsigned k = 0; k < i; k++) {
		if (jobs->jobs[k].groupid == jobs->jobs[i].groupid)
			return false;
	}
	return true;
}

static void fill_group_entry(const struct run_result *res, unsigned i,
			     struct report_entry *e)
{
	const struct job_list *jobs = res->jobs;
	unsigned g = jobs->jobs[i].groupid;

	e->st = &res->group_stats[g];
	e->nr_jobs = 0;
	e->cpu_runtime_ns = 0;
	for (unsigned k = 0; k < jobs->nr; k++) {
		if (jobs->jobs[k].groupid != g)
			continue;
		e->nr_jobs++;
		e->cpu_runtime_ns += res->job_stats[k].runtime_ns;
	}
}

bool report_next_entry(const struct run_result *res, unsigned *pos,
		       struct report_entry *e)
{
	const struct job_list *jobs = res->jobs;

	for (unsigned i = *pos; i < jobs->nr; i++) {
		const struct job *job = &jobs->jobs[i];
		bool folded = job->groupid < jobs->nr_groups &&
			      group_is_folded(jobs, job->groupid);

		if (folded && !first_of_group(jobs, i))
			continue;
		e->name = job->name;
		e->job = job;
		e->groupid = job->groupid;
		if (folded) {
			fill_group_entry(res, i, e);
		} else {
			e->st = &res->job_stats[i];
			e->nr_jobs = 1;
			e->cpu_runtime_ns = e->st->runtime_ns;
		}
		*pos = i + 1;
		return true;
	}
	*pos = jobs->nr;
	return false;
}

/* ------------------------------------------------------------------------
 * Figures
 */

double report_cpu_pct(const struct report_entry *e, uint64_t ns)
{
	if (!e->cpu_runtime_ns)
		return 0.0;
	return 100.0 * (double)ns / (double)e->cpu_runtime_ns;
}

int report_error(const struct report_entry *e)
{
	int err = e->st->error < 0 ? -e->st->error : e->st->error;

	if (!err && report_counts_errors(e))
		err = (int)e->st->first_error;
	return err;
}

bool report_counts_errors(const struct report_entry *e)
{
	return e->job && e->job->errors.continue_on;
}

enum unified_rw report_unified(const struct report_entry *e)
{
	return e->job ? e->job->unified_rw : UNIFIED_SPLIT;
}

int report_mixed_entry(const struct report_entry *e, struct job_stats *mixed,
		       struct report_entry *out)
{
	int ret = job_stats_init(mixed);

	if (ret)
		return ret;
	job_stats_mix(mixed, e->st);
	*out = *e;
	out->st = mixed;
	return 0;
}

uint64_t report_ns_to_ms(uint64_t ns)
{
	return (ns + NS_PER_MSEC / 2) / NS_PER_MSEC;
}

uint64_t report_dir_runtime_ns(const struct job_stats *st, unsigned ddir)
{
	return st->dir[ddir].bytes ? st->runtime_ns : 0;
}

/* decimals - the fewest decimals (up to 6) that print v exactly. */
static unsigned decimals(double v)
{
	unsigned n;

	for (n = 0; n < 6; n++) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%.*f", (int)n, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	return n;
}

void report_job_pcts(const struct job *job, struct report_pcts *p)
{
	if (!job || !job->nr_percentiles) {
		p->list = report_default_percentiles;
		p->nr = report_nr_default_percentiles;
		p->precision = 2;
		return;
	}
	p->list = job->percentile_list;
	p->nr = job->nr_percentiles;
	p->precision = 0;
	for (unsigned i = 0; i < p->nr; i++) {
		unsigned n = decimals(p->list[i]);

		if (n > p->precision)
			p->precision = n;
	}
}

bool report_pcts_enabled(const struct job *job, enum lat_kind kind)
{
	if (!job)
		return kind == LAT_CLAT;
	switch (kind) {
	case LAT_SLAT:
		return job->slat_percentiles;
	case LAT_CLAT:
		return job->clat_percentiles;
	case LAT_LAT:
		return job->lat_percentiles;
	default:
		return false;
	}
}

void report_lat_percentiles(const struct dir_stats *d, enum lat_kind kind,
			    const struct report_pcts *p, uint64_t *out)
{
	const struct lat_stat *ls = &d->lat[kind];

	hist_percentiles(d->hist[kind], p->list, p->nr, lat_stat_min(ls),
			 ls->max, out);
}

/* ------------------------------------------------------------------------
 * Latency distribution
 */

const unsigned report_lat_marks[REPORT_NR_LAT_MARKS] = {
	2, 4, 10, 20, 50, 100, 250, 500, 750, 1000,
};

static unsigned mark_index(uint64_t v)
{
	for (unsigned i = 0; i < REPORT_NR_LAT_MARKS; i++)
		if (v < report_lat_marks[i])
			return i;
	return REPORT_NR_LAT_MARKS - 1;
}

static void lat_dist_add(struct report_lat_dist *ld, uint64_t ns,
			 uint64_t count)
{
	uint64_t ms = ns / NS_PER_MSEC;

	ld->total += count;
	if (ns < NS_PER_USEC)
		ld->nsec[mark_index(ns)] += count;
	else if (ns < NS_PER_MSEC)
		ld->usec[mark_index(ns / NS_PER_USEC)] += count;
	else if (ms < MSEC_PER_SEC)
		ld->msec[mark_index(ms)] += count;
	else
		ld->msec[ms < 2 * MSEC_PER_SEC ? REPORT_NR_LAT_MARKS : REPORT_NR_LAT_MARKS + 1] += count;
}

void report_lat_dist(const struct job_stats *st, struct report_lat_dist *ld)
{
	memset(ld, 0, sizeof(*ld));
	for (unsigned d = 0; d < DDIR_NR; d++) {
		const struct hist *h = st->dir[d].hist[LAT_LAT];

		if (!h || !h->total)
			continue;
		for (unsigned i = 0; i < HIST_NR_BINS; i++)
			if (h->bins[i])
				lat_dist_add(ld, hist_bin_value(i), h->bins[i]);
	}
}
