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
#include "run/result.h"

/*
 * runner_run - run every phase of res->jobs and fill res (which must be
 * run_result_init()ed).  stop may be set from a signal handler; workers
 * then finish their in-flight I/O and the remaining phases are skipped.
 * Each failing worker's message is printed to stderr as it is collected.
 * status is where the live status line goes (NULL: none).  The devices
 * behind the jobs' files are sampled before the first phase and after the
 * last into res->disks.
 * Returns 0 when every job ran clean, otherwise the first job's -errno (and
 * its message in d).  The result holds whatever did run, in either case.
 */
int runner_run(struct run_result *res, atomic_bool *stop, FILE *status,
	       struct diag *d);

#endif
