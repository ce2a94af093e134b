/* SPDX-License-Identifier: MIT */
/*
 * io.h - one I/O request as it travels between a worker and a backend.
 *
 * A worker owns iodepth requests, allocated once before the run.  It fills
 * in file, offset, len, ddir and t_start, hands the request to its backend's
 * queue(), and gets it back (from queue() itself or from reap()) with
 * result set.  Requests are never allocated or freed on the hot path.
 */
#ifndef IOSTRESS_IO_H
#define IOSTRESS_IO_H

#include <stdint.h>

/* Directions, numbered as fio's enum fio_ddir.  Statistics are kept for
 * DDIR_READ, DDIR_WRITE and DDIR_TRIM (fio's DDIR_RWDIR_CNT). */
enum ddir {
	DDIR_READ = 0,
	DDIR_WRITE = 1,
	DDIR_TRIM = 2,		/* discard len bytes at offset; buf unused */
	DDIR_NR = 3,		/* directions that carry stats */
	DDIR_SYNC = 3,		/* fsync of req->file; len and buf unused */
	DDIR_DATASYNC = 4,	/* fdatasync of req->file */
};

/* One open file of a worker; a request points at one of these. */
struct wfile {
	int fd;			/* open descriptor, -1 when closed */
	int fixed_index;	/* index in a backend's registered-file table, -1 if none */
	char *path;		/* owned */
	uint64_t real_size;	/* size on disk (bytes), after layout */
	uint64_t io_offset;	/* first byte this job may touch */
	uint64_t io_size;	/* bytes from io_offset this job may touch */
};

struct io_req {
	void *buf;		/* aligned data buffer of at least len bytes */
	struct wfile *file;
	uint64_t offset;	/* byte offset in file */
	uint32_t len;		/* bytes requested */
	uint8_t ddir;		/* enum ddir */
	uint8_t readback;	/* a read of a block the job wrote, to be
				 * checked (verify); set by the worker */
	uint16_t ioprio;	/* the I/O priority it carries: class << 13 |
				 * level, 0 = none (the thread's); sent by
				 * BE_F_IOPRIO backends, logged by log_prio */
	uint32_t index;		/* position in the worker's request array;
				 * also the registered-buffer index */
	int64_t result;		/* set by the backend on completion: bytes
				 * transferred (may be short), or -errno */
	uint64_t t_start;	/* ns, when the worker prepared the request */
	uint64_t t_issue;	/* ns, when it was handed to the kernel */
	uint64_t t_done;	/* ns, when it completed: set only by a
				 * BE_F_TIMED backend (backend.h) */
};

#endif
