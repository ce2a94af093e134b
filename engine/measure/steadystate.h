/* SPDX-License-Identifier: MIT */
/*
 * steadystate.h - fio's steady-state criterion (its ss, ss_dur, ss_ramp
 * options): a rolling window of per-second IOPS and bandwidth samples and
 * the test of whether the chosen one has settled.
 *
 * The window holds the last dur samples, one a second.  Once it is full,
 * every sample added computes the criterion over the window, as fio 3.33's
 * steadystate.c does (same formulas, same integer arithmetic):
 *
 *   deviation (ss=iops or bw): the largest |y_i - mean| over the window,
 *     mean = sum_y / dur in double; as a percentage, 100 * deviation /
 *     mean.  Attained when criterion < limit.
 *   slope (ss=iops_slope or bw_slope): the least-squares slope of y over
 *     x = 0 (oldest) .. dur - 1, from exact integer sums:
 *       slope = (sum_xy - sum_x * sum_y / dur) /
 *               (sum_x2 - sum_x * sum_x / dur)
 *     as a percentage, 100 * slope / (sum_y / dur), where sum_y / dur is
 *     fio's integer division.  Attained when |criterion| < limit.
 *
 * Once attained the window keeps what it held then: that is what fio
 * reports.  What the report shows is a struct ss_result: the window
 * oldest first (zero-padded at the end when it never filled) and the
 * figures of the last check.
 */
#ifndef IOSTRESS_STEADYSTATE_H
#define IOSTRESS_STEADYSTATE_H

#include <stdbool.h>
#include <stdint.h>

/* What ss= asks for (fio's FIO_SS_* bits of the same names). */
enum ss_flag {
	SS_IOPS = 1u << 0,	/* the metric is IOPS ... */
	SS_BW = 1u << 1,	/* ... or bandwidth in bytes/s */
	SS_SLOPE = 1u << 2,	/* the slope, else the largest deviation */
	SS_PCT = 1u << 3,	/* limit is a percentage of the mean */
};

/* fio's default ss: iops_slope:0.01% */
#define SS_DEFAULT_FLAGS	(SS_IOPS | SS_SLOPE | SS_PCT)
#define SS_DEFAULT_LIMIT	0.01

struct ss_spec {
	unsigned flags;		/* SS_* */
	double limit;		/* in the metric's unit, or percent */
	unsigned dur;		/* window, in one-second samples; >= 1 */
};

/*
 * The outcome of one job's (or reporting group's) detection, as reported.
 * Immutable once made and shared by reference: job stats that fold each
 * other in (stats.h) hold references, not copies.  The count is not
 * atomic: take and drop references on one thread at a time.
 */
struct ss_result {
	unsigned refs;
	struct ss_spec spec;
	bool attained;
	double slope;		/* the last check's figures; 0 before the */
	double deviation;	/* window first filled */
	double criterion;
	uint64_t *iops;		/* spec.dur samples, oldest first */
	uint64_t *bw;		/* bytes/s */
};

/* The rolling window of one job or reporting group. */
struct ss_window {
	struct ss_spec spec;
	uint64_t *iops, *bw;	/* rings of spec.dur entries */
	unsigned head;		/* the oldest sample */
	unsigned nr;		/* samples held, up to spec.dur */
	bool attained;
	double slope, deviation, criterion;
};

/* ss_window_init - an empty window for spec.  Returns 0, -EINVAL (dur
 * 0) or -ENOMEM. */
int ss_window_init(struct ss_window *w, const struct ss_spec *spec);

/* ss_window_release - free the rings; safe on a zeroed window. */
void ss_window_release(struct ss_window *w);

/*
 * ss_window_add - one second's IOPS and bandwidth (bytes/s).  Returns
 * true when the criterion is met with this sample, or was met before (the
 * window then no longer changes).
 */
bool ss_window_add(struct ss_window *w, uint64_t iops, uint64_t bw);

/* ss_window_result - a new result (one reference) of what w holds now,
 * or NULL on ENOMEM. */
struct ss_result *ss_window_result(const struct ss_window *w);

/* ss_result_get - another reference to r (r may be NULL). */
struct ss_result *ss_result_get(struct ss_result *r);

/* ss_result_put - drop a reference; the last one frees r (NULL is a
 * no-op). */
void ss_result_put(struct ss_result *r);

/* ss_result_new - an empty result for spec (samples zero), one
 * reference, for readers filling one in; NULL on ENOMEM or dur 0. */
struct ss_result *ss_result_new(const struct ss_spec *spec);

/* ss_mean - fio's steadystate_data_mean(): the integer mean of v[0..dur)
 * (sum / dur, truncated); 0 when dur is 0. */
uint64_t ss_mean(const uint64_t *v, unsigned dur);

/* ss_spec_text - "iops_slope:0.010000%" as fio's JSON "ss" key prints
 * it, into buf. */
void ss_spec_text(const struct ss_spec *spec, char *buf, unsigned size);

/* ss_metric_name - "iops", "iops_slope", "bw" or "bw_slope". */
const char *ss_metric_name(unsigned flags);

#endif
