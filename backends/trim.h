/* SPDX-License-Identifier: MIT */
/*
 * trim.h - a trim (DDIR_TRIM) as every backend does it: synchronously,
 * with the BLKDISCARD ioctl on the file descriptor, as fio 3.33's
 * do_io_u_trim() and os_trim() do.  On a regular file the ioctl fails with
 * ENOTTY, as in fio.  The asynchronous backends (io_uring, libaio,
 * posixaio) take a trim only when nothing of theirs is waiting to be
 * submitted, and complete it inside queue(), as fio's do with
 * FIO_ASYNCIO_SYNC_TRIM.
 */
#ifndef IOSTRESS_BACKEND_TRIM_H
#define IOSTRESS_BACKEND_TRIM_H

#include <errno.h>
#include <stdint.h>
#include <linux/fs.h>
#include <sys/ioctl.h>

#include "lib/io.h"

/* be_trim - discard req's range of req->file: the request's result is its
 * length, or -errno. */
static inline int64_t be_trim(const struct io_req *req)
{
	uint64_t range[2] = { req->offset, req->len };

	if (ioctl(req->file->fd, BLKDISCARD, range))
		return -errno;
	return req->len;
}

#endif
