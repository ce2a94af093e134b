/* SPDX-License-Identifier: MIT */
/*
 * posixaio.c - fio's posixaio engine: POSIX asynchronous I/O (aio_read,
 * aio_write, aio_fsync; completion by aio_error/aio_return, waiting in
 * aio_suspend), from the C library (glibc runs it on its own threads).
 *
 * queue() prepares the aiocb that lives beside each request (by index) and
 * holds it; commit() starts the held requests in order; EAGAIN (the
 * library is out of resources) ends a commit short and keeps the rest for
 * the next one, as fio drops to the depth the library takes.  A request
 * the library refuses otherwise completes at once with that error.
 * reap() looks for finished requests among those in flight and waits in
 * aio_suspend() while it has fewer than min.  fsync and fdatasync go
 * through aio_fsync(O_SYNC / O_DSYNC).
 *
 * exit() cancels what is still in flight and waits for it: the library
 * writes into the aiocbs until each request has ended.
 */
#include <aio.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/trim.h"

struct posixaio_data {
	struct aiocb *cbs;		/* one per request, by req->index */
	struct io_req **held;		/* queued, not yet started; FIFO */
	unsigned nr_held;
	unsigned first_held;		/* index of the oldest in held[] */
	struct io_req **flight;		/* started, not yet reaped */
	unsigned nr_flight;
	const struct aiocb **wait;	/* aio_suspend's list */
	struct io_req **failed;		/* refused at start: reap them */
	unsigned nr_failed;
	unsigned depth;
};

/* posixaio_settle - wait until cb has ended (after aio_cancel). */
static void posixaio_settle(struct aiocb *cb)
{
	const struct aiocb *list[1] = { cb };

	while (aio_error(cb) == EINPROGRESS)
		aio_suspend(list, 1, NULL);
	aio_return(cb);
}

static void posixaio_exit(struct be_ctx *ctx)
{
	struct posixaio_data *pd = ctx->data;

	if (!pd)
		return;
	for (unsigned i = 0; i < pd->nr_flight; i++) {
		struct aiocb *cb = &pd->cbs[pd->flight[i]->index];

		aio_cancel(cb->aio_fildes, cb);
		posixaio_settle(cb);
	}
	free(pd->cbs);
	free(pd->held);
	free(pd->flight);
	free(pd->wait);
	free(pd->failed);
	free(pd);
	ctx->data = NULL;
}

static int posixaio_init(struct be_ctx *ctx)
{
	struct posixaio_data *pd = calloc(1, sizeof(*pd));
	unsigned depth = ctx->depth;

	ctx->data = pd;
	if (!pd)
		goto out_nomem;
	pd->depth = depth;
	pd->cbs = calloc(depth, sizeof(*pd->cbs));
	pd->held = calloc(depth, sizeof(*pd->held));
	pd->flight = calloc(depth, sizeof(*pd->flight));
	pd->wait = calloc(depth, sizeof(*pd->wait));
	pd->failed = calloc(depth, sizeof(*pd->failed));
	if (!pd->cbs || !pd->held || !pd->flight || !pd->wait || !pd->failed)
		goto out_nomem;
	return 0;

out_nomem:
	diag_set(ctx->diag, NULL, "posixaio: out of memory");
	return -ENOMEM;
}

static int posixaio_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct posixaio_data *pd = ctx->data;
	struct aiocb *cb = &pd->cbs[req->index];

	if (pd->nr_held + pd->nr_flight + pd->nr_failed >= pd->depth)
		return BE_Q_BUSY;
	if (req->ddir == DDIR_TRIM) {	/* trim.h: synchronous */
		if (pd->nr_held)
			return BE_Q_BUSY;
		req->result = be_trim(req);
		return BE_Q_DONE;
	}
	memset(cb, 0, sizeof(*cb));
	cb->aio_fildes = req->file->fd;
	cb->aio_buf = req->buf;
	cb->aio_nbytes = req->len;
	cb->aio_offset = (off_t)req->offset;
	cb->aio_sigevent.sigev_notify = SIGEV_NONE;
	pd->held[(pd->first_held + pd->nr_held++) % pd->depth] = req;
	return BE_Q_QUEUED;
}

/* posixaio_start - start req.  Returns 0 (started, or failed for itself:
 * on the failed list), or -EAGAIN when the library has no room. */
static int posixaio_start(struct posixaio_data *pd, struct io_req *req)
{
	struct aiocb *cb = &pd->cbs[req->index];
	int r;

	switch (req->ddir) {
	case DDIR_READ:
		r = aio_read(cb);
		break;
	case DDIR_WRITE:
		r = aio_write(cb);
		break;
	case DDIR_SYNC:
		r = aio_fsync(O_SYNC, cb);
		break;
	case DDIR_DATASYNC:
		r = aio_fsync(O_DSYNC, cb);
		break;
	default:
		r = -1;
		errno = EINVAL;
		break;
	}
	if (!r) {
		pd->flight[pd->nr_flight++] = req;
		return 0;
	}
	if (errno == EAGAIN)
		return -EAGAIN;
	req->result = -errno;
	pd->failed[pd->nr_failed++] = req;
	return 0;
}

static int posixaio_commit(struct be_ctx *ctx)
{
	struct posixaio_data *pd = ctx->data;
	unsigned n = 0;

	while (pd->nr_held) {
		if (posixaio_start(pd, pd->held[pd->first_held]))
			break;
		pd->first_held = (pd->first_held + 1) % pd->depth;
		pd->nr_held--;
		n++;
	}
	return n ? (int)n : (pd->nr_held ? -EAGAIN : 0);
}

/* posixaio_harvest - move finished requests (failed ones first) into out[],
 * up to max in all.  Returns how many are in out[] now, from have. */
static unsigned posixaio_harvest(struct posixaio_data *pd, unsigned have,
				 unsigned max, struct io_req **out)
{
	while (pd->nr_failed && have < max)
		out[have++] = pd->failed[--pd->nr_failed];
	for (unsigned i = 0; i < pd->nr_flight && have < max;) {
		struct io_req *req = pd->flight[i];
		struct aiocb *cb = &pd->cbs[req->index];
		int err = aio_error(cb);

		if (err == EINPROGRESS) {
			i++;
			continue;
		}
		req->result = aio_return(cb);
		if (err)
			req->result = err == ECANCELED ? 0 : -err;
		out[have++] = req;
		pd->flight[i] = pd->flight[--pd->nr_flight];
	}
	return have;
}

static int posixaio_reap(struct be_ctx *ctx, unsigned min, unsigned max,
			 struct io_req **out)
{
	struct posixaio_data *pd = ctx->data;
	unsigned have = 0;

	if (min > pd->nr_flight + pd->nr_failed)
		min = pd->nr_flight + pd->nr_failed;
	for (;;) {
		have = posixaio_harvest(pd, have, max, out);
		if (have >= min || !pd->nr_flight)
			return (int)have;
		for (unsigned i = 0; i < pd->nr_flight; i++)
			pd->wait[i] = &pd->cbs[pd->flight[i]->index];
		if (aio_suspend(pd->wait, (int)pd->nr_flight, NULL) &&
		    errno != EINTR && errno != EAGAIN)
			return have ? (int)have : -errno;
	}
}

const struct backend_ops backend_posixaio = {
	.name = "posixaio",
	.flags = 0,
	.init = posixaio_init,
	.exit = posixaio_exit,
	.queue = posixaio_queue,
	.commit = posixaio_commit,
	.reap = posixaio_reap,
};
