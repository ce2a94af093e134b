/* SPDX-License-Identifier: MIT */
/*
 * steadystate.c - the steady-state window and criterion (steadystate.h).
 */
#include "measure/steadystate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ss_window_init(struct ss_window *w, const struct ss_spec *spec)
{
	memset(w, 0, sizeof(*w));
	if (!spec->dur)
		return -EINVAL;
	w->spec = *spec;
	w->iops = calloc(spec->dur, sizeof(*w->iops));
	w->bw = calloc(spec->dur, sizeof(*w->bw));
	if (!w->iops || !w->bw) {
		ss_window_release(w);
		return -ENOMEM;
	}
	return 0;
}

void ss_window_release(struct ss_window *w)
{
	free(w->iops);
	free(w->bw);
	w->iops = w->bw = NULL;
}

/* window_y - the i-th sample of the metric, oldest first. */
static uint64_t window_y(const struct ss_window *w, unsigned i)
{
	unsigned k = (w->head + i) % w->spec.dur;

	return w->spec.flags & SS_IOPS ? w->iops[k] : w->bw[k];
}

/* check_slope - fio's steadystate_slope() over a full window. */
static bool check_slope(struct ss_window *w)
{
	uint64_t n = w->spec.dur, sum_y = 0, sum_xy = 0;
	uint64_t sum_x = n * (n - 1) / 2;
	uint64_t sum_x2 = (n - 1) * n * (2 * n - 1) / 6;
	double result;

	for (unsigned i = 0; i < n; i++) {
		uint64_t y = window_y(w, i);

		sum_y += y;
		sum_xy += i * y;
	}
	w->slope = ((double)sum_xy - (double)sum_x * (double)sum_y / (double)n) /
		   ((double)sum_x2 - (double)sum_x * (double)sum_x / (double)n);
	if (w->spec.flags & SS_PCT)
		w->criterion = 100.0 * w->slope / (double)(sum_y / n);
	else
		w->criterion = w->slope;
	result = w->criterion < 0.0 ? -w->criterion : w->criterion;
	return result < w->spec.limit;
}

/* check_deviation - fio's steadystate_deviation() over a full window. */
static bool check_deviation(struct ss_window *w)
{
	uint64_t n = w->spec.dur, sum_y = 0;
	double mean;

	for (unsigned i = 0; i < n; i++)
		sum_y += window_y(w, i);
	mean = (double)sum_y / (double)n;
	w->deviation = 0.0;
	for (unsigned i = 0; i < n; i++) {
		double diff = (double)window_y(w, i) - mean;

		if (diff < 0.0)
			diff = -diff;
		if (diff > w->deviation)
			w->deviation = diff;
	}
	if (w->spec.flags & SS_PCT)
		w->criterion = 100.0 * w->deviation / mean;
	else
		w->criterion = w->deviation;
	return w->criterion < w->spec.limit;
}

bool ss_window_add(struct ss_window *w, uint64_t iops, uint64_t bw)
{
	unsigned n = w->spec.dur, slot;

	if (w->attained)
		return true;
	if (w->nr < n) {
		slot = w->nr++;
	} else {
		slot = w->head;		/* the oldest makes way */
		w->head = (w->head + 1) % n;
	}
	w->iops[slot] = iops;
	w->bw[slot] = bw;
	if (w->nr < n)
		return false;
	w->attained = w->spec.flags & SS_SLOPE ? check_slope(w) : check_deviation(w);
	return w->attained;
}

struct ss_result *ss_result_new(const struct ss_spec *spec)
{
	struct ss_result *r;

	if (!spec->dur)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->refs = 1;
	r->spec = *spec;
	r->iops = calloc(spec->dur, sizeof(*r->iops));
	r->bw = calloc(spec->dur, sizeof(*r->bw));
	if (!r->iops || !r->bw) {
		ss_result_put(r);
		return NULL;
	}
	return r;
}

struct ss_result *ss_window_result(const struct ss_window *w)
{
	struct ss_result *r = ss_result_new(&w->spec);

	if (!r)
		return NULL;
	r->attained = w->attained;
	r->slope = w->slope;
	r->deviation = w->deviation;
	r->criterion = w->criterion;
	for (unsigned i = 0; i < w->nr; i++) {
		unsigned k = (w->head + i) % w->spec.dur;

		r->iops[i] = w->iops[k];
		r->bw[i] = w->bw[k];
	}
	return r;
}

struct ss_result *ss_result_get(struct ss_result *r)
{
	if (r)
		r->refs++;
	return r;
}

void ss_result_put(struct ss_result *r)
{
	if (!r || --r->refs)
		return;
	free(r->iops);
	free(r->bw);
	free(r);
}

uint64_t ss_mean(const uint64_t *v, unsigned dur)
{
	uint64_t sum = 0;

	if (!dur)
		return 0;
	for (unsigned i = 0; i < dur; i++)
		sum += v[i];
	return sum / dur;
}

const char *ss_metric_name(unsigned flags)
{
	if (flags & SS_IOPS)
		return flags & SS_SLOPE ? "iops_slope" : "iops";
	return flags & SS_SLOPE ? "bw_slope" : "bw";
}

void ss_spec_text(const struct ss_spec *spec, char *buf, unsigned size)
{
	snprintf(buf, size, "%s:%f%s", ss_metric_name(spec->flags),
		 (double)(float)spec->limit, spec->flags & SS_PCT ? "%" : "");
}
