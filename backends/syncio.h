/* SPDX-License-Identifier: MIT */
/*
 * syncio.h - what the synchronous engines (sync, psync, vsync, pvsync,
 * pvsync2) share: the flush requests, and how a system call's return
 * becomes a request's result.  Static inline: they sit on the hot path.
 */
#ifndef IOSTRESS_SYNCIO_H
#define IOSTRESS_SYNCIO_H

#include <errno.h>
#include <stdbool.h>
#include <sys/types.h>
#include <unistd.h>

#include "lib/io.h"

/* syncio_is_data - whether ddir moves data (read or write), not a flush. */
static inline bool syncio_is_data(unsigned ddir)
{
	return ddir == DDIR_READ || ddir == DDIR_WRITE;
}

/* syncio_result - a system call's return as a request result: bytes
 * transferred, or -errno. */
static inline int64_t syncio_result(ssize_t r)
{
	return r < 0 ? -errno : r;
}

/* syncio_flush - DDIR_SYNC (fsync) or DDIR_DATASYNC (fdatasync) of fd, as a
 * request result: 0 or -errno; -EINVAL for any other ddir. */
static inline int64_t syncio_flush(int fd, unsigned ddir)
{
	if (ddir == DDIR_SYNC)
		return syncio_result(fsync(fd));
	if (ddir == DDIR_DATASYNC)
		return syncio_result(fdatasync(fd));
	return -EINVAL;
}

#endif
