/* SPDX-License-Identifier: MIT */
/*
 * native.c - files and block devices on this machine (see native.h): is a
 * block device safe to write, and what alignment does O_DIRECT need.
 */
#include "targets/native.h"

#include <blkid/blkid.h>
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
#include "lib/mounts.h"
#include "lib/swaps.h"
#include "lib/sysfs.h"

#define OVERRIDE_HINT "(set allow_mounted_write=1 to override)"

/* The partitions of one disk whose holders are looked at. */
#define PARTITIONS_MAX 256

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
 * Naming devices in messages
 */

/* dev_name - "/dev/<kernel name>" of dev, e.g. /dev/loop0p1. */
static void dev_name(dev_t dev, char *buf, size_t len)
{
	char name[SYSFS_NAME_MAX];

	if (sysfs_name(dev, name, sizeof(name)))
		bprintf(buf, len, "device %u:%u", major(dev), minor(dev));
	else
		bprintf(buf, len, "/dev/%s", name);
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
	dev_t disk;

	if (other == target) {
		bprintf(buf, len, "it");
		return true;
	}
	if (!sysfs_whole_disk(other, &disk) && disk == target) {
		dev_name(other, name, sizeof(name));
		bprintf(buf, len, "its partition %s", name);
		return true;
	}
	if (!sysfs_whole_disk(target, &disk) && disk == other) {
		dev_name(other, name, sizeof(name));
		bprintf(buf, len, "its whole disk %s", name);
		return true;
	}
	return false;
}

/* ------------------------------------------------------------------------
 * Why a device is busy: each check returns true and writes the reason
 * ("it is mounted on '/mnt'") into why when it finds one.  A check that
 * cannot look (the mount and swap tables in a build without libmount)
 * finds nothing; check_exclusive() still catches what the kernel holds.
 */

static bool check_mounted(dev_t target, char *why, size_t len)
{
	struct mount_entry e = { 0 };
	char rel[192];
	bool found;

	if (mounts_find_device(target, &e))
		return false;
	found = dev_relation(target, e.blkdev, rel, sizeof(rel));
	if (found)
		bprintf(why, len, "%s is mounted on '%s'", rel, e.target);
	mount_entry_release(&e);
	return found;
}

static bool check_swap(dev_t target, char *why, size_t len)
{
	char rel[192];
	dev_t on;

	if (swaps_find_device(target, &on) || !dev_relation(target, on, rel, sizeof(rel)))
		return false;
	bprintf(why, len, "%s is an active swap device (/proc/swaps)", rel);
	return true;
}

/* first_holder - the name of the first device that holds dev, if any. */
static bool first_holder(dev_t dev, char *name, size_t len)
{
	dev_t holder;
	unsigned nr;

	if (sysfs_holders(dev, &holder, 1, &nr) || !nr)
		return false;
	dev_name(holder, name, len);
	return true;
}

/* check_holders - holders/ of the device, then of each of its partitions. */
static bool check_holders(dev_t target, char *why, size_t len)
{
	char holder[128], part[128];
	dev_t parts[PARTITIONS_MAX];
	unsigned nr;

	if (first_holder(target, holder, sizeof(holder))) {
		bprintf(why, len, "it is held by %s (an md array or dm device uses it)", holder);
		return true;
	}
	if (sysfs_partitions(target, parts, PARTITIONS_MAX, &nr))
		return false;
	for (unsigned k = 0; k < nr && k < PARTITIONS_MAX; k++) {
		if (!first_holder(parts[k], holder, sizeof(holder)))
			continue;
		dev_name(parts[k], part, sizeof(part));
		bprintf(why, len, "its partition %s is held by %s", part, holder);
		return true;
	}
	return false;
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
 * its whole disk when that is a partition: only disks have a queue/). */
static bool backing_lbs(dev_t dev, uint64_t *lbs, char *name, size_t len)
{
	dev_t disk;

	if (major(dev) == 0)
		return false;	/* btrfs, overlayfs, tmpfs: no one device */
	if (sysfs_whole_disk(dev, &disk) ||
	    sysfs_attr_u64(disk, "queue/logical_block_size", lbs) || !*lbs || *lbs > UINT_MAX)
		return false;
	dev_name(dev, name, len);
	return true;
}

int native_dio_align(int fd, const char *path, struct native_dio *out)
{
	uint32_t smem = 0, soff = 0;
	bool have_statx;
	uint64_t lbs;
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
	static const unsigned dirflag[DDIR_NR] = { RW_READ, RW_WRITE, RW_TRIM };
	static const char *const dirname[DDIR_NR] = { "read ", "write ", "trim " };
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
