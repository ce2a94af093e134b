/* SPDX-License-Identifier: MIT */
/*
 * sync.c - fio's sync engine: read(2)/write(2) at the file position, with
 * lseek(2) first only when the request does not start where the file's
 * previous transfer ended (fio's fio_syncio_prep), so a sequential job
 * makes one system call per I/O and a random one two.
 *
 * Synchronous (BE_F_SYNC): queue() does the I/O and iodepth has no effect.
 * The backend keeps, per file, the position the kernel's file offset is
 * known to be at: 0 when the file has just been opened, as in fio;
 * unknown (after an error) forces a seek.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "backends/backend.h"
#include "backends/syncio.h"

#define POS_UNKNOWN	UINT64_MAX

struct sync_data {
	uint64_t *pos;		/* per file: its file offset, or POS_UNKNOWN */
};

static void sync_exit(struct be_ctx *ctx)
{
	struct sync_data *sd = ctx->data;

	if (!sd)
		return;
	free(sd->pos);
	free(sd);
	ctx->data = NULL;
}

static int sync_init(struct be_ctx *ctx)
{
	struct sync_data *sd = calloc(1, sizeof(*sd));

	ctx->data = sd;
	if (!sd)
		goto out_nomem;
	sd->pos = malloc((ctx->nr_files ? ctx->nr_files : 1) * sizeof(*sd->pos));
	if (!sd->pos)
		goto out_nomem;
	/* the worker opened the files for this run and moves their offsets
	 * only through here (layout writes by path, with pwrite) */
	for (unsigned i = 0; i < ctx->nr_files; i++)
		sd->pos[i] = 0;
	return 0;

out_nomem:
	diag_set(ctx->diag, NULL, "sync: out of memory");
	return -ENOMEM;
}

static int sync_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct sync_data *sd = ctx->data;
	uint64_t *pos = &sd->pos[req->file - ctx->files];
	int fd = req->file->fd;
	ssize_t r;

	if (!syncio_is_data(req->ddir)) {
		req->result = syncio_nodata(req);
		return BE_Q_DONE;
	}
	if (*pos != req->offset &&
	    lseek(fd, (off_t)req->offset, SEEK_SET) == (off_t)-1) {
		req->result = -errno;
		*pos = POS_UNKNOWN;
		return BE_Q_DONE;
	}
	if (req->ddir == DDIR_READ)
		r = read(fd, req->buf, req->len);
	else
		r = write(fd, req->buf, req->len);
	req->result = syncio_result(r);
	*pos = r < 0 ? POS_UNKNOWN : req->offset + (uint64_t)r;
	return BE_Q_DONE;
}

const struct backend_ops backend_sync = {
	.name = "sync",
	.flags = BE_F_SYNC,
	.init = sync_init,
	.exit = sync_exit,
	.queue = sync_queue,
};
