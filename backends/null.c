/* SPDX-License-Identifier: MIT */
/*
 * null.c - the null engine: every request completes without touching a
 * device, but still goes through the worker's full timing and statistics
 * path.  As in fio, it is synchronous at iodepth 1 and otherwise queues
 * requests, "submits" them all on commit and hands them back on reap.
 */
#include <errno.h>
#include <stdlib.h>

#include "backends/backend.h"
#include "backends/done.h"

struct null_data {
	struct io_req **queued;		/* accepted, not yet committed */
	unsigned nr_queued;
	struct io_req **done;		/* committed, not yet reaped */
	unsigned nr_done;
	unsigned depth;
};

static int null_init(struct be_ctx *ctx)
{
	struct null_data *nd;

	nd = calloc(1, sizeof(*nd));
	if (!nd)
		goto out_nomem;
	ctx->data = nd;
	nd->depth = ctx->depth;
	nd->queued = calloc(nd->depth, sizeof(*nd->queued));
	nd->done = calloc(nd->depth, sizeof(*nd->done));
	if (!nd->queued || !nd->done)
		goto out_nomem;
	return 0;

out_nomem:
	diag_set(ctx->diag, NULL, "null: out of memory");
	return -ENOMEM;
}

static void null_exit(struct be_ctx *ctx)
{
	struct null_data *nd = ctx->data;

	if (!nd)
		return;
	free(nd->queued);
	free(nd->done);
	free(nd);
	ctx->data = NULL;
}

static int null_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct null_data *nd = ctx->data;

	if (nd->depth == 1) {
		req->result = req->len;
		return BE_Q_DONE;
	}
	if (nd->nr_queued + nd->nr_done >= nd->depth)
		return BE_Q_BUSY;
	nd->queued[nd->nr_queued++] = req;
	return BE_Q_QUEUED;
}

static int null_commit(struct be_ctx *ctx)
{
	struct null_data *nd = ctx->data;
	unsigned n = nd->nr_queued;

	for (unsigned i = 0; i < n; i++) {
		struct io_req *req = nd->queued[i];

		req->result = req->len;
		nd->done[nd->nr_done++] = req;
	}
	nd->nr_queued = 0;
	return (int)n;
}

static int null_reap(struct be_ctx *ctx, unsigned min, unsigned max,
		     struct io_req **out)
{
	struct null_data *nd = ctx->data;

	(void)min;	/* everything committed is already complete */
	return done_take(nd->done, &nd->nr_done, max, out);
}

const struct backend_ops backend_null = {
	.name = "null",
	.flags = BE_F_NOIO,
	.init = null_init,
	.exit = null_exit,
	.queue = null_queue,
	.commit = null_commit,
	.reap = null_reap,
};
