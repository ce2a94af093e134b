/* SPDX-License-Identifier: MIT */
/*
 * psync.c - synchronous pread(2)/pwrite(2), one request at a time.
 *
 * queue() does the I/O itself and always returns BE_Q_DONE (BE_F_SYNC):
 * iodepth has no effect, as with fio's psync.  A short transfer or an
 * error is stored in the request, not returned as a backend failure.
 */
#include <errno.h>
#include <unistd.h>

#include "backends/backend.h"

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
	ssize_t r;

	(void)ctx;
	switch (req->ddir) {
	case DDIR_READ:
		r = pread(fd, req->buf, req->len, (off_t)req->offset);
		break;
	case DDIR_WRITE:
		r = pwrite(fd, req->buf, req->len, (off_t)req->offset);
		break;
	case DDIR_SYNC:
		r = fsync(fd);
		break;
	case DDIR_DATASYNC:
		r = fdatasync(fd);
		break;
	default:
		r = -1;
		errno = EINVAL;
		break;
	}
	req->result = r < 0 ? -errno : r;
	return BE_Q_DONE;
}

const struct backend_ops backend_psync = {
	.name = "psync",
	.flags = BE_F_SYNC,
	.init = psync_init,
	.exit = psync_exit,
	.queue = psync_queue,
};
