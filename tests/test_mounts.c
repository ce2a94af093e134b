/* SPDX-License-Identifier: MIT */
/*
 * test_mounts.c - lib/sysfs.h and lib/mounts.h on real components: an
 * ext4 filesystem on a loop device mounted on a temporary directory, an
 * overlay over two of its directories, a tmpfs, a second loop device
 * holding ext4 but not mounted, and a loop device with a partition table.
 * Each lookup must name the exact mount and device.
 *
 * The fixture needs root, losetup, partx, mkfs.ext4 and overlayfs.  Without them
 * the tests skip, except under IOSTRESS_REQUIRE_ALL=1 where a skip fails.
 * The group teardown undoes every mount and loop device the setup made,
 * also when a test or the setup itself failed.
 *
 * In a build without libmount the mount-table functions must say
 * -ENOTSUP; sysfs works the same in both.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "lib/mounts.h"
#include "lib/sysfs.h"

/* The partition the MBR below describes: Linux (0x83), from sector 2048,
 * 65536 sectors long (32 MiB of the 64 MiB image). */
#define MBR_SIZE		512
#define MBR_PART0		446	/* the first partition entry */
#define MBR_TYPE		4	/* offsets within an entry */
#define MBR_LBA			8
#define MBR_SECTORS		12
#define MBR_SIG			510
#define PART_TYPE_LINUX		0x83
#define PART_LBA		2048u
#define PART_SECTORS		65536u

/* ------------------------------------------------------------------------
 * The fixture
 */

struct loop {
	char img[128];
	char dev[64];		/* /dev/loopN, "" when not attached */
	dev_t rdev;
};

struct fixture {
	const char *skip;	/* why the real-device tests cannot run */
	char base[64];		/* the temporary directory, "" when none */
	char fs[128], merged[128], tmp[128];	/* the three mount points */
	bool fs_mounted, merged_mounted, tmp_mounted;
	struct loop mounted;	/* ext4, on fs */
	struct loop idle;	/* ext4, not mounted */
	struct loop parted;	/* an MBR with one partition */
};

/* runf - run a formatted command quietly; its exit status. */
__attribute__((format(printf, 1, 2)))
static int runf(const char *fmt, ...)
{
	char cmd[PATH_MAX + 256];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd) - 16, fmt, ap);
	va_end(ap);
	n = strlen(cmd);
	snprintf(cmd + n, sizeof(cmd) - n, " >/dev/null 2>&1");
	return run(cmd, NULL, 0);
}

/* put_le32 - v little-endian at p. */
static void put_le32(unsigned char *p, uint32_t v)
{
	for (unsigned i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

/* write_mbr - an MBR with the one partition above at the start of img. */
static int write_mbr(const char *img)
{
	unsigned char mbr[MBR_SIZE] = { 0 };
	int fd = open(img, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	mbr[MBR_PART0 + MBR_TYPE] = PART_TYPE_LINUX;
	put_le32(mbr + MBR_PART0 + MBR_LBA, PART_LBA);
	put_le32(mbr + MBR_PART0 + MBR_SECTORS, PART_SECTORS);
	mbr[MBR_SIG] = 0x55;
	mbr[MBR_SIG + 1] = 0xaa;
	n = pwrite(fd, mbr, sizeof(mbr), 0);
	close(fd);
	return n == (ssize_t)sizeof(mbr) ? 0 : -1;
}

/* loop_attach - a 64 MiB image named tag, attached (with its partitions
 * scanned when partscan).  Returns 0 or -1. */
static int loop_attach(struct loop *l, const char *tag, bool mbr, bool partscan)
{
	char cmd[300];
	struct stat st;

	snprintf(l->img, sizeof(l->img), "/var/tmp/iostress-mounts-%s-%d.img", tag, (int)getpid());
	if (runf("truncate -s 64M %s", l->img) || (mbr && write_mbr(l->img)))
		return -1;
	snprintf(cmd, sizeof(cmd), "losetup -f --show %s%s", partscan ? "-P " : "", l->img);
	if (run(cmd, l->dev, sizeof(l->dev)) || strncmp(l->dev, "/dev/loop", 9)) {
		l->dev[0] = '\0';
		return -1;
	}
	if (stat(l->dev, &st) || !S_ISBLK(st.st_mode))
		return -1;
	/* The kernel's own scan at attach (losetup -P) may add nothing (seen
	 * on Linux 6.18); partx -u adds the partitions the table lists. */
	if (partscan && runf("partx -u %s", l->dev))
		return -1;
	l->rdev = st.st_rdev;
	return 0;
}

static void loop_detach(struct loop *l)
{
	if (l->dev[0]) {
		/* partitions partx added outlive the detach: drop them first */
		runf("partx -d %s", l->dev);
		runf("losetup -d %s", l->dev);
	}
	if (l->img[0])
		unlink(l->img);
}

/* build - everything the header lists; the reason in f->skip when some
 * component is missing.  Whatever was made is recorded for teardown. */
static void build(struct fixture *f)
{
	if (geteuid() != 0) {
		f->skip = "mount tests need root";
		return;
	}
	if (!have_tool("losetup") || !have_tool("partx") || !have_tool("mkfs.ext4")) {
		f->skip = "losetup, partx or mkfs.ext4 is not installed";
		return;
	}
	snprintf(f->base, sizeof(f->base), "/tmp/iostress-mounts-XXXXXX");
	if (!mkdtemp(f->base)) {
		f->base[0] = '\0';
		f->skip = "unable to make a temporary directory";
		return;
	}
	snprintf(f->fs, sizeof(f->fs), "%s/fs", f->base);
	snprintf(f->merged, sizeof(f->merged), "%s/merged", f->base);
	snprintf(f->tmp, sizeof(f->tmp), "%s/tmp", f->base);
	if (mkdir(f->fs, 0755) || mkdir(f->merged, 0755) || mkdir(f->tmp, 0755)) {
		f->skip = "unable to make the mount points";
		return;
	}
	if (loop_attach(&f->mounted, "mounted", false, false) ||
	    loop_attach(&f->idle, "idle", false, false) ||
	    loop_attach(&f->parted, "parted", true, true)) {
		f->skip = "losetup could not attach a loop device";
		return;
	}
	if (runf("mkfs.ext4 -q -F %s", f->mounted.dev) ||
	    runf("mkfs.ext4 -q -F %s", f->idle.dev)) {
		f->skip = "mkfs.ext4 failed on a loop device";
		return;
	}
	if (runf("mount %s %s", f->mounted.dev, f->fs)) {
		f->skip = "unable to mount an ext4 loop device";
		return;
	}
	f->fs_mounted = true;
	if (runf("set -e; cd %s; mkdir lower upper work; echo x > file; echo y > lower/lfile",
		 f->fs)) {
		f->skip = "unable to fill the ext4 filesystem";
		return;
	}
	if (runf("mount -t overlay overlay -o lowerdir=%s/lower,upperdir=%s/upper,"
		 "workdir=%s/work %s", f->fs, f->fs, f->fs, f->merged)) {
		f->skip = "unable to mount an overlay";
		return;
	}
	f->merged_mounted = true;
	if (runf("mount -t tmpfs -o size=1M tmpfs %s", f->tmp)) {
		f->skip = "unable to mount a tmpfs";
		return;
	}
	f->tmp_mounted = true;
	if (runf("echo z > %s/tfile", f->tmp))
		f->skip = "unable to write to the tmpfs";
}

static int group_teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	if (f->tmp_mounted)
		runf("umount %s", f->tmp);
	if (f->merged_mounted)
		runf("umount %s", f->merged);
	if (f->fs_mounted)
		runf("umount %s", f->fs);
	loop_detach(&f->parted);
	loop_detach(&f->idle);
	loop_detach(&f->mounted);
	if (f->base[0]) {
		rmdir(f->fs);
		rmdir(f->merged);
		rmdir(f->tmp);
		rmdir(f->base);
	}
	free(f);
	*state = NULL;
	return 0;
}

static int group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	*state = f;
	build(f);
	return 0;
}

/* need_fixture - the fixture, or skip (fail under IOSTRESS_REQUIRE_ALL). */
static struct fixture *need_fixture(void **state)
{
	struct fixture *f = *state;

	if (f->skip)
		skip_or_fail("%s", f->skip);
	return f;
}

/* ------------------------------------------------------------------------
 * sysfs
 */

static void test_sysfs_loop(void **state)
{
	struct fixture *f = need_fixture(state);
	char name[SYSFS_NAME_MAX], backing[PATH_MAX];
	dev_t rdev = f->mounted.rdev, disk, list[4];
	uint64_t lbs;
	unsigned nr;

	assert_int_equal(sysfs_name(rdev, name, sizeof(name)), 0);
	assert_string_equal(name, f->mounted.dev + strlen("/dev/"));
	assert_int_equal(sysfs_whole_disk(rdev, &disk), 0);
	assert_true(disk == rdev);
	assert_true(sysfs_has(rdev, "loop"));
	assert_false(sysfs_has(rdev, "partition"));
	assert_int_equal(sysfs_attr(rdev, "loop/backing_file", backing, sizeof(backing)), 0);
	assert_string_equal(backing, f->mounted.img);
	assert_int_equal(sysfs_attr_u64(rdev, "queue/logical_block_size", &lbs), 0);
	assert_int_equal(lbs, 512);
	assert_int_equal(sysfs_slaves(rdev, list, 4, &nr), 0);
	assert_int_equal(nr, 0);
	assert_int_equal(sysfs_holders(rdev, list, 4, &nr), 0);
	assert_int_equal(nr, 0);
	assert_int_equal(sysfs_partitions(rdev, list, 4, &nr), 0);
	assert_int_equal(nr, 0);
	assert_true(sysfs_related(rdev, rdev));
	assert_false(sysfs_related(rdev, f->idle.rdev));
	/* an anonymous device (tmpfs, overlayfs) is no block device */
	assert_int_equal(sysfs_name(makedev(0, 1), name, sizeof(name)), -ENOENT);
	assert_int_equal(sysfs_whole_disk(makedev(0, 1), &disk), -ENOENT);
}

static void test_sysfs_partition(void **state)
{
	struct fixture *f = need_fixture(state);
	char name[SYSFS_NAME_MAX], want[SYSFS_NAME_MAX + 8];
	dev_t disk = f->parted.rdev, part, whole, list[4];
	uint64_t start;
	unsigned nr;

	assert_int_equal(sysfs_partitions(disk, list, 4, &nr), 0);
	assert_int_equal(nr, 1);
	part = list[0];
	assert_int_equal(sysfs_name(part, name, sizeof(name)), 0);
	snprintf(want, sizeof(want), "%sp1", f->parted.dev + strlen("/dev/"));
	assert_string_equal(name, want);
	assert_true(sysfs_has(part, "partition"));
	assert_int_equal(sysfs_attr_u64(part, "start", &start), 0);
	assert_int_equal(start, PART_LBA);
	assert_int_equal(sysfs_whole_disk(part, &whole), 0);
	assert_true(whole == disk);
	assert_true(sysfs_related(part, disk));
	assert_true(sysfs_related(disk, part));
	assert_false(sysfs_related(part, f->mounted.rdev));
	/* a partition has no partitions */
	assert_int_equal(sysfs_partitions(part, list, 4, &nr), 0);
	assert_int_equal(nr, 0);
}

/* ------------------------------------------------------------------------
 * The mount table
 */

/* find_path - mounts_find_path(path), or -ENOTSUP checked and false in a
 * build without libmount. */
static bool find_path(const char *path, struct mount_entry *e)
{
	if (!mounts_available()) {
		assert_int_equal(mounts_find_path(path, e), -ENOTSUP);
		return false;
	}
	assert_int_equal(mounts_find_path(path, e), 0);
	return true;
}

/* Collects the layers mounts_layers() reports, joined by '|'. */
static int collect(const char *dir, void *arg)
{
	char *out = arg;
	size_t n = strlen(out);

	snprintf(out + n, PATH_MAX - n, "%s%s", n ? "|" : "", dir);
	return 0;
}

static void test_path_on_ext4(void **state)
{
	struct fixture *f = need_fixture(state);
	struct mount_entry e = { 0 };
	char path[PATH_MAX], layers[PATH_MAX] = "";

	snprintf(path, sizeof(path), "%s/file", f->fs);
	if (!find_path(path, &e))
		return;
	assert_string_equal(e.target, f->fs);
	assert_string_equal(e.fstype, "ext4");
	assert_string_equal(e.source, f->mounted.dev);
	assert_true(e.devno == f->mounted.rdev);
	assert_true(e.blkdev == f->mounted.rdev);
	assert_int_equal(mounts_layers(&e, collect, layers), 0);
	assert_string_equal(layers, "");
	mount_entry_release(&e);
	/* the mount point itself, and a path through ".." */
	assert_int_equal(mounts_find_path(f->fs, &e), 0);
	assert_string_equal(e.target, f->fs);
	mount_entry_release(&e);
	snprintf(path, sizeof(path), "%s/lower/../file", f->fs);
	assert_int_equal(mounts_find_path(path, &e), 0);
	assert_string_equal(e.target, f->fs);
	mount_entry_release(&e);
	/* the directory above it is on another mount */
	assert_int_equal(mounts_find_path(f->base, &e), 0);
	assert_string_not_equal(e.target, f->fs);
	mount_entry_release(&e);
	snprintf(path, sizeof(path), "%s/no-such-file", f->fs);
	assert_int_equal(mounts_find_path(path, &e), -ENOENT);
}

static void test_path_on_overlay(void **state)
{
	struct fixture *f = need_fixture(state);
	struct mount_entry e = { 0 };
	char path[PATH_MAX], layers[PATH_MAX] = "", want[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/lfile", f->merged);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(major(st.st_dev), 0);		/* anonymous */
	if (!find_path(path, &e))
		return;
	assert_string_equal(e.target, f->merged);
	assert_string_equal(e.fstype, "overlay");
	assert_string_equal(e.source, "overlay");
	assert_int_equal(major(e.devno), 0);
	assert_true(e.blkdev == 0);
	assert_int_equal(mounts_layers(&e, collect, layers), 0);
	snprintf(want, sizeof(want), "%s/upper|%s/lower", f->fs, f->fs);
	assert_string_equal(layers, want);
	mount_entry_release(&e);
}

static void test_path_on_tmpfs(void **state)
{
	struct fixture *f = need_fixture(state);
	struct mount_entry e = { 0 };
	char path[PATH_MAX], layers[PATH_MAX] = "";

	snprintf(path, sizeof(path), "%s/tfile", f->tmp);
	if (!find_path(path, &e))
		return;
	assert_string_equal(e.target, f->tmp);
	assert_string_equal(e.fstype, "tmpfs");
	assert_int_equal(major(e.devno), 0);
	assert_true(e.blkdev == 0);
	assert_int_equal(mounts_layers(&e, collect, layers), 0);
	assert_string_equal(layers, "");
	mount_entry_release(&e);
}

static void test_device_mounted_or_not(void **state)
{
	struct fixture *f = need_fixture(state);
	struct mount_entry e = { 0 };

	if (!mounts_available()) {
		assert_int_equal(mounts_find_device(f->mounted.rdev, &e), -ENOTSUP);
		return;
	}
	assert_int_equal(mounts_find_device(f->mounted.rdev, &e), 0);
	assert_string_equal(e.target, f->fs);
	assert_true(e.blkdev == f->mounted.rdev);
	mount_entry_release(&e);
	/* ext4 on it, but not mounted: not in the table (native.c's libblkid
	 * check is what finds the filesystem, see test_native) */
	assert_int_equal(mounts_find_device(f->idle.rdev, &e), -ENOENT);
	assert_int_equal(mounts_find_device(f->parted.rdev, &e), -ENOENT);
}

/* The option syntax of overlayfs, without mounting anything. */
static void test_layers_syntax(void **state)
{
	char opts[] = "rw,lowerdir=/a\\:b:/c::/d,upperdir=/u,workdir=/w";
	char opts_plus[] = "ro,lowerdir+=/x,lowerdir+=/y,datadir+=/z";
	char overlay[] = "overlay", ext4[] = "ext4";
	struct mount_entry e = { .fstype = overlay, .fs_options = opts };
	char layers[PATH_MAX] = "";

	(void)state;
	if (!mounts_available()) {
		assert_int_equal(mounts_layers(&e, collect, layers), -ENOTSUP);
		return;
	}
	assert_int_equal(mounts_layers(&e, collect, layers), 0);
	assert_string_equal(layers, "/u|/a:b|/c|/d");
	layers[0] = '\0';
	e.fs_options = opts_plus;
	assert_int_equal(mounts_layers(&e, collect, layers), 0);
	assert_string_equal(layers, "/x|/y|/z");
	layers[0] = '\0';
	e.fstype = ext4;
	assert_int_equal(mounts_layers(&e, collect, layers), 0);
	assert_string_equal(layers, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layers_syntax),
		cmocka_unit_test(test_sysfs_loop),
		cmocka_unit_test(test_sysfs_partition),
		cmocka_unit_test(test_path_on_ext4),
		cmocka_unit_test(test_path_on_overlay),
		cmocka_unit_test(test_path_on_tmpfs),
		cmocka_unit_test(test_device_mounted_or_not),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
