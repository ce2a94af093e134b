/* SPDX-License-Identifier: MIT */
/*
 * aio.c - the Linux native AIO engine (libaio).
 *
 * queue() prepares an iocb per request (one iocb lives beside each request,
 * by index) and holds it; commit() hands the held iocbs to io_submit() in
 * one call; reap() takes completions straight from the kernel's AIO
 * completion ring, which is mapped into our memory (the io_context_t is
 * its address), and calls io_getevents() only to wait when fewer than min
 * are there.  libaio returns negated errno values itself.
 *
 * The backend counts what it has submitted and not reaped, so a wait never
 * asks the kernel for more completions than can come.  -EAGAIN from
 * io_submit() (the context is full) ends a commit short; the unsubmitted
 * iocbs stay pending, in order, for the next commit.
 */
#include <errno.h>
#include <libaio.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "backends/trim.h"

#ifndef IOCB_FLAG_IOPRIO
#define IOCB_FLAG_IOPRIO	(1 << 1)	/* linux/aio_abi.h */
#endif

/*
 * The kernel's completion ring (fs/aio.c, struct aio_ring): a stable
 * layout that user space may read; it is the memory io_setup() returns as
 * the io_context_t.  The kernel advances tail, user space advances head.
 */
struct aio_uring {
	unsigned id;
	unsigned nr;			/* events in the ring */
	unsigned head;
	unsigned tail;
	unsigned magic;
	unsigned compat_features;
	unsigned incompat_features;
	unsigned header_length;		/* sizeof(struct aio_uring) */
	struct io_event events[];
};

#define AIO_RING_MAGIC	0xa10a10a1

struct aio_data {
	io_context_t ctx;
	bool ctx_ready;
	bool user_reap;			/* completions read from the ring */
	struct iocb *iocbs;		/* one per request, by req->index */
	struct iocb **pending;		/* queued, not yet submitted */
	unsigned nr_pending;
	unsigned inflight;		/* submitted, not yet reaped */
	struct io_event *events;
	unsigned depth;
};

/* aio_ring_usable - whether the completion ring can be read directly. */
static bool aio_ring_usable(io_context_t ctx)
{
	const struct aio_uring *ring = (const struct aio_uring *)ctx;

	return ring->magic == AIO_RING_MAGIC && !ring->incompat_features &&
	       ring->header_length == sizeof(*ring);
}

/* aio_ring_harvest - move up to max ready completions into out[]; no
 * system call.  Returns how many. */
static unsigned aio_ring_harvest(io_context_t ctx, unsigned max,
				 struct io_req **out)
{
	struct aio_uring *ring = (struct aio_uring *)ctx;
	unsigned head = ring->head, n = 0;
	unsigned tail = __atomic_load_n(&ring->tail, __ATOMIC_ACQUIRE);

	while (head != tail && n < max) {
		const struct io_event *ev = &ring->events[head];
		struct io_req *req = ev->data;

		req->result = (long)ev->res;
		out[n++] = req;
		if (++head == ring->nr)
			head = 0;
	}
	__atomic_store_n(&ring->head, head, __ATOMIC_RELEASE);
	return n;
}

static int aio_init(struct be_ctx *ctx)
{
	unsigned depth = ctx->depth;
	struct aio_data *ad;
	int ret;

	ad = calloc(1, sizeof(*ad));
	if (!ad)
		return -ENOMEM;
	ctx->data = ad;
	ad->depth = depth;
	ad->iocbs = calloc(depth, sizeof(*ad->iocbs));
	ad->pending = calloc(depth, sizeof(*ad->pending));
	ad->events = calloc(depth, sizeof(*ad->events));
	if (!ad->iocbs || !ad->pending || !ad->events)
		return -ENOMEM;
	ret = io_setup((int)depth, &ad->ctx);
	if (ret < 0) {
		diag_set(ctx->diag, ctx->loc,
			 "job '%s': io_setup(%u) failed: %s%s", ctx->job_name,
			 depth, strerror(-ret),
			 ret == -EAGAIN ? " (raise fs.aio-max-nr)" : "");
		return ret;
	}
	ad->ctx_ready = true;
	ad->user_reap = aio_ring_usable(ad->ctx);
	ctx->features->aio_ring_reap = ad->user_reap;
	return 0;
}

static void aio_exit(struct be_ctx *ctx)
{
	struct aio_data *ad = ctx->data;

	if (!ad)
		return;
	if (ad->ctx_ready)
		io_destroy(ad->ctx);
	free(ad->iocbs);
	free(ad->pending);
	free(ad->events);
	free(ad);
	ctx->data = NULL;
}

static int aio_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct aio_data *ad = ctx->data;
	struct iocb *cb = &ad->iocbs[req->index];
	int fd = req->file->fd;

	if (ad->nr_pending >= ad->depth)
		return BE_Q_BUSY;
	if (req->ddir == DDIR_TRIM) {	/* trim.h: synchronous */
		if (ad->nr_pending)
			return BE_Q_BUSY;
		req->result = be_trim(req);
		return BE_Q_DONE;
	}
	switch (req->ddir) {
	case DDIR_READ:
		io_prep_pread(cb, fd, req->buf, req->len, (long long)req->offset);
		break;
	case DDIR_WRITE:
		io_prep_pwrite(cb, fd, req->buf, req->len, (long long)req->offset);
		break;
	case DDIR_SYNC:
		io_prep_fsync(cb, fd);
		break;
	default:
		io_prep_fdsync(cb, fd);
		break;
	}
	if (req->ioprio && req->ddir < DDIR_NR) {
		cb->aio_reqprio = (short)req->ioprio;
		cb->u.c.flags |= IOCB_FLAG_IOPRIO;
	}
	cb->data = req;
	ad->pending[ad->nr_pending++] = cb;
	return BE_Q_QUEUED;
}

/* aio_busy - io_submit/io_getevents found no room for now. */
static inline bool aio_busy(int r)
{
	return r == -EAGAIN || r == -EBUSY;
}

static int aio_commit(struct be_ctx *ctx)
{
	struct aio_data *ad = ctx->data;
	unsigned done = 0;
	int r = 0;

	while (done < ad->nr_pending) {
		r = io_submit(ad->ctx, (long)(ad->nr_pending - done), ad->pending + done);
		if (r == -EINTR)
			continue;
		if (r <= 0)
			break;
		done += (unsigned)r;
	}
	if (!done && r < 0)
		return r;	/* -EAGAIN/-EBUSY: the worker reaps, retries */
	/* short: keep the rest, in order, for the next commit; an error
	 * after some were taken comes back from that commit */
	ad->nr_pending -= done;
	memmove(ad->pending, ad->pending + done, ad->nr_pending * sizeof(*ad->pending));
	ad->inflight += done;
	return (int)done;
}

static int aio_reap(struct be_ctx *ctx, unsigned min, unsigned max,
		    struct io_req **out)
{
	struct aio_data *ad = ctx->data;
	unsigned n = 0;
	int r;

	if (min > ad->inflight)
		min = ad->inflight;
	if (ad->user_reap) {
		n = aio_ring_harvest(ad->ctx, max, out);
		ad->inflight -= n;
		if (n >= min)
			return (int)n;
	}
	/* wait in the kernel for the rest */
	do {
		r = io_getevents(ad->ctx, (long)(min - n), (long)(max - n),
				 ad->events, NULL);
	} while (r == -EINTR);
	if (r < 0)
		return n || aio_busy(r) ? (int)n : r;
	for (int i = 0; i < r; i++) {
		struct io_req *req = ad->events[i].data;

		req->result = (long)ad->events[i].res;
		out[n++] = req;
	}
	ad->inflight -= (unsigned)r;
	return (int)n;
}

const struct backend_ops backend_aio = {
	.name = "libaio",
	.flags = BE_F_IOPRIO,
	.init = aio_init,
	.exit = aio_exit,
	.queue = aio_queue,
	.commit = aio_commit,
	.reap = aio_reap,
};
