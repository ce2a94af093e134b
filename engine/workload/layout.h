/* SPDX-License-Identifier: MIT */
/*
 * layout.h - make a job's data files exist before its timed phase.
 *
 * fio's behaviour, which iostress follows: a regular file that is missing
 * or shorter than the job needs is created and extended before the job
 * starts.  When the job reads, the new part is written with incompressible
 * random data so that reads return real data from the device, not holes.
 * Write-only jobs get the file allocated as fallocate= says and extended,
 * without filling.  Block devices and
 * character devices are never laid out; a block device is only checked
 * to be large enough.
 */
#ifndef IOSTRESS_LAYOUT_H
#define IOSTRESS_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"

/* fallocate=: how the new part of a file is allocated (fio's names). */
enum fallocate_mode {
	FALLOC_NONE = 0,	/* nothing: the file is extended sparse */
	FALLOC_NATIVE,		/* fallocate(2); where the filesystem has
				 * none, extended sparse (fio's default) */
	FALLOC_POSIX,		/* posix_fallocate(3), which writes zeros
				 * where the filesystem cannot allocate */
	FALLOC_KEEP,		/* fallocate(2) with FALLOC_FL_KEEP_SIZE:
				 * blocks reserved, size left as it was */
	FALLOC_TRUNCATE,	/* ftruncate(2) to the size: sparse */
};

/*
 * layout_file - ensure path exists and is at least need bytes long.
 * mode (fallocate=) allocates the new part first; then fill writes it with
 * random data (true), or it is only allocated (false; as in fio, only
 * native, posix and truncate set the size up front: with none and keep the
 * file grows as the job writes).  Only the
 * part beyond the current size is written or allocated, and a fill ends
 * with fdatasync.  seed makes the data repeatable.  A regular file that is
 * already long enough is not even opened for writing.  On success
 * *out_size holds the file size afterwards (for a block device, its size
 * from BLKGETSIZE64; 0 for a character device).  Returns 0 or -errno, with
 * a message in d naming the path; -ENOSPC when a block device is smaller
 * than need, -EISDIR or -EINVAL for other kinds of file.  Never truncates
 * an existing file.
 */
int layout_file(const char *path, uint64_t need, bool fill,
		enum fallocate_mode mode, uint64_t seed, uint64_t *out_size,
		struct diag *d);

/*
 * layout_path_size - size of an existing regular file or block device in
 * bytes; 0 when the path does not exist or is a character device.  Returns
 * 0 or -errno (-EISDIR for a directory, -EINVAL for other kinds of file).
 */
int layout_path_size(const char *path, uint64_t *out_size);

#endif
