/* SPDX-License-Identifier: MIT */
/*
 * rate.h - when the next I/O may go: rate, rate_iops, rate_min,
 * rate_process and thinktime.
 *
 * The parser fills a struct rate_spec.  The worker owns one struct
 * rate_state, set up by rate_state_init() when its measured period starts.
 * rate_active() and think_active() are the single branch the hot path pays
 * when nothing is limited.
 *
 * fio semantics reproduced here (fio 3.33 HOWTO "I/O rate", io_u.c and
 * backend.c):
 *
 *   Schedule.  Each direction with a limit has an absolute schedule measured
 *   from the start of the job: with rate_process=linear (the default) the
 *   I/O that follows B issued bytes is due at B / rate seconds, so the first
 *   I/O goes at once and a job that fell behind (a slow device, a thinktime)
 *   catches up by issuing without waiting.  rate_iops=N becomes a byte rate
 *   of N * the direction's minimum block size, except with bssplit and no
 *   rate=, where fio spaces I/Os by exactly 1/N s each; with
 *   rate_process=poisson the gaps are exponential with mean 1/IOPS
 *   (IOPS = bytes/s / minimum block size), accumulated from the start.  A
 *   direction without a limit is always due.
 *
 *   Mixed workloads.  fio first picks the direction from rwmixread, then
 *   (rate_ddir()): if that direction is due, it goes; otherwise if the other
 *   direction is due (and has a mix share) it goes instead; otherwise the
 *   worker waits for whichever is due first and issues that one.
 *   rate_pick() returns that choice and the wait.
 *
 *   Waiting.  Before sleeping for a rate, fio completes everything in flight
 *   (io_u_quiesce) with the default inline submit mode.  The worker should
 *   do the same: reap all, then sleep the returned wait.
 *
 *   rate_min / rate_iops_min.  As fio's check_min_rate(): nothing during
 *   the first 2 s (the settle period); the first check after it starts a
 *   sample; then every rate_cycle (default 1000 ms) the completed bytes
 *   (or I/Os, for rate_iops_min when there is no rate_min) of each
 *   direction with a floor are compared with the floor over the time since
 *   the last check.  Below the floor the job fails with EIO.
 *
 *   thinktime.  After every thinktime_blocks (default 1) completed I/Os
 *   (thinktime_blocks_type=complete, fio's default; "issue" counts issued
 *   I/Os), the worker completes everything in flight, then spins for
 *   thinktime_spin and sleeps for the rest of thinktime (the spin is part
 *   of thinktime, not added to it).  Only reads and writes count.  Rates
 *   then catch up (rate_ignore_thinktime is not supported).
 */
#ifndef IOSTRESS_RATE_H
#define IOSTRESS_RATE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/io.h"
#include "lib/rand.h"

struct diag;

enum rate_process {
	RATE_LINEAR = 0,	/* default */
	RATE_POISSON,
};

/* What the job file asked for.  Zero means "not set" everywhere except
 * rate_cycle_ns and thinktime_blocks, whose defaults job_init() should set
 * (1000 ms and 1); rate_state_init() also treats 0 as the default. */
struct rate_spec {
	uint64_t rate[DDIR_NR];		/* rate=: bytes/s cap per direction */
	uint64_t rate_iops[DDIR_NR];	/* rate_iops=: I/O/s cap; ignored for a
					 * direction that also has rate= */
	uint64_t rate_min[DDIR_NR];	/* rate_min=: bytes/s floor */
	uint64_t rate_iops_min[DDIR_NR];	/* rate_iops_min=: I/O/s floor */
	enum rate_process process;	/* rate_process= */
	uint64_t rate_cycle_ns;		/* rate_cycle= (given in ms); 0 = 1 s */
	uint64_t thinktime_ns;		/* thinktime= (µs without a unit); 0 = off */
	uint64_t thinktime_spin_ns;	/* thinktime_spin=; part of thinktime */
	uint64_t thinktime_blocks;	/* thinktime_blocks=; 0 = 1 */
	bool thinktime_issue;		/* thinktime_blocks_type=issue; default
					 * false = complete */
};

/* Runtime state of one worker. */
struct rate_state {
	bool active;			/* some direction has a cap */
	bool think;			/* thinktime set */
	bool floor;			/* some direction has a floor */
	uint64_t start_ns;		/* the schedule's origin */
	/* the cap, per direction */
	uint64_t bps[DDIR_NR];		/* bytes/s; 0 = none */
	uint64_t gap_ns[DDIR_NR];	/* fixed per-I/O gap (rate_iops with
					 * bssplit), 0 = by bytes */
	double mean_gap_ns[DDIR_NR];	/* poisson: mean gap */
	bool poisson;
	uint64_t issued[DDIR_NR];	/* bytes issued so far */
	uint64_t next_ns[DDIR_NR];	/* due time of the next I/O, relative
					 * to start_ns */
	struct rng rng;			/* poisson gaps */
	/* the floor */
	uint64_t min_bps[DDIR_NR];
	uint64_t min_iops[DDIR_NR];
	uint64_t cycle_ns;
	uint64_t check_ns;		/* start of the current sample */
	bool sampling;			/* a sample has been started */
	uint64_t last_bytes[DDIR_NR];
	uint64_t last_ios[DDIR_NR];
	/* thinktime */
	uint64_t think_ns;
	uint64_t spin_ns;
	uint64_t think_blocks;
	bool think_issue;
	uint64_t think_last;		/* block count at the last stall */
};

/*
 * rate_state_init - prepare s from spec.  min_bs[] is the smallest block
 * size of each direction (bsgen.h bs_gen_min()); has_split[] says whether
 * the direction uses bssplit.  now_ns is the start of the measured period
 * (call again at the end of ramp_time); seed feeds the poisson gaps.
 * Returns 0, or -EINVAL with a message in d (may be NULL) when thinktime_spin
 * exceeds thinktime or a rate_iops cap cannot be converted (min_bs 0).
 */
int rate_state_init(struct rate_state *s, const struct rate_spec *spec,
		    const uint64_t min_bs[DDIR_NR], const bool has_split[DDIR_NR],
		    uint64_t now_ns, uint64_t seed, struct diag *d);

/* rate_active - false when no direction has a cap: the worker skips every
 * other call below except rate_issued(), which it may skip too. */
static inline bool rate_active(const struct rate_state *s)
{
	return s->active;
}

/* rate_due_ns - absolute time (clock_now_ns() scale) at which the next I/O
 * of ddir is due; start_ns when the direction has no cap. */
static inline uint64_t rate_due_ns(const struct rate_state *s, unsigned ddir)
{
	return s->start_ns + s->next_ns[ddir];
}

/*
 * rate_pick - fio's rate_ddir(): given the direction the mix chose, return
 * the direction to issue and set *wait_ns to how long to wait first (0 =
 * go now).  mixed is true when the job reads and writes and the other
 * direction has a non-zero mix share.
 */
unsigned rate_pick(const struct rate_state *s, unsigned ddir, bool mixed,
		   uint64_t now_ns, uint64_t *wait_ns);

/*
 * rate_issued - account an I/O of bytes in ddir that was just issued and
 * move the direction's schedule on.  Call it for every read and write when
 * rate_active().
 */
void rate_issued(struct rate_state *s, unsigned ddir, uint64_t bytes);

/*
 * rate_check_min - the rate_min / rate_iops_min check.  done_bytes[] and
 * done_ios[] are the totals completed so far in the measured period.  Does
 * nothing until a full cycle has passed since the last check.  Returns 0,
 * or -EIO with a message in d naming the direction, the rate achieved and
 * the floor.  Cheap to call after each reap when s->floor is set.
 */
int rate_check_min(struct rate_state *s, uint64_t now_ns,
		   const uint64_t done_bytes[DDIR_NR],
		   const uint64_t done_ios[DDIR_NR], struct diag *d);

/* think_active - thinktime is set. */
static inline bool think_active(const struct rate_state *s)
{
	return s->think;
}

/*
 * think_due - call after each read or write is issued (or completed) with
 * the count of read+write I/Os completed so far (issued so far with
 * thinktime_blocks_type=issue).  True when a stall is due: the worker then
 * reaps everything in flight and calls think_take().
 */
static inline bool think_due(const struct rate_state *s, uint64_t blocks)
{
	return s->think && blocks >= s->think_last + s->think_blocks;
}

/*
 * think_take - record the stall at blocks and return how long to spin
 * (*spin_ns, busy-waiting on the clock) and then sleep (*sleep_ns).
 */
void think_take(struct rate_state *s, uint64_t blocks, uint64_t *spin_ns,
		uint64_t *sleep_ns);

/* rate_spin_ns - busy-wait ns nanoseconds on clock_now_ns(). */
void rate_spin_ns(uint64_t ns);

/* rate_sleep_ns - sleep ns nanoseconds (clock_nanosleep, restarted after a
 * signal).  Returns 0 or -errno. */
int rate_sleep_ns(uint64_t ns);

#endif
