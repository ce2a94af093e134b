/* SPDX-License-Identifier: MIT */
/*
 * sysfs.c - block devices by number through /sys/dev/block (see sysfs.h).
 */
#include "lib/sysfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* dev_dir - "/sys/dev/block/MAJ:MIN" followed by "/rest" when rest is
 * given.  Returns 0 or -ENAMETOOLONG. */
static int dev_dir(dev_t dev, const char *rest, char *buf, size_t len)
{
	int n;

	if (rest)
		n = snprintf(buf, len, "/sys/dev/block/%u:%u/%s", major(dev), minor(dev), rest);
	else
		n = snprintf(buf, len, "/sys/dev/block/%u:%u", major(dev), minor(dev));
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* read_first_line - the first line of the file at path, without its
 * newline.  Returns 0 or -errno. */
static int read_first_line(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	if (!len)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		int ret = -errno;

		close(fd);
		return ret;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* parse_devnum - a sysfs "dev" text, "MAJ:MIN". */
static int parse_devnum(const char *text, dev_t *dev)
{
	unsigned maj, min;

	if (sscanf(text, "%u:%u", &maj, &min) != 2)
		return -EINVAL;
	*dev = makedev(maj, min);
	return 0;
}

/* read_devnum - the "dev" file in the sysfs directory dir. */
static int read_devnum(const char *dir, dev_t *dev)
{
	char path[PATH_MAX], text[32];
	int n, ret;

	n = snprintf(path, sizeof(path), "%s/dev", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	ret = read_first_line(path, text, sizeof(text));
	return ret ? ret : parse_devnum(text, dev);
}

int sysfs_attr(dev_t dev, const char *attr, char *buf, size_t len)
{
	char path[PATH_MAX];
	int ret = dev_dir(dev, attr, path, sizeof(path));

	return ret ? ret : read_first_line(path, buf, len);
}

int sysfs_attr_u64(dev_t dev, const char *attr, uint64_t *out)
{
	char text[64];
	int ret = sysfs_attr(dev, attr, text, sizeof(text));

	if (ret)
		return ret;
	return sscanf(text, "%" SCNu64, out) == 1 ? 0 : -EINVAL;
}

bool sysfs_has(dev_t dev, const char *attr)
{
	char path[PATH_MAX];

	return !dev_dir(dev, attr, path, sizeof(path)) && !access(path, F_OK);
}

int sysfs_name(dev_t dev, char *name, size_t len)
{
	char link[PATH_MAX], real[PATH_MAX];
	const char *base;
	int n, ret = dev_dir(dev, NULL, link, sizeof(link));

	if (ret)
		return ret;
	if (!realpath(link, real))
		return -errno;
	base = strrchr(real, '/');
	base = base ? base + 1 : real;
	n = snprintf(name, len, "%s", base);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int sysfs_whole_disk(dev_t dev, dev_t *disk)
{
	char path[PATH_MAX];
	int ret = dev_dir(dev, NULL, path, sizeof(path));

	if (ret)
		return ret;
	if (access(path, F_OK))
		return -errno;
	if (!sysfs_has(dev, "partition")) {
		*disk = dev;
		return 0;
	}
	/* A partition's directory sits inside its disk's: ../dev is the
	 * disk's own number (the kernel resolves ".." after the link). */
	ret = dev_dir(dev, "..", path, sizeof(path));
	return ret ? ret : read_devnum(path, disk);
}

bool sysfs_related(dev_t a, dev_t b)
{
	dev_t disk;

	if (a == b)
		return true;
	if (!sysfs_whole_disk(a, &disk) && disk == b)
		return true;
	return !sysfs_whole_disk(b, &disk) && disk == a;
}

/*
 * list_devs - the device numbers of the entries of dir (a sysfs
 * directory) that are devices, and, when need is given, have an attribute
 * of that name.  See sysfs_slaves() for out, max and *nr.
 */
static int list_devs(const char *dir, const char *need, dev_t *out,
		     unsigned max, unsigned *nr)
{
	char sub[PATH_MAX], probe[PATH_MAX];
	struct dirent *de;
	DIR *dh;

	*nr = 0;
	dh = opendir(dir);
	if (!dh)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(dh))) {
		dev_t dev;
		int n;

		if (de->d_name[0] == '.')
			continue;
		n = snprintf(sub, sizeof(sub), "%s/%s", dir, de->d_name);
		if (n < 0 || (size_t)n >= sizeof(sub))
			continue;
		if (need) {
			n = snprintf(probe, sizeof(probe), "%s/%s", sub, need);
			if (n < 0 || (size_t)n >= sizeof(probe) || access(probe, F_OK))
				continue;
		}
		if (read_devnum(sub, &dev))
			continue;	/* not a device: an attribute or a queue/ */
		if (*nr < max)
			out[*nr] = dev;
		(*nr)++;
	}
	closedir(dh);
	return 0;
}

/* list_sub - list_devs over dev's subdirectory sub (NULL: dev's own). */
static int list_sub(dev_t dev, const char *sub, const char *need, dev_t *out,
		    unsigned max, unsigned *nr)
{
	char dir[PATH_MAX];
	int ret = dev_dir(dev, NULL, dir, sizeof(dir));

	*nr = 0;
	if (ret)
		return ret;
	if (access(dir, F_OK))
		return -errno;
	if (sub) {
		ret = dev_dir(dev, sub, dir, sizeof(dir));
		if (ret)
			return ret;
	}
	return list_devs(dir, need, out, max, nr);
}

int sysfs_slaves(dev_t dev, dev_t *out, unsigned max, unsigned *nr)
{
	return list_sub(dev, "slaves", NULL, out, max, nr);
}

int sysfs_holders(dev_t dev, dev_t *out, unsigned max, unsigned *nr)
{
	return list_sub(dev, "holders", NULL, out, max, nr);
}

int sysfs_partitions(dev_t dev, dev_t *out, unsigned max, unsigned *nr)
{
	return list_sub(dev, NULL, "partition", out, max, nr);
}
