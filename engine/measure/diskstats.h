/* SPDX-License-Identifier: MIT */
/*
 * diskstats.h - the block devices behind a job's files, and what they did
 * during the run, as fio's disk_util.
 *
 * Resolving.  diskset_add_path() finds every device a path's I/O reaches:
 *
 *   - stat(path): a block device node gives st_rdev, anything else st_dev;
 *     a path that does not exist yet (a job file laid out later) is
 *     resolved through its nearest existing ancestor directory;
 *   - /sys/dev/block/MAJ:MIN names the device; a partition is replaced by
 *     its whole disk ("vda1" -> "vda"), as fio does, because
 *     /sys/block/<dev>/stat exists only for whole disks' names;
 *   - a loop device (/sys/block/loopN/loop/backing_file) adds the devices
 *     behind its backing file, recursively;
 *   - an md array (/sys/block/mdX/md) or a device-mapper device
 *     (/sys/block/dm-N/dm) adds its members (the entries of /sys/block/<dev>/slaves)
 *     and is an aggregate: fio's aggr_* fields are computed over them;
 *   - an anonymous device (major 0: overlayfs, btrfs subvolumes, tmpfs)
 *     is looked up in the mount table: the mount that holds the path
 *     (lib/mounts.h, by mount point).  overlayfs adds the devices of its
 *     upperdir and of every lower layer (a file may live in any layer,
 *     and copy-up reads the lower and writes the upper); a filesystem
 *     whose mount source is a block device adds that device; anything
 *     else (tmpfs, proc) has no device and adds nothing.
 *
 * The device names come from sysfs (lib/sysfs.h), the mount table from
 * libmount.  A build without libmount (configure --without-libmount, for
 * a static binary) resolves only what stat() and sysfs tell: a path on an
 * anonymous device fails with -ENOTSUP and a message saying its disk
 * stats are unavailable, rather than a guess.
 *
 * Every device appears once in the set however many paths reach it.
 *
 * Sampling.  diskset_sample() reads /sys/block/<dev>/stat for all of them,
 * once before the run and once after; diskset_util() turns the two
 * readings into fio's figures.
 */
#ifndef IOSTRESS_DISKSTATS_H
#define IOSTRESS_DISKSTATS_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"

#define DISK_NAME_MAX	32
#define DISKSET_MAX	64	/* devices in one set */
#define DISK_LOWER_MAX	16	/* members of one md/dm, or disks under a loop */

enum disk_kind {
	DISK_PLAIN = 0,		/* a disk (virtio, scsi, nvme, zram ...) */
	DISK_LOOP,		/* lower[] = the disks under its backing file */
	DISK_MD,		/* lower[] = its members; an aggregate */
	DISK_DM,		/* lower[] = its members; an aggregate */
};

/* One reading of /sys/block/<dev>/stat (Documentation/block/stat.rst).
 * Index 0 is read, 1 write.  ticks, io_ticks and time_in_queue are ms. */
struct disk_counters {
	uint64_t ios[2];
	uint64_t merges[2];
	uint64_t sectors[2];
	uint64_t ticks[2];
	uint64_t io_ticks;	/* ms the device had I/O in flight */
	uint64_t time_in_queue;	/* ms weighted by the number in flight */
};

struct disk {
	char name[DISK_NAME_MAX];	/* "vda", "loop0", "md0", "dm-1" */
	unsigned major, minor;
	enum disk_kind kind;
	unsigned lower[DISK_LOWER_MAX];	/* indices in the set */
	unsigned nr_lower;
	struct disk_counters before, after;
};

struct disk_set {
	struct disk disks[DISKSET_MAX];
	unsigned nr;
	uint64_t before_ns, after_ns;	/* CLOCK_MONOTONIC at the readings */
	bool have_before, have_after;
};

/* fio's disk_util figures for one device: deltas between the readings. */
struct disk_util {
	const char *name;		/* borrowed from the set */
	uint64_t ios[2], merges[2], sectors[2], ticks[2];
	uint64_t in_queue;		/* time_in_queue delta, ms */
	double util;			/* io_ticks / elapsed ms, %, <= 100 */
	bool has_aggr;			/* md/dm with members: aggr_* valid */
	uint64_t aggr_ios[2], aggr_merges[2], aggr_sectors[2], aggr_ticks[2];
	uint64_t aggr_in_queue;		/* members' sums / number of members */
	double aggr_util;		/* the busiest member's util */
};

/* diskset_init - an empty set. */
void diskset_init(struct disk_set *s);

/*
 * diskset_add_path - add every device behind path (see above).  A path on
 * a filesystem without a device (tmpfs) adds nothing and succeeds.
 * Returns 0 or -errno with a message in d naming the path: -ENOENT when no
 * ancestor exists, -ENOSPC when the set is full, -ELOOP when loop and
 * stacking nest more than 8 deep, -ENOTSUP for a path on an anonymous
 * device in a build without libmount.  Devices added before a failure
 * stay in the set.
 */
int diskset_add_path(struct disk_set *s, const char *path, struct diag *d);

/* diskset_find - index of the device named name, or -1. */
int diskset_find(const struct disk_set *s, const char *name);

/*
 * diskset_sample - read every device's counters into ->before (after =
 * false) or ->after, and stamp the time.  A device that has gone away
 * keeps zero counters.  Returns 0 or the first -errno.
 */
int diskset_sample(struct disk_set *s, bool after);

/*
 * diskset_util - fio's figures for device i from the two readings.
 * Counter deltas allow for 32-bit wrap of the kernel's ms counters.  util
 * is 0 when the readings are not both there or no time passed.
 */
void diskset_util(const struct disk_set *s, unsigned i, struct disk_util *u);

/* diskset_parse_stat - the first 11 fields of a /sys/block/<dev>/stat
 * text.  Returns 0 or -EINVAL. */
int diskset_parse_stat(const char *text, struct disk_counters *c);

/* disk_kind_name - "disk", "loop", "md" or "dm". */
const char *disk_kind_name(enum disk_kind kind);

#endif
