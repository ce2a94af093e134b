/* SPDX-License-Identifier: MIT */
/*
 * md_timeline.h - what an md RAID1 and the jobs on it did between the
 * events of a member failing under load: each phase's start (its first
 * I/O) and end, the member marked faulty, the member added back, the
 * rebuild finished.  At each event (a mark) the guest reads the array's and each
 * member's /sys/block/<dev>/stat and the running jobs' live totals
 * (I/Os, bytes and completion latency summed per direction); the stretch
 * between two marks is a window, and its figures are the differences:
 * the jobs' IOPS, bandwidth and mean clat, and per device fio's disk_util
 * figures.  So the report gives each member before and after the failure,
 * and the jobs' rate and latency while the rebuild ran.
 *
 * The array is healthy until the failure, degraded until the member is
 * added back, rebuilding until the recovery ends, and rebuilt after.  The
 * jobs' figures of a window are there only when both of its marks read
 * the same phase's workers; the stretch from a phase's end to the next
 * one's start has none.
 */
#ifndef IOSTRESS_MD_TIMELINE_H
#define IOSTRESS_MD_TIMELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "measure/diskstats.h"

#define MD_DEVS		3	/* the array, then its two members */
#define MD_MARKS_MAX	64	/* the timeline's room for marks */
#define MD_MARKS_EVENTS	3	/* of them, kept for a fail, a re-add and
				 * a rebuilt mark: phase marks beyond the
				 * rest are counted in dropped */

enum md_mark_kind {
	MD_MARK_START,		/* a phase's first I/O */
	MD_MARK_FAIL,		/* a member marked faulty */
	MD_MARK_READD,		/* the member added back: recovery starts */
	MD_MARK_REBUILT,	/* the recovery is over */
	MD_MARK_END,		/* a phase's jobs ended */
	MD_MARK_NR,
};

/* The jobs' totals since their start, per direction (0 read, 1 write). */
struct md_jobs {
	uint64_t ios[2], bytes[2];
	uint64_t clat_ns[2];		/* completion latencies, summed */
};

struct md_mark {
	enum md_mark_kind kind;
	uint64_t ns;			/* CLOCK_MONOTONIC where it was taken */
	unsigned phase;			/* of the jobs read; valid with have_jobs */
	bool have_jobs;
	struct md_jobs jobs;
	struct disk_counters dev[MD_DEVS];
};

struct md_timeline {
	char dev[MD_DEVS][DISK_NAME_MAX];	/* "md0", "vda", "vdb" */
	unsigned failed;		/* index in dev[] of the member that
					 * failed, 0 = none planned */
	uint64_t fail_at_ms;		/* when it was due after the start */
	bool rebuild;			/* raid1_rebuild was asked */
	uint64_t resync_ms;		/* the initial resync; 0 = none */
	char state_failed[32];		/* md/array_state after the failure */
	char degraded[8];		/* md/degraded after the failure */
	char state_end[32];		/* md/array_state at the end */
	int error;			/* -errno of failing or re-adding */
	struct md_mark marks[MD_MARKS_MAX];
	unsigned nr;
	unsigned dropped;		/* marks that found no room */
};

/* A window's figures, per direction where two. */
struct md_window {
	enum md_mark_kind from, to;	/* the marks it lies between */
	const char *state;		/* the array's: "healthy", "degraded",
					 * "rebuilding", "rebuilt" */
	double start_s, end_s;		/* from the first mark */
	bool have_jobs;
	unsigned phase;			/* of the jobs; with have_jobs */
	double iops[2], bw[2];		/* the jobs'; bw in bytes/s */
	double clat_ns[2];		/* mean; 0 without I/O */
	struct md_dev_delta {
		uint64_t ios[2], sectors[2], ticks[2];
		double util;		/* % of the window with I/O in flight */
	} dev[MD_DEVS];
};

/* md_timeline_mark - append a mark (the caller fills it after).  NULL,
 * with t->dropped counted, when it finds no room: a phase's start or end
 * mark beyond MD_MARKS_MAX - MD_MARKS_EVENTS marks, any mark beyond
 * MD_MARKS_MAX (so the failure's own marks are kept after many phases). */
struct md_mark *md_timeline_mark(struct md_timeline *t, enum md_mark_kind kind,
				 uint64_t ns);

/* md_timeline_window - window i, between marks i and i + 1 (i + 1 <
 * t->nr).  Returns false for a stretch between two phases (from an end
 * mark), which holds nothing to report; w is filled all the same. */
bool md_timeline_window(const struct md_timeline *t, unsigned i,
			struct md_window *w);

/* md_mark_name - "start", "fail", "re-add", "rebuilt", "end"; NULL for a
 * kind out of range. */
const char *md_mark_name(enum md_mark_kind kind);

#endif
