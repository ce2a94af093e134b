/* SPDX-License-Identifier: MIT */
/*
 * test_native.c - the native target: block-device write refusals on real
 * loop devices (mounted, then unmounted and holding ext4; a mounted
 * partition; swap signature, active swap, partition table; a clean one is
 * writable; allow_mounted_write overrides),
 * and O_DIRECT alignment (a 4096-byte-sector loop device, a file on the
 * local disk, and the exact refusal messages).
 *
 * The loop-device tests need root, losetup, partx, mkfs.ext4, mkswap and
 * swapon.
 * Without them they skip, except under IOSTRESS_REQUIRE_ALL=1 where a skip
 * fails.  Every loop device, mount and swap is undone in the teardown,
 * which cmocka runs even when a test fails.
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"

#include "job/job.h"
#include "lib/mounts.h"
#include "targets/native.h"

/* ------------------------------------------------------------------------
 * Helpers
 */

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

/* One loop device over a sparse image in /var/tmp, with whatever the test
 * did to it (mount, swapon) remembered for the teardown. */
struct loopdev {
	char img[200];
	char dev[64];		/* /dev/loopN */
	char mnt[200];		/* mount point, "" when not mounted */
	bool swapon;
};

static int loop_teardown(void **state)
{
	struct loopdev *l = *state;

	if (!l)
		return 0;
	if (l->swapon)
		runf("swapoff %s", l->dev);
	if (l->mnt[0]) {
		runf("umount %s", l->mnt);
		rmdir(l->mnt);
	}
	if (l->dev[0]) {
		/* partitions partx added outlive the detach: drop them first */
		runf("partx -d %s", l->dev);
		runf("losetup -d %s", l->dev);
	}
	if (l->img[0])
		unlink(l->img);
	free(l);
	*state = NULL;
	return 0;
}

/* loop_attach - a 64 MiB loop device with sector size sector (0: the
 * default, 512); skips the test when loop devices are not available. */
static struct loopdev *loop_attach(void **state, unsigned sector)
{
	struct loopdev *l = calloc(1, sizeof(*l));
	char cmd[400];

	assert_non_null(l);
	*state = l;
	if (geteuid() != 0)
		skip_or_fail("loop device tests need root");
	if (!have_tool("losetup"))
		skip_or_fail("losetup is not installed");
	snprintf(l->img, sizeof(l->img), "/var/tmp/iostress-native-%d.img", (int)getpid());
	assert_int_equal(runf("truncate -s 64M %s", l->img), 0);
	if (sector)
		snprintf(cmd, sizeof(cmd), "losetup -f --show -b %u %s", sector, l->img);
	else
		snprintf(cmd, sizeof(cmd), "losetup -f --show %s", l->img);
	if (run(cmd, l->dev, sizeof(l->dev)) || strncmp(l->dev, "/dev/loop", 9)) {
		l->dev[0] = '\0';
		skip_or_fail("losetup could not attach a loop device");
	}
	return l;
}

static void need_tool(const char *name)
{
	if (!have_tool(name))
		skip_or_fail("%s is not installed", name);
}

/* expect_refusal - native_check_write_safe refuses dev with exactly
 * "refusing to write to 'DEV': WHY (set allow_mounted_write=1 to
 * override)", and allow_mounted_write=1 lets it through. */
static void expect_refusal(const struct loopdev *l, const char *why)
{
	char want[DIAG_MSG_MAX];
	struct diag d = { "" };

	snprintf(want, sizeof(want),
		 "refusing to write to '%s': %s (set allow_mounted_write=1 to override)",
		 l->dev, why);
	assert_int_equal(native_check_write_safe(l->dev, false, &d), -EBUSY);
	assert_string_equal(d.msg, want);

	d.msg[0] = '\0';
	assert_int_equal(native_check_write_safe(l->dev, true, &d), 0);
	assert_string_equal(d.msg, "");
}

/* write_mbr - an MBR with one Linux partition at 1 MiB, 32 MiB long, on
 * the device (no partition tools needed; the kernel need not scan it). */
static void write_mbr(const struct loopdev *l)
{
	unsigned char mbr[512] = { 0 };
	int fd;

	mbr[446 + 4] = 0x83;
	mbr[446 + 8] = 0x00, mbr[446 + 9] = 0x08;		/* LBA 2048 */
	mbr[446 + 12] = 0x00, mbr[446 + 13] = 0x00, mbr[446 + 14] = 0x01; /* 65536 */
	mbr[510] = 0x55, mbr[511] = 0xaa;
	fd = open(l->dev, O_WRONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, mbr, sizeof(mbr), 0), (ssize_t)sizeof(mbr));
	assert_int_equal(fsync(fd), 0);
	close(fd);
}

/* A direct=1 job as the option table would leave it. */
static void dio_job(struct job *job, unsigned rw, uint64_t rbs, uint64_t wbs)
{
	job_init(job);
	/* Only the fields native_check_dio() reads matter here; drop the one
	 * string job_init() allocates so that LeakSanitizer stays quiet. */
	free(job->ioengine);
	job->ioengine = NULL;
	job->name = (char *)"x";
	job->loc.file = "t.job";
	job->loc.line = 3;
	job->direct = true;
	job->rw = rw;
	job->bs[DDIR_READ] = rbs;
	job->bs[DDIR_WRITE] = wbs;
}

/* ------------------------------------------------------------------------
 * Write safety
 */

static void test_regular_file_is_writable(void **state)
{
	char path[] = "/var/tmp/iostress-native-XXXXXX";
	struct diag d = { "" };
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(native_check_write_safe(path, false, &d), 0);
	unlink(path);
	/* a file the job will create */
	assert_int_equal(native_check_write_safe(path, false, &d), 0);
	assert_string_equal(d.msg, "");
}

static void test_clean_loop_is_writable(void **state)
{
	struct loopdev *l = loop_attach(state, 0);
	struct diag d = { "" };

	assert_int_equal(native_check_write_safe(l->dev, false, &d), 0);
	assert_string_equal(d.msg, "");
}

static void test_loop_holding_ext4(void **state)
{
	struct loopdev *l = loop_attach(state, 0);

	need_tool("mkfs.ext4");
	assert_int_equal(runf("mkfs.ext4 -q -F %s", l->dev), 0);
	expect_refusal(l, "it holds an ext4 filesystem");
}

/* mount_on - mount dev on a fresh directory, remembered in l for the
 * teardown; skips the test when the kernel will not. */
static void mount_on(struct loopdev *l, const char *dev)
{
	snprintf(l->mnt, sizeof(l->mnt), "/var/tmp/iostress-native-mnt-%d", (int)getpid());
	assert_int_equal(mkdir(l->mnt, 0755), 0);
	if (runf("mount %s %s", dev, l->mnt)) {
		rmdir(l->mnt);
		l->mnt[0] = '\0';
		skip_or_fail("unable to mount %s", dev);
	}
}

/* unmount - undo mount_on() before the teardown. */
static void unmount(struct loopdev *l)
{
	assert_int_equal(runf("umount %s", l->mnt), 0);
	rmdir(l->mnt);
	l->mnt[0] = '\0';
}

/* Mounted, then not: the mount table names the mount point (a build
 * without libmount has none, and the ext4 signature refuses it), and once
 * unmounted the ext4 filesystem on it still does. */
static void test_mounted_loop(void **state)
{
	struct loopdev *l = loop_attach(state, 0);
	char why[300];

	need_tool("mkfs.ext4");
	assert_int_equal(runf("mkfs.ext4 -q -F %s", l->dev), 0);
	mount_on(l, l->dev);
	if (mounts_available())
		snprintf(why, sizeof(why), "it is mounted on '%s'", l->mnt);
	else
		snprintf(why, sizeof(why), "it holds an ext4 filesystem");
	expect_refusal(l, why);
	unmount(l);
	expect_refusal(l, "it holds an ext4 filesystem");
}

/* A filesystem on a partition: writing the whole disk is refused for it. */
static void test_mounted_partition(void **state)
{
	struct loopdev *l = loop_attach(state, 0);
	char part[80], why[400];

	need_tool("mkfs.ext4");
	need_tool("partx");
	write_mbr(l);
	/* the kernel's scan at attach may add nothing: partx -u does */
	assert_int_equal(runf("partx -u %s", l->dev), 0);
	snprintf(part, sizeof(part), "%sp1", l->dev);
	assert_int_equal(runf("mkfs.ext4 -q -F %s", part), 0);
	mount_on(l, part);
	if (mounts_available())
		snprintf(why, sizeof(why), "its partition %s is mounted on '%s'", part, l->mnt);
	else
		snprintf(why, sizeof(why), "it holds a dos partition table");
	expect_refusal(l, why);
}

static void test_swap_loop(void **state)
{
	struct loopdev *l = loop_attach(state, 0);

	need_tool("mkswap");
	need_tool("swapon");
	assert_int_equal(runf("mkswap %s", l->dev), 0);
	expect_refusal(l, "it holds a swap signature");
	if (runf("swapon %s", l->dev))
		skip_or_fail("swapon refused a loop device");
	l->swapon = true;
	/* without libmount there is no swap table: the signature refuses it */
	expect_refusal(l, mounts_available() ? "it is an active swap device (/proc/swaps)"
			  : "it holds a swap signature");
}

static void test_partition_table(void **state)
{
	struct loopdev *l = loop_attach(state, 0);

	write_mbr(l);
	expect_refusal(l, "it holds a dos partition table");
}

/* ------------------------------------------------------------------------
 * O_DIRECT alignment
 */

static void test_check_dio_messages(void **state)
{
	const struct native_dio a = {
		.mem_align = 512, .offset_align = 512,
		.source = "the logical block size of /dev/loop0",
	};
	struct diag d = { "" };
	struct job job;

	(void)state;
	dio_job(&job, RW_READ | RW_RANDOM, 1000, 4096);
	assert_int_equal(native_check_dio(&job, 0, &a, &d), -EINVAL);
	assert_string_equal(d.msg, "t.job:3: job 'x': bs=1000 is not a multiple of 512, "
			    "the logical block size of /dev/loop0 (O_DIRECT)");

	/* a write-only job is judged by its write bs only */
	dio_job(&job, RW_WRITE, 1000, 4096);
	assert_int_equal(native_check_dio(&job, 0, &a, &d), 0);

	/* bs=4k,1536 (split, both used): the message names the direction */
	dio_job(&job, RW_READ | RW_WRITE, 4096, 1000);
	assert_int_equal(native_check_dio(&job, 0, &a, &d), -EINVAL);
	assert_string_equal(d.msg, "t.job:3: job 'x': write bs=1000 is not a multiple of 512, "
			    "the logical block size of /dev/loop0 (O_DIRECT)");

	dio_job(&job, RW_READ, 4096, 4096);
	assert_int_equal(native_check_dio(&job, 4096 + 100, &a, &d), -EINVAL);
	assert_string_equal(d.msg, "t.job:3: job 'x': offset=4196 is not a multiple of 512, "
			    "the logical block size of /dev/loop0 (O_DIRECT)");
	assert_int_equal(native_check_dio(&job, 8192, &a, &d), 0);

	/* buffered I/O needs no alignment */
	dio_job(&job, RW_READ, 1000, 1000);
	job.direct = false;
	assert_int_equal(native_check_dio(&job, 7, &a, &d), 0);
}

static void test_dio_align_4k_loop(void **state)
{
	struct loopdev *l = loop_attach(state, 4096);
	struct native_dio a;
	struct diag d = { "" };
	char want[DIAG_MSG_MAX];
	struct job job;
	int fd;

	fd = open(l->dev, O_RDONLY | O_DIRECT | O_CLOEXEC);
	assert_true(fd >= 0);
	assert_int_equal(native_dio_align(fd, l->dev, &a), 0);
	close(fd);
	assert_int_equal(a.offset_align, 4096);
	assert_true(a.mem_align >= 1 && a.mem_align <= 4096);
	snprintf(want, sizeof(want), "the logical block size of %s", l->dev);
	assert_string_equal(a.source, want);

	dio_job(&job, RW_READ | RW_RANDOM, 512, 512);
	assert_int_equal(native_check_dio(&job, 0, &a, &d), -EINVAL);
	snprintf(want, sizeof(want), "t.job:3: job 'x': bs=512 is not a multiple of 4096, "
		 "the logical block size of %s (O_DIRECT)", l->dev);
	assert_string_equal(d.msg, want);
}

/* A file on the local disk: statx, or the disk's logical block size. */
static void test_dio_align_local_file(void **state)
{
	char path[] = "/var/tmp/iostress-native-XXXXXX", sys[128];
	unsigned long lbs = 0;
	struct native_dio a;
	struct stat st;
	FILE *f;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(native_dio_align(fd, path, &a), 0);
	close(fd);
	if (major(st.st_dev) == 0)
		skip_or_fail("/var/tmp is not on a block device");
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/queue/logical_block_size",
		 major(st.st_dev), minor(st.st_dev));
	f = fopen(sys, "r");
	if (!f)		/* a partition: its disk holds the queue */
		skip_or_fail("cannot read %s", sys);
	assert_int_equal(fscanf(f, "%lu", &lbs), 1);
	fclose(f);
	/* ext4, xfs and btrfs report the device's logical block size */
	assert_int_equal(a.offset_align, lbs);
	assert_true(a.mem_align >= 1 && a.mem_align <= a.offset_align);
	assert_non_null(strstr(a.source, path));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_regular_file_is_writable),
		cmocka_unit_test_teardown(test_clean_loop_is_writable, loop_teardown),
		cmocka_unit_test_teardown(test_loop_holding_ext4, loop_teardown),
		cmocka_unit_test_teardown(test_mounted_loop, loop_teardown),
		cmocka_unit_test_teardown(test_mounted_partition, loop_teardown),
		cmocka_unit_test_teardown(test_swap_loop, loop_teardown),
		cmocka_unit_test_teardown(test_partition_table, loop_teardown),
		cmocka_unit_test(test_check_dio_messages),
		cmocka_unit_test_teardown(test_dio_align_4k_loop, loop_teardown),
		cmocka_unit_test(test_dio_align_local_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
