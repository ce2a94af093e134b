/* SPDX-License-Identifier: MIT */
/*
 * backend.h - the I/O engine interface.
 *
 * A backend moves requests (struct io_req) between a worker and the kernel.
 * Each backend is one `static const struct backend_ops` with designated
 * initialisers, listed in the registry in backend.c.  The table holds no
 * state.  A backend sees the worker only through a struct be_ctx: the
 * worker's files and requests, the queue depth, the job options a backend
 * may use, and where to put a message and what the backend found out.
 * Everything a backend keeps per worker lives behind ctx->data, which
 * init() allocates and exit() frees.
 *
 * Call sequence, per worker thread:
 *
 *   init(ctx)                     once, after the worker's files are open
 *   loop:
 *     queue(ctx, req)             hand over one prepared request
 *       -> BE_Q_DONE              req completed inside queue(); result set
 *       -> BE_Q_QUEUED            held; submitted by a later commit()
 *       -> BE_Q_BUSY              not taken: commit, reap, then retry
 *       -> -errno                 the backend failed; the job stops
 *     commit(ctx)                 submit queued requests, oldest first;
 *                                 returns how many were submitted
 *     reap(ctx, min, max, out)    collect completions
 *   exit(ctx)                     once; must be safe after a failed init()
 *
 * Queued requests are submitted in the order they were queued.  A commit
 * may submit fewer than were queued (the kernel's queue is full): the
 * backend keeps the rest, in order, and submits them first on the next
 * commit; the worker keeps counting them as uncommitted and reaps before
 * it tries again.  A request is never lost: every request queue() accepts
 * comes back exactly once, from reap() or commit_reap().
 *
 * "Try again later" is -EAGAIN or -EBUSY, from any call that talks to the
 * kernel (io_submit, io_getevents, io_uring_enter).  It is never a failure
 * of the job: commit() and commit_reap() then report what they submitted so
 * far (possibly nothing), reap() returns what it has (possibly nothing, or
 * -EAGAIN/-EBUSY), and the worker reaps what is outstanding and retries.
 * A backend retries -EINTR itself.
 *
 * A request's own failure (EIO, a short read) is not a backend failure: the
 * backend stores it in req->result and returns the request normally.
 */
#ifndef IOSTRESS_BACKEND_H
#define IOSTRESS_BACKEND_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/io.h"
#include "measure/stats.h"

/* io_uring engine options (fio's names); ignored by other engines. */
struct uring_opts {
	bool registerfiles;		/* register files; default 1 */
	bool fixedbufs;			/* register buffers; default 1 */
	bool sqthread_poll;		/* kernel SQ polling thread */
	unsigned sqthread_poll_cpu;	/* CPU for it; UINT_MAX = any */
	bool hipri;			/* IOPOLL: polled completions */
	bool nonvectored;		/* accepted; READ/WRITE are always
					 * non-vectored */
};

/* pvsync2 engine options (fio's names); ignored by other engines.  fio's
 * hipri= is one option for io_uring and pvsync2: it is uring_opts.hipri. */
struct pvsync2_opts {
	unsigned hipri_percentage;	/* share of I/Os with RWF_HIPRI, 0-100;
					 * default 100 */
	unsigned uncached;		/* nonzero: RWF_DONTCACHE on buffered
					 * I/O (fio: RWF_UNCACHED) */
};

/*
 * What a backend sees of its worker.  The worker fills in everything but
 * data before init() and does not change it until exit(); the backend
 * treats it as read-only, except for data, *diag, *features and the
 * fixed_index of the files.
 */
struct be_ctx {
	struct wfile *files;		/* the worker's open files; fd is -1
					 * for every file under BE_F_NOIO */
	unsigned nr_files;
	struct io_req *reqs;		/* the worker's depth requests;
					 * reqs[i].index == i */
	unsigned depth;			/* number of requests, >= 1: never more
					 * than depth are queued or in flight */
	uint64_t buf_size;		/* bytes of every reqs[i].buf */
	const struct uring_opts *uring;	/* the job's io_uring options */
	const struct pvsync2_opts *pvsync2; /* the job's pvsync2 options */
	bool direct;			/* the files are open O_DIRECT */
	uint64_t seed;			/* for the backend's own random
					 * choices (hipri_percentage) */
	const char *job_name;		/* for messages */
	const struct srcloc *loc;	/* where the job was defined */
	struct diag *diag;		/* init() explains a failure here */
	struct be_features *features;	/* init() records what the kernel took,
					 * for the report */
	const struct backend_ops *inner; /* the engine the offload backend
					 * runs in its submit threads
					 * (io_submit_mode=offload); NULL
					 * otherwise */
	void *data;			/* the backend's own; set by init(),
					 * freed by exit() */
};

/* Return values of backend_ops.queue(). */
enum be_queue_ret {
	BE_Q_DONE = 0,		/* completed synchronously; req->result set */
	BE_Q_QUEUED = 1,	/* accepted; submitted by a later commit */
	BE_Q_BUSY = 2,		/* no room; commit and reap, then retry */
};

/* Capability flags in backend_ops.flags. */
enum be_flags {
	/* Every request completes inside queue(), which always returns
	 * BE_Q_DONE: there is no submission step.  commit, reap and
	 * commit_reap are NULL; the worker records no slat and gives the
	 * backend one request (depth 1) whatever iodepth says, as only one
	 * can ever be in use. */
	BE_F_SYNC = 1u << 0,
	/* The backend performs no real I/O: files are not created or opened,
	 * and req->file may point to a placeholder with fd = -1. */
	BE_F_NOIO = 1u << 1,
	/* commit() does the I/O itself and returns once every request it
	 * submitted is complete (vsync).  The worker keeps the issue time
	 * queue() was given, as fio does for its synchronous engines, and
	 * records no slat: the time from queue to completion is clat. */
	BE_F_SYNC_COMMIT = 1u << 2,
	/* Each read and write goes to the kernel with req->ioprio as its own
	 * priority (the iocb's or sqe's ioprio; 0 = the thread's): fio's
	 * cmdprio_* options, which only libaio and io_uring have. */
	BE_F_IOPRIO = 1u << 3,
	/* The backend stamps each request's times itself: t_issue when it
	 * really goes to the kernel and t_done when it completed, because it
	 * does the I/O in threads of its own (offload).  The worker keeps
	 * both, records slat (t_issue - t_start) for every request, and
	 * takes t_done as the completion time, not the time it reaped. */
	BE_F_TIMED = 1u << 4,
};

struct backend_ops {
	/*
	 * name - the ioengine= value that selects this backend, e.g. "psync".
	 * Unique in the registry.
	 */
	const char *name;

	/* flags - BE_F_* bits: what the worker may assume of this backend. */
	unsigned flags;

	/*
	 * init - prepare per-worker state and store it in ctx->data.  Called
	 * once per worker thread, in that thread, after the worker's files are
	 * open and its requests and buffers are allocated, so a backend may
	 * register them (and set files[i].fixed_index).  May adapt to
	 * ctx->depth (e.g. null is synchronous at depth 1, as in fio) and
	 * record in ctx->features what the kernel accepted.  Returns 0, or
	 * -errno with a message in ctx->diag.  Required.
	 */
	int (*init)(struct be_ctx *ctx);

	/*
	 * exit - free everything init() allocated and set ctx->data to NULL.
	 * Called once, normally after every request has been reaped (after a
	 * backend failure some may still be in flight: tearing down the
	 * kernel context cancels them), and also when init() failed part way
	 * or was never called (ctx->data is NULL), so it must cope with a
	 * partial or missing ctx->data.  Required.
	 */
	void (*exit)(struct be_ctx *ctx);

	/*
	 * queue - take one prepared request: buf, file, offset, len, ddir and
	 * t_start are set; len and buf are unused for DDIR_SYNC and
	 * DDIR_DATASYNC.  Returns an enum be_queue_ret value, or -errno when
	 * the backend itself failed (the job stops).  BE_Q_DONE means the
	 * request is complete and req->result set; BE_Q_QUEUED means it is
	 * held until a commit submits it; BE_Q_BUSY means it was not taken
	 * and the worker will offer it again after a commit and a reap.  Must
	 * not block, except for a BE_F_SYNC backend doing the I/O itself.
	 * Hot path: no allocation, no locks, no system call unless the I/O is
	 * done here.  Required.
	 */
	int (*queue)(struct be_ctx *ctx, struct io_req *req);

	/*
	 * commit - submit the requests queued and not yet submitted, oldest
	 * first.  Returns how many were submitted (0 up to the number queued
	 * since they were last all submitted), or -errno.  A short count is
	 * not an error: the kernel had no room (-EAGAIN/-EBUSY), or failed
	 * after taking some (the failure then comes back from the next
	 * commit); the backend keeps the rest for the next commit.  -EAGAIN
	 * and -EBUSY may also be returned as they are, meaning 0.  Any other
	 * -errno stops the job.  NULL for BE_F_SYNC backends, required
	 * otherwise.
	 */
	int (*commit)(struct be_ctx *ctx);

	/*
	 * reap - wait until at least min submitted requests have completed,
	 * then return up to max of them in out[] with result set.  min may be
	 * 0 (poll, never block); the worker never asks for more than it has
	 * submitted and not yet reaped, but a backend should still lower min
	 * to what it knows to be in flight rather than wait for ever.
	 * Returns the number stored (0..max), which may be below min when the
	 * kernel said -EAGAIN/-EBUSY; or -EAGAIN/-EBUSY (nothing reaped, the
	 * worker retries); or another -errno, which stops the job.  NULL for
	 * BE_F_SYNC backends, required otherwise.
	 */
	int (*reap)(struct be_ctx *ctx, unsigned min, unsigned max,
		    struct io_req **out);

	/*
	 * commit_reap - commit() and then reap(), in one kernel call where the
	 * interface allows it (io_uring_submit_and_wait).  The worker uses it
	 * when it has requests to submit and would block for completions
	 * straight afterwards: the queue is full, or the work is all issued.
	 * min counts the requests this call submits; when the submission
	 * falls short, the backend waits for no more than it has in flight.
	 * Stores in *submitted how many queued requests it submitted, as
	 * commit() would return it, whatever it returns.  Returns as reap().
	 * Optional: NULL means the worker calls commit() and then reap().
	 */
	int (*commit_reap)(struct be_ctx *ctx, unsigned min, unsigned max,
			   struct io_req **out, unsigned *submitted);

	/*
	 * thread_cpu - add to *u the CPU time and counters the backend's own
	 * threads have used since init() (offload's submit threads), so that
	 * the job's usr/sys and cycles per I/O include them.  Called by the
	 * worker thread at the start and the end of what it measures; not on
	 * the I/O path.  Returns 0 or -errno.  Optional: NULL for backends
	 * that do their I/O in the worker's thread.
	 */
	int (*thread_cpu)(struct be_ctx *ctx, struct cpu_usage *u);
};

/* The offload backend (io_submit_mode=offload, backends/offload.c): the
 * worker's thread prepares requests; ctx->depth submit threads, one per
 * request, each run ctx->inner at depth 1 (fio's rate-submit workqueue).
 * Flags BE_F_TIMED. */
extern const struct backend_ops backend_offload;

/* backend_find - the backend called name, or NULL. */
const struct backend_ops *backend_find(const char *name);

/* backend_names - a static, comma-separated list of the backends this
 * build has, for help text and error messages. */
const char *backend_names(void);

#endif
