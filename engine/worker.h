/* SPDX-License-Identifier: MIT */
/*
 * worker.h - one job clone running in its own thread.
 *
 * The runner fills in job, backend and the gate, then starts the thread
 * at worker_main().  The worker opens and lays out its files, allocates its
 * requests and aligned buffers, initialises its backend, waits at the
 * gate with the rest of its phase, and then loops:
 *
 *   choose direction, offset and length -> queue -> commit -> reap ->
 *   timestamp -> record into w->stats
 *
 * until its size, io budget or runtime is used up.  Nothing on that loop
 * locks, allocates or makes a syscall the backend does not need.
 */
#ifndef IOSTRESS_WORKER_H
#define IOSTRESS_WORKER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "cycles.h"
#include "diag.h"
#include "gate.h"
#include "io.h"
#include "job.h"
#include "offset.h"
#include "rand.h"
#include "stats.h"

struct backend_ops;

struct worker {
	/* --- set by the runner before the thread starts --- */
	const struct job *job;
	const struct backend_ops *be;
	struct gate *start_gate;		/* shared by the phase */
	atomic_bool *stop;			/* runner-wide stop request; a worker
					 * whose setup fails sets it */
	unsigned index;				/* position in the job list */

	/* --- backend state --- */
	void *be_data;			/* owned by the backend */

	/* --- files --- */
	struct wfile *files;
	unsigned nr_files;

	/* --- requests --- */
	struct io_req *reqs;		/* iodepth entries */
	struct io_req **free_reqs;	/* stack of idle requests */
	unsigned nr_free;
	struct io_req **reaped;		/* scratch for reap(): iodepth slots */
	struct io_req **uncommitted;	/* queued since the last commit */
	unsigned nr_uncommitted;
	unsigned inflight;		/* queued, not yet reaped */
	struct io_req *pending;		/* prepared but refused with BUSY */
	bool low_wait;			/* queue was full: refill only at
					 * iodepth_low (fio semantics) */
	void *buf_mem;			/* one aligned block for all buffers */
	uint64_t buf_size;		/* bytes per request buffer */
	unsigned buf_align;

	/* --- workload state --- */
	struct offset_gen gen[DDIR_NR];	/* sequential: per direction;
					 * random: gen[0] shared */
	struct rng rng;			/* direction choice */
	bool shared_gen;		/* random with equal bs: gen[0] serves
					 * both directions */
	uint64_t bytes_issued;		/* toward bytes_budget */
	uint64_t bytes_budget;		/* bytes to move; 0 = time-bound only */
	uint64_t deadline_ns;		/* absolute end for runtime, 0 = none */
	uint64_t ramp_end_ns;		/* absolute end of ramp, 0 = none */
	uint64_t start_ns;		/* start of the measured period */
	struct cpu_usage cpu_start;	/* thread CPU at start_ns */

	/* --- results --- */
	struct job_stats stats;
	struct diag diag;		/* why the worker failed */
	int error;			/* 0 or -errno */
	pthread_t thread;
	bool started;

	/* --- live counters, read by the sampler thread (sampler.h) ---
	 * Stored with relaxed order after each completion, from w->stats.  At
	 * the start of the measured period (run start, then again at the end
	 * of the ramp, after zeroing the four counters) the worker stores
	 * live_start_ns with memory_order_release, after deadline_ns is set;
	 * at the end of its run it sets live_done. */
	atomic_uint_fast64_t live_dir_ios[DDIR_NR];
	atomic_uint_fast64_t live_dir_bytes[DDIR_NR];
	atomic_uint_fast64_t live_start_ns;	/* clock_now_ns(); 0 = not running */
	atomic_bool live_done;
	struct cycles_thread cycles;	/* thread cycles sampler (cycles.h) */
};

/* worker_init - prepare w for job (no files touched, nothing allocated
 * beyond the stats).  Returns 0 or -ENOMEM. */
int worker_init(struct worker *w, const struct job *job, unsigned index);

/* worker_setup - open and lay out files, allocate requests and buffers,
 * init the backend.  Runs in the worker thread before the gate.
 * Returns 0 or -errno with w->diag set. */
int worker_setup(struct worker *w);

/* worker_main - pthread entry point: setup, gate, run, teardown.
 * Always passes the gate, even when setup fails, so the phase is never
 * left waiting. */
void *worker_main(void *arg);

/* worker_file_path - the path of the job's data file: filename= (under
 * directory= when relative), or fio's default jobname.N.0.  Returns a
 * malloc'd string, or NULL on ENOMEM. */
char *worker_file_path(const struct job *job);

/* worker_release - free everything, close files.  Safe on a worker whose
 * setup failed part way. */
void worker_release(struct worker *w);

#endif
