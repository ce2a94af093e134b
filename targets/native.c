/* SPDX-License-Identifier: MIT */
/*
 * native.c - files and block devices on this machine (see native.h): is a
 * block device safe to write, and what alignment does O_DIRECT need.
 */
#include "targets/native.h"

#include <blkid/blkid.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <linux/fs.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "job/job.h"

#define OVERRIDE_HINT "(set allow_mounted_write=1 to override)"

/* bprintf - snprintf into a fixed buffer, where cutting a long path short
 * in a message is acceptable. */
__attribute__((format(printf, 3, 4)))
static void bprintf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------------
 * Block devices in sysfs
 */

/* sysfs_dev_path - "/sys/dev/block/MAJ:MIN/<rest>" into buf. */
static void sysfs_dev_path(char *buf, size_t len, dev_t dev, const char *rest)
{
	bprintf(buf, len, "/sys/dev/block/%u:%u/%s", major(dev), minor(dev), rest);
}

/* sysfs_read_ulong - the first unsigned number in the file at path. */
static int sysfs_read_ulong(const char *path, unsigned long *out)
{
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f)
		return -errno;
	if (fscanf(f, "%lu", out) != 1)
		ret = -EINVAL;
	fclose(f);
	return ret;
}

/* dev_is_partition - does dev have a "partition" attribute in sysfs? */
static bool dev_is_partition(dev_t dev)
{
	char path[PATH_MAX];

	sysfs_dev_path(path, sizeof(path), dev, "partition");
	return access(path, F_OK) == 0;
}

/* dev_whole_disk - the disk a partition belongs to; dev itself otherwise. */
static dev_t dev_whole_disk(dev_t dev)
{
	char path[PATH_MAX];
	unsigned maj, min;
	FILE *f;

	if (!dev_is_partition(dev))
		return dev;
	/* /sys/dev/block/M:m links into the disk's directory: ../dev is the
	 * disk's own MAJ:MIN. */
	sysfs_dev_path(path, sizeof(path), dev, "../dev");
	f = fopen(path, "re");
	if (!f)
		return dev;
	if (fscanf(f, "%u:%u", &maj, &min) != 2) {
		fclose(f);
		return dev;
	}
	fclose(f);
	return makedev(maj, min);
}

/* dev_name - "/dev/<kernel name>" of dev, e.g. /dev/loop0p1. */
static void dev_name(dev_t dev, char *buf, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];
	const char *base;

	sysfs_dev_path(path, sizeof(path), dev, "");
	if (!realpath(path, real)) {
		bprintf(buf, len, "device %u:%u", major(dev), minor(dev));
		return;
	}
	base = strrchr(real, '/');
	bprintf(buf, len, "/dev/%s", base ? base + 1 : real);
}

/*
 * dev_relation - how other stands to target: "it" when they are the same
 * device, "its partition /dev/X" when other is a partition of target, "its
 * whole disk /dev/X" when target is a partition of other.  Returns false
 * (and leaves buf alone) when they are unrelated.
 */
static bool dev_relation(dev_t target, dev_t other, char *buf, size_t len)
{
	char name[128];

	if (other == target) {
		bprintf(buf, len, "it");
		return true;
	}
	if (dev_whole_disk(other) == target) {
		dev_name(other, name, sizeof(name));
		bprintf(buf, len, "its partition %s", name);
		return true;
	}
	if (dev_whole_disk(target) == other) {
		dev_name(other, name, sizeof(name));
		bprintf(buf, len, "its whole disk %s", name);
		return true;
	}
	return false;
}

/* path_block_dev - the device number of path when it is a block device. */
static bool path_block_dev(const char *path, dev_t *dev)
{
	struct stat st;

	if (path[0] != '/' || stat(path, &st) < 0 || !S_ISBLK(st.st_mode))
		return false;
	*dev = st.st_rdev;
	return true;
}

/* unescape_octal - undo the \040-style escapes of /proc/self/mountinfo and
 * /proc/swaps, in place. */
static void unescape_octal(char *s)
{
	char *out = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 4;
		} else {
			*out++ = *s++;
		}
	}
	*out = '\0';
}

/* ------------------------------------------------------------------------
 * Why a device is busy: each check returns true and writes the reason
 * ("it is mounted on '/mnt'") into why when it finds one.
 */

/*
 * One mountinfo line: "36 35 98:0 /root /mnt opts... - fstype source ...".
 * Matches on the major:minor field, and on the mount source for the
 * filesystems (btrfs) whose major:minor is an anonymous 0:N.
 */
static bool mount_line_matches(dev_t target, char *line, char *why, size_t len)
{
	char *save = NULL, *tok, *mnt = NULL, *src = NULL, rel[192];
	unsigned maj, min, field = 0;
	bool after_sep = false, have_num = false;
	dev_t dev = 0;

	for (tok = strtok_r(line, " \n", &save); tok; tok = strtok_r(NULL, " \n", &save)) {
		field++;
		if (field == 3 && sscanf(tok, "%u:%u", &maj, &min) == 2)
			have_num = true;
		else if (field == 5)
			mnt = tok;
		else if (!after_sep && field > 6 && strcmp(tok, "-") == 0)
			after_sep = true, field = 100;
		else if (after_sep && field == 102)
			src = tok;
	}
	if (!mnt)
		return false;
	unescape_octal(mnt);
	if (have_num && dev_relation(target, makedev(maj, min), rel, sizeof(rel)))
		goto found;
	if (src) {
		unescape_octal(src);
		if (path_block_dev(src, &dev) && dev_relation(target, dev, rel, sizeof(rel)))
			goto found;
	}
	return false;
found:
	bprintf(why, len, "%s is mounted on '%s'", rel, mnt);
	return true;
}

static bool check_mounted(dev_t target, char *why, size_t len)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	char *line = NULL;
	size_t cap = 0;
	bool found = false;

	if (!f)
		return false;
	while (!found && getline(&line, &cap, f) > 0)
		found = mount_line_matches(target, line, why, len);
	free(line);
	fclose(f);
	return found;
}

static bool check_swap(dev_t target, char *why, size_t len)
{
	FILE *f = fopen("/proc/swaps", "re");
	char *line = NULL, rel[192];
	size_t cap = 0;
	bool found = false;
	dev_t dev;

	if (!f)
		return false;
	/* The first line is the header "Filename Type Size Used Priority". */
	while (!found && getline(&line, &cap, f) > 0) {
		char *save = NULL, *name = strtok_r(line, " \t\n", &save);

		if (!name || name[0] != '/')
			continue;
		unescape_octal(name);
		if (path_block_dev(name, &dev) && dev_relation(target, dev, rel, sizeof(rel))) {
			bprintf(why, len, "%s is an active swap device (/proc/swaps)", rel);
			found = true;
		}
	}
	free(line);
	fclose(f);
	return found;
}

/* first_holder - name of the first entry in dir/holders, if any. */
static bool first_holder(const char *dir, char *name, size_t len)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool found = false;
	DIR *d;

	bprintf(path, sizeof(path), "%s/holders", dir);
	d = opendir(path);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		bprintf(name, len, "%s", de->d_name);
		found = true;
	}
	closedir(d);
	return found;
}

/* check_holders - holders/ of the device, then of each of its partitions
 * (subdirectories with a "partition" attribute). */
static bool check_holders(dev_t target, char *why, size_t len)
{
	char dir[PATH_MAX], sub[PATH_MAX + 300], holder[256];
	struct dirent *de;
	bool found = false;
	DIR *d;

	sysfs_dev_path(dir, sizeof(dir), target, "");
	if (first_holder(dir, holder, sizeof(holder))) {
		bprintf(why, len, "it is held by /dev/%s (an md array or dm device uses it)", holder);
		return true;
	}
	d = opendir(dir);
	if (!d)
		return false;
	while (!found && (de = readdir(d))) {
		char part[PATH_MAX + 320];

		if (de->d_name[0] == '.')
			continue;
		bprintf(sub, sizeof(sub), "%s%s", dir, de->d_name);
		bprintf(part, sizeof(part), "%s/partition", sub);
		if (access(part, F_OK) != 0)
			continue;
		if (first_holder(sub, holder, sizeof(holder))) {
			bprintf(why, len, "its partition /dev/%s is held by /dev/%s",
				 de->d_name, holder);
			found = true;
		}
	}
	closedir(d);
	return found;
}

static const char *article(const char *word)
{
	return strchr("aeiouxAEIOUX", word[0]) ? "an" : "a";
}

/*
 * check_signature - probe the device with libblkid for a filesystem, RAID
 * member, other superblock, or partition table.  An error or an ambiguous
 * result counts as a reason too: the device may hold data.
 */
static bool check_signature(const char *path, char *why, size_t len)
{
	const char *type = NULL, *usage = NULL;
	blkid_probe pr;
	int r;

	pr = blkid_new_probe_from_filename(path);
	if (!pr) {
		bprintf(why, len, "libblkid cannot probe it for signatures: %s",
			 strerror(errno ? errno : EIO));
		return true;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE | BLKID_SUBLKS_USAGE);
	blkid_probe_enable_partitions(pr, 1);
	r = blkid_do_safeprobe(pr);
	if (r == 1) {
		blkid_free_probe(pr);
		return false;
	}
	if (r == -2) {
		bprintf(why, len, "it holds more than one signature (libblkid: ambiguous)");
	} else if (r < 0) {
		bprintf(why, len, "libblkid failed to probe it for signatures");
	} else if (!blkid_probe_lookup_value(pr, "TYPE", &type, NULL)) {
		blkid_probe_lookup_value(pr, "USAGE", &usage, NULL);
		if (usage && strcmp(usage, "filesystem") == 0)
			bprintf(why, len, "it holds %s %s filesystem", article(type), type);
		else if (usage && strcmp(usage, "raid") == 0)
			bprintf(why, len, "it holds %s %s RAID signature", article(type), type);
		else
			bprintf(why, len, "it holds %s %s signature", article(type), type);
	} else if (!blkid_probe_lookup_value(pr, "PTTYPE", &type, NULL)) {
		bprintf(why, len, "it holds %s %s partition table", article(type), type);
	} else {
		bprintf(why, len, "it holds a signature libblkid recognises");
	}
	blkid_free_probe(pr);
	return true;
}

/* check_exclusive - a device the kernel has claimed (mounted, swap, md, dm,
 * even in another mount namespace) cannot be opened with O_EXCL. */
static bool check_exclusive(const char *path, char *why, size_t len)
{
	int fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC);

	if (fd >= 0) {
		close(fd);
		return false;
	}
	if (errno != EBUSY)
		return false;
	bprintf(why, len, "it is in use: the kernel refuses an exclusive open (EBUSY)");
	return true;
}

int native_check_write_safe(const char *path, bool allow_mounted_write,
			    struct diag *d)
{
	char why[PATH_MAX + 256];
	struct stat st;

	if (allow_mounted_write)
		return 0;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		diag_set(d, NULL, "unable to stat '%s': %s", path, strerror(errno));
		return -errno;
	}
	if (!S_ISBLK(st.st_mode))
		return 0;
	if (check_mounted(st.st_rdev, why, sizeof(why)) ||
	    check_swap(st.st_rdev, why, sizeof(why)) ||
	    check_holders(st.st_rdev, why, sizeof(why)) ||
	    check_signature(path, why, sizeof(why)) ||
	    check_exclusive(path, why, sizeof(why))) {
		diag_set(d, NULL, "refusing to write to '%s': %s " OVERRIDE_HINT,
			 path, why);
		return -EBUSY;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * O_DIRECT alignment
 */

/*
 * statx's dio fields.  Headers older than Linux 6.1 lack STATX_DIOALIGN and
 * the two fields; both the kernel's and glibc's struct statx are 256 bytes
 * with the fields at the same place, so read them there.
 */
#ifdef STATX_DIOALIGN
_Static_assert(offsetof(struct statx, stx_dio_mem_align) == 0x98,
	       "struct statx layout");
#else
#define STATX_DIOALIGN 0x00002000U
#endif
#define STATX_DIO_FIELDS_OFFSET 0x98
_Static_assert(sizeof(struct statx) >= STATX_DIO_FIELDS_OFFSET + 8,
	       "struct statx too small");

/* statx_dio - 0 with the two alignments, or -errno (-EOPNOTSUPP when the
 * kernel does not report them for this file). */
static int statx_dio(int fd, uint32_t *mem, uint32_t *off)
{
	struct statx stx;
	uint32_t v[2];

	memset(&stx, 0, sizeof(stx));
	if (statx(fd, "", AT_EMPTY_PATH, STATX_DIOALIGN, &stx) < 0)
		return -errno;
	if (!(stx.stx_mask & STATX_DIOALIGN))
		return -EOPNOTSUPP;
	memcpy(v, (const char *)&stx + STATX_DIO_FIELDS_OFFSET, sizeof(v));
	*mem = v[0];
	*off = v[1];
	return 0;
}

/* backing_lbs - logical block size of the device a file lives on (or of
 * its whole disk when that is a partition). */
static bool backing_lbs(dev_t dev, unsigned long *lbs, char *name, size_t len)
{
	char path[PATH_MAX];

	if (major(dev) == 0)
		return false;	/* btrfs, overlayfs, tmpfs: no one device */
	sysfs_dev_path(path, sizeof(path), dev_whole_disk(dev), "queue/logical_block_size");
	if (sysfs_read_ulong(path, lbs) || !*lbs)
		return false;
	dev_name(dev, name, len);
	return true;
}

int native_dio_align(int fd, const char *path, struct native_dio *out)
{
	uint32_t smem = 0, soff = 0;
	bool have_statx;
	unsigned long lbs;
	char name[128];
	struct stat st;
	int lbs_int;

	out->mem_align = out->offset_align = 512;
	bprintf(out->source, sizeof(out->source), "the default sector size");
	if (fstat(fd, &st) < 0)
		return -errno;
	have_statx = statx_dio(fd, &smem, &soff) == 0;

	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKSSZGET, &lbs_int) == 0 && lbs_int > 0) {
			out->offset_align = (unsigned)lbs_int;
			bprintf(out->source, sizeof(out->source),
				 "the logical block size of %s", path);
		} else if (have_statx && soff) {
			out->offset_align = soff;
			bprintf(out->source, sizeof(out->source),
				 "the direct I/O alignment of %s (statx)", path);
		}
		out->mem_align = have_statx && smem ? smem : out->offset_align;
		return 0;
	}
	if (have_statx) {
		if (!soff) {
			bprintf(out->source, sizeof(out->source),
				 "'%s' does not support direct I/O (statx)", path);
			return -EINVAL;
		}
		out->mem_align = smem ? smem : soff;
		out->offset_align = soff;
		bprintf(out->source, sizeof(out->source),
			 "the direct I/O alignment of '%s' (statx)", path);
		return 0;
	}
	if (backing_lbs(st.st_dev, &lbs, name, sizeof(name))) {
		out->mem_align = out->offset_align = (unsigned)lbs;
		bprintf(out->source, sizeof(out->source),
			 "the logical block size of %s, under '%s'", name, path);
	}
	return 0;
}

int native_check_dio(const struct job *job, uint64_t offset,
		     const struct native_dio *a, struct diag *d)
{
	static const unsigned dirflag[DDIR_NR] = { RW_READ, RW_WRITE };
	static const char *const dirname[DDIR_NR] = { "read ", "write " };
	bool split = (job->rw & RW_READ) && (job->rw & RW_WRITE) &&
		     job->bs[DDIR_READ] != job->bs[DDIR_WRITE];
	unsigned align = a->offset_align ? a->offset_align : 1;

	if (!job->direct)
		return 0;
	for (unsigned dd = 0; dd < DDIR_NR; dd++) {
		if (!(job->rw & dirflag[dd]) || job->bs[dd] % align == 0)
			continue;
		diag_set(d, &job->loc,
			 "job '%s': %sbs=%llu is not a multiple of %u, %s (O_DIRECT)",
			 job->name, split ? dirname[dd] : "",
			 (unsigned long long)job->bs[dd], align, a->source);
		return -EINVAL;
	}
	if (offset % align) {
		diag_set(d, &job->loc,
			 "job '%s': offset=%llu is not a multiple of %u, %s (O_DIRECT)",
			 job->name, (unsigned long long)offset, align, a->source);
		return -EINVAL;
	}
	return 0;
}
