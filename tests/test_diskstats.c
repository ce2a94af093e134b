/* SPDX-License-Identifier: MIT */
/*
 * test_diskstats.c - disk_util: parsing /sys/block/<dev>/stat, fio's
 * figures and aggregates, and resolving real devices: a loop device names
 * its backing disk; a file on a loop-backed ext4 and one in an overlay
 * over it name exactly the loop device and the disk, a file on a tmpfs
 * names none (or, without libmount, says its disk stats are unavailable);
 * and the counters of a fio run on a loop device match fio's own
 * disk_util.
 *
 * The real-device tests need root, losetup, mkfs.ext4 and fio.  Without
 * them they skip, except under IOSTRESS_REQUIRE_ALL=1 where a skip fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "jsondoc.h"
#include "testutil.h"

#include "lib/mounts.h"
#include "measure/diskstats.h"

/* ------------------------------------------------------------------------
 * Helpers
 */

/* A loop device over a sparse file in /var/tmp. */
struct loopdev {
	char img[200];
	char dev[64];		/* /dev/loopN */
	char name[32];		/* loopN */
};

static void loop_create(struct loopdev *l, const char *tag)
{
	char cmd[300];

	if (geteuid() != 0)
		skip_or_fail("loop device tests need root");
	if (!have_tool("losetup"))
		skip_or_fail("losetup is not installed");
	snprintf(l->img, sizeof(l->img), "/var/tmp/iostress-%s-%d.img", tag, (int)getpid());
	snprintf(cmd, sizeof(cmd), "truncate -s 64M %s", l->img);
	assert_int_equal(run(cmd, NULL, 0), 0);
	snprintf(cmd, sizeof(cmd), "losetup -f --show %s", l->img);
	if (run(cmd, l->dev, sizeof(l->dev)) || strncmp(l->dev, "/dev/loop", 9)) {
		unlink(l->img);
		skip_or_fail("losetup could not attach a loop device");
	}
	snprintf(l->name, sizeof(l->name), "%s", l->dev + 5);
}

static void loop_destroy(struct loopdev *l)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "losetup -d %s", l->dev);
	run(cmd, NULL, 0);
	unlink(l->img);
}

/* disk_behind - the one device diskset_add_path finds for a plain path. */
static void disk_behind(const char *path, char *name, size_t len)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct diag d = { "" };

	assert_non_null(s);
	diskset_init(s);
	assert_int_equal(diskset_add_path(s, path, &d), 0);
	assert_true(s->nr >= 1);
	snprintf(name, len, "%s", s->disks[0].name);
	free(s);
}

/* ------------------------------------------------------------------------
 * Parsing and figures
 */

static void test_parse_stat(void **state)
{
	struct disk_counters c;

	(void)state;
	assert_int_equal(diskset_parse_stat(
		"     120       3     9000      40    44620      7   356960      929"
		"        0      431      929        0        0        0        0"
		"        0        0\n", &c), 0);
	assert_int_equal(c.ios[0], 120);
	assert_int_equal(c.merges[0], 3);
	assert_int_equal(c.sectors[0], 9000);
	assert_int_equal(c.ticks[0], 40);
	assert_int_equal(c.ios[1], 44620);
	assert_int_equal(c.merges[1], 7);
	assert_int_equal(c.sectors[1], 356960);
	assert_int_equal(c.ticks[1], 929);
	assert_int_equal(c.io_ticks, 431);
	assert_int_equal(c.time_in_queue, 929);
	assert_int_equal(diskset_parse_stat("1 2 3\n", &c), -EINVAL);
}

/* A hand-made RAID1: md0 over vdb and vdc, 2 s apart.  Writes are
 * mirrored (each member writes what md0 writes), reads are balanced. */
static void fill_raid1(struct disk_set *s)
{
	diskset_init(s);
	s->nr = 3;
	snprintf(s->disks[0].name, DISK_NAME_MAX, "md0");
	s->disks[0].kind = DISK_MD;
	s->disks[0].nr_lower = 2;
	s->disks[0].lower[0] = 1;
	s->disks[0].lower[1] = 2;
	snprintf(s->disks[1].name, DISK_NAME_MAX, "vdb");
	snprintf(s->disks[2].name, DISK_NAME_MAX, "vdc");
	s->before_ns = 1000000000ull;
	s->after_ns = 3000000000ull;
	s->have_before = s->have_after = true;
	s->disks[0].after = (struct disk_counters){
		.ios = { 1000, 500 }, .sectors = { 8000, 4000 },
		.ticks = { 0, 0 }, .io_ticks = 0, .time_in_queue = 0 };
	s->disks[1].before = (struct disk_counters){ .ios = { 10, 10 }, .io_ticks = 100 };
	s->disks[1].after = (struct disk_counters){
		.ios = { 610, 510 }, .merges = { 1, 2 }, .sectors = { 4800, 4000 },
		.ticks = { 300, 400 }, .io_ticks = 1100, .time_in_queue = 700 };
	s->disks[2].after = (struct disk_counters){
		.ios = { 400, 500 }, .merges = { 3, 4 }, .sectors = { 3200, 4000 },
		.ticks = { 200, 300 }, .io_ticks = 1500, .time_in_queue = 501 };
}

static void test_util_and_aggregate(void **state)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct disk_util u;

	(void)state;
	assert_non_null(s);
	fill_raid1(s);

	diskset_util(s, 1, &u);			/* vdb */
	assert_string_equal(u.name, "vdb");
	assert_int_equal(u.ios[0], 600);
	assert_int_equal(u.ios[1], 500);
	assert_int_equal(u.sectors[0], 4800);
	assert_int_equal(u.ticks[1], 400);
	assert_int_equal(u.in_queue, 700);
	assert_true(u.util > 49.999 && u.util < 50.001);	/* 1000 of 2000 ms */
	assert_false(u.has_aggr);

	diskset_util(s, 0, &u);			/* md0 */
	assert_int_equal(u.ios[0], 1000);
	assert_int_equal(u.ios[1], 500);
	assert_true(u.has_aggr);
	assert_int_equal(u.aggr_ios[0], 500);	/* (600 + 400) / 2 */
	assert_int_equal(u.aggr_ios[1], 500);	/* mirrored */
	assert_int_equal(u.aggr_merges[0], 2);
	assert_int_equal(u.aggr_merges[1], 3);
	assert_int_equal(u.aggr_sectors[0], 4000);
	assert_int_equal(u.aggr_ticks[0], 250);
	assert_int_equal(u.aggr_in_queue, 600);	/* 1201 / 2, truncated */
	assert_true(u.aggr_util > 74.999 && u.aggr_util < 75.001);	/* vdc */
	free(s);
}

static void test_util_edges(void **state)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct disk_util u;

	(void)state;
	assert_non_null(s);
	fill_raid1(s);
	/* busier than the wall clock (rounding in the kernel): capped */
	s->disks[2].after.io_ticks = 2600;
	diskset_util(s, 2, &u);
	assert_true(u.util == 100.0);
	/* a 32-bit ms counter that wrapped */
	s->disks[2].before.time_in_queue = UINT32_MAX - 9;
	s->disks[2].after.time_in_queue = 5;
	diskset_util(s, 2, &u);
	assert_int_equal(u.in_queue, 15);
	/* only one reading: no figures */
	s->have_after = false;
	diskset_util(s, 1, &u);
	assert_int_equal(u.ios[0], 0);
	assert_true(u.util == 0.0);
	free(s);
}

/* ------------------------------------------------------------------------
 * Real devices
 */

static void test_resolve_missing_file_and_dedup(void **state)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct diag d = { "" };
	char path[PATH_MAX];
	unsigned nr;

	(void)state;
	assert_non_null(s);
	diskset_init(s);
	/* a job file that does not exist yet resolves through its directory */
	snprintf(path, sizeof(path), "/var/tmp/iostress-missing-%d/sub/file.0", (int)getpid());
	assert_int_equal(diskset_add_path(s, path, &d), 0);
	nr = s->nr;
	assert_int_equal(diskset_add_path(s, "/var/tmp", &d), 0);
	assert_int_equal(s->nr, nr);		/* same device, listed once */
	free(s);
}

/* The check: a loop device names its backing disk. */
static void test_loop_names_backing_disk(void **state)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct diag d = { "" };
	struct loopdev l;
	char backing[DISK_NAME_MAX];
	int i;

	(void)state;
	assert_non_null(s);
	loop_create(&l, "resolve");
	disk_behind("/var/tmp", backing, sizeof(backing));
	diskset_init(s);
	assert_int_equal(diskset_add_path(s, l.dev, &d), 0);
	i = diskset_find(s, l.name);
	assert_int_equal(i, 0);
	assert_int_equal(s->disks[i].kind, DISK_LOOP);
	assert_int_equal(s->disks[i].nr_lower, 1);
	assert_string_equal(s->disks[s->disks[i].lower[0]].name, backing);
	print_message("# %s is backed by a file on %s\n", l.name, backing);
	loop_destroy(&l);
	free(s);
}

/* What diskset_add_path() made of one path. */
struct resolved {
	int ret;
	char msg[DIAG_MSG_MAX];
	unsigned nr;
	char names[2][DISK_NAME_MAX];	/* the first two devices */
	enum disk_kind kind0;
	unsigned nr_lower0;		/* below the first device */
	char lower0[DISK_NAME_MAX];	/* the first device's first lower */
};

static void resolve(const char *path, struct resolved *r)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct diag d = { "" };

	assert_non_null(s);
	memset(r, 0, sizeof(*r));
	diskset_init(s);
	r->ret = diskset_add_path(s, path, &d);
	snprintf(r->msg, sizeof(r->msg), "%s", d.msg);
	r->nr = s->nr;
	for (unsigned i = 0; i < s->nr && i < 2; i++)
		snprintf(r->names[i], DISK_NAME_MAX, "%s", s->disks[i].name);
	if (s->nr) {
		r->kind0 = s->disks[0].kind;
		r->nr_lower0 = s->disks[0].nr_lower;
		if (r->nr_lower0)
			snprintf(r->lower0, DISK_NAME_MAX, "%s",
				 s->disks[s->disks[0].lower[0]].name);
	}
	free(s);
}

/* expect_loop_on - r is exactly the loop device and, under it, the disk
 * that holds its backing file. */
static void expect_loop_on(const struct resolved *r, const struct loopdev *l,
			   const char *backing)
{
	if (r->ret)
		fail_msg("resolution failed (%d): %s", r->ret, r->msg);
	assert_int_equal(r->nr, 2);
	assert_string_equal(r->names[0], l->name);
	assert_int_equal(r->kind0, DISK_LOOP);
	assert_int_equal(r->nr_lower0, 1);
	assert_string_equal(r->lower0, backing);
	assert_string_equal(r->names[1], backing);
}

/* expect_no_libmount - r is a path on an anonymous device: nothing in a
 * build without libmount, with a message saying so. */
static void expect_no_libmount(const struct resolved *r)
{
	assert_int_equal(r->ret, -ENOTSUP);
	assert_int_equal(r->nr, 0);
	assert_non_null(strstr(r->msg, "this build has no libmount"));
	assert_non_null(strstr(r->msg, "disk stats are unavailable"));
}

/*
 * An ext4 filesystem on a loop device, an overlay whose layers live on it
 * (what a Docker container's root looks like), and a tmpfs: a file on the
 * ext4 and a file in the merged directory reach exactly the loop device
 * and the disk under it; a file on the tmpfs reaches nothing.  Without
 * libmount the ext4 file still resolves (stat and sysfs suffice), the
 * other two report their disk stats unavailable.
 */
static void test_loop_overlay_tmpfs(void **state)
{
	struct resolved on_ext4, on_overlay, on_tmpfs;
	struct loopdev l;
	char base[64], cmd[2048], path[128];
	char backing[DISK_NAME_MAX];
	int r;

	(void)state;
	if (!have_tool("mkfs.ext4"))
		skip_or_fail("mkfs.ext4 is not installed");
	loop_create(&l, "overlay");
	disk_behind("/var/tmp", backing, sizeof(backing));
	snprintf(base, sizeof(base), "/tmp/iostress-ovl-%d", (int)getpid());
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkfs.ext4 -q -F %s; mkdir -p %s/fs %s/merged %s/tmp; "
		 "mount %s %s/fs; mkdir -p %s/fs/lower %s/fs/upper %s/fs/work; "
		 "echo x > %s/fs/lower/file; "
		 "mount -t overlay overlay -o lowerdir=%s/fs/lower,upperdir=%s/fs/upper,"
		 "workdir=%s/fs/work %s/merged; "
		 "mount -t tmpfs -o size=1M tmpfs %s/tmp; echo z > %s/tmp/file",
		 l.dev, base, base, base, l.dev, base, base, base, base, base,
		 base, base, base, base, base, base);
	r = run(cmd, NULL, 0);
	if (r == 0) {
		snprintf(path, sizeof(path), "%s/fs/lower/file", base);
		resolve(path, &on_ext4);
		snprintf(path, sizeof(path), "%s/merged/file", base);
		resolve(path, &on_overlay);
		snprintf(path, sizeof(path), "%s/tmp/file", base);
		resolve(path, &on_tmpfs);
	}
	snprintf(cmd, sizeof(cmd), "umount %s/tmp; umount %s/merged; umount %s/fs; rm -rf %s",
		 base, base, base, base);
	run(cmd, NULL, 0);
	loop_destroy(&l);
	if (r)
		fail_msg("mounting ext4, overlay and tmpfs failed (%d)", r);
	expect_loop_on(&on_ext4, &l, backing);
	if (!mounts_available()) {
		expect_no_libmount(&on_overlay);
		expect_no_libmount(&on_tmpfs);
		return;
	}
	expect_loop_on(&on_overlay, &l, backing);
	if (on_tmpfs.ret)
		fail_msg("tmpfs resolution failed (%d): %s", on_tmpfs.ret, on_tmpfs.msg);
	assert_int_equal(on_tmpfs.nr, 0);
}

/*
 * fio as the oracle.  Nothing else uses the loop device, so its counters
 * over a fio run must show exactly the I/Os fio issued (4 KiB direct
 * I/O: one request each, no merges).  fio's own disk_util undercounts:
 * it samples the device from its first 250 ms tick after the job starts
 * to its last, so it can only be at or below ours.
 */
static void test_matches_fio_on_loop(void **state)
{
	struct disk_set *s = malloc(sizeof(*s));
	struct diag d = { "" };
	struct disk_util u;
	struct loopdev l;
	char cmd[1024], out[256], *json = NULL;
	struct json_object *doc;
	size_t cap = 0;
	long long fio_ios[2], fio_du[2];
	FILE *f;
	int i;

	(void)state;
	assert_non_null(s);
	if (!have_tool("fio"))
		skip_or_fail("fio is not installed");
	loop_create(&l, "fio");
	diskset_init(s);
	assert_int_equal(diskset_add_path(s, l.dev, &d), 0);
	i = diskset_find(s, l.name);
	assert_int_equal(diskset_sample(s, false), 0);
	snprintf(out, sizeof(out), "%s.json", l.img);
	snprintf(cmd, sizeof(cmd),
		 "fio --name=t --filename=%s --rw=randrw --bs=4k --direct=1 "
		 "--size=8M --io_size=4M --rate_iops=1500 --ioengine=psync "
		 "--output-format=json --output=%s", l.dev, out);
	assert_int_equal(run(cmd, NULL, 0), 0);
	assert_int_equal(diskset_sample(s, true), 0);
	diskset_util(s, (unsigned)i, &u);
	f = fopen(out, "re");
	assert_non_null(f);
	assert_true(getdelim(&json, &cap, '\0', f) > 0);
	fclose(f);
	unlink(out);
	loop_destroy(&l);

	doc = jsondoc_parse(json);
	free(json);
	snprintf(cmd, sizeof(cmd), "\"%s\"", l.name);
	assert_json(doc, "/disk_util/0/name", cmd);
	fio_ios[0] = strtoll(jsondoc_text(doc, "/jobs/0/read/total_ios"), NULL, 10);
	fio_ios[1] = strtoll(jsondoc_text(doc, "/jobs/0/write/total_ios"), NULL, 10);
	fio_du[0] = strtoll(jsondoc_text(doc, "/disk_util/0/read_ios"), NULL, 10);
	fio_du[1] = strtoll(jsondoc_text(doc, "/disk_util/0/write_ios"), NULL, 10);
	jsondoc_put(doc);
	print_message("# %s: ours ios=%llu/%llu util=%.2f%%, fio issued %lld/%lld, "
		      "fio disk_util %lld/%lld\n", l.name,
		      (unsigned long long)u.ios[0], (unsigned long long)u.ios[1],
		      u.util, fio_ios[0], fio_ios[1], fio_du[0], fio_du[1]);
	assert_int_equal(fio_ios[0] + fio_ios[1], 1024);	/* 4 MiB in 4 KiB */
	for (unsigned k = 0; k < 2; k++) {
		assert_int_equal(u.ios[k], fio_ios[k]);
		assert_int_equal(u.sectors[k], fio_ios[k] * 8);
		assert_int_equal(u.merges[k], 0);
		assert_true(fio_du[k] >= 0 && (uint64_t)fio_du[k] <= u.ios[k]);
	}
	/* io_ticks advance by whole jiffies while I/O is in flight: a short
	 * run of fast loop I/O can leave util at 0, so only the bound holds */
	assert_true(u.util >= 0.0 && u.util <= 100.0);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_stat),
		cmocka_unit_test(test_util_and_aggregate),
		cmocka_unit_test(test_util_edges),
		cmocka_unit_test(test_resolve_missing_file_and_dedup),
		cmocka_unit_test(test_loop_names_backing_disk),
		cmocka_unit_test(test_loop_overlay_tmpfs),
		cmocka_unit_test(test_matches_fio_on_loop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
