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
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "backends/trim.h"
#include "lib/io.h"

/* syncio_is_data - whether ddir moves data (read or write), not a trim or
 * a flush. */
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

/*
 * syncio_pread, syncio_pwrite - pread(2) and pwrite(2) without the C
 * library's cancellation-point wrapper.  glibc brackets every pread in a
 * multi-threaded process with __pthread_enable_asynccancel() and
 * __pthread_disable_asynccancel(), two atomic read-modify-writes of the
 * thread's cancel state: on a page-cached 4 KiB read that was about a
 * quarter of the worker's user-mode time (bench/RESULTS.md).  iostress
 * never cancels a thread, so the plain system call does the same.  Only
 * where the 64-bit offset is one register; elsewhere the libc calls.
 */
#if defined(SYS_pread64) && defined(SYS_pwrite64) && \
	(defined(__x86_64__) || defined(__aarch64__))
static inline ssize_t syncio_pread(int fd, void *buf, size_t len, uint64_t off)
{
	return syscall(SYS_pread64, fd, buf, len, (off_t)off);
}

static inline ssize_t syncio_pwrite(int fd, const void *buf, size_t len,
				    uint64_t off)
{
	return syscall(SYS_pwrite64, fd, buf, len, (off_t)off);
}
#else
static inline ssize_t syncio_pread(int fd, void *buf, size_t len, uint64_t off)
{
	return pread(fd, buf, len, (off_t)off);
}

static inline ssize_t syncio_pwrite(int fd, const void *buf, size_t len,
				    uint64_t off)
{
	return pwrite(fd, buf, len, (off_t)off);
}
#endif

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

/* syncio_nodata - a request that is not a read or a write: a trim
 * (trim.h), an fsync or an fdatasync; its result. */
static inline int64_t syncio_nodata(const struct io_req *req)
{
	if (req->ddir == DDIR_TRIM)
		return be_trim(req);
	return syncio_flush(req->file->fd, req->ddir);
}

#endif
