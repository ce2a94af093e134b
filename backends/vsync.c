/* SPDX-License-Identifier: MIT */
/*
 * vsync.c - fio's vsync engine: readv(2)/writev(2) at the file position,
 * coalescing contiguous requests into one vector (fio_vsyncio_*).
 *
 * queue() holds a request when it continues the held run: same file, same
 * direction, and it starts where the run ends.  A request that does not
 * continue it, or finds the run at its longest (iodepth, at most IOV_MAX
 * vectors), gets BE_Q_BUSY: the worker commits the run, reaps it and
 * offers the request again.  commit() seeks to the run's start and issues
 * one readv/writev for all of it; the run then completes at once and reap()
 * hands it back.  A flush (fsync, fdatasync) is done inside queue() when
 * nothing is held.  How many requests a run collects is up to the worker:
 * it commits every iodepth_batch_submit requests.
 *
 * Every request is one I/O in the statistics, as fio counts io_us, however
 * many went into one system call.  A short transfer is shared out in
 * order: the first requests are complete, the rest short or empty.  The
 * I/O happens inside commit() (BE_F_SYNC_COMMIT): latency runs from
 * queue() to the completion, with no slat, as fio records it for vsync.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/uio.h>
#include <unistd.h>

#include "backends/backend.h"
#include "backends/done.h"
#include "backends/syncio.h"

#ifndef IOV_MAX
#define IOV_MAX	1024
#endif

struct vsync_data {
	struct iovec *iov;		/* the held run, one vector each */
	struct io_req **held;		/* the requests behind iov[] */
	unsigned nr_held;
	unsigned max_run;		/* min(depth, IOV_MAX) */
	uint64_t run_end;		/* offset where the held run ends */
	struct io_req **done;		/* committed, not yet reaped */
	unsigned nr_done;
};

static void vsync_exit(struct be_ctx *ctx)
{
	struct vsync_data *vd = ctx->data;

	if (!vd)
		return;
	free(vd->iov);
	free(vd->held);
	free(vd->done);
	free(vd);
	ctx->data = NULL;
}

static int vsync_init(struct be_ctx *ctx)
{
	struct vsync_data *vd = calloc(1, sizeof(*vd));

	ctx->data = vd;
	if (!vd)
		goto out_nomem;
	vd->max_run = ctx->depth < IOV_MAX ? ctx->depth : IOV_MAX;
	vd->iov = calloc(vd->max_run, sizeof(*vd->iov));
	vd->held = calloc(vd->max_run, sizeof(*vd->held));
	vd->done = calloc(ctx->depth, sizeof(*vd->done));
	if (!vd->iov || !vd->held || !vd->done)
		goto out_nomem;
	return 0;

out_nomem:
	diag_set(ctx->diag, NULL, "vsync: out of memory");
	return -ENOMEM;
}

/* vsync_continues - whether req extends the held run. */
static bool vsync_continues(const struct vsync_data *vd,
			    const struct io_req *req)
{
	const struct io_req *first = vd->held[0];

	return req->file == first->file && req->ddir == first->ddir &&
	       req->offset == vd->run_end;
}

static int vsync_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct vsync_data *vd = ctx->data;

	if (vd->nr_held &&
	    (vd->nr_held == vd->max_run || !vsync_continues(vd, req)))
		return BE_Q_BUSY;
	if (!syncio_is_data(req->ddir)) {
		req->result = syncio_nodata(req);
		return BE_Q_DONE;
	}
	vd->iov[vd->nr_held].iov_base = req->buf;
	vd->iov[vd->nr_held].iov_len = req->len;
	vd->held[vd->nr_held++] = req;
	vd->run_end = req->offset + req->len;
	return BE_Q_QUEUED;
}

/* vsync_share - the run's result r (bytes, or -errno) shared out over its
 * requests, in order. */
static void vsync_share(struct vsync_data *vd, int64_t r)
{
	for (unsigned i = 0; i < vd->nr_held; i++) {
		struct io_req *req = vd->held[i];

		if (r < 0) {
			req->result = r;
			continue;
		}
		req->result = r < req->len ? r : req->len;
		r -= req->result;
	}
}

static int vsync_commit(struct be_ctx *ctx)
{
	struct vsync_data *vd = ctx->data;
	unsigned n = vd->nr_held;
	struct io_req *first;
	int64_t r;
	int fd;

	if (!n)
		return 0;
	first = vd->held[0];
	fd = first->file->fd;
	if (lseek(fd, (off_t)first->offset, SEEK_SET) == (off_t)-1)
		r = -errno;
	else if (first->ddir == DDIR_READ)
		r = syncio_result(readv(fd, vd->iov, (int)n));
	else
		r = syncio_result(writev(fd, vd->iov, (int)n));
	vsync_share(vd, r);
	for (unsigned i = 0; i < n; i++)
		vd->done[vd->nr_done++] = vd->held[i];
	vd->nr_held = 0;
	return (int)n;
}

static int vsync_reap(struct be_ctx *ctx, unsigned min, unsigned max,
		      struct io_req **out)
{
	struct vsync_data *vd = ctx->data;

	(void)min;	/* everything committed is already complete */
	return done_take(vd->done, &vd->nr_done, max, out);
}

const struct backend_ops backend_vsync = {
	.name = "vsync",
	.flags = BE_F_SYNC_COMMIT,
	.init = vsync_init,
	.exit = vsync_exit,
	.queue = vsync_queue,
	.commit = vsync_commit,
	.reap = vsync_reap,
};
