/* SPDX-License-Identifier: MIT */
/*
 * sampler.h - the runner-side thread that watches a phase's workers.
 *
 * Once a second per worker it reads the worker's live counters (worker.h:
 * live_dir_ios, live_dir_bytes; relaxed atomics, no locks on the workers'
 * side) and records one bandwidth and one IOPS sample per direction that
 * moved data in that second (rate_stat.h).  A worker's seconds count from
 * its live_start_ns, so a ramp (which restarts live_start_ns and zeroes
 * the counters) discards what was sampled before it, as fio does.  The
 * last, partial second of a worker is not sampled (fio neither).
 *
 * On the same thread it ticks the phase's steady-state checks
 * (ss_watch.h), when given them, and drives the status line (status.h) when given a
 * stream: the phase's running workers, the last second's read and write
 * bandwidth and IOPS, percent done and ETA.  Percent done is the mean
 * over the phase's workers of each one's progress: the larger of its time
 * (toward ramp_time + runtime) and its bytes (toward its byte budget).
 * ETA is the longest estimated time left of any worker.
 *
 * Usage (runner, per phase):
 *   sampler_start(&s, workers, n, &opts);   after the workers are inited,
 *                                           before or after they start
 *   ... join every worker ...
 *   sampler_stop(&s);                       writes workers[k].stats.rates
 *   ... collect the workers' stats ...
 */
#ifndef IOSTRESS_SAMPLER_H
#define IOSTRESS_SAMPLER_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "measure/rate_stat.h"
#include "measure/status.h"

struct worker;
struct ss_watch;

struct sampler_opts {
	uint64_t interval_ns;	/* sample period; 0 = 1 s */
	FILE *status;		/* where the status line goes; NULL = none
				 * (see status_enabled()) */
	/* emit - when set, called with each status snapshot instead of
	 * printing a line (a worker streams them to its host); status is
	 * then ignored.  Runs on the sampler thread. */
	void (*emit)(const struct status_snapshot *snap, void *arg);
	void *emit_arg;
	struct ss_watch *ss;	/* steady-state checks to tick (ss_watch.h);
				 * NULL = none */
};

/* What the sampler keeps per worker. */
struct sampler_slot {
	uint64_t start_ns;		/* live_start_ns it follows; 0 = none */
	uint64_t last_ns;		/* end of the last sampled interval */
	uint64_t next_ns;		/* when the next sample is due */
	uint64_t last_ios[DDIR_NR];
	uint64_t last_bytes[DDIR_NR];
	bool done;			/* the worker finished */
	struct rate_samples rates;
};

struct sampler {
	struct worker *workers;		/* borrowed */
	unsigned nr;
	struct sampler_slot *slots;	/* nr entries */
	uint64_t interval_ns;
	FILE *status;
	void (*emit)(const struct status_snapshot *snap, void *arg);
	void *emit_arg;
	struct ss_watch *ss;		/* borrowed; NULL = none */
	uint64_t next_status_ns;
	uint64_t status_last_ns;	/* status interval bookkeeping */
	uint64_t status_ios[DDIR_NR], status_bytes[DDIR_NR];
	bool status_shown;		/* a line is on screen */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool stop;			/* under lock */
	bool running;			/* thread started */
};

/*
 * sampler_start - start watching workers[0..nr).  Returns 0 or -errno
 * (nothing left allocated or running).
 */
int sampler_start(struct sampler *s, struct worker *workers, unsigned nr,
		  const struct sampler_opts *opts);

/*
 * sampler_stop - stop the thread, clear the status line, and store each
 * worker's samples in workers[k].stats.rates (replacing what was there).
 * The workers' threads must have been joined.  Frees everything; safe on
 * a sampler whose start failed or that was zeroed.
 */
void sampler_stop(struct sampler *s);

/* ------------------------------------------------------------------------
 * The thread's steps, exposed for the tests (call without a thread:
 * sampler_init(), ticks with chosen times, sampler_release()).
 */

/* sampler_init - sampler_start() without the thread.  Returns 0 or
 * -ENOMEM. */
int sampler_init(struct sampler *s, struct worker *workers, unsigned nr,
		 const struct sampler_opts *opts);

/* sampler_tick - take the samples due at now (clock_now_ns() time line)
 * and return when the next one is due (UINT64_MAX: no worker running
 * yet or all done). */
uint64_t sampler_tick(struct sampler *s, uint64_t now);

/* sampler_snapshot - the status line's figures at now, over the interval
 * since the previous snapshot (the first one since sampler_init). */
void sampler_snapshot(struct sampler *s, uint64_t now, struct status_snapshot *snap);

/* sampler_release - copy the samples into the workers' stats (as
 * sampler_stop) and free the slots. */
void sampler_release(struct sampler *s);

/*
 * sampler_live_sum - the live totals of workers[0..n) since each one's
 * start (or the end of its ramp), per direction: I/Os, bytes and the sum
 * of their completion latencies.  Safe from any thread while the workers
 * exist; the figures of a worker still running are those of a moment
 * during the call.
 */
void sampler_live_sum(const struct worker *workers, unsigned n,
		      uint64_t ios[DDIR_NR], uint64_t bytes[DDIR_NR],
		      uint64_t clat_ns[DDIR_NR]);

#endif
