/* SPDX-License-Identifier: MIT */
/*
 * guest_md.c - an md RAID1 in the appliance guest (guest_md.h).
 */
#include "cli/guest_md.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/major.h>
#include <linux/raid/md_p.h>
#include <linux/raid/md_u.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>

#include "cli/guest.h"
#include "lib/json.h"
#include "measure/diskstats.h"

#define MEMBERS_MAX	2
#define WAIT_MS		10000

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* wait_node - path exists (devtmpfs makes device nodes as they come). */
static int wait_node(const char *path, struct stat *st)
{
	for (unsigned ms = 0; ms < WAIT_MS; ms += 50) {
		if (!stat(path, st))
			return 0;
		sleep_ms(50);
	}
	return -errno;
}

/* write_sys - text to a sysfs file.  Returns 0 or -errno. */
static int write_sys(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

/* read_sys - the first line of a sysfs file. */
static int read_sys(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");

	if (!f)
		return -errno;
	if (!fgets(buf, (int)size, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
	return 0;
}

/* wait_resync - until the array's sync_action is idle again. */
static unsigned long wait_resync(void)
{
	struct timespec t0, t1;
	char action[32];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (read_sys("/sys/block/" GUEST_MD_NAME "/md/sync_action", action,
			     sizeof(action)) || !strcmp(action, "idle"))
			break;
		sleep_ms(100);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (unsigned long)((t1.tv_sec - t0.tv_sec) * 1000 +
			       (t1.tv_nsec - t0.tv_nsec) / 1000000);
}

int guest_md_raid1(const char *members, bool clean, char *dev, size_t size,
		   unsigned long *resync_ms)
{
	char list[256], *save = NULL, *tok, path[64];
	struct stat st[MEMBERS_MAX], mdst;
	mdu_array_info_t info;
	uint64_t bytes = UINT64_MAX;
	unsigned n = 0;
	int fd, ret;

	snprintf(list, sizeof(list), "%s", members);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		uint64_t b = 0;
		int mfd;

		if (n == MEMBERS_MAX) {
			guest_say("raid1: more than %u members in '%s'", MEMBERS_MAX, members);
			return -EINVAL;
		}
		ret = wait_node(tok, &st[n]);
		mfd = ret ? -1 : open(tok, O_RDONLY | O_CLOEXEC);
		if (mfd < 0 || ioctl(mfd, BLKGETSIZE64, &b)) {
			ret = ret ? ret : -errno;
			guest_say("raid1: member %s: %s", tok, strerror(-ret));
			if (mfd >= 0)
				close(mfd);
			return ret;
		}
		close(mfd);
		if (b < bytes)
			bytes = b;
		n++;
	}
	if (n != MEMBERS_MAX) {
		guest_say("raid1: two members needed, '%s' has %u", members, n);
		return -EINVAL;
	}
	ret = write_sys("/sys/module/md_mod/parameters/new_array", GUEST_MD_NAME);
	if (ret && ret != -EEXIST) {
		guest_say("raid1: no new array %s (is md-mod loaded?): %s", GUEST_MD_NAME,
			  strerror(-ret));
		return ret;
	}
	snprintf(path, sizeof(path), "/dev/%s", GUEST_MD_NAME);
	ret = wait_node(path, &mdst);
	fd = ret ? -1 : open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ret = ret ? ret : -errno;
		guest_say("raid1: %s: %s", path, strerror(-ret));
		return ret;
	}
	memset(&info, 0, sizeof(info));
	info.major_version = 0;
	info.minor_version = 90;
	info.level = 1;
	info.size = (int)(bytes / 1024);	/* KiB of each member */
	info.nr_disks = info.raid_disks = MEMBERS_MAX;
	info.md_minor = (int)minor(mdst.st_rdev);
	info.not_persistent = 1;		/* no superblock */
	info.state = clean ? 1 << MD_SB_CLEAN : 0;
	if (ioctl(fd, SET_ARRAY_INFO, &info)) {
		ret = -errno;
		guest_say("raid1: SET_ARRAY_INFO: %s", strerror(-ret));
		goto out_close;
	}
	for (unsigned i = 0; i < n; i++) {
		mdu_disk_info_t disk = {
			.number = (int)i,
			.major = (int)major(st[i].st_rdev),
			.minor = (int)minor(st[i].st_rdev),
			.raid_disk = (int)i,
			.state = 1 << MD_DISK_SYNC | 1 << MD_DISK_ACTIVE,
		};

		if (ioctl(fd, ADD_NEW_DISK, &disk)) {
			ret = -errno;
			guest_say("raid1: ADD_NEW_DISK member %u: %s", i, strerror(-ret));
			goto out_close;
		}
	}
	if (ioctl(fd, RUN_ARRAY, NULL)) {
		ret = -errno;
		guest_say("raid1: RUN_ARRAY: %s", strerror(-ret));
		goto out_close;
	}
	*resync_ms = clean ? 0 : wait_resync();
	snprintf(dev, size, "%s", path);
	ret = 0;
out_close:
	close(fd);
	return ret;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* member_ios - the read and write I/Os of /sys/block/NAME/stat. */
static void member_ios(const char *name, uint64_t ios[2])
{
	char path[96], text[256];
	struct disk_counters c;

	snprintf(path, sizeof(path), "/sys/block/%s/stat", name);
	ios[0] = ios[1] = 0;
	if (!read_sys(path, text, sizeof(text)) && !diskset_parse_stat(text, &c)) {
		ios[0] = c.ios[0];
		ios[1] = c.ios[1];
	}
}

static void member_dev_state(const char *member, const char *state, int *err)
{
	char path[96];
	int ret;

	snprintf(path, sizeof(path), "/sys/block/" GUEST_MD_NAME "/md/dev-%s/state", member);
	ret = write_sys(path, state);
	if (ret) {
		guest_say("raid1: %s > %s: %s", state, path, strerror(-ret));
		if (!*err)
			*err = ret;
	}
}

/* rebuild - remove the failed member and add it back; the recovery's
 * duration in f->rebuild_ms. */
static void rebuild(struct guest_md_fail *f)
{
	char path[64];
	struct stat st;
	uint64_t t0;
	int fd;

	member_dev_state(f->member, "remove", &f->error);
	snprintf(path, sizeof(path), "/dev/%s", f->member);
	fd = open("/dev/" GUEST_MD_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0 || stat(path, &st) || ioctl(fd, HOT_ADD_DISK, (unsigned long)st.st_rdev)) {
		f->error = f->error ? f->error : -errno;
		guest_say("raid1: adding %s back: %s", f->member, strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	t0 = now_ns();
	sleep_ms(200);		/* the recovery is started from md's thread */
	wait_resync();
	f->rebuild_ms = (unsigned long)((now_ns() - t0) / 1000000);
}

static void *fail_thread(void *arg)
{
	struct guest_md_fail *f = arg;

	while (!atomic_load(&f->started))
		sleep_ms(10);
	sleep_ms((unsigned)f->at_ms);
	for (unsigned i = 0; i < 2; i++)
		member_ios(f->members[i], f->at_fail[i]);
	f->fail_ns = now_ns();
	member_dev_state(f->member, "faulty", &f->error);
	read_sys("/sys/block/" GUEST_MD_NAME "/md/array_state", f->state_after,
		 sizeof(f->state_after));
	read_sys("/sys/block/" GUEST_MD_NAME "/md/degraded", f->degraded_after,
		 sizeof(f->degraded_after));
	guest_say("raid1: %s marked faulty %lu ms into the jobs: array %s, degraded %s",
		  f->member, (unsigned long)((f->fail_ns - f->start_ns) / 1000000),
		  f->state_after, f->degraded_after);
	if (f->rebuild && !f->error)
		rebuild(f);
	read_sys("/sys/block/" GUEST_MD_NAME "/md/array_state", f->state_end,
		 sizeof(f->state_end));
	f->done = true;
	return NULL;
}

int guest_md_fail_arm(struct guest_md_fail *f)
{
	pthread_t th;
	int r;

	if (!f->at_ms)
		return 0;
	r = pthread_create(&th, NULL, fail_thread, f);
	if (r) {
		guest_say("raid1: no failure thread: %s", strerror(r));
		return -r;
	}
	pthread_detach(th);
	return 0;
}

void guest_md_fail_started(struct guest_md_fail *f)
{
	f->start_ns = now_ns();
	for (unsigned i = 0; i < 2; i++)
		member_ios(f->members[i], f->at_start[i]);
	atomic_store(&f->started, true);
}

void guest_md_fail_place(const struct guest_md_fail *f, struct json_writer *w)
{
	char buf[160];

	if (!f->at_ms)
		return;
	json_str(w, "raid1_failed_member", f->member);
	if (!f->fail_ns) {
		json_str(w, "raid1_failure", "the jobs ended before it was due");
		return;
	}
	snprintf(buf, sizeof(buf), "%.1f", (double)(f->fail_ns - f->start_ns) / 1e6);
	json_str(w, "raid1_failed_after_ms", buf);
	json_str(w, "raid1_failure", f->error ? strerror(-f->error) : "ok");
	json_str(w, "raid1_state_after_failure", f->state_after);
	json_str(w, "raid1_degraded_after_failure", f->degraded_after);
	snprintf(buf, sizeof(buf), "%s r=%llu w=%llu, %s r=%llu w=%llu",
		 f->members[0], (unsigned long long)(f->at_fail[0][0] - f->at_start[0][0]),
		 (unsigned long long)(f->at_fail[0][1] - f->at_start[0][1]),
		 f->members[1], (unsigned long long)(f->at_fail[1][0] - f->at_start[1][0]),
		 (unsigned long long)(f->at_fail[1][1] - f->at_start[1][1]));
	json_str(w, "raid1_ios_before_failure", buf);
	if (f->rebuild) {
		snprintf(buf, sizeof(buf), "%lu", f->rebuild_ms);
		json_str(w, "raid1_rebuild_ms", f->done ? buf : "still rebuilding at the end");
	}
	json_str(w, "raid1_state_at_end", f->done ? f->state_end : f->state_after);
}
