/* SPDX-License-Identifier: MIT */
/*
 * worker.c - the I/O loop of one job clone.  This is where an I/O is
 * chosen, handed to the backend, timed and recorded.
 *
 * Hot path rules: no locks, no allocation, no syscalls beyond the
 * backend's own; the clock is read once when a request is prepared, once
 * after a batch is committed (asynchronous backends) and once per reap.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "backends/backend.h"
#include "measure/clock.h"
#include "measure/cpu.h"
#include "measure/iolog.h"
#include "lib/seed.h"
#include "lib/units.h"
#include "workload/rate.h"
#include "run/worker_prep.h"
#include "run/worker_prio.h"

/* ------------------------------------------------------------------ */
/* Choosing the next I/O                                               */

static inline bool worker_more_to_issue(const struct worker *w, uint64_t now)
{
	if (worker_halted(w))
		return false;
	if (w->deadline_ns && now >= w->deadline_ns)
		return false;
	return w->bytes_issued < w->bytes_budget;
}

/* worker_prep - the simple path inline (one file, fixed bs, no extras);
 * everything else in worker_prep.c.  Returns PREP_*. */
static inline int worker_prep(struct worker *w, struct io_req *req, uint64_t now)
{
	unsigned ddir;
	uint64_t bs;

	if (__builtin_expect(!w->simple, 0))
		return worker_prep_full(w, req, now);
	ddir = worker_pick_ddir(w);
	bs = w->job->bs[ddir];
	req->file = w->files;
	req->ddir = (uint8_t)ddir;
	req->len = (uint32_t)bs;
	req->offset = worker_simple_offset(w, ddir, bs);
	w->bytes_issued += bs;
	return PREP_OK;
}

/* ------------------------------------------------------------------ */
/* Completing an I/O                                                   */

/*
 * worker_io_error - req failed: -errno, or no byte at all moved by a data
 * request (fio's "full resid", an EIO).  The I/O still counts as issued
 * (fio's total_ios).  When continue_on_error covers the error's type it
 * is counted (fio's total_err, first_error) and, when it is one the job may
 * go on after (job_error_nonfatal()), that is all; otherwise the job stops
 * with it (fio's break_on_this_error()).
 */
/* io_error_text - "job 'J': write of N bytes at offset O of 'F' failed: E" */
static void io_error_text(const struct worker *w, const struct io_req *req,
			  int err, char *buf, size_t size)
{
	static const char *const names[] = { "read", "write", "trim", "fsync", "fdatasync" };

	snprintf(buf, size, "job '%s': %s of %u bytes at offset %llu of '%s' failed: %s",
		 w->job->name, names[req->ddir], req->len,
		 (unsigned long long)req->offset,
		 req->file->path ? req->file->path : "(null)",
		 req->result < 0 ? strerror(err) : "no data (end of file)");
}

static void worker_io_error(struct worker *w, const struct io_req *req)
{
	const struct job *job = w->job;
	int err = req->result < 0 ? (int)-req->result : EIO;
	char msg[DIAG_MSG_MAX];

	if (req->ddir < DDIR_NR)
		w->stats.dir[req->ddir].err_ios++;
	if (job->fill_device && (err == ENOSPC || err == EDQUOT)) {
		w->deadline_ns = 1;	/* full: the job ends, no error (fio) */
		return;
	}
	if (job->errors.continue_on & ERR_TYPE_BIT(job_error_type(req->ddir, err))) {
		stats_count_error(&w->stats, job_error_type(req->ddir, err), err);
		if (job_error_nonfatal(job, job_error_type(req->ddir, err), err)) {
			if (job->error_dump) {	/* fio's __io_u_log_error() */
				io_error_text(w, req, err, msg, sizeof(msg));
				err_printf("%s (the job goes on)", msg);
			}
			return;
		}
	}
	w->error = -err;
	io_error_text(w, req, err, msg, sizeof(msg));
	diag_set(&w->diag, &job->loc, "%s", msg);
	atomic_store_explicit(w->stop, true, memory_order_relaxed);
}

/* worker_cpu_begin - start measuring the CPU of the job's threads: the
 * worker's own, and the backend's submit threads (offload). */
static void worker_cpu_begin(struct worker *w)
{
	cpu_thread_sample(&w->cpu_start);
	memset(&w->be_cpu_start, 0, sizeof(w->be_cpu_start));
	if (w->be->thread_cpu)
		w->be->thread_cpu(&w->bctx, &w->be_cpu_start);
}

/* worker_cpu_end - what the job's threads used since worker_cpu_begin()
 * into the stats; the submit threads' CPU time counts in the job's thread
 * cycles too, at the TSC rate, as CPU time counts without a PMU. */
static void worker_cpu_end(struct worker *w)
{
	struct cpu_usage end, be_end = { 0 }, be;

	cpu_thread_sample(&end);
	cpu_usage_delta(&w->cpu_start, &end, &w->stats.cpu);
	if (!w->be->thread_cpu || w->be->thread_cpu(&w->bctx, &be_end))
		return;
	cpu_usage_delta(&w->be_cpu_start, &be_end, &be);
	cpu_usage_add(&w->stats.cpu, &be);
	if (w->stats.cycles.tsc_hz)
		w->stats.cycles.thread += cycles_from_ns(be.usr_ns + be.sys_ns,
							 w->stats.cycles.tsc_hz);
}

void worker_stats_restart(struct worker *w, uint64_t now)
{
	job_stats_reset(&w->stats);
	for (unsigned d = 0; d < DDIR_NR; d++) {
		atomic_store_explicit(&w->live_dir_ios[d], 0, memory_order_relaxed);
		atomic_store_explicit(&w->live_dir_bytes[d], 0, memory_order_relaxed);
		atomic_store_explicit(&w->live_dir_clat_ns[d], 0, memory_order_relaxed);
	}
	w->ramp_end_ns = 0;
	w->start_ns = now;
	if (w->logs)
		iolog_set_start(w->logs, now);
	worker_cpu_begin(w);
	cycles_thread_begin(&w->cycles);
	atomic_store_explicit(&w->live_start_ns, now, memory_order_release);
}

/*
 * worker_first_write - req is the worker's first completed write: keep its
 * clat in stats.first_write_ns and leave the slow path unless verify or logs
 * need it (worker_run() puts a writing job on it until then).
 */
static void worker_first_write(struct worker *w, const struct io_req *req,
			       uint64_t now)
{
	uint64_t clat = now - req->t_issue;

	w->stats.first_write_ns = clat ? clat : 1;	/* 0 means none */
	w->slow_complete = w->verify.on || w->logs || w->lat.on;
}

/* worker_complete_slow - verify and logs, for jobs that have them, and a
 * writing job's first write.  Returns true when a verify_async thread now
 * holds req (it comes back through worker_verify_async_collect()). */
static bool worker_complete_slow(struct worker *w, struct io_req *req,
				 uint64_t now, bool record_slat)
{
	bool check = false;

	if (req->ddir == DDIR_WRITE && !w->stats.first_write_ns)
		worker_first_write(w, req, now);
	if (w->verify.on) {
		if (req->ddir == DDIR_READ && (w->verify.check_reads || req->readback))
			check = true;
		else if (req->ddir == DDIR_WRITE && w->verify.log)
			worker_verify_logged(w, req);
	}
	if (w->lat.on)
		worker_lat_complete(w, req, now);
	if (w->logs && !w->ramp_end_ns)
		iolog_set_record(w->logs, now, req->ddir, (uint64_t)req->result,
				 req->offset, req->ioprio, req->t_issue - req->t_start,
				 now - req->t_issue, record_slat);
	if (!check)
		return false;
	if (w->verify.async && req->result > 0) {
		worker_verify_async_put(w, req);
		return true;
	}
	worker_verify_read(w, req);
	return false;
}

static inline void worker_complete(struct worker *w, struct io_req *req,
				   uint64_t now, bool record_slat)
{
	if (__builtin_expect(req->result <= 0, 0) &&
	    (req->result < 0 || req->ddir < DDIR_NR)) {
		worker_io_error(w, req);
	} else if (req->ddir < DDIR_NR) {
		uint64_t bytes = (uint64_t)req->result;

		if (__builtin_expect(w->ramp_end_ns != 0, 0) && now >= w->ramp_end_ns)
			worker_stats_restart(w, now);
		stats_record(&w->stats, req->ddir, bytes, bytes < req->len,
			     req->t_issue - req->t_start, now - req->t_issue,
			     record_slat);
		atomic_store_explicit(&w->live_dir_ios[req->ddir],
				      w->stats.dir[req->ddir].ios, memory_order_relaxed);
		atomic_store_explicit(&w->live_dir_bytes[req->ddir],
				      w->stats.dir[req->ddir].bytes, memory_order_relaxed);
		atomic_store_explicit(&w->live_dir_clat_ns[req->ddir],
				      w->stats.dir[req->ddir].lat[LAT_CLAT].sum,
				      memory_order_relaxed);
		if (__builtin_expect(w->slow_complete, 0) &&
		    worker_complete_slow(w, req, now, record_slat))
			return;		/* a verify_async thread holds it */
	} else {
		w->stats.sync_ios++;
	}
	w->free_reqs[w->nr_free++] = req;
}

/* ------------------------------------------------------------------ */
/* Submitting and reaping                                              */

/* be_busy - a backend's "no room for now": not an error (backend.h). */
static inline bool be_busy(int r)
{
	return r == -EAGAIN || r == -EBUSY;
}

/* worker_outstanding - requests the backend has submitted and not yet
 * returned: the most a reap may wait for. */
static inline unsigned worker_outstanding(const struct worker *w)
{
	return w->inflight - w->nr_uncommitted;
}

/*
 * worker_submitted - the backend submitted the n oldest uncommitted
 * requests: forget them here; the rest stay uncommitted, in order.
 * Returns 0, or -EPROTO when the backend claims more than was queued.
 */
static int worker_submitted(struct worker *w, unsigned n)
{
	if (__builtin_expect(n == w->nr_uncommitted, 1)) {
		w->nr_uncommitted = 0;
		return 0;
	}
	if (n > w->nr_uncommitted)
		return -EPROTO;
	w->nr_uncommitted -= n;
	memmove(w->uncommitted, w->uncommitted + n,
		w->nr_uncommitted * sizeof(*w->uncommitted));
	return 0;
}

/*
 * worker_stalled - a commit submitted nothing.  With something to reap the
 * loop reaps and retries; with nothing in flight no completion will make
 * room, so wait a little before the retry and give up with err after
 * WORKER_STALL_MAX tries in a row (about a second).
 */
#define WORKER_STALL_MAX	1000
#define WORKER_STALL_NS		NS_PER_MSEC

static int worker_stalled(struct worker *w, int err)
{
	if (worker_outstanding(w))
		return 0;
	if (++w->stalls > WORKER_STALL_MAX)
		return err;
	return rate_sleep_ns(WORKER_STALL_NS);
}

/* worker_commit - submit what is uncommitted and stamp its issue time
 * (a BE_F_SYNC_COMMIT backend's keeps the time it was queued). */
static int worker_commit(struct worker *w)
{
	unsigned nr = w->nr_uncommitted;
	uint64_t now;
	int n;

	if (!nr)
		return 0;
	n = w->be->commit(&w->bctx);
	if (__builtin_expect(n <= 0, 0)) {
		if (n < 0 && !be_busy(n))
			return n;
		return worker_stalled(w, n ? n : -EAGAIN);
	}
	w->stalls = 0;
	if ((unsigned)n > nr)
		return -EPROTO;
	if (!(w->be->flags & (BE_F_SYNC_COMMIT | BE_F_TIMED))) {
		now = clock_now_ns();
		for (unsigned i = 0; i < (unsigned)n; i++)
			w->uncommitted[i]->t_issue = now;
	}
	return worker_submitted(w, (unsigned)n);
}

/*
 * worker_reap - wait for at least min completions (capped at what has been
 * submitted) and take up to iodepth_batch_complete_max of them.  With
 * submit, the requests still uncommitted go to the kernel in the same call
 * (backend commit_reap); their issue time is stamped just before it, as
 * fio does for io_uring.  A short reap, or -EAGAIN/-EBUSY, is not an
 * error: the loop comes back.
 */
static int worker_reap(struct worker *w, unsigned min, bool submit)
{
	unsigned max = w->job->iodepth_batch_complete_max;
	unsigned cap = submit ? w->inflight : worker_outstanding(w);
	bool record_slat;
	uint64_t now;
	int n;

	if (min > cap)
		min = cap;
	if (!max || max > w->inflight)
		max = w->inflight;
	if (max < min)
		max = min;
	if (submit) {
		unsigned submitted = 0;
		int r;

		now = clock_now_ns();
		for (unsigned i = 0; i < w->nr_uncommitted; i++)
			w->uncommitted[i]->t_issue = now;
		n = w->be->commit_reap(&w->bctx, min, max, w->reaped, &submitted);
		r = worker_submitted(w, submitted);
		if (r)
			return r;
		if (__builtin_expect(!submitted, 0) && n <= 0) {
			r = worker_stalled(w, n < 0 ? n : -EAGAIN);
			if (r)
				return r;
		} else {
			w->stalls = 0;
		}
	} else {
		n = w->be->reap(&w->bctx, min, max, w->reaped);
	}
	if (__builtin_expect(n < 0, 0))
		return be_busy(n) ? 0 : n;
	if ((unsigned)n > worker_outstanding(w))
		return -EPROTO;
	now = clock_now_ns();
	w->inflight -= (unsigned)n;
	record_slat = !(w->be->flags & BE_F_SYNC_COMMIT);
	if (__builtin_expect(w->be->flags & BE_F_TIMED, 0)) {
		for (int i = 0; i < n; i++)	/* offload: stamped when done */
			worker_complete(w, w->reaped[i], w->reaped[i]->t_done, true);
	} else {
		for (int i = 0; i < n; i++)
			worker_complete(w, w->reaped[i], now, record_slat);
	}
	if (__builtin_expect(w->lat.on, 0))	/* fio: after each reap */
		worker_lat_check(w, now);
	return 0;
}

/* worker_settle - commit and reap until nothing is in flight: before a
 * rate or thinktime wait (inline), and after the loop. */
static int worker_settle(struct worker *w)
{
	int ret = 0;

	while (!ret && w->inflight) {
		ret = worker_commit(w);
		if (!ret)
			ret = worker_reap(w, worker_outstanding(w), false);
	}
	return ret;
}

/*
 * worker_pace_settle - before a rate or thinktime wait.  Inline, reap
 * everything first, as fio's rate_ddir() quiesces; offloaded, a rate wait
 * only hands over what is prepared, reaps what is done and leaves the rest
 * in flight: the submit threads go on while the worker waits for the next
 * I/O's time (fio: no io_u_quiesce() in offload mode).  A thinktime still
 * settles.
 */
static int worker_pace_settle(struct worker *w)
{
	int ret;

	if (w->job->io_submit_mode != SUBMIT_OFFLOAD || w->think_spin_ns ||
	    w->think_sleep_ns)
		return worker_settle(w);
	ret = worker_commit(w);
	if (!ret && worker_outstanding(w))
		ret = worker_reap(w, 0, false);
	return ret;
}

/*
 * worker_may_refill - fio's iodepth_low: once the queue has been full, wait
 * until no more than iodepth_low are in flight before filling it again.
 */
static inline bool worker_may_refill(struct worker *w)
{
	if (!w->nr_free) {
		w->low_wait = w->job->iodepth_low < w->depth;
		return false;
	}
	if (w->low_wait && w->inflight > w->job->iodepth_low)
		return false;
	if (__builtin_expect(w->lat.on, 0) && w->inflight >= w->lat.qd)
		return false;	/* latency_target: the depth being tried */
	w->low_wait = false;
	return true;
}

/*
 * worker_pending_due - offer again the request the backend turned away
 * (BE_Q_BUSY)?  Yes even when the byte budget is spent, as its bytes are
 * counted already; after a stop request or the deadline it goes back to
 * the idle ones unissued.
 */
static inline bool worker_pending_due(struct worker *w, uint64_t now)
{
	if (!atomic_load_explicit(w->stop, memory_order_relaxed) &&
	    !(w->deadline_ns && now >= w->deadline_ns))
		return true;
	w->free_reqs[w->nr_free++] = w->pending;
	w->pending = NULL;
	return false;
}

/* worker_may_issue - a request to issue: the pending one, which holds its
 * own request and was let in already, or a new one when there is room. */
static inline bool worker_may_issue(struct worker *w, uint64_t now)
{
	if (__builtin_expect(w->pending != NULL, 0))
		return worker_pending_due(w, now);
	return worker_may_refill(w) && worker_more_to_issue(w, now);
}

/*
 * worker_issue - prepare and queue requests while there are idle ones and
 * work left, committing every iodepth_batch_submit of them.  Returns 0,
 * PREP_WAIT when a rate or thinktime wait is due, or -errno when the
 * backend failed.
 */
static int worker_issue(struct worker *w)
{
	const struct backend_ops *be = w->be;
	unsigned batch = w->job->iodepth_batch_submit;
	uint64_t now = clock_now_ns();

	while (worker_may_issue(w, now)) {
		struct io_req *req = w->pending;
		int r;

		if (req) {
			w->pending = NULL;
		} else {
			req = w->free_reqs[w->nr_free - 1];
			r = worker_prep(w, req, now);
			if (__builtin_expect(r != PREP_OK, 0)) {
				if (r == PREP_WAIT)
					return PREP_WAIT;
				w->bytes_budget = w->bytes_issued;	/* pass over */
				return 0;
			}
			w->nr_free--;
			if (__builtin_expect(w->cmdprio_on, 0))
				worker_cmdprio(w, req);
		}
		req->t_start = req->t_issue = now;
		r = be->queue(&w->bctx, req);
		if (r == BE_Q_DONE) {
			now = clock_now_ns();
			worker_complete(w, req, now, false);
		} else if (r == BE_Q_QUEUED) {
			w->uncommitted[w->nr_uncommitted++] = req;
			w->inflight++;
			/* with the queue now full the loop blocks next, so
			 * a backend that can submits and waits in one call */
			if (w->nr_uncommitted >= batch &&
			    (w->nr_free || !be->commit_reap)) {
				r = worker_commit(w);
				if (r)
					return r;
			}
			now = clock_now_ns();
		} else if (r == BE_Q_BUSY) {
			w->pending = req;
			return 0;
		} else {
			w->free_reqs[w->nr_free++] = req;
			return r < 0 ? r : -EINVAL;
		}
	}
	return 0;
}

/* worker_loop - run until the budget, the deadline or a stop request. */
static int worker_loop(struct worker *w)
{
	int ret;

	for (;;) {
		/* verify_async: take back what the verify threads checked,
		 * waiting when they hold every request */
		if (__builtin_expect(w->verify.async != NULL, 0))
			worker_verify_async_collect(w, !w->nr_free && !w->inflight &&
						       !w->pending);
		ret = worker_issue(w);
		if (__builtin_expect(ret == PREP_WAIT, 0)) {
			ret = worker_pace_settle(w);
			if (!ret)
				ret = worker_pace_wait(w);
			if (ret)
				return ret;
			continue;
		}
		if (ret)
			return ret;
		if (w->nr_uncommitted && w->be->commit_reap) {
			/* iodepth_batch_complete_min=0 polls, as in fio */
			ret = worker_reap(w, w->job->iodepth_batch_complete_min, true);
			if (ret)
				return ret;
			continue;
		}
		ret = worker_commit(w);
		if (ret)
			return ret;
		if (!w->inflight) {
			if (!w->pending && !worker_more_to_issue(w, clock_now_ns()))
				return 0;
			continue;
		}
		ret = worker_reap(w, w->job->iodepth_batch_complete_min, false);
		if (ret)
			return ret;
	}
}

/* ------------------------------------------------------------------ */
/* Thread entry                                                        */

/*
 * worker_keep_running - fio's keep_running(): another pass?  time_based
 * runs until the deadline; then the loops; then, with io_size above what
 * the passes moved, more passes until io_size is reached.
 */
static bool worker_keep_running(struct worker *w)
{
	const struct job *job = w->job;
	uint64_t limit, done = w->bytes_issued;

	if (worker_halted(w) || w->error)
		return false;
	if (w->lat.done)	/* latency_target found its depth */
		return false;
	if (w->deadline_ns && clock_now_ns() >= w->deadline_ns)
		return false;
	if (job->time_based)
		return true;
	if (w->loops_left) {
		w->loops_left--;
		return true;
	}
	if (w->ios_issued >= w->ios_limit)
		return false;
	limit = job->io_size ? job->io_size : w->size;
	if (done >= limit || limit - done < w->max_bs)
		return false;
	return !(w->pass_done && !job->io_size);
}

/* worker_loop_drain - run the loop, then reap what is left. */
static int worker_loop_drain(struct worker *w)
{
	int ret = worker_loop(w);

	if (w->inflight) {
		int r = worker_settle(w);

		ret = ret ? ret : r;
	}
	if (w->verify.async)
		worker_verify_async_drain(w);
	return ret;
}

/* worker_verify_phase - read back and check what the pass wrote. */
static int worker_verify_phase(struct worker *w)
{
	uint64_t budget = w->bytes_budget;
	int ret;

	worker_verify_begin(w);
	w->bytes_budget = UINT64_MAX;
	ret = worker_loop_drain(w);
	w->bytes_budget = budget;
	worker_verify_end(w);
	return ret;
}

/* worker_passes - every pass of the job, with its end_fsync and verify. */
static int worker_passes(struct worker *w)
{
	const struct job *job = w->job;
	int ret = 0;

	while (!ret && worker_keep_running(w)) {
		worker_pass_begin(w);
		ret = worker_loop_drain(w);
		if (ret || atomic_load_explicit(w->stop, memory_order_relaxed))
			break;
		if (job->end_fsync && (job->rw & RW_WRITE))
			ret = worker_files_sync(w);
		if (!ret && w->verify.log && !job->time_based)
			ret = worker_verify_phase(w);
	}
	if (!ret && w->verify.on)
		ret = worker_verify_result(w);
	return ret;
}

static int worker_start_pacing(struct worker *w, uint64_t now)
{
	uint64_t min_bs[DDIR_NR];
	bool split[DDIR_NR];

	if (!w->paced)
		return 0;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		min_bs[d] = bs_gen_min(&w->bsg, d);
		split[d] = w->job->bs_spec[d].nr_split != 0;
	}
	return rate_state_init(&w->rate, &w->job->rate, min_bs, split, now,
			       seed_derive(w->seed, SEED_RATE, 0), &w->diag);
}

/* worker_exitall - this job ended under exitall: stop what its exit_what
 * names (fio's fio_terminate_threads()): its group, every job of the
 * phase (stonewall), or those and the phases after (all). */
static void worker_exitall(struct worker *w)
{
	if (w->job->exit_what == EXIT_WHAT_GROUP || !w->phase_stops) {
		atomic_store_explicit(w->group_stop, true, memory_order_relaxed);
		return;
	}
	for (unsigned g = 0; g < w->phase_stops_nr; g++)
		atomic_store_explicit(&w->phase_stops[g], true,
				      memory_order_relaxed);
	if (w->job->exit_what == EXIT_WHAT_ALL && w->run_stop)
		atomic_store(w->run_stop, true);
}

/* start_delay - the job's startdelay; from a range LO-HI, a time drawn
 * per job (clones draw apart) in whole microseconds, as fio's
 * rand_between() on its microsecond values. */
static uint64_t start_delay(const struct worker *w)
{
	const struct job *job = w->job;
	uint64_t lo = job->startdelay_ns / NS_PER_USEC;
	uint64_t hi = job->startdelay_max_ns / NS_PER_USEC;
	struct rng r;

	if (hi <= lo)
		return job->startdelay_ns;
	rng_seed(&r, seed_derive(w->seed, SEED_START_DELAY, 0));
	return (lo + rng_below(&r, hi - lo + 1)) * NS_PER_USEC;
}

static void worker_run(struct worker *w)
{
	const struct job *job = w->job;
	uint64_t now, delay = start_delay(w);
	int ret;

	if (delay)
		rate_sleep_ns(delay);
	now = clock_now_ns();
	w->start_ns = now;
	worker_cpu_begin(w);
	if (job->ramp_time_ns)
		w->ramp_end_ns = now + job->ramp_time_ns;
	if (job->runtime_ns)
		w->deadline_ns = now + job->ramp_time_ns + job->runtime_ns;
	if (w->logs)
		iolog_set_start(w->logs, now);
	if (job->rw & RW_WRITE)		/* until the first write completes */
		w->slow_complete = true;
	worker_lat_setup(w, now);
	if (w->lat.on)
		w->slow_complete = true;
	cycles_thread_begin(&w->cycles);
	atomic_store_explicit(&w->live_start_ns, now, memory_order_release);

	ret = worker_start_pacing(w, now);
	if (!ret)
		ret = worker_passes(w);
	if (ret && !w->error) {
		w->error = ret;
		if (!w->diag.msg[0])
			diag_set(&w->diag, &job->loc, "job '%s': ioengine %s failed: %s",
				 job->name, w->be->name, strerror(-ret));
		atomic_store_explicit(w->stop, true, memory_order_relaxed);
	}
	now = clock_now_ns();
	if (w->ramp_end_ns)		/* ended inside the ramp: nothing counts */
		worker_stats_restart(w, now);
	if (w->lat.on)
		w->stats.latency_depth = w->lat.qd;
	w->stats.runtime_ns = now - w->start_ns;
	cycles_thread_end(&w->cycles, &w->stats.cycles);
	worker_cpu_end(w);
	stats_finish(&w->stats);
	if (w->logs) {
		struct diag d = { { 0 } };
		int r = iolog_set_close(w->logs, now, &d);

		w->logs = NULL;
		if (r && !w->error) {
			w->error = r;
			w->diag = d;
		}
	}
	w->stats.error = w->error;
	if (w->flow)		/* fio's flow_put(): out of the flow */
		flow_leave(w->flow, w->flow_count, job->flow);
	if (w->group_stop)
		worker_exitall(w);
}

/* worker_wait_for - wait_for: hold the start until every clone of the
 * waitee has ended (fio's waitee_running(), polled as fio's run_threads()
 * does); false when the run or the group stopped meanwhile. */
static bool worker_wait_for(const struct worker *w)
{
	const struct timespec tick = { 0, 1000000 };	/* 1 ms */

	for (unsigned i = 0; i < w->nr_waitees; i++) {
		while (!atomic_load_explicit(&w->waitees[i].live_done,
					     memory_order_acquire)) {
			if (atomic_load_explicit(w->stop, memory_order_relaxed) ||
			    (w->group_stop && atomic_load_explicit(w->group_stop,
							memory_order_relaxed)))
				return false;
			nanosleep(&tick, NULL);
		}
	}
	return true;
}

void *worker_main(void *arg)
{
	struct worker *w = arg;
	int ret;

	ret = worker_cpu_pin(w);
	if (!ret)
		ret = worker_numa_apply(w);
	if (!ret)
		ret = worker_setup(w);
	if (ret) {
		w->error = ret;
		w->stats.error = ret;
		atomic_store_explicit(w->stop, true, memory_order_relaxed);
	}
	gate_wait(w->start_gate);
	if (!ret && w->waitees && !worker_wait_for(w))
		ret = -EINTR;		/* stopped while waiting: nothing to run */
	if (!ret && !atomic_load_explicit(w->stop, memory_order_relaxed))
		worker_run(w);
	atomic_store_explicit(&w->live_done, true, memory_order_release);
	return NULL;
}
