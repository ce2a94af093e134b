/* SPDX-License-Identifier: MIT */
/*
 * worker_impl.h - what the worker's source files share and nothing else
 * includes.  worker.h is the API; this is the plumbing between
 * worker.c (the loop and the inline prep path), worker_setup.c
 * (allocation, the backend), worker_files.c (names, sizes, opening,
 * end_fsync), the prep path (worker_prep.h lists its files),
 * worker_verify.c (read-back) and worker_cpu.c (affinity).
 */
#ifndef IOSTRESS_WORKER_IMPL_H
#define IOSTRESS_WORKER_IMPL_H

#include "run/worker.h"

/* worker_prep_full() results */
enum {
	PREP_OK = 0,		/* req is ready to queue */
	PREP_END,		/* nothing more in this pass */
	PREP_WAIT,		/* rate or thinktime: reap everything, then
				 * call worker_pace_wait() */
};

/* worker_files_setup - name, size, lay out and open every file; sets
 * w->files, w->nr_files and w->size.  Returns 0 or -errno with w->diag. */
int worker_files_setup(struct worker *w);

/* worker_files_release - fsync_on_close, close, free paths. */
void worker_files_release(struct worker *w);

/* worker_files_sync - end_fsync: fsync every open file.  Returns 0 or
 * -errno with w->diag set. */
int worker_files_sync(struct worker *w);

/* worker_offsets_setup - block sizes, the worker's generators (seeded from
 * w->seed), file service, and every file's offset generators.  Returns 0 or
 * -errno with w->diag (worker_offsets.c). */
int worker_offsets_setup(struct worker *w);

/* worker_offsets_release - free what worker_offsets_setup() allocated. */
void worker_offsets_release(struct worker *w);

/* worker_pass_setup - the limits of size, io_size, loops and number_ios
 * (worker_pass.c).  After worker_offsets_setup().  Returns 0. */
int worker_pass_setup(struct worker *w);

/* worker_pass_begin - a new pass over the files: reset positions, random
 * maps, file service, and set the pass's byte budget. */
void worker_pass_begin(struct worker *w);

/* worker_prep_setup - decide w->simple, whether worker.c may prepare the
 * job's requests inline, and set up that path's generators
 * (worker_prep.c).  After worker_pass_setup(); returns 0 or -errno. */
int worker_prep_setup(struct worker *w);

/* worker_prep_full - the general prep path: file, direction, offset,
 * length, sync requests, verify headers, buffers, rate, thinktime.
 * Returns PREP_OK, PREP_END or PREP_WAIT. */
int worker_prep_full(struct worker *w, struct io_req *req, uint64_t now);

/* worker_fill_buffer - fill len bytes at buf with a write's data from rng:
 * random, zeros (zero_buffers), or buffer_compress_percentage of it zero
 * at the end (worker_buffer.c). */
void worker_fill_buffer(const struct job *job, struct rng *rng, void *buf,
			uint64_t len);

/* worker_fill_write - the data of one write into buf: as
 * worker_fill_buffer() from the refill stream, or under dedupe_percentage
 * from a seed that repeats an earlier write's (worker_buffer.c). */
void worker_fill_write(struct worker *w, void *buf, uint64_t len);

/* worker_pace_wait - sleep or spin for a due rate wait or thinktime
 * (everything has been reaped).  Returns 0 or -errno. */
int worker_pace_wait(struct worker *w);

/* worker_verify_setup - allocate the write log when the job verifies. */
int worker_verify_setup(struct worker *w);

/* worker_verify_release - free the log. */
void worker_verify_release(struct worker *w);

/* worker_verify_logged - a write completed: remember it for read-back. */
void worker_verify_logged(struct worker *w, const struct io_req *req);

/* worker_verify_read - a read completed: check it.  May stop the job. */
void worker_verify_read(struct worker *w, const struct io_req *req);

/* worker_verify_gen - the generation a read is checked against now
 * (VERIFY_ANY_GEN for a job that only reads). */
uint64_t worker_verify_gen(const struct worker *w);

/* worker_verify_check - check the data of completed read req against gen:
 * 0, or -EILSEQ with the reason in d (and, under verify_dump, the block
 * dumped).  Reads nothing of w that changes during the run: safe from a
 * verify_async thread. */
int worker_verify_check(const struct worker *w, const struct io_req *req,
			uint64_t gen, struct diag *d);

/* worker_verify_failed - the worker's side of a failed check of req (the
 * reason in d): counted under continue_on_error, else remembered as the
 * job's failure, stopping it under verify_fatal.  Worker thread only. */
void worker_verify_failed(struct worker *w, const struct io_req *req,
			  const struct diag *d);

/* worker_verify_async_start - verify_async=N: start the N verify threads
 * (pinned to verify_async_cpus) when the job verifies; nothing otherwise
 * (worker_verify_async.c).  Returns 0 or -errno with w->diag. */
int worker_verify_async_start(struct worker *w);

/* worker_verify_async_put - hand completed read req to the verify threads;
 * the worker must not reuse it until worker_verify_async_collect() gives it
 * back. */
void worker_verify_async_put(struct worker *w, struct io_req *req);

/* worker_verify_async_collect - take back the requests the verify threads
 * have checked, account their failures (worker_verify_failed()) and make
 * them idle again.  With wait, and nothing checked yet while some are
 * held, wait for one. */
void worker_verify_async_collect(struct worker *w, bool wait);

/* worker_verify_async_drain - wait until every request handed over is
 * back and accounted. */
void worker_verify_async_drain(struct worker *w);

/* worker_verify_async_stop - end and join the verify threads, free their
 * state; safe when none were started. */
void worker_verify_async_stop(struct worker *w);

/* worker_verify_next - prepare the next read-back into req; false when
 * the log is exhausted. */
bool worker_verify_next(struct worker *w, struct io_req *req);

/* worker_verify_begin - start reading back what was logged. */
void worker_verify_begin(struct worker *w);

/* worker_verify_end - the read-back is over: forget the log. */
void worker_verify_end(struct worker *w);

/* worker_verify_result - 0, or -EILSEQ with w->diag set to the first
 * failure when any block failed. */
int worker_verify_result(struct worker *w);

/* worker_cpu_pin - apply cpus_allowed / cpus_allowed_policy to the calling
 * thread.  Returns 0 or -errno with w->diag. */
int worker_cpu_pin(struct worker *w);

/* worker_lat_setup - latency_target at the start of the run: depth 1
 * and a first window (worker_lat.c); without a target w->lat.qd is the
 * worker's depth. */
void worker_lat_setup(struct worker *w, uint64_t now);

/* worker_lat_complete - a data I/O completed: measure it against the
 * target (slow path). */
void worker_lat_complete(struct worker *w, const struct io_req *req, uint64_t now);

/* worker_lat_check - after a reap: is the window over, and where does
 * the depth go? */
void worker_lat_check(struct worker *w, uint64_t now);

/* worker_stats_restart - forget what was measured and start the measured
 * period at now, as at the end of ramp_time (worker.c). */
void worker_stats_restart(struct worker *w, uint64_t now);

/* worker_numa_apply - numa_cpu_nodes and numa_mem_policy for the calling
 * thread, before its buffers are allocated (worker_numa.c).  Returns 0 or
 * -errno with w->diag. */
int worker_numa_apply(struct worker *w);

/* worker_halted - told to end from outside the job: the run's stop, its
 * group's (exitall) or steady state attained (ss_stop). */
static inline bool worker_halted(const struct worker *w)
{
	if (atomic_load_explicit(w->stop, memory_order_relaxed))
		return true;
	if (__builtin_expect(w->group_stop != NULL, 0) &&
	    atomic_load_explicit(w->group_stop, memory_order_relaxed))
		return true;
	return __builtin_expect(w->ss_stop != NULL, 0) &&
	       atomic_load_explicit(w->ss_stop, memory_order_relaxed);
}

/* worker_file_index - index of f in w->files. */
static inline uint32_t worker_file_index(const struct worker *w,
					 const struct wfile *f)
{
	return (uint32_t)(f - w->files);
}

#endif
