/* SPDX-License-Identifier: MIT */
/*
 * backend.h - the I/O engine interface.
 *
 * A backend moves requests (struct io_req) between a worker and the kernel.
 * Each backend is one `static const struct backend_ops` with designated
 * initialisers, listed in the registry in backend.c.  The table holds no
 * state: everything a backend keeps per worker lives behind worker->be_data,
 * which init() allocates and exit() frees.
 *
 * Call sequence, per worker thread:
 *
 *   init(w)                       once, after the worker's files are open
 *   loop:
 *     queue(w, req)               hand over one prepared request
 *       -> BE_Q_DONE              req completed inside queue(); result set
 *       -> BE_Q_QUEUED            held; will come back from reap()
 *       -> BE_Q_BUSY              not taken: call commit()+reap() and retry
 *       -> -errno                 the backend failed; the job stops
 *     commit(w)                   submit everything queued since last commit
 *     reap(w, min, max, out)      collect completions
 *   exit(w)                       once; must be safe after a failed init()
 *
 * A request's own failure (EIO, a short read) is not a backend failure: the
 * backend stores it in req->result and returns the request normally.
 */
#ifndef IOSTRESS_BACKEND_H
#define IOSTRESS_BACKEND_H

#include <stdint.h>

#include "lib/io.h"

struct worker;

/* Return values of backend_ops.queue(). */
enum be_queue_ret {
	BE_Q_DONE = 0,		/* completed synchronously; req->result set */
	BE_Q_QUEUED = 1,	/* accepted; returned later by reap() */
	BE_Q_BUSY = 2,		/* no room; commit and reap, then retry */
};

/* Capability flags in backend_ops.flags. */
enum be_flags {
	/* Every request completes inside queue(): there is no submission
	 * step, so the worker records no slat and never calls commit/reap. */
	BE_F_SYNC = 1u << 0,
	/* The backend performs no real I/O: files are not created or opened,
	 * and req->file may point to a placeholder with fd = -1. */
	BE_F_NOIO = 1u << 1,
	/* The backend sets req->t_issue itself (at the moment the kernel got
	 * the request); otherwise the worker stamps it after commit(). */
	BE_F_SETS_ISSUE_TIME = 1u << 2,
};

struct backend_ops {
	/* ioengine= name, e.g. "psync". */
	const char *name;

	/* BE_F_* bits. */
	unsigned flags;

	/*
	 * init - prepare per-worker state and store it in w->be_data.  Called
	 * after the worker's files are open and its requests and buffers are
	 * allocated, so a backend may register them.  May adjust behaviour to
	 * w->job->iodepth (e.g. null is synchronous at iodepth 1, as in fio).
	 * Returns 0 or -errno; on failure it writes a message to w->diag.
	 */
	int (*init)(struct worker *w);

	/* exit - free everything init() allocated.  Called even when init()
	 * failed part way, so it must cope with a partial be_data. */
	void (*exit)(struct worker *w);

	/*
	 * queue - take one prepared request (buf, file, offset, len, ddir,
	 * t_start set).  Returns an enum be_queue_ret value or -errno.  Must
	 * not block except for a synchronous backend doing the I/O itself.
	 */
	int (*queue)(struct worker *w, struct io_req *req);

	/*
	 * commit - submit the requests queued since the last commit.  May be
	 * NULL for BE_F_SYNC backends.  Returns 0 or -errno.
	 */
	int (*commit)(struct worker *w);

	/*
	 * reap - wait until at least min requests have completed, then return
	 * up to max of them in out[] with result set.  min may be 0 (poll).
	 * Returns the number stored (0..max) or -errno.  May be NULL for
	 * BE_F_SYNC backends.
	 */
	int (*reap)(struct worker *w, unsigned min, unsigned max,
		    struct io_req **out);

	/*
	 * commit_reap - commit() and then reap(), in one kernel call where
	 * the interface allows it (io_uring_submit_and_wait).  The worker uses
	 * it when it has requests to submit and would block for completions
	 * straight afterwards: the queue is full, or the work is all issued.
	 * Same return as reap().  Optional: NULL means commit() then reap().
	 */
	int (*commit_reap)(struct worker *w, unsigned min, unsigned max,
			   struct io_req **out);
};

/* backend_find - the backend called name, or NULL. */
const struct backend_ops *backend_find(const char *name);

/* backend_names - a static, comma-separated list of the backends this
 * build has, for help text and error messages. */
const char *backend_names(void);

#endif
