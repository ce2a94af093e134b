/* SPDX-License-Identifier: MIT */
/*
 * target.h - where a job runs: the interface every placement kind
 * implements, one `static const struct target_ops` per kind, in a table
 * indexed by enum placement_kind (job/placement.h).
 *
 * Life of a target, driven by the command (cli/cmd_run.c) and the runner:
 *
 *   target_open(t, placement, jobs)   prepare the place (nothing for
 *                                     native; start a container, boot a
 *                                     guest); setup time is measured,
 *                                     up to the first I/O there
 *   runner: for each run of consecutive phases placed there
 *     ops->run_phase(t, phases)       run their jobs there and fold
 *                                     their stats into the result; NULL
 *                                     means "in this process" (native):
 *                                     the runner starts its own threads
 *   target_close(t)                   tear down: always, after a normal
 *                                     end, a failure, SIGINT or SIGTERM
 *
 * Everything a target creates outside this process (a worker process, a
 * container, a volume, a domain, a disk image, a loop device) is written
 * to the run's ledger (targets/ledger.h) before it is created and struck
 * off once it is gone, so that a later run can sweep what a run killed
 * with SIGKILL left behind: target_sweep() hands each leftover record to
 * the ops->sweep of its kind.
 */
#ifndef IOSTRESS_TARGET_H
#define IOSTRESS_TARGET_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "job/job.h"
#include "job/placement.h"
#include "lib/diag.h"
#include "measure/stats.h"

struct ledger;
struct target;
struct md_timeline;

#define TARGET_PROPS_MAX	48

/* One fact about a placement that decides its performance ("fs" =
 * "ext4", "worker" = "/usr/libexec/iostress/iostress-worker"). */
struct target_prop {
	char *key;			/* owned */
	char *val;			/* owned */
};

/* What reports say about a placement: jobs[].iostress.target. */
struct target_info {
	const char *kind;		/* "native", "process", ... */
	const char *spec;		/* the spec as given */
	const char *name;		/* for %t and column labels */
	uint64_t setup_ns;		/* prepare, plus the first phase's wait
					 * until its first I/O was issued */
	struct target_prop props[TARGET_PROPS_MAX];
	unsigned nr_props;
};

/* What to run at a target: one or more consecutive whole phases (the
 * runner visits a target once for every run of phases placed there). */
struct target_phase {
	const struct job_list *jobs;	/* the whole list */
	unsigned first, nr;		/* the jobs: [first, first + nr) */
	struct job_stats *job_stats;	/* the result's, indexed like jobs;
					 * run_phase folds each job's stats in
					 * with job_stats_merge() */
	atomic_bool *stop;		/* set by SIGINT/SIGTERM: stop the
					 * phase, still collect what ran */
	FILE *status;			/* live status line; NULL = none */
	struct disk_set **guest_disks;	/* the result's: what a guest's worker
					 * saw of its disks goes here (the
					 * conversation replaces it) */
	struct md_timeline **raid1;	/* the result's: a guest's RAID1
					 * timeline goes here, likewise */
};

struct target_ops {
	/* The kind's name, as in a spec. */
	const char *kind;

	/*
	 * prepare - make the place ready for t->jobs (which it may inspect,
	 * e.g. for the paths the jobs use) and describe it with
	 * target_prop_set().  Returns 0 or -errno with a message in d; on
	 * failure teardown() is still called.  Optional.
	 */
	int (*prepare)(struct target *t, struct diag *d);

	/*
	 * run_phase - run ph's jobs (whole phases, in order, each starting
	 * when the one before has ended) at the place and fold each job's stats
	 * into ph->job_stats.  Returns 0 or the first job's -errno with a
	 * message in d; stats of what ran are folded in either case.
	 * NULL: the runner runs the phase in this process.
	 */
	int (*run_phase)(struct target *t, const struct target_phase *ph,
			 struct diag *d);

	/*
	 * teardown - undo everything prepare() and run_phase() created and
	 * strike it from the ledger.  Must cope with a failed or partial
	 * prepare().  Optional.
	 */
	void (*teardown)(struct target *t);

	/*
	 * sweep - remove one leftover of a dead run: desc is the text the
	 * kind wrote to the ledger.  Writes what it removed to log (one
	 * line, no "iostress: " prefix).  Returns 0 when the resource is
	 * gone (removed now or already), or -errno with a message in d.
	 * Optional when the kind never writes to the ledger.
	 */
	int (*sweep)(const char *desc, FILE *log, struct diag *d);
};

struct target {
	const struct target_ops *ops;
	struct placement pl;		/* owned copy */
	struct target_info info;
	const struct job_list *jobs;	/* borrowed */
	struct ledger *ledger;		/* borrowed; the run's */
	char host_path[4096];		/* where the placement's files live on
					 * this host (a volume's mount point,
					 * the bind directory, the daemon's
					 * root for layers), for disk stats;
					 * "" = the jobs' own paths */
	bool first_phase_done;		/* setup_ns includes its wait */
	bool torn_down;
	void *priv;			/* owned by the kind */
};

/* target_ops_of - the ops of kind. */
const struct target_ops *target_ops_of(enum placement_kind kind);

/*
 * target_open - copy pl into t, run the kind's prepare() for jobs and
 * time it into t->info.setup_ns.  ledger is where it records what it
 * creates.  Returns 0 or -errno with a message in d; on failure t is
 * already torn down and released.
 */
int target_open(struct target *t, const struct placement *pl,
		const struct job_list *jobs, struct ledger *ledger,
		struct diag *d);

/* target_teardown - run the kind's teardown() now (once); t->info stays
 * readable for the report until target_close(). */
void target_teardown(struct target *t);

/* target_close - teardown() if not done yet, and release t.  Safe on a
 * zeroed target. */
void target_close(struct target *t);

/* target_prop_set - add or replace a property of t's info.  Returns 0 or
 * -ENOMEM; a full table drops the property (-ENOSPC). */
int target_prop_set(struct target *t, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* target_describe_here - the properties every placement on this host
 * has: "kernel" (uname -r) and "fs" (the filesystem of the first job's
 * data path).  Returns 0 or -ENOMEM. */
int target_describe_here(struct target *t);

/* target_prop_get - the value of key, or NULL. */
const char *target_prop_get(const struct target_info *info, const char *key);

/*
 * target_sweep - remove what dead runs left behind (targets/ledger.h):
 * for every run whose owner is gone, each recorded resource goes to its
 * kind's sweep(), and the run's record is removed once empty.  Every
 * removal is reported on stderr, or on log when given (--cleanup prints
 * the list on stdout).  *removed counts them.  Returns 0 or the first
 * -errno (with a message in d); sweeping goes on past a failure.
 */
int target_sweep(FILE *log, unsigned *removed, struct diag *d);

#endif
