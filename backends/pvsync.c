/* SPDX-License-Identifier: MIT */
/*
 * pvsync.c - fio's pvsync engine: preadv(2)/pwritev(2) with one iovec per
 * request.  Synchronous (BE_F_SYNC): queue() does the I/O and iodepth has
 * no effect, as with fio's pvsync.
 */
#include <sys/uio.h>

#include "backends/backend.h"
#include "backends/syncio.h"

static int pvsync_init(struct be_ctx *ctx)
{
	(void)ctx;
	return 0;
}

static void pvsync_exit(struct be_ctx *ctx)
{
	(void)ctx;
}

static int pvsync_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct iovec iov = { .iov_base = req->buf, .iov_len = req->len };
	int fd = req->file->fd;

	(void)ctx;
	if (req->ddir == DDIR_READ)
		req->result = syncio_result(preadv(fd, &iov, 1, (off_t)req->offset));
	else if (req->ddir == DDIR_WRITE)
		req->result = syncio_result(pwritev(fd, &iov, 1, (off_t)req->offset));
	else
		req->result = syncio_nodata(req);
	return BE_Q_DONE;
}

const struct backend_ops backend_pvsync = {
	.name = "pvsync",
	.flags = BE_F_SYNC,
	.init = pvsync_init,
	.exit = pvsync_exit,
	.queue = pvsync_queue,
};
