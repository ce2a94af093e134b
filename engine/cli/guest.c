/* SPDX-License-Identifier: MIT */
/*
 * guest.c - an appliance guest's devices (guest.h).
 */
#include "cli/guest.h"
#include "cli/guest_md.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define DEVICE_WAIT_MS	10000	/* for a port or a disk to appear */

void guest_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dprintf(2, "iostress-init: ");
	vdprintf(2, fmt, ap);
	dprintf(2, "\n");
	va_end(ap);
}

int guest_cmdline(const char *key, const char *def, char *val, size_t size)
{
	char buf[4096], *tok, *save;
	ssize_t n;
	int fd, ret = 0;

	snprintf(val, size, "%s", def);
	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		guest_say("/proc/cmdline: %s", strerror(-ret));
		return ret;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	if (n < 0) {
		ret = -errno;
		guest_say("/proc/cmdline: %s", strerror(-ret));
		goto out_close;
	}
	buf[n] = '\0';
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save))
		if (!strncmp(tok, key, strlen(key)) &&
		    snprintf(val, size, "%s", tok + strlen(key)) >= (int)size) {
			ret = -ENAMETOOLONG;
			guest_say("%s%s: %s", key, tok + strlen(key), strerror(-ret));
		}
out_close:
	close(fd);
	return ret;
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* load_modules - every module in the list file, in order. */
static int load_modules(const char *list)
{
	char line[4096];
	FILE *f = fopen(list, "re");
	int ret = 0;

	if (!f) {
		ret = -errno;
		guest_say("modules %s: %s", list, strerror(-ret));
		return ret;
	}
	while (fgets(line, sizeof(line), f)) {
		int fd;

		line[strcspn(line, "\n")] = '\0';
		if (!line[0])
			continue;
		fd = open(line, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) && errno != EEXIST)) {
			/* said and skipped: what needed it fails later, named */
			guest_say("module %s: %s", line, strerror(errno));
			if (!ret)
				ret = -errno;
		}
		if (fd >= 0)
			close(fd);
	}
	fclose(f);
	return ret;
}

/* find_port - /dev/vportNpM whose /sys/class/virtio-ports/ name is name
 * (there is no udev for /dev/virtio-ports/NAME links).  Returns 0 or
 * -ENOENT. */
static int find_port(const char *name, char *dev, size_t size)
{
	DIR *dir = opendir("/sys/class/virtio-ports");
	struct dirent *e;
	int ret = -ENOENT;

	if (!dir)
		return -ENOENT;
	while (ret && (e = readdir(dir))) {
		char path[512], got[256] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", e->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(got, sizeof(got), f))
			got[strcspn(got, "\n")] = '\0';
		fclose(f);
		if (!strcmp(got, name)) {
			snprintf(dev, size, "/dev/%s", e->d_name);
			ret = 0;
		}
	}
	closedir(dir);
	return ret;
}

/* listen_stop - the host's "stop" on the port becomes SIGINT, once; the
 * handler of cmd_worker() takes it as a signal would.  Before the host
 * connects a read gives 0: wait and read again. */
static void *listen_stop(void *arg)
{
	int fd = (int)(long)arg;
	char buf[64];

	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf) - 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return NULL;
		if (n == 0) {
			sleep_ms(100);
			continue;
		}
		buf[n] = '\0';
		if (strstr(buf, "stop")) {
			kill(getpid(), SIGINT);
			return NULL;
		}
	}
}

/* open_port - the port named name as stdout, and its listener. */
static int open_port(struct guest *g, const char *name)
{
	char dev[300];
	pthread_t th;
	int fd, in, ret = -ENOENT;

	for (unsigned ms = 0; ret && ms < DEVICE_WAIT_MS; ms += 50) {
		ret = find_port(name, dev, sizeof(dev));
		if (ret)
			sleep_ms(50);
	}
	if (ret) {
		guest_say("no virtio-serial port named %s", name);
		return ret;
	}
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		guest_say("port %s: %s", dev, strerror(-ret));
		return ret;
	}
	fflush(stdout);
	in = dup(fd);
	if (dup2(fd, 1) < 0 || in < 0) {
		ret = -errno;
		guest_say("port %s as stdout: %s", dev, strerror(-ret));
		close(fd);
		if (in >= 0)
			close(in);
		return ret;
	}
	close(fd);
	g->port_fd = 1;
	ret = pthread_create(&th, NULL, listen_stop, (void *)(long)in);
	if (ret) {
		guest_say("port %s: no listener for stop: %s", dev, strerror(ret));
		close(in);
		return 0;	/* the jobs can still run */
	}
	pthread_detach(th);
	return 0;
}

/* mount_disk - DEV, once it appears, on GUEST_MOUNT as type fs. */
static int mount_disk(struct guest *g, const char *dev, const char *fs)
{
	struct stat st;
	int ret = -ENOENT;

	for (unsigned ms = 0; ret && ms < DEVICE_WAIT_MS; ms += 50) {
		ret = stat(dev, &st) ? -errno : 0;
		if (ret)
			sleep_ms(50);
	}
	if (ret) {
		guest_say("disk %s: %s", dev, strerror(-ret));
		return ret;
	}
	if (!strcmp(fs, "none"))
		return 0;
	if (mkdir(GUEST_MOUNT, 0755) && errno != EEXIST) {
		ret = -errno;
		guest_say("mkdir %s: %s", GUEST_MOUNT, strerror(-ret));
		return ret;
	}
	if (mount(dev, GUEST_MOUNT, fs, 0, NULL)) {
		ret = -errno;
		guest_say("mount %s (%s) on %s: %s", dev, fs, GUEST_MOUNT, strerror(-ret));
		return ret;
	}
	g->mounted = true;
	if (chdir(GUEST_MOUNT)) {
		ret = -errno;
		guest_say("chdir %s: %s", GUEST_MOUNT, strerror(-ret));
	}
	return ret;
}

int guest_setup(struct guest *g)
{
	char modules[256], port[256], disk[256], fs[64], raid1[256], clean[8];
	char fail_at[32], rebuild[8];
	unsigned long resync_ms = 0;
	int ret;

	g->port_fd = -1;
	g->mounted = false;
	ret = guest_cmdline("iostress.modules=", "", modules, sizeof(modules));
	if (!ret)
		ret = guest_cmdline("iostress.port=", "", port, sizeof(port));
	if (!ret)
		ret = guest_cmdline("iostress.disk=", "", disk, sizeof(disk));
	if (!ret)
		ret = guest_cmdline("iostress.fs=", "none", fs, sizeof(fs));
	if (!ret)
		ret = guest_cmdline("iostress.raid1=", "", raid1, sizeof(raid1));
	if (!ret)
		ret = guest_cmdline("iostress.raid1_clean=", "1", clean, sizeof(clean));
	if (!ret)
		ret = guest_cmdline("iostress.raid1_fail_at=", "0", fail_at, sizeof(fail_at));
	if (!ret)
		ret = guest_cmdline("iostress.raid1_rebuild=", "0", rebuild, sizeof(rebuild));
	if (ret)
		return ret;
	if (modules[0])
		load_modules(modules);	/* what fails is said; go on */
	if (port[0]) {
		ret = open_port(g, port);
		if (ret)
			return ret;
	}
	if (raid1[0]) {
		/* the jobs' disk is the array over the members */
		ret = guest_md_raid1(raid1, strcmp(clean, "0"), disk, sizeof(disk), &resync_ms);
		if (ret)
			return ret;
		if (resync_ms)
			guest_say("raid1: %s resynced in %lu ms", disk, resync_ms);
		ret = guest_md_fail_arm(&g->fail, raid1, resync_ms,
					strtoul(fail_at, NULL, 10), strcmp(rebuild, "0"));
		if (ret)
			return ret;
	}
	if (disk[0])
		ret = mount_disk(g, disk, fs);
	if (!ret)	/* the console log's first words from iostress */
		guest_say("ready: modules from '%s', events on port '%s', disk '%s' (%s)",
			  modules, port, disk, fs);
	return ret;
}

void guest_finish(struct guest *g)
{
	fflush(stdout);
	if (g->mounted) {
		if (chdir("/") || umount(GUEST_MOUNT))
			guest_say("umount %s: %s", GUEST_MOUNT, strerror(errno));
		g->mounted = false;
	}
}
