/* SPDX-License-Identifier: MIT */
/*
 * ss_watch.h - steady-state detection over a phase's workers (fio's
 * steadystate_check(): the ss, ss_dur and ss_ramp options).
 *
 * A job with a window of at least a second (ss_dur) is watched alone, or,
 * with group_reporting, together with its reporting group as one unit.
 * Once a second per unit, from the first start of one of its workers, the
 * sampler thread (sampler.h) calls ss_watch_tick(): for each running
 * worker whose ss_ramp is over (it is over at the first check at least
 * ss_ramp + 1 s after the worker's start or the end of its ramp_time, as
 * in fio) the I/Os and bytes of both directions since the previous check
 * become a rate, the unit's rates add up, and the sum goes into the
 * unit's window (measure/steadystate.h).  When the criterion holds, every
 * worker of the unit is told to stop through its ss_stop flag and ends as
 * at its runtime.  The workers' live counters are read as the sampler
 * reads them (relaxed atomics); nothing is added to their I/O path but
 * the flag.
 *
 * Usage (runner, per phase):
 *   ss_watch_init(&ss, workers, n);   after worker_init(), before the
 *                                     threads start; sets workers' ss_stop
 *   ... the sampler thread ticks it while the workers run ...
 *   ... join every worker, stop the sampler ...
 *   ss_watch_finish(&ss);             results into workers[k].stats.ss
 *   ss_watch_release(&ss);
 */
#ifndef IOSTRESS_SS_WATCH_H
#define IOSTRESS_SS_WATCH_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "measure/steadystate.h"

struct worker;

/* One watched worker. */
struct ss_member {
	struct worker *w;
	uint64_t start_ns;	/* the live_start_ns followed; 0 = none yet */
	uint64_t prev_ns;	/* the previous check (or start_ns) */
	uint64_t prev_ios, prev_bytes;
	bool ramp_over;
};

/* One job, or one reporting group with group_reporting. */
struct ss_unit {
	struct ss_window win;
	uint64_t ramp_ns;
	unsigned first, nr;	/* its members, members[first..first+nr) */
	uint64_t next_ns;	/* the next check; 0 = no member started */
	bool over;		/* attained, or every member ended */
};

struct ss_watch {
	struct ss_member *members;
	unsigned nr_members;
	struct ss_unit *units;
	unsigned nr_units;
	atomic_bool *stops;	/* one per member */
	uint64_t interval_ns;	/* the check period: 1 s */
};

/* ss_watch_init - find the watched jobs among workers[0..n) and point
 * their ss_stop at a flag.  Returns 0 (with no unit when no job asks)
 * or -ENOMEM (nothing left allocated). */
int ss_watch_init(struct ss_watch *s, struct worker *workers, unsigned n);

/* ss_watch_tick - the checks due at now (clock_now_ns() time line); the
 * time of the next one, UINT64_MAX when none is due. */
uint64_t ss_watch_tick(struct ss_watch *s, uint64_t now);

/* ss_watch_finish - give every watched worker's stats (stats.ss) its
 * unit's result.  The workers must have ended and the ticks stopped.
 * Returns 0 or -ENOMEM (those left without a result report none). */
int ss_watch_finish(struct ss_watch *s);

/* ss_watch_release - free everything; safe on a zeroed watch. */
void ss_watch_release(struct ss_watch *s);

#endif
