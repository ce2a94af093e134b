/* SPDX-License-Identifier: MIT */
/*
 * disk_resolve.c - from a path to the block devices that serve it:
 * partitions to disks, loop devices to their backing files' disks, md and
 * dm devices to their members, and overlayfs to its layers (diskstats.h
 * describes the rules).  sysfs.h names the devices, mounts.h finds the
 * mount behind an anonymous device.
 */
#include "measure/diskstats.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "lib/mounts.h"
#include "lib/sysfs.h"

#define RESOLVE_MAX_DEPTH 8

/* What a loop device's backing_file attribute ends with once the file has
 * been unlinked. */
#define DELETED_SUFFIX " (deleted)"

static int add_path(struct disk_set *s, const char *path, unsigned depth,
		    int parent, struct diag *d);

/* link_lower - record index lower under parent (once). */
static void link_lower(struct disk_set *s, int parent, int lower)
{
	struct disk *p;

	if (parent < 0 || lower < 0 || parent == lower)
		return;
	p = &s->disks[parent];
	for (unsigned k = 0; k < p->nr_lower; k++)
		if (p->lower[k] == (unsigned)lower)
			return;
	if (p->nr_lower < DISK_LOWER_MAX)
		p->lower[p->nr_lower++] = (unsigned)lower;
}

/* ------------------------------------------------------------------------
 * Stacked devices: loop backing files, md and dm members
 */

static int add_loop_backing(struct disk_set *s, int idx, dev_t dev,
			    unsigned depth, struct diag *d)
{
	char backing[PATH_MAX];
	size_t n, suffix = strlen(DELETED_SUFFIX);

	if (sysfs_attr(dev, "loop/backing_file", backing, sizeof(backing)) || !backing[0])
		return 0;		/* detached: nothing behind it */
	n = strlen(backing);
	if (n > suffix && !strcmp(backing + n - suffix, DELETED_SUFFIX))
		backing[n - suffix] = '\0';
	return add_path(s, backing, depth + 1, idx, d);
}

static int add_dev(struct disk_set *s, dev_t dev, unsigned depth, int *index,
		   struct diag *d);

static int add_slaves(struct disk_set *s, int idx, dev_t dev, unsigned depth,
		      struct diag *d)
{
	dev_t slaves[DISKSET_MAX];
	unsigned nr;
	int ret;

	ret = sysfs_slaves(dev, slaves, DISKSET_MAX, &nr);
	if (ret)
		return 0;		/* gone since we named it: no members */
	if (nr > DISKSET_MAX)
		nr = DISKSET_MAX;	/* the set could not hold more anyway */
	for (unsigned k = 0; k < nr && !ret; k++) {
		int lower;

		ret = add_dev(s, slaves[k], depth + 1, &lower, d);
		if (!ret)
			link_lower(s, idx, lower);
	}
	return ret;
}

/* ------------------------------------------------------------------------
 * A device number
 */

static enum disk_kind kind_of(dev_t dev)
{
	if (sysfs_has(dev, "loop"))
		return DISK_LOOP;
	if (sysfs_has(dev, "md"))
		return DISK_MD;
	if (sysfs_has(dev, "dm"))
		return DISK_DM;
	return DISK_PLAIN;
}

/* add_dev - add the block device dev (its whole disk) and whatever is
 * under it; *index is its place in the set. */
static int add_dev(struct disk_set *s, dev_t dev, unsigned depth, int *index,
		   struct diag *d)
{
	char name[DISK_NAME_MAX];
	struct disk *dk;
	dev_t disk;
	int ret, idx;

	*index = -1;
	if (depth > RESOLVE_MAX_DEPTH) {
		diag_set(d, NULL, "devices nest too deep at %u:%u", major(dev), minor(dev));
		return -ELOOP;
	}
	ret = sysfs_whole_disk(dev, &disk);
	if (!ret)
		ret = sysfs_name(disk, name, sizeof(name));
	if (ret) {
		diag_set(d, NULL, "unable to find block device %u:%u in sysfs: %s",
			 major(dev), minor(dev), strerror(-ret));
		return ret;
	}
	idx = diskset_find(s, name);
	if (idx >= 0) {
		*index = idx;
		return 0;
	}
	if (s->nr == DISKSET_MAX) {
		diag_set(d, NULL, "too many devices to track (more than %u)", DISKSET_MAX);
		return -ENOSPC;
	}
	idx = (int)s->nr++;
	dk = &s->disks[idx];
	memset(dk, 0, sizeof(*dk));
	snprintf(dk->name, sizeof(dk->name), "%s", name);
	dk->major = major(disk);
	dk->minor = minor(disk);
	dk->kind = kind_of(disk);
	*index = idx;
	if (dk->kind == DISK_LOOP)
		return add_loop_backing(s, idx, disk, depth, d);
	if (dk->kind == DISK_MD || dk->kind == DISK_DM)
		return add_slaves(s, idx, disk, depth, d);
	return 0;
}

/* ------------------------------------------------------------------------
 * Anonymous devices: the mount table
 */

/* Where the layers of an overlay go. */
struct layer_ctx {
	struct disk_set *s;
	unsigned depth;
	int parent;
	struct diag *d;
};

static int add_layer(const char *dir, void *arg)
{
	struct layer_ctx *c = arg;

	return add_path(c->s, dir, c->depth + 1, c->parent, c->d);
}

/*
 * add_mount - the devices of the filesystem that holds the existing path
 * at, whose files report the anonymous device dev: an overlay's layers,
 * or the block device a filesystem like btrfs names as its source.
 * Nothing (and 0) for tmpfs and the like.  path is the caller's, for
 * messages.
 */
static int add_mount(struct disk_set *s, const char *path, const char *at,
		     dev_t dev, unsigned depth, int parent, struct diag *d)
{
	struct layer_ctx c = { s, depth, parent, d };
	struct mount_entry e = { 0 };
	int ret, idx;

	if (depth > RESOLVE_MAX_DEPTH) {
		diag_set(d, NULL, "devices nest too deep at %u:%u", major(dev), minor(dev));
		return -ELOOP;
	}
	if (!mounts_available()) {
		diag_set(d, NULL, "'%s' is on the anonymous device %u:%u (overlayfs, "
			 "tmpfs or a btrfs subvolume) and this build has no libmount "
			 "to find the disks under it: disk stats are unavailable",
			 path, major(dev), minor(dev));
		return -ENOTSUP;
	}
	ret = mounts_find_path(at, &e);
	if (ret) {
		diag_set(d, NULL, "unable to find the mount that holds '%s': %s",
			 path, strerror(-ret));
		return ret;
	}
	if (!strcmp(e.fstype, "overlay")) {
		ret = mounts_layers(&e, add_layer, &c);
	} else if (e.blkdev) {
		ret = add_dev(s, e.blkdev, depth + 1, &idx, d);
		if (!ret)
			link_lower(s, parent, idx);
	}
	mount_entry_release(&e);
	return ret;
}

/* ------------------------------------------------------------------------
 * Paths
 */

/* stat_existing - stat path, or its nearest existing ancestor; that path
 * goes to at. */
static int stat_existing(const char *path, struct stat *st, char *at, size_t len)
{
	int n = snprintf(at, len, "%s", path);

	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	for (;;) {
		char *slash;

		if (!stat(at, st))
			return 0;
		if (errno != ENOENT || !strcmp(at, "/") || !strcmp(at, "."))
			return -errno;
		slash = strrchr(at, '/');
		if (!slash)
			snprintf(at, len, ".");
		else if (slash == at)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
}

static int add_path(struct disk_set *s, const char *path, unsigned depth,
		    int parent, struct diag *d)
{
	char at[PATH_MAX];
	struct stat st;
	dev_t dev;
	int ret, idx;

	ret = stat_existing(path, &st, at, sizeof(at));
	if (ret) {
		diag_set(d, NULL, "unable to stat '%s': %s", path, strerror(-ret));
		return ret;
	}
	dev = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
	if (major(dev) == 0)
		return add_mount(s, path, at, dev, depth, parent, d);
	ret = add_dev(s, dev, depth, &idx, d);
	if (!ret)
		link_lower(s, parent, idx);
	return ret;
}

int diskset_add_path(struct disk_set *s, const char *path, struct diag *d)
{
	return add_path(s, path, 0, -1, d);
}
