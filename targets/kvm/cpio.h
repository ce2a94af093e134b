/* SPDX-License-Identifier: MIT */
/*
 * cpio.h - writing a "newc" cpio archive, the format the Linux kernel
 * unpacks as an initramfs (Documentation/driver-api/early-userspace/
 * buffer-format.rst): for each entry a 110-byte ASCII header ("070701",
 * then 13 fields of 8 hex digits), the name with its NUL, padding to a
 * multiple of 4, the data, padding to a multiple of 4; the archive ends
 * with the entry "TRAILER!!!".  Entries are written with owner 0:0, mtime
 * 0 and inode numbers counted from 1, so the same entries give the same
 * bytes every time (the initramfs cache keys on them).  Several archives
 * concatenated are one initramfs to the kernel: a cached base and a small
 * per-boot one.
 */
#ifndef IOSTRESS_KVM_CPIO_H
#define IOSTRESS_KVM_CPIO_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

struct cpio_writer {
	FILE *f;
	uint32_t ino;			/* the last inode number given */
	int err;			/* the first -errno; later calls do nothing */
};

/*
 * cpio_begin - start an archive on f (not owned), at a 4-aligned offset
 * of it (the start of a file, or the end of an earlier archive).
 *
 * Every cpio_add_*() below records its error in w->err as well as
 * returning it, also one found before anything was written (a bad path,
 * a missing src): the archive is then abandoned, later calls return that
 * first error and write nothing, and cpio_end() returns it.  A path is
 * relative ("init", "lib/modules"), not empty: -EINVAL otherwise.  Write
 * errors are -EIO.
 */
void cpio_begin(struct cpio_writer *w, FILE *f);

/* cpio_add_dir - a directory entry, path without a leading '/'
 * ("modules"), mode its permission bits.  Returns 0 or -errno. */
int cpio_add_dir(struct cpio_writer *w, const char *path, mode_t mode);

/* cpio_add_data - a regular file holding data[0..len), len at most
 * 4 GiB - 1 (-EFBIG).  Returns 0 or -errno. */
int cpio_add_data(struct cpio_writer *w, const char *path, mode_t mode,
		  const void *data, size_t len);

/* cpio_add_file - a regular file with the content of the host file src,
 * which must be a regular file of at most 4 GiB - 1 (-EISDIR, -EINVAL,
 * -EFBIG otherwise) and keep its size while it is copied (-EIO).  Returns
 * 0 or -errno (-ENOENT, -EACCES, -EIO, ...). */
int cpio_add_file(struct cpio_writer *w, const char *path, mode_t mode,
		  const char *src);

/* cpio_end - the trailer, and flush (f stays open).  Returns 0 or the
 * first -errno of the archive; after an error no trailer is written. */
int cpio_end(struct cpio_writer *w);

#endif
