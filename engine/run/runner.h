/* SPDX-License-Identifier: MIT */
/*
 * runner.h - run an expanded job list, phase by phase.
 *
 * Every job of a phase gets a worker thread; all of them are released
 * together from one barrier once each has finished its setup, and the
 * runner waits for the whole phase before starting the next (stonewall).
 * After each worker ends its stats are copied into the run_result.
 */
#ifndef IOSTRESS_RUNNER_H
#define IOSTRESS_RUNNER_H

#include <stdatomic.h>
#include <stdio.h>

#include "lib/diag.h"
#include "measure/status.h"
#include "run/result.h"

struct target;
struct worker;

/*
 * runner_sync - the phase boundaries shared with other processes that run
 * the same job list at the same time (the ranks of an MPI run, cli/mpi.h).
 * Every process calls start and end once per phase, in phase order and
 * from the runner's own thread, whatever happened, so that none of them
 * waits for another forever; each call returns what all the processes
 * agreed.  Never called on the I/O path.
 */
struct runner_sync {
	/* start - phase's workers here have all set up (failed: one of
	 * them failed, or a stop was requested) and wait to be released;
	 * returns once every process has said so: true when any of them
	 * failed, and then no worker anywhere starts its I/O */
	bool (*start)(unsigned phase, bool failed, void *arg);
	/* poll - while the phase runs, about every 20 ms (stopped: this
	 * process stopped); true when another process stopped, and then
	 * this one stops too; optional */
	bool (*poll)(bool stopped, void *arg);
	/* end - phase's workers here have all ended (failed: one failed or
	 * a stop was requested); true when any process failed or stopped,
	 * and then every process ends the run after this phase */
	bool (*end)(unsigned phase, bool failed, void *arg);
	void *arg;
};

struct runner_opts {
	FILE *status;			/* live status line; NULL = none */
	/* emit - instead of printing the status line, hand each snapshot
	 * to emit (worker mode streams them to its host); optional */
	void (*emit)(const struct status_snapshot *snap, void *arg);
	void *emit_arg;
	/* started - a phase's workers have all set up and are released to
	 * their first I/O now (worker mode tells its host, which times setup
	 * up to here); called from a worker thread with emit_arg; optional */
	void (*started)(unsigned phase, void *arg);
	/* ended - a phase's workers have all ended (after started, when it
	 * was called); with emit_arg; optional */
	void (*ended)(unsigned phase, void *arg);
	/* watch - a phase's workers in this process exist from now (before
	 * their threads start) until watch is called again with NULL, 0
	 * (after they have all ended, before they are released): their live
	 * counters may be read in between (sampler_live_sum()); with
	 * emit_arg; optional */
	void (*watch)(unsigned phase, const struct worker *workers, unsigned n,
		      void *arg);
	/* job_targets - where each job runs (res->jobs->nr entries, every
	 * job of a phase at the same target); NULL, or a target whose kind
	 * has no run_phase, means this process */
	struct target *const *job_targets;
	/* layout_only - every worker sets up (names, sizes and lays out its
	 * files) and ends without I/O: a container's lower layer is made
	 * this way (docker:copyup) */
	bool layout_only;
	/* no_disks - take no disk stats (worker mode: the host samples the
	 * devices behind the placement, and the wire does not carry them) */
	bool no_disks;
	/* sync - agree on every phase's start and end with other processes
	 * (runner_sync); NULL = alone.  Only phases run in this process
	 * (no job_targets with a run_phase) */
	const struct runner_sync *sync;
};

/*
 * runner_run - run every phase of res->jobs and fill res (which must be
 * run_result_init()ed).  stop may be set from a signal handler; workers
 * then finish their in-flight I/O and the remaining phases are skipped.
 * Each failing worker's message is printed to stderr as it is collected.
 * A phase whose jobs are placed at a remote target (opts->job_targets)
 * runs there through the target's run_phase.  The devices behind the
 * jobs' files (for a remote placement, behind its host_path) are sampled
 * before the first phase and after the last into res->disks.
 * Returns 0 when every job ran clean, otherwise the first job's -errno (and
 * its message in d).  The result holds whatever did run, in either case.
 */
int runner_run(struct run_result *res, atomic_bool *stop,
	       const struct runner_opts *opts, struct diag *d);

#endif
