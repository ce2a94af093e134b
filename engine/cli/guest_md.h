/* SPDX-License-Identifier: MIT */
/*
 * guest_md.h - an md RAID1 in the appliance guest, assembled without
 * mdadm, through the md driver's own interface: a new array named by
 * /sys/module/md_mod/parameters/new_array, then on its device the ioctls
 * SET_ARRAY_INFO (level 1, no superblock), ADD_NEW_DISK per member and
 * RUN_ARRAY (linux/raid/md_u.h).  Without a superblock the members hold
 * the array's data from their first byte, so a filesystem the host made
 * on one member and copied to the other is the array's.
 */
#ifndef IOSTRESS_GUEST_MD_H
#define IOSTRESS_GUEST_MD_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GUEST_MD_NAME	"md0"

/*
 * guest_md_raid1 - assemble /dev/md0 as a RAID1 of the devices in members
 * ("/dev/vda,/dev/vdb"), waiting for each to appear.  clean: the members
 * are known to be equal (as mdadm --assume-clean), no resync; otherwise
 * the kernel resyncs, and *resync_ms gets how long it took (waited for
 * here).  dev receives "/dev/md0".  Every failure is said on the console.
 * Returns 0 or -errno.
 */
int guest_md_raid1(const char *members, bool clean, char *dev, size_t size,
		   unsigned long *resync_ms);

struct json_writer;

/*
 * A member failing under load: at_ms after the jobs' first I/O, member
 * is marked faulty (/sys/block/md0/md/dev-MEMBER/state); with rebuild it
 * is then removed and added back (HOT_ADD_DISK), and the recovery waited
 * for.  What happened goes in the worker's "place" (guest_md_fail_place):
 * when, the array's state after, each member's I/Os from the start to
 * the failure, and the rebuild's duration.
 */
struct guest_md_fail {
	unsigned long at_ms;		/* 0: no failure */
	char member[16];		/* "vdb" */
	char members[2][16];		/* both, for the per-member counts */
	bool rebuild;
	/* what happened */
	atomic_bool started;		/* the first I/O was issued */
	uint64_t start_ns, fail_ns;
	uint64_t at_start[2][2], at_fail[2][2];	/* [member][read, write] ios */
	char state_after[32], degraded_after[8], state_end[32];
	unsigned long rebuild_ms;
	int error;			/* -errno of the failing, or 0 */
	bool done;
};

/* guest_md_fail_arm - start the thread that fails the member once
 * guest_md_fail_started() has been called.  Returns 0 or -errno. */
int guest_md_fail_arm(struct guest_md_fail *f);

/* guest_md_fail_started - the jobs' first I/O is being issued now. */
void guest_md_fail_started(struct guest_md_fail *f);

/* guest_md_fail_place - what happened, as string pairs of "place". */
void guest_md_fail_place(const struct guest_md_fail *f, struct json_writer *w);

#endif
