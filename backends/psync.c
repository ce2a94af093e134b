/* SPDX-License-Identifier: MIT */
/*
 * psync.c - synchronous pread(2)/pwrite(2), one request at a time, made
 * as plain system calls (syncio.h says why).
 *
 * queue() does the I/O itself and always returns BE_Q_DONE (BE_F_SYNC):
 * iodepth has no effect, as with fio's psync.  A short transfer or an
 * error is stored in the request, not returned as a backend failure.
 */
#include "backends/backend.h"
#include "backends/syncio.h"

static int psync_init(struct be_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static void psync_exit(struct be_ctx *ctx)
{
	(void)ctx;
}

static int psync_queue(struct be_ctx *ctx, struct io_req *req)
{
	int fd = req->file->fd;

	(void)ctx;
	if (req->ddir == DDIR_READ)
		req->result = syncio_result(syncio_pread(fd, req->buf, req->len,
							 req->offset));
	else if (req->ddir == DDIR_WRITE)
		req->result = syncio_result(syncio_pwrite(fd, req->buf, req->len,
							  req->offset));
	else
		req->result = syncio_nodata(req);
	return BE_Q_DONE;
}

const struct backend_ops backend_psync = {
	.name = "psync",
	.flags = BE_F_SYNC,
	.init = psync_init,
	.exit = psync_exit,
	.queue = psync_queue,
};
