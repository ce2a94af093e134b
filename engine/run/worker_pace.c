/* SPDX-License-Identifier: MIT */
/*
 * worker_pace.c - rate= / rate_iops=, rate_min= and thinktime: whether the
 * next I/O must wait (worker_pace_check(), from the general prep path),
 * and the wait itself (worker_pace_wait(), from the loop in worker.c once
 * it has reaped everything in flight, as fio does).
 */
#include <errno.h>
#include <string.h>

#include "measure/clock.h"
#include "run/worker_impl.h"

int worker_pace_check(struct worker *w, unsigned *ddir, uint64_t now)
{
	struct rate_state *rs = &w->rate;
	uint64_t wait = 0;

	if (rs->floor) {
		uint64_t bytes[DDIR_NR], ios[DDIR_NR];

		for (unsigned d = 0; d < DDIR_NR; d++) {
			bytes[d] = w->stats.dir[d].bytes;
			ios[d] = w->stats.dir[d].ios;
		}
		if (rate_check_min(rs, now, bytes, ios, &w->diag)) {
			char msg[sizeof(w->diag.msg)];

			memcpy(msg, w->diag.msg, sizeof(msg));
			diag_set(&w->diag, &w->job->loc, "job '%s': %s",
				 w->job->name, msg);
			w->error = -EIO;
			atomic_store_explicit(w->stop, true, memory_order_relaxed);
			return PREP_END;
		}
	}
	if (think_active(rs)) {
		uint64_t blocks = rs->think_issue ? w->ios_issued :
				  w->stats.dir[DDIR_READ].ios + w->stats.dir[DDIR_WRITE].ios +
				  w->stats.dir[DDIR_TRIM].ios;

		if (think_due(rs, blocks)) {
			think_take(rs, blocks, &w->think_spin_ns, &w->think_sleep_ns);
			return PREP_WAIT;
		}
	}
	if (rate_active(rs)) {
		*ddir = rate_pick(rs, *ddir,
				  (w->job->rw & (RW_READ | RW_WRITE)) == (RW_READ | RW_WRITE),
				  now, &wait);
		if (wait) {
			w->pace_until_ns = now + wait;
			return PREP_WAIT;
		}
	}
	return PREP_OK;
}

/* pace_sleep - sleep ns in slices of at most PACE_SLICE_NS, ending early
 * when the run or the job's group stops (exitall, exit_what) or steady
 * state is attained: a rate of a
 * few bytes a second may mean a wait of many seconds (fio's usec_sleep()
 * checks td->terminate between slices as well). */
#define PACE_SLICE_NS	(100 * NS_PER_MSEC)

static int pace_sleep(const struct worker *w, uint64_t ns)
{
	int ret = 0;

	while (ns && !ret) {
		uint64_t slice = ns < PACE_SLICE_NS ? ns : PACE_SLICE_NS;

		if (worker_halted(w))
			break;
		ret = rate_sleep_ns(slice);
		ns -= slice;
	}
	return ret;
}

int worker_pace_wait(struct worker *w)
{
	int ret = 0;

	if (w->think_spin_ns || w->think_sleep_ns) {
		if (w->think_spin_ns)
			rate_spin_ns(w->think_spin_ns);
		if (w->think_sleep_ns)
			ret = pace_sleep(w, w->think_sleep_ns);
		w->think_spin_ns = w->think_sleep_ns = 0;
	}
	if (w->pace_until_ns) {
		uint64_t now = clock_now_ns();

		if (now < w->pace_until_ns)
			ret = pace_sleep(w, w->pace_until_ns - now);
		w->pace_until_ns = 0;
	}
	return ret;
}
