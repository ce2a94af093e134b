/* SPDX-License-Identifier: MIT */
/*
 * guest_md_fail.h - the appliance guest's RAID1 under load: its timeline
 * (measure/md_timeline.h) and a member failing.
 *
 * Marks are taken at each phase's first I/O and end, from the worker's
 * hooks (cmd_worker_hooked()), which also lend the phase's workers so
 * that every mark reads their live totals.  With a failure planned, a
 * thread waits from the first phase's first I/O for at_ms, marks the
 * second member faulty (/sys/block/md0/md/dev-MEMBER/state), and with
 * rebuild removes it, adds it back (HOT_ADD_DISK) and waits for the
 * recovery, with a mark at each step.  The timeline goes to the host as
 * the result's "raid1" (wire.h).
 */
#ifndef IOSTRESS_GUEST_MD_FAIL_H
#define IOSTRESS_GUEST_MD_FAIL_H

#include <pthread.h>
#include <stdbool.h>

#include "measure/md_timeline.h"

struct json_writer;
struct worker;

struct guest_md_fail {
	pthread_mutex_t lock;		/* everything below */
	pthread_cond_t wake;		/* first_ns was set */
	bool armed;			/* there is an array */
	unsigned long at_ms;		/* 0: no failure */
	struct md_timeline t;
	const struct worker *workers;	/* the running phase's, or NULL */
	unsigned nr, phase;
	bool running;			/* the phase's start mark is taken */
	uint64_t first_ns;		/* the first phase's first I/O */
	bool done;			/* the failure thread has finished */
};

/*
 * guest_md_fail_arm - keep the timeline of md0 over members
 * ("/dev/vda,/dev/vdb"), which took resync_ms to resync; with at_ms, start
 * the thread that fails the second member that long after the first
 * I/O, and rebuilds it with rebuild.  Returns 0 or -errno (said).
 */
int guest_md_fail_arm(struct guest_md_fail *f, const char *members,
		      unsigned long resync_ms, unsigned long at_ms, bool rebuild);

/* guest_md_fail_watch - a phase's workers exist from now (workers, n),
 * or are about to go (NULL, 0: the phase's end mark). */
void guest_md_fail_watch(struct guest_md_fail *f, unsigned phase,
			 const struct worker *workers, unsigned n);

/* guest_md_fail_started - a phase's first I/O is being issued now. */
void guest_md_fail_started(struct guest_md_fail *f, unsigned phase);

/* guest_md_fail_result - the timeline as the result's "raid1", when
 * there is an array. */
void guest_md_fail_result(struct guest_md_fail *f, struct json_writer *w);

#endif
