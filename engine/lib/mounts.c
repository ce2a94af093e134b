/* SPDX-License-Identifier: MIT */
/*
 * mounts.c - the mount table through libmount (see mounts.h); stubs that
 * say -ENOTSUP in a build without it.
 */
#include "lib/mounts.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#ifdef USE_LIBMOUNT
#include <libmount.h>
#endif

#include "lib/sysfs.h"

#define MOUNTINFO	"/proc/self/mountinfo"

void mount_entry_release(struct mount_entry *e)
{
	free(e->target);
	free(e->source);
	free(e->fstype);
	free(e->fs_options);
	memset(e, 0, sizeof(*e));
}

#ifdef USE_LIBMOUNT

bool mounts_available(void)
{
	return true;
}

static int parse_mountinfo(struct libmnt_table *tb)
{
	return mnt_table_parse_file(tb, MOUNTINFO);
}

/* table_load - a fresh copy of a table, read with parse.  Returns 0,
 * -ENOMEM, or parse's -errno (-EINVAL for a positive error). */
static int table_load(mounts_parse_fn parse, struct libmnt_table **out)
{
	struct libmnt_table *tb = mnt_new_table();
	int ret;

	if (!tb)
		return -ENOMEM;
	ret = parse(tb);
	if (ret) {
		mnt_unref_table(tb);
		return ret < 0 ? ret : -EINVAL;
	}
	*out = tb;
	return 0;
}

int mounts_table_find(mounts_parse_fn parse, mounts_take_fn take, void *arg)
{
	struct libmnt_table *tb;
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	int ret = table_load(parse, &tb);

	if (ret)
		return ret;
	it = mnt_new_iter(MNT_ITER_FORWARD);
	ret = it ? -ENOENT : -ENOMEM;
	while (ret == -ENOENT && it && mnt_table_next_fs(tb, it, &fs) == 0)
		ret = take(fs, arg);
	mnt_free_iter(it);
	mnt_unref_table(tb);
	return ret;
}

/* fs_blkdev - the block device fs lives on, or 0 (see mounts.h). */
static dev_t fs_blkdev(struct libmnt_fs *fs)
{
	dev_t devno = mnt_fs_get_devno(fs);
	const char *src;
	struct stat st;

	if (major(devno))
		return devno;
	src = mnt_fs_get_srcpath(fs);
	if (!src || src[0] != '/' || stat(src, &st) || !S_ISBLK(st.st_mode))
		return 0;
	return st.st_rdev;
}

static char *dup_or_empty(const char *s)
{
	return strdup(s ? s : "");
}

/* entry_fill - copy fs into *e.  Returns 0 or -ENOMEM (e untouched). */
static int entry_fill(struct libmnt_fs *fs, struct mount_entry *e)
{
	struct mount_entry n = {
		.target = dup_or_empty(mnt_fs_get_target(fs)),
		.source = dup_or_empty(mnt_fs_get_source(fs)),
		.fstype = dup_or_empty(mnt_fs_get_fstype(fs)),
		.fs_options = dup_or_empty(mnt_fs_get_fs_options(fs)),
		.devno = mnt_fs_get_devno(fs),
		.blkdev = fs_blkdev(fs),
	};

	if (!n.target || !n.source || !n.fstype || !n.fs_options) {
		mount_entry_release(&n);
		return -ENOMEM;
	}
	*e = n;
	return 0;
}

int mounts_find_path(const char *path, struct mount_entry *e)
{
	struct libmnt_table *tb;
	struct libmnt_fs *fs;
	char *canon;
	int ret;

	canon = realpath(path, NULL);
	if (!canon)
		return -errno;
	ret = table_load(parse_mountinfo, &tb);
	if (ret)
		goto free_canon;
	/* Backward: of several mounts on one mount point, the last is the
	 * one on top, the one path reaches. */
	fs = mnt_table_find_mountpoint(tb, canon, MNT_ITER_BACKWARD);
	ret = fs ? entry_fill(fs, e) : -ENOENT;
	mnt_unref_table(tb);
free_canon:
	free(canon);
	return ret;
}

/* What mounts_find_device() looks for, and where its answer goes. */
struct device_query {
	dev_t dev;
	struct mount_entry *e;
};

/* fill_if_on_device - entry_fill() when fs lives on the device of the
 * struct device_query at arg or a relative of it; else -ENOENT. */
static int fill_if_on_device(struct libmnt_fs *fs, void *arg)
{
	const struct device_query *q = arg;
	dev_t on = fs_blkdev(fs);

	if (!on || !sysfs_related(on, q->dev))
		return -ENOENT;
	return entry_fill(fs, q->e);
}

int mounts_find_device(dev_t dev, struct mount_entry *e)
{
	struct device_query q = { .dev = dev, .e = e };

	return mounts_table_find(parse_mountinfo, fill_if_on_device, &q);
}

/*
 * each_dir - call fn for every directory in an overlayfs layer list
 * "a:b::c" of len bytes: ':' separates (an empty name, as around the
 * data-only layers of "::", is skipped) and '\' makes the next character
 * part of the name.
 */
static int each_dir(const char *list, size_t len,
		    int (*fn)(const char *dir, void *arg), void *arg)
{
	char *dir = malloc(len + 1);
	size_t n = 0;
	int ret = 0;

	if (!dir)
		return -ENOMEM;
	for (size_t i = 0; i <= len && !ret; i++) {
		if (i == len || list[i] == ':') {
			dir[n] = '\0';
			if (n)
				ret = fn(dir, arg);
			n = 0;
			continue;
		}
		if (list[i] == '\\' && i + 1 < len)
			i++;
		dir[n++] = list[i];
	}
	free(dir);
	return ret;
}

/* is_option - whether the option name of namesz bytes is want. */
static bool is_option(const char *name, size_t namesz, const char *want)
{
	return namesz == strlen(want) && !strncmp(name, want, namesz);
}

/* each_option - each_dir over the values of the options of e named one
 * of names (a NULL-terminated list), in the order they appear. */
static int each_option(const struct mount_entry *e, const char *const *names,
		       int (*fn)(const char *dir, void *arg), void *arg)
{
	char *opts = e->fs_options, *name, *value;
	size_t namesz, valuesz;
	int ret = 0;

	while (!ret && opts &&
	       mnt_optstr_next_option(&opts, &name, &namesz, &value, &valuesz) == 0) {
		for (const char *const *w = names; *w && !ret; w++)
			if (value && is_option(name, namesz, *w))
				ret = each_dir(value, valuesz, fn, arg);
	}
	return ret;
}

int mounts_layers(const struct mount_entry *e,
		  int (*fn)(const char *dir, void *arg), void *arg)
{
	static const char *const upper[] = { "upperdir", NULL };
	static const char *const lower[] = { "lowerdir", "lowerdir+", "datadir+", NULL };
	int ret;

	if (strcmp(e->fstype, "overlay"))
		return 0;
	ret = each_option(e, upper, fn, arg);
	return ret ? ret : each_option(e, lower, fn, arg);
}

#else /* !USE_LIBMOUNT */

bool mounts_available(void)
{
	return false;
}

int mounts_find_path(const char *path, struct mount_entry *e)
{
	return -ENOTSUP;
}

int mounts_find_device(dev_t dev, struct mount_entry *e)
{
	return -ENOTSUP;
}

int mounts_table_find(mounts_parse_fn parse, mounts_take_fn take, void *arg)
{
	return -ENOTSUP;
}

int mounts_layers(const struct mount_entry *e,
		  int (*fn)(const char *dir, void *arg), void *arg)
{
	return -ENOTSUP;
}

#endif
