/* SPDX-License-Identifier: MIT */
/*
 * cmd_init.c - iostress as PID 1: the /init of an appliance's initramfs.
 *
 * Contract: main() calls cmd_init() first thing when getpid() == 1 and
 * the first argument is not --worker, before it parses argv.  cmd_init()
 * mounts devtmpfs on /dev (the kernel does not, for an initramfs), proc on
 * /proc and sysfs on /sys; makes fds 1 and 2 the console if they are not
 * open; sets up what the kernel command line asks for (guest.h: modules,
 * the virtio-serial port that becomes stdout, the disk); takes the
 * resolved jobs from where
 * jobs_open() finds them (today the file named by iostress.jobs=PATH on
 * the kernel command line, default /jobs) and runs them as
 * `iostress --worker` would, with that as stdin, so the wire events go to
 * stdout (the port, or the console); prints "iostress-init: exit N" on the
 * console (N the worker's exit status, commands.h); unmounts the disk,
 * syncs and powers off.  It never returns: PID 1 must
 * not exit, so if the power-off fails it pauses forever.  Every failure
 * is an "iostress-init: ..." line on the console, then the power-off.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/guest.h"

#define JOBS_KEY	"iostress.jobs="
#define JOBS_DEFAULT	"/jobs"

/* mount_fs - mount a fresh TYPE on DIR, making DIR if need be; one that
 * is already there (EBUSY) will do.  Returns 0 or -errno, said. */
static int mount_fs(const char *type, const char *dir)
{
	int ret = 0;

	if (mkdir(dir, 0755) && errno != EEXIST) {
		ret = -errno;
		guest_say("mkdir %s: %s", dir, strerror(-ret));
	} else if (mount(type, dir, type, MS_NOSUID, NULL) && errno != EBUSY) {
		ret = -errno;
		guest_say("mount %s on %s: %s", type, dir, strerror(-ret));
	}
	return ret;
}

/* console_open - make fds 1 and 2 the console (/dev/console, else
 * /dev/ttyS0) where they are not open.  Returns 0 or -errno. */
static int console_open(void)
{
	for (int fd = 1; fd <= 2; fd++) {
		int c;

		if (fcntl(fd, F_GETFD) >= 0)
			continue;
		c = open("/dev/console", O_WRONLY | O_NOCTTY);
		if (c < 0)
			c = open("/dev/ttyS0", O_WRONLY | O_NOCTTY);
		if (c < 0)
			return -errno;
		if (c != fd && (dup2(c, fd) < 0 || close(c)))
			return -errno;
	}
	return 0;
}

/* jobs_open - put the resolved jobs on fd 0: the one place that knows
 * where they come from (the file named by iostress.jobs=, default /jobs).
 * Returns 0 or -errno, said. */
static int jobs_open(void)
{
	char path[256];
	int fd, ret;

	ret = guest_cmdline(JOBS_KEY, JOBS_DEFAULT, path, sizeof(path));
	if (ret)
		return ret;
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		ret = -errno;
		guest_say("jobs %s: %s", path, strerror(-ret));
		return ret;
	}
	ret = dup2(fd, 0) < 0 ? -errno : 0;
	if (ret)
		guest_say("jobs %s onto stdin: %s", path, strerror(-ret));
	if (fd != 0)
		close(fd);
	return ret;
}

static void on_watch(unsigned phase, const struct worker *workers, unsigned n,
		     void *arg)
{
	struct guest *g = arg;

	guest_md_fail_watch(&g->fail, phase, workers, n);
}

static void on_started(unsigned phase, void *arg)
{
	struct guest *g = arg;

	guest_md_fail_started(&g->fail, phase);
}

static void on_result(struct json_writer *w, void *arg)
{
	struct guest *g = arg;

	guest_md_fail_result(&g->fail, w);
}

int cmd_init(void)
{
	const struct cli cli = { .disks = true };
	static struct guest g = { .port_fd = -1 };	/* its failure thread
							 * outlives nothing:
							 * PID 1 never returns */
	const struct worker_hooks hooks = {
		.watch = on_watch,
		.started = on_started,
		.result = on_result,
		.arg = &g,
	};
	int ret, status = EXIT_RUN_FAILED;

	console_open();		/* the rootfs's /dev/console, if it has one */
	if (mount_fs("devtmpfs", "/dev"))
		goto out_power_off;
	ret = console_open();
	if (ret) {
		guest_say("no console: %s", strerror(-ret));
		goto out_power_off;
	}
	if (mount_fs("proc", "/proc") || mount_fs("sysfs", "/sys"))
		goto out_power_off;
	if (guest_setup(&g) || jobs_open())
		goto out_finish;
	status = cmd_worker_hooked(&cli, &hooks);

out_finish:
	guest_finish(&g);
out_power_off:
	fflush(stdout);
	/* on the console, never on the port: the host reads only events
	 * there */
	dprintf(2, "iostress-init: exit %d\n", status);
	sync();
	reboot(RB_POWER_OFF);
	guest_say("power-off: %s", strerror(errno));
	for (;;)
		pause();
}
