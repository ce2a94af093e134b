/* SPDX-License-Identifier: MIT */
/*
 * native.h - the native target: files and block devices on this machine.
 *
 * Two checks a worker makes before it opens a file:
 *
 *   - Is it safe to write?  Only block devices are checked.  A device is
 *     refused for writing when it is mounted (itself, one of its partitions,
 *     or the whole disk of a partition), is an active swap device, is held
 *     by another device (/sys/block/X/holders: an md member, a dm table),
 *     is claimed exclusively by the kernel, or carries a filesystem, RAID
 *     or partition-table signature (libblkid).  allow_mounted_write=1
 *     skips every one of these.  Reads are never checked.
 *
 *   - Is the job aligned for O_DIRECT?  native_dio_align() finds what the
 *     kernel requires (statx STATX_DIOALIGN, BLKSSZGET, or the logical
 *     block size of the backing device) and native_check_dio() refuses a
 *     block size or offset that is not a multiple of it, before the run.
 *
 * Messages follow DESIGN.md: they name the device or job, the reason and
 * the value, are lowercase, and carry no trailing full stop.
 */
#ifndef IOSTRESS_NATIVE_H
#define IOSTRESS_NATIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"

struct job;

/*
 * native_check_write_safe - may a job write to path?
 *
 * Regular files, missing paths and character devices always may (returns
 * 0 without opening anything).  For a block device, returns -EBUSY with a
 * message in d when the device is in use or holds data, e.g.
 *
 *   refusing to write to '/dev/loop0': it is mounted on '/mnt/x'
 *   (set allow_mounted_write=1 to override)
 *
 * The reasons, checked in this order: mounted (the mount table, through
 * lib/mounts.h: a filesystem on the device, on one of its partitions, or
 * on the whole disk under a partition), active swap (/proc/swaps, through
 * lib/swaps.h), held by another device (holders/ of the device or one of
 * its partitions), a signature found by libblkid ("holds an ext4
 * filesystem"), and finally an exclusive claim by the kernel (open with
 * O_EXCL fails with EBUSY).  In a build without libmount the first two
 * cannot look; a mounted or swapped-on device is then refused for its
 * signature or the kernel's claim instead.  With allow_mounted_write set,
 * returns 0 at once.  Returns another -errno, with a message, when the
 * device cannot be examined at all.
 */
int native_check_write_safe(const char *path, bool allow_mounted_write,
			    struct diag *d);

/* The O_DIRECT alignment a file needs. */
struct native_dio {
	unsigned mem_align;	/* buffer address alignment, bytes */
	unsigned offset_align;	/* file offset and length alignment, bytes */
	/* Where offset_align came from, for messages, e.g. "the logical
	 * block size of /dev/loop0" or "the direct I/O alignment of
	 * '/var/tmp/f' (statx)". */
	char source[160];
};

/*
 * native_dio_align - the O_DIRECT alignment of the open file fd at path.
 *
 * Tried in order:
 *   1. statx(STATX_DIOALIGN) (Linux 6.1+ for files; 6.11+ for block
 *      devices).  A file that reports 0 does not support O_DIRECT:
 *      returns -EINVAL with the reason in out->source;
 *   2. for a block device, BLKSSZGET (offset_align, and mem_align too
 *      unless statx gave it);
 *   3. for a regular file, the logical block size of the device the file
 *      lives on, from /sys/dev/block/MAJ:MIN/queue/logical_block_size;
 *   4. 512.
 * Always fills *out (512/512 and a generic source on failure).  Returns 0,
 * or -EINVAL as above, or -errno when fd cannot be examined.
 */
int native_dio_align(int fd, const char *path, struct native_dio *out);

/*
 * native_check_dio - refuse a direct=1 job whose I/O would be misaligned.
 *
 * Checks, for each direction the job uses (job->rw), that job->bs[ddir]
 * is a multiple of a->offset_align, and that offset (the first byte the
 * job touches, wfile.io_offset) is one too.  On failure returns -EINVAL
 * with a message in d at job->loc, naming the alignment, where it came
 * from, and the value given, e.g.
 *
 *   job 'x': bs=1000 is not a multiple of 512, the logical block size of
 *   /dev/loop0 (O_DIRECT)
 *
 * Returns 0 when the job is not direct=1 or is aligned.
 */
int native_check_dio(const struct job *job, uint64_t offset,
		     const struct native_dio *a, struct diag *d);

#endif
