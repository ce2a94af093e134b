/* SPDX-License-Identifier: MIT */
/*
 * guest.h - the devices of an appliance guest, set up by iostress as its
 * /init (cmd_init.c) before the jobs run, as the kernel command line says:
 *
 *   iostress.modules=FILE   kernel modules to load, one path a line, in
 *                           order (finit_module; one already loaded is
 *                           fine, one that fails is said and skipped)
 *   iostress.port=NAME      the virtio-serial port named NAME carries the
 *                           wire events (it becomes stdout), and a line
 *                           "stop" from the host on it is SIGINT
 *   iostress.disk=DEV       the disk the jobs use (waited for)
 *   iostress.fs=TYPE        mount DEV (made by the host) on /data and run
 *                           there; "none" (the default) runs in / with
 *                           the jobs naming the device
 *   iostress.raid1=A,B      assemble an md RAID1 of A and B (guest_md.h)
 *                           and use it as DEV; iostress.raid1_clean=0
 *                           resyncs it first; iostress.raid1_fail_at=MS
 *                           marks B faulty MS after the jobs' first I/O,
 *                           iostress.raid1_rebuild=1 then adds it back
 *
 * None of them is needed: without them /init runs the jobs with its
 * events on the console, as a bare initramfs test does.
 */
#ifndef IOSTRESS_GUEST_H
#define IOSTRESS_GUEST_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/guest_md_fail.h"

#define GUEST_MOUNT	"/data"

struct guest {
	int port_fd;			/* the port, or -1 */
	bool mounted;			/* GUEST_MOUNT is mounted */
	struct guest_md_fail fail;	/* a RAID1's timeline, and a member
					 * failing under load */
};

/*
 * guest_cmdline - the value of KEY ("iostress.port=") on the kernel
 * command line into val, or def when KEY is not there.  Returns 0, or
 * -errno said on the console (-ENAMETOOLONG when it does not fit).
 */
int guest_cmdline(const char *key, const char *def, char *val, size_t size);

/*
 * guest_setup - load the modules, open the port as stdout and start
 * listening on it for "stop", wait for the disk and mount it.  Every
 * failure is said on the console.  Returns 0 or the first -errno; g is
 * ready for guest_finish() in either case.
 */
int guest_setup(struct guest *g);

/* guest_finish - flush the port, unmount the disk (which syncs it). */
void guest_finish(struct guest *g);

/* guest_say - "iostress-init: ..." on the console (stderr). */
void guest_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
