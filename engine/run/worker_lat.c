/* SPDX-License-Identifier: MIT */
/*
 * worker_lat.c - latency_target: find the deepest queue, up to iodepth,
 * at which latency_percentile of the I/Os complete within latency_target,
 * as fio 3.33 does it (io_u.c lat_target_*):
 *
 *   - the job starts at depth 1; every latency_window it looks at the
 *     I/Os of the window: when enough met the target the depth doubles
 *     (or, once a depth has failed, moves halfway to it), else it moves
 *     halfway down;
 *   - with latency_percentile=100 a single I/O over the target moves the
 *     depth down at once, and one at depth 1 fails the job (ETIMEDOUT);
 *   - when a success leaves the depth where it was, the job has found it:
 *     its statistics start over and it runs one more window at that depth,
 *     then ends (latency_run: it keeps adjusting to the end instead).
 *
 * The depth found is reported as fio's latency_depth.  The latency is the
 * I/O's total latency (lat: submission to completion).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "measure/clock.h"
#include "run/worker_impl.h"

/* new_cycle - fio's lat_new_cycle(): a fresh window from now. */
static void new_cycle(struct worker *w, uint64_t now)
{
	w->lat.window_start_ns = now;
	w->lat.ios_start = w->lat.ios;
	w->lat.failed = 0;
}

void worker_lat_setup(struct worker *w, uint64_t now)
{
	struct wlat *l = &w->lat;

	memset(l, 0, sizeof(*l));
	if (!w->job->latency_target_ns) {
		l->qd = w->depth;
		return;
	}
	l->on = true;
	l->qd = 1;
	l->qd_low = 1;
	l->qd_high = w->depth;
	new_cycle(w, now);
}

/* ramp_down - fio's __lat_target_failed(): halfway down; true at depth 1,
 * where there is nowhere to go. */
static bool ramp_down(struct worker *w, uint64_t now)
{
	struct wlat *l = &w->lat;

	if (l->qd == 1)
		return true;
	l->qd_high = l->qd;
	if (l->qd == l->qd_low)
		l->qd_low--;
	l->qd = (l->qd + l->qd_low) / 2;
	l->stable = 0;
	new_cycle(w, now);
	return false;
}

/* ramp_up - fio's lat_target_success(). */
static void ramp_up(struct worker *w, uint64_t now)
{
	struct wlat *l = &w->lat;
	unsigned qd = l->qd;

	l->qd_low = l->qd;
	if (l->qd + 1 == l->qd_high && ++l->stable >= 3) {
		l->qd_high++;	/* stable: try one deeper, slowly */
		l->stable = 0;
	}
	if (l->qd_high != w->depth)
		l->qd = (l->qd + l->qd_high) / 2;
	else
		l->qd *= 2;
	if (l->qd > w->depth)
		l->qd = w->depth;
	if (!w->job->latency_run && l->qd == qd) {
		if (l->end_run) {
			l->done = true;
			w->bytes_budget = w->bytes_issued;	/* the pass is over */
		} else {
			l->end_run = true;	/* one window at the depth found */
			worker_stats_restart(w, now);
		}
	}
	new_cycle(w, now);
}

void worker_lat_complete(struct worker *w, const struct io_req *req, uint64_t now)
{
	const struct job *job = w->job;
	uint64_t lat = now - req->t_start;

	w->lat.ios++;
	if (lat <= job->latency_target_ns)
		return;
	if (job->latency_percentile < 100.0) {
		w->lat.failed++;
		return;
	}
	if (!ramp_down(w, now) || w->error)
		return;
	w->error = -ETIMEDOUT;
	diag_set(&w->diag, &job->loc,
		 "job '%s': latency of %llu ns exceeds latency_target %llu ns at depth 1",
		 job->name, (unsigned long long)lat,
		 (unsigned long long)job->latency_target_ns);
	atomic_store_explicit(w->stop, true, memory_order_relaxed);
}

void worker_lat_check(struct worker *w, uint64_t now)
{
	const struct job *job = w->job;
	struct wlat *l = &w->lat;
	uint64_t ios = l->ios - l->ios_start;

	if (l->done || now - l->window_start_ns < job->latency_window_ns || !ios)
		return;
	if ((double)(ios - l->failed) * 100.0 / (double)ios >= job->latency_percentile)
		ramp_up(w, now);
	else
		ramp_down(w, now);
}
