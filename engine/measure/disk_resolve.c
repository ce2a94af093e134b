/* SPDX-License-Identifier: MIT */
/*
 * disk_resolve.c - from a path to the block devices that serve it:
 * partitions to disks, loop devices to their backing files' disks, md and
 * dm devices to their members, and overlayfs to its layers (diskstats.h
 * describes the rules).
 */
#include "measure/diskstats.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define RESOLVE_MAX_DEPTH 8

static int add_dev(struct disk_set *s, unsigned maj, unsigned min,
		   unsigned depth, int *index, struct diag *d);
static int add_path(struct disk_set *s, const char *path, unsigned depth,
		    int parent, struct diag *d);
static int add_mount_source(struct disk_set *s, unsigned maj, unsigned min,
			    unsigned depth, int parent, struct diag *d);

/* ------------------------------------------------------------------------
 * Small sysfs helpers
 */

/* read_line - the first line of a file, without its newline.  Returns 0
 * or -errno. */
static int read_line(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static bool exists(const char *path)
{
	return !access(path, F_OK);
}

/* read_devnum - "MAJ:MIN" from a sysfs "dev" file. */
static int read_devnum(const char *path, unsigned *maj, unsigned *min)
{
	char buf[32];
	int ret = read_line(path, buf, sizeof(buf));

	if (ret)
		return ret;
	return sscanf(buf, "%u:%u", maj, min) == 2 ? 0 : -EINVAL;
}

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

static int add_loop_backing(struct disk_set *s, int idx, unsigned depth,
			    struct diag *d)
{
	char path[PATH_MAX + 64], backing[PATH_MAX];
	char *deleted;

	snprintf(path, sizeof(path), "/sys/block/%s/loop/backing_file",
		 s->disks[idx].name);
	if (read_line(path, backing, sizeof(backing)) || !backing[0])
		return 0;		/* detached: nothing behind it */
	deleted = strstr(backing, " (deleted)");
	if (deleted && !deleted[10])
		*deleted = '\0';
	return add_path(s, backing, depth + 1, idx, d);
}

static int add_slaves(struct disk_set *s, int idx, unsigned depth,
		      struct diag *d)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];
	struct dirent *de;
	DIR *dh;
	int ret = 0;

	snprintf(dir, sizeof(dir), "/sys/block/%s/slaves", s->disks[idx].name);
	dh = opendir(dir);
	if (!dh)
		return 0;
	while (!ret && (de = readdir(dh))) {
		unsigned maj, min;
		int lower;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/dev", dir, de->d_name);
		if (read_devnum(path, &maj, &min))
			continue;
		ret = add_dev(s, maj, min, depth + 1, &lower, d);
		if (!ret)
			link_lower(s, idx, lower);
	}
	closedir(dh);
	return ret;
}

/* ------------------------------------------------------------------------
 * A device number
 */

/* disk_of - the whole disk's sysfs name and number for MAJ:MIN. */
static int disk_of(unsigned *maj, unsigned *min, char *name)
{
	char link[64], real[PATH_MAX], probe[PATH_MAX + 16];
	int ret;

	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", *maj, *min);
	if (!realpath(link, real))
		return -errno;
	snprintf(probe, sizeof(probe), "%s/partition", real);
	if (exists(probe)) {
		char *slash = strrchr(real, '/');

		if (!slash)
			return -EINVAL;
		*slash = '\0';
		snprintf(probe, sizeof(probe), "%s/dev", real);
		ret = read_devnum(probe, maj, min);
		if (ret)
			return ret;
	}
	snprintf(name, DISK_NAME_MAX, "%s", basename(real));
	return 0;
}

static enum disk_kind kind_of(const char *name)
{
	char path[64 + DISK_NAME_MAX];

	snprintf(path, sizeof(path), "/sys/block/%s/loop", name);
	if (exists(path))
		return DISK_LOOP;
	snprintf(path, sizeof(path), "/sys/block/%s/md", name);
	if (exists(path))
		return DISK_MD;
	snprintf(path, sizeof(path), "/sys/block/%s/dm", name);
	if (exists(path))
		return DISK_DM;
	return DISK_PLAIN;
}

/* add_dev - add MAJ:MIN (its whole disk) and whatever is under it; *index
 * is its place in the set, or -1 when it has no device (tmpfs). */
static int add_dev(struct disk_set *s, unsigned maj, unsigned min,
		   unsigned depth, int *index, struct diag *d)
{
	char name[DISK_NAME_MAX];
	struct disk *dk;
	int ret, idx;

	*index = -1;
	if (depth > RESOLVE_MAX_DEPTH) {
		diag_set(d, NULL, "devices nest too deep at %u:%u", maj, min);
		return -ELOOP;
	}
	if (maj == 0)
		return add_mount_source(s, maj, min, depth, -1, d);
	ret = disk_of(&maj, &min, name);
	if (ret) {
		diag_set(d, NULL, "unable to find block device %u:%u in sysfs: %s",
			 maj, min, strerror(-ret));
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
	dk->major = maj;
	dk->minor = min;
	dk->kind = kind_of(name);
	*index = idx;
	if (dk->kind == DISK_LOOP)
		return add_loop_backing(s, idx, depth, d);
	if (dk->kind == DISK_MD || dk->kind == DISK_DM)
		return add_slaves(s, idx, depth, d);
	return 0;
}

/* ------------------------------------------------------------------------
 * Paths
 */

/* stat_existing - stat path, or its nearest existing ancestor. */
static int stat_existing(const char *path, struct stat *st)
{
	char buf[PATH_MAX];

	if (!stat(path, st))
		return 0;
	if (errno != ENOENT)
		return -errno;
	snprintf(buf, sizeof(buf), "%s", path);
	for (;;) {
		char *slash = strrchr(buf, '/');

		if (!slash)
			return stat(".", st) ? -errno : 0;
		if (slash == buf)
			return stat("/", st) ? -errno : 0;
		*slash = '\0';
		if (!stat(buf, st))
			return 0;
		if (errno != ENOENT)
			return -errno;
	}
}

static int add_path(struct disk_set *s, const char *path, unsigned depth,
		    int parent, struct diag *d)
{
	struct stat st;
	dev_t dev;
	int ret, idx;

	ret = stat_existing(path, &st);
	if (ret) {
		diag_set(d, NULL, "unable to stat '%s': %s", path, strerror(-ret));
		return ret;
	}
	dev = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
	if (major(dev) == 0)
		return add_mount_source(s, major(dev), minor(dev), depth, parent, d);
	ret = add_dev(s, major(dev), minor(dev), depth, &idx, d);
	if (!ret)
		link_lower(s, parent, idx);
	return ret;
}

int diskset_add_path(struct disk_set *s, const char *path, struct diag *d)
{
	return add_path(s, path, 0, -1, d);
}

/* ------------------------------------------------------------------------
 * Anonymous devices: /proc/self/mountinfo
 */

/* unescape - mountinfo's octal escapes (\040 for a space) in place. */
static void unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' &&
		    s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* overlay_layers - add upperdir and every lowerdir of an overlay's super
 * options ("rw,lowerdir=a:b,upperdir=u,workdir=w"). */
static int overlay_layers(struct disk_set *s, char *opts, unsigned depth,
			  int parent, struct diag *d)
{
	char *save, *opt;
	int ret = 0;

	for (opt = strtok_r(opts, ",", &save); opt && !ret;
	     opt = strtok_r(NULL, ",", &save)) {
		char *val, *save2, *dir;

		if (!strncmp(opt, "upperdir=", 9)) {
			unescape(opt + 9);
			ret = add_path(s, opt + 9, depth + 1, parent, d);
		} else if (!strncmp(opt, "lowerdir=", 9)) {
			val = opt + 9;
			for (dir = strtok_r(val, ":", &save2); dir && !ret;
			     dir = strtok_r(NULL, ":", &save2)) {
				unescape(dir);
				ret = add_path(s, dir, depth + 1, parent, d);
			}
		}
	}
	return ret;
}

/* mount_line_fields - split a mountinfo line: the MAJ:MIN field, and the
 * fstype, source and super options after the " - " separator. */
static bool mount_line_fields(char *line, unsigned *maj, unsigned *min,
			      char **fstype, char **source, char **opts)
{
	char *sep = strstr(line, " - ");
	char *save;

	if (!sep || sscanf(line, "%*s %*s %u:%u", maj, min) != 2)
		return false;
	*fstype = strtok_r(sep + 3, " \n", &save);
	*source = strtok_r(NULL, " \n", &save);
	*opts = strtok_r(NULL, " \n", &save);
	return *fstype && *source && *opts;
}

/* add_mount_source - the devices of the filesystem mounted from the
 * anonymous device MAJ:MIN: an overlay's layers, or a block device given
 * as the mount source.  Nothing (and 0) for tmpfs and the like. */
static int add_mount_source(struct disk_set *s, unsigned maj, unsigned min,
			    unsigned depth, int parent, struct diag *d)
{
	char *line = NULL, *fstype, *source, *opts;
	size_t cap = 0;
	FILE *f;
	int ret = 0;

	if (depth > RESOLVE_MAX_DEPTH) {
		diag_set(d, NULL, "devices nest too deep at %u:%u", maj, min);
		return -ELOOP;
	}
	f = fopen("/proc/self/mountinfo", "re");
	if (!f) {
		ret = -errno;
		diag_set(d, NULL, "unable to open '/proc/self/mountinfo': %s",
			 strerror(-ret));
		return ret;
	}
	while (getline(&line, &cap, f) > 0) {
		unsigned lmaj, lmin;

		if (!mount_line_fields(line, &lmaj, &lmin, &fstype, &source, &opts) ||
		    lmaj != maj || lmin != min)
			continue;
		if (!strcmp(fstype, "overlay")) {
			ret = overlay_layers(s, opts, depth, parent, d);
		} else if (source[0] == '/') {
			struct stat st;

			unescape(source);
			if (!stat(source, &st) && S_ISBLK(st.st_mode))
				ret = add_path(s, source, depth + 1, parent, d);
		}
		break;		/* the first mount of the device says it all */
	}
	free(line);
	fclose(f);
	return ret;
}
