/* SPDX-License-Identifier: MIT */
/*
 * guest_md.c - an md RAID1 in the appliance guest (guest_md.h).
 */
#include "cli/guest_md.h"

#include <errno.h>
#include <stdbool.h>
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
#include <unistd.h>

#include "cli/guest.h"

#define MEMBERS_MAX	2
#define WAIT_MS		10000
#define SYNC_WAIT_MS	600000	/* a resync or recovery, at most */

void guest_sleep_ms(unsigned ms)
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
		guest_sleep_ms(50);
	}
	return -errno;
}

int guest_write_sys(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, strlen(text)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

int guest_read_sys(const char *path, char *buf, size_t size)
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

/* in_sync - md0 has no sync to do: none running, none pending
 * (resync_start "none"), no member missing (degraded "0"). */
static bool in_sync(void)
{
	char action[32], start[32], degraded[16];

	if (guest_read_sys("/sys/block/" GUEST_MD_NAME "/md/sync_action", action,
			   sizeof(action)) ||
	    guest_read_sys("/sys/block/" GUEST_MD_NAME "/md/resync_start", start,
			   sizeof(start)) ||
	    guest_read_sys("/sys/block/" GUEST_MD_NAME "/md/degraded", degraded,
			   sizeof(degraded)))
		return true;	/* no array to wait for */
	return !strcmp(action, "idle") && !strcmp(start, "none") && !strcmp(degraded, "0");
}

unsigned long guest_md_wait_sync(void)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (unsigned ms = 0; ms < SYNC_WAIT_MS && !in_sync(); ms += 20)
		guest_sleep_ms(20);
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
	ret = guest_write_sys("/sys/module/md_mod/parameters/new_array", GUEST_MD_NAME);
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
	*resync_ms = clean ? 0 : guest_md_wait_sync();
	snprintf(dev, size, "%s", path);
	ret = 0;
out_close:
	close(fd);
	return ret;
}
