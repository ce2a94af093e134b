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

#include "backends/backend.h"
#include "workload/blockmap.h"
#include "workload/bsgen.h"
#include "measure/cycles.h"
#include "lib/diag.h"
#include "workload/filesel.h"
#include "run/flow.h"
#include "run/gate.h"
#include "lib/io.h"
#include "job/job.h"
#include "workload/offset.h"
#include "lib/rand.h"
#include "workload/rate.h"
#include "measure/stats.h"

struct iolog_set;
struct wverify_async;

/*
 * Per-file workload state of one worker (worker_files.c sets it up,
 * worker_offsets.c uses it).  Reset at the start of every pass.
 */
struct wfile_io {
	uint64_t last_pos[DDIR_NR];	/* absolute end of the last sequential
					 * I/O per direction (fio's last_pos) */
	uint64_t last_start[DDIR_NR];	/* absolute start of the last I/O */
	struct offset_gen rgen[DDIR_NR];	/* random blocks; [0] serves both
					 * directions when shared_gen */
	uint64_t rdraws[DDIR_NR];	/* random blocks drawn this pass */
	struct blockmap map;		/* fio's random map of a random job of
					 * several block sizes, else empty */
	struct dist_gen *dist[DDIR_NR];	/* non-uniform distribution, or NULL */
	bool done;			/* no more I/O in this pass */
	uint64_t start_offset;		/* io_offset as set up; zonemode=strided
					 * moves io_offset zone by zone and
					 * wraps back here */
};

/* One block written with a verify header, to be read back (worker_verify.c). */
struct wverify_ent {
	uint64_t offset;		/* absolute byte offset */
	uint32_t len;
	uint32_t file;			/* index in w->files */
};

/* Verify state of one worker (worker_verify.c). */
struct wverify {
	bool on;			/* verify= set */
	bool log;			/* writes are logged for a read-back */
	bool check_reads;		/* every read is checked as it completes
					 * (the job only reads, or only
					 * writes); else only read-backs */
	bool reading;			/* prep hands out read-backs of the log */
	bool final;			/* the read-back after a pass: the end
					 * of the log ends the phase */
	uint64_t backlog;		/* verify_backlog; 0 = off */
	uint64_t batch;			/* verify_backlog_batch */
	uint64_t batch_end;		/* end of the backlog batch being read */
	uint64_t gen;			/* generation written / expected */
	struct wverify_ent *ents;	/* logged at write completion */
	uint64_t nr, cap;
	uint64_t pos;			/* next entry to read back */
	uint64_t failures;
	uint64_t failures_ignored;	/* continue_on_error went on after */
	struct diag first;		/* the first failure */
	struct wverify_async *async;	/* verify_async threads; NULL = the
					 * worker checks its reads inline */
};

/* latency_target state (worker_lat.c; fio's latency_qd and friends). */
struct wlat {
	bool on;			/* latency_target set */
	bool end_run;			/* the depth is found: a last window */
	bool done;			/* ... and that window is over */
	unsigned qd;			/* the depth now; without a target,
					 * the worker's depth */
	unsigned qd_low, qd_high;	/* the range being bisected */
	unsigned stable;		/* successes in a row just below high */
	uint64_t ios;			/* data I/Os completed */
	uint64_t ios_start;		/* ios when the window began */
	uint64_t failed;		/* the window's I/Os over the target */
	uint64_t window_start_ns;
};

struct worker {
	/* --- set by the runner before the thread starts --- */
	const struct job *job;
	const struct backend_ops *be;
	struct gate *start_gate;		/* shared by the phase */
	atomic_bool *stop;			/* runner-wide stop request; a worker
					 * whose setup fails sets it */
	struct flow *flow;			/* the job's flow (flow.h), shared
					 * with the phase; NULL without */
	atomic_bool *group_stop;		/* exitall: set when a job of the
					 * group ends, and the group stops;
					 * NULL without exitall */
	atomic_bool *phase_stops;		/* exitall: the phase's group flags,
					 * all set by exit_what=stonewall|all */
	unsigned phase_stops_nr;
	atomic_bool *run_stop;			/* exitall: set by exit_what=all, the
					 * phases after are skipped */
	atomic_bool *ss_stop;			/* set when the job's (or its
					 * group's) steady state is attained
					 * (ss_watch.h); NULL without ss */
	const struct worker *waitees;		/* wait_for: the workers of the
					 * waitee's clones, in this phase;
					 * NULL = none (or an earlier phase) */
	unsigned nr_waitees;
	unsigned index;				/* position in the job list */

	/* --- backend --- */
	struct be_ctx bctx;		/* what the backend sees of this worker;
					 * filled in by worker_setup() */

	/* --- files --- */
	struct wfile *files;
	unsigned nr_files;

	/* --- requests --- */
	struct io_req *reqs;		/* depth entries */
	unsigned depth;			/* iodepth; 1 for a BE_F_SYNC backend */
	struct io_req **free_reqs;	/* stack of idle requests */
	unsigned nr_free;
	struct io_req **reaped;		/* scratch for reap(): depth slots */
	struct io_req **uncommitted;	/* queued, not yet submitted, oldest
					 * first */
	unsigned nr_uncommitted;
	unsigned inflight;		/* queued, not yet reaped (includes the
					 * uncommitted) */
	unsigned stalls;		/* commits in a row that submitted
					 * nothing with nothing to reap */
	struct io_req *pending;		/* prepared but refused with BUSY */
	bool low_wait;			/* queue was full: refill only at
					 * iodepth_low (fio semantics) */
	void *buf_mem;			/* one aligned block for all buffers */
	uint64_t buf_size;		/* bytes per request buffer */
	unsigned buf_align;

	/* --- workload state --- */
	uint64_t seed;			/* base of every seed (lib/seed.h):
					 * randseed, or fixed per job name and
					 * clone under randrepeat, as fio */
	struct offset_gen gen[DDIR_NR];	/* simple path: sequential per
					 * direction; random: gen[0] shared */
	struct rng rng;			/* direction choice */
	struct rng bs_rng;		/* block sizes */
	struct rng off_rng;		/* distributions, percentage_random */
	struct rng fs_rng;		/* file service */
	struct rng buf_rng;		/* refill_buffers */
	bool shared_gen;		/* random with equal bs: gen[0] serves
					 * both directions */
	bool simple;			/* one file, fixed bs, nothing else:
					 * the inline prep path (worker.c) */
	uint64_t bytes_issued;		/* data bytes issued, cumulative */
	uint64_t bytes_budget;		/* issue while bytes_issued is below;
					 * UINT64_MAX = time-bound only */
	uint64_t ios_issued;		/* reads and writes issued, cumulative */
	uint64_t ios_limit;		/* number_ios * loops; UINT64_MAX = off */
	uint64_t total_limit;		/* (io_size or size) * loops */
	uint64_t pass_limit;		/* bytes per pass (fio's do_io) */
	uint64_t size;			/* the job's size after file setup */
	uint64_t max_bs;		/* largest block of any direction */
	unsigned loops_left;
	unsigned seq_nr_left;		/* rw=randread:N countdown */
	bool pass_done;			/* every file is done */
	unsigned last_ddir;		/* direction of the last data I/O */
	uint64_t writes_issued;		/* for fsync= / fdatasync= */
	uint64_t zone_bytes;		/* zonemode=strided: bytes issued in
					 * the current zone (fio's zone_bytes) */
	uint64_t zone_nr;		/* zones started, for their seeds */
	uint64_t flow_count;		/* I/Os counted in the flow */
	struct rng dd_rng;		/* dedupe: which writes repeat, which
					 * working-set block */
	uint64_t dd_prev;		/* the seed of the last unique write */
	uint64_t dd_blocks;		/* working set: its blocks */
	bool dd_any;			/* a unique write has been made */
	uint64_t dd_unique;		/* unique writes made */
	unsigned nr_jobs;		/* jobs in the run (fio's thread_number),
					 * for dedupe_global; 0 = unknown */
	uint16_t ioprio;		/* the job's default I/O priority
					 * (prio/prioclass), 0 = none */
	bool cmdprio_on;		/* cmdprio_percentage: worker_cmdprio()
					 * picks each I/O's priority */
	uint16_t cmdprio_val[DDIR_NR];	/* the priority it gives */
	struct rng prio_rng;		/* cmdprio: which I/Os get it */
	struct bs_gen bsg;
	struct filesel fsel;
	struct wfile_io *fio;		/* nr_files entries */
	struct wverify verify;
	struct wlat lat;
	struct rate_state rate;
	bool paced;			/* rate or thinktime active */
	uint64_t pace_until_ns;		/* a rate wait: sleep until then */
	uint64_t think_spin_ns;		/* a due thinktime: spin this long */
	uint64_t think_sleep_ns;	/* ... then sleep this long */
	bool slow_complete;		/* verify, logs, or a writing job's
					 * first write not yet completed:
					 * worker_complete() takes its
					 * out-of-line branch */
	char *buf_pattern;		/* refill source for compressible data */
	struct iolog_set *logs;		/* NULL = no logs */
	uint64_t deadline_ns;		/* absolute end for runtime, 0 = none */
	uint64_t ramp_end_ns;		/* absolute end of ramp, 0 = none */
	uint64_t start_ns;		/* start of the measured period */
	struct cpu_usage cpu_start;	/* thread CPU at start_ns */
	struct cpu_usage be_cpu_start;	/* the backend's threads' CPU then
					 * (offload's submit threads) */

	/* --- results --- */
	struct job_stats stats;
	struct diag diag;		/* why the worker failed */
	int error;			/* 0 or -errno */
	pthread_t thread;

	/* --- live counters, read by the sampler thread (sampler.h) ---
	 * Stored with relaxed order after each completion, from w->stats.  At
	 * the start of the measured period (run start, then again at the end
	 * of the ramp, after zeroing the counters) the worker stores
	 * live_start_ns with memory_order_release, after deadline_ns is set;
	 * at the end of its run it sets live_done. */
	atomic_uint_fast64_t live_dir_ios[DDIR_NR];
	atomic_uint_fast64_t live_dir_bytes[DDIR_NR];
	atomic_uint_fast64_t live_dir_clat_ns[DDIR_NR];	/* clat, summed */
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

/* worker_file_path - the path of the job's first data file: the first
 * name of filename= (under the first directory= when relative), or
 * filename_format (default fio's jobname.N.0).  Returns a malloc'd
 * string, or NULL on ENOMEM. */
char *worker_file_path(const struct job *job);

/* worker_file_name - the path of file number i (0..nr-1) of job, as fio
 * names it (see worker_files.c).  Returns a malloc'd string or NULL. */
char *worker_file_name(const struct job *job, unsigned i);

/* worker_release - free everything, close files.  Safe on a worker whose
 * setup failed part way. */
void worker_release(struct worker *w);

#endif
