/* SPDX-License-Identifier: MIT */
/*
 * layout.h - make a job's data files exist before its timed phase.
 *
 * fio's behaviour, which iostress follows: a regular file that is missing
 * or shorter than the job needs is created and extended before the job
 * starts.  When the job reads, the new part is written with incompressible
 * random data so that reads return real data from the device, not holes.
 * Write-only jobs get the file extended (fallocate where the filesystem
 * supports it, else ftruncate) without filling.  Block devices and
 * character devices are never laid out; a block device is only checked
 * to be large enough.
 */
#ifndef IOSTRESS_LAYOUT_H
#define IOSTRESS_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"

/*
 * layout_file - ensure path exists and is at least need bytes long.
 * fill selects random fill (true) or plain extension (false); only the
 * part beyond the current size is written or allocated, and a fill ends
 * with fdatasync.  seed makes the data repeatable.  A regular file that is
 * already long enough is not even opened for writing.  On success
 * *out_size holds the file size afterwards (for a block device, its size
 * from BLKGETSIZE64; 0 for a character device).  Returns 0 or -errno, with
 * a message in d naming the path; -ENOSPC when a block device is smaller
 * than need, -EISDIR or -EINVAL for other kinds of file.  Never truncates
 * an existing file.
 */
int layout_file(const char *path, uint64_t need, bool fill, uint64_t seed,
		uint64_t *out_size, struct diag *d);

/*
 * layout_path_size - size of an existing regular file or block device in
 * bytes; 0 when the path does not exist or is a character device.  Returns
 * 0 or -errno (-EISDIR for a directory, -EINVAL for other kinds of file).
 */
int layout_path_size(const char *path, uint64_t *out_size);

#endif
