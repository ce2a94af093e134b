/* SPDX-License-Identifier: MIT */
/*
 * pvsync2.c - fio's pvsync2 engine: preadv2(2)/pwritev2(2) with one iovec
 * per request and per-I/O flags:
 *
 *   hipri=1            RWF_HIPRI (polled completion) on hipri_percentage
 *                      percent of the I/Os, drawn at random per I/O as fio
 *                      does.  The kernel polls only O_DIRECT I/O to a
 *                      device with poll queues; elsewhere it ignores it.
 *   uncached=N (N!=0)  RWF_DONTCACHE on buffered I/O (ignored with
 *                      direct=1, as in fio): the pages the I/O brought into
 *                      the page cache are dropped once it is done.  fio
 *                      3.33 calls it RWF_UNCACHED and sends 0x40, the value
 *                      of a patch set that was never merged (Linux 6.11
 *                      gave 0x40 to RWF_ATOMIC); iostress sends the merged
 *                      RWF_DONTCACHE (0x80, Linux 6.14).  A kernel or file
 *                      system without it fails the I/O with EOPNOTSUPP.
 *
 * Synchronous (BE_F_SYNC): queue() does the I/O and iodepth has no effect.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/uio.h>

#include "backends/backend.h"
#include "backends/syncio.h"
#include "lib/rand.h"

#ifndef RWF_HIPRI
#define RWF_HIPRI	0x00000001
#endif
#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE	0x00000080
#endif

struct pvsync2_data {
	int flags;		/* the flags of every I/O (uncached) */
	unsigned hipri_pct;	/* 0: never RWF_HIPRI; 100: always */
	struct rng rng;		/* draws hipri for 0 < hipri_pct < 100 */
};

static int pvsync2_init(struct be_ctx *ctx)
{
	struct pvsync2_data *pd = calloc(1, sizeof(*pd));

	ctx->data = pd;
	if (!pd) {
		diag_set(ctx->diag, NULL, "pvsync2: out of memory");
		return -ENOMEM;
	}
	if (ctx->pvsync2 && ctx->pvsync2->uncached && !ctx->direct)
		pd->flags |= RWF_DONTCACHE;
	if (ctx->uring && ctx->uring->hipri)
		pd->hipri_pct = ctx->pvsync2 ? ctx->pvsync2->hipri_percentage : 100;
	rng_seed(&pd->rng, ctx->seed);
	return 0;
}

static void pvsync2_exit(struct be_ctx *ctx)
{
	free(ctx->data);
	ctx->data = NULL;
}

/* pvsync2_flags - the RWF_* flags of the next data I/O. */
static inline int pvsync2_flags(struct pvsync2_data *pd)
{
	if (pd->hipri_pct >= 100 ||
	    (pd->hipri_pct && rng_below(&pd->rng, 100) < pd->hipri_pct))
		return pd->flags | RWF_HIPRI;
	return pd->flags;
}

static int pvsync2_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct iovec iov = { .iov_base = req->buf, .iov_len = req->len };
	struct pvsync2_data *pd = ctx->data;
	int fd = req->file->fd;

	if (req->ddir == DDIR_READ)
		req->result = syncio_result(preadv2(fd, &iov, 1, (off_t)req->offset,
						    pvsync2_flags(pd)));
	else if (req->ddir == DDIR_WRITE)
		req->result = syncio_result(pwritev2(fd, &iov, 1, (off_t)req->offset,
						     pvsync2_flags(pd)));
	else
		req->result = syncio_nodata(req);
	return BE_Q_DONE;
}

const struct backend_ops backend_pvsync2 = {
	.name = "pvsync2",
	.flags = BE_F_SYNC,
	.init = pvsync2_init,
	.exit = pvsync2_exit,
	.queue = pvsync2_queue,
};
