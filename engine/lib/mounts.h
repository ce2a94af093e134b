/* SPDX-License-Identifier: MIT */
/*
 * mounts.h - the mount table: which mount holds a path, and is a block
 * device mounted.
 *
 * The table is /proc/self/mountinfo, read through libmount (util-linux),
 * which also undoes its octal escapes.  Each call reads it afresh, so the
 * answer is that of the moment of the call, in this process's mount
 * namespace.
 *
 * Without libmount.  Debian ships no static libmount, so a static build
 * configures --without-libmount, and the static worker is compiled
 * without it (USE_LIBMOUNT is undefined in both).  Then there is no mount
 * table at all (iostress does not parse it itself): every
 * function below returns -ENOTSUP and mounts_available() is false.  A
 * caller can still name the device of a file on a real block device from
 * stat()'s st_dev through sysfs.h, but not the devices under a file on an
 * anonymous device (major 0: overlayfs, tmpfs, btrfs subvolumes), and
 * must say so rather than guess.
 */
#ifndef IOSTRESS_MOUNTS_H
#define IOSTRESS_MOUNTS_H

#include <stdbool.h>
#include <sys/types.h>

/* One mount, copied out of the table.  The strings are owned by the
 * entry; mount_entry_release() frees them. */
struct mount_entry {
	char *target;		/* where it is mounted: "/mnt/data" */
	char *source;		/* "/dev/vda1", "overlay", "tmpfs"; may be "" */
	char *fstype;		/* "ext4", "overlay", "tmpfs" */
	char *fs_options;	/* the filesystem's own options, e.g.
				 * "rw,lowerdir=/l,upperdir=/u,workdir=/w" */
	dev_t devno;		/* the device number its files report; major 0
				 * (anonymous) for overlayfs, tmpfs, btrfs */
	dev_t blkdev;		/* the block device it lives on: devno when that
				 * is a real device, else the device node named
				 * by source (btrfs), else 0 (overlayfs, tmpfs) */
};

/* mounts_available - whether this build can read the mount table
 * (USE_LIBMOUNT). */
bool mounts_available(void);

/*
 * mounts_find_path - the mount that holds path: the last mount (the one
 * on top) whose mount point is the longest leading part of path's
 * canonical form (symbolic links and ".." resolved).  It goes by names,
 * not by st_dev, so it also answers for files that report a device of
 * their own (btrfs subvolumes, overlayfs over several filesystems).
 *
 * path must exist.  Fills *e (release it) and returns 0; or returns
 * -ENOENT when path does not exist or no mount holds it, -ENOTSUP without
 * libmount, or another -errno.  *e is untouched on failure.
 */
int mounts_find_path(const char *path, struct mount_entry *e);

/*
 * mounts_find_device - the first mount whose filesystem lives on the
 * block device dev, on a partition of dev, or on the whole disk dev is a
 * partition of (sysfs_related()).  e->blkdev tells which.  Mounts of the
 * same filesystem elsewhere (bind mounts) are not told apart: the first
 * one in the table is returned.
 *
 * Fills *e (release it) and returns 0; or returns -ENOENT when no mount
 * uses dev, -ENOTSUP without libmount, or another -errno.
 */
int mounts_find_device(dev_t dev, struct mount_entry *e);

/*
 * mounts_layers - the directories an overlayfs mount is made of: its
 * upperdir, then every lower layer in order (lowerdir=a:b:c, the
 * "lowerdir+" and "datadir+" options of newer kernels; "\:" stands for a
 * colon inside a name).  fn is called with each directory; the first
 * nonzero return stops the walk and is returned.  A mount of another
 * type has no layers: returns 0 without calling fn.  -ENOMEM when a copy
 * fails, -ENOTSUP without libmount.
 */
int mounts_layers(const struct mount_entry *e,
		  int (*fn)(const char *dir, void *arg), void *arg);

/* mount_entry_release - free what *e owns and clear it.  Safe on a
 * cleared entry. */
void mount_entry_release(struct mount_entry *e);

/* ---------------------------------------------------------------------
 * For lib/ (swaps.c): a search of any libmount table.
 */

struct libmnt_table;
struct libmnt_fs;

/* Reads a table into tb (mnt_table_parse_file() and the like): 0, or
 * nonzero (libmount's convention) on failure. */
typedef int (*mounts_parse_fn)(struct libmnt_table *tb);
/* Looks at one entry: -ENOENT to go on to the next, anything else (0 or
 * another -errno) stops the search and is its result. */
typedef int (*mounts_take_fn)(struct libmnt_fs *fs, void *arg);

/*
 * mounts_table_find - read a fresh table with parse and call take with
 * its entries in table order until one does not return -ENOENT.  Returns
 * that entry's result; -ENOENT when every entry is passed over; -ENOMEM,
 * or parse's error (-EINVAL when positive), when the table cannot be
 * read; -ENOTSUP without libmount.
 */
int mounts_table_find(mounts_parse_fn parse, mounts_take_fn take, void *arg);

#endif
