/* SPDX-License-Identifier: MIT */
/*
 * worker_prio.h - I/O priorities of a worker, as fio's prio, prioclass and
 * cmdprio_* options (backend.c, engines/cmdprio.c): the thread's own
 * priority set with ioprio_set(), and a per-I/O priority for a share of
 * the reads and writes of a libaio or io_uring job.
 */
#ifndef IOSTRESS_WORKER_PRIO_H
#define IOSTRESS_WORKER_PRIO_H

#include "run/worker.h"

/* ioprio_value - the kernel's priority value of class and level, with
 * class 0 taken as BE, as fio's ioprio_value(). */
uint16_t ioprio_value(unsigned prioclass, unsigned level);

/*
 * worker_prio_setup - in the worker's thread, after its requests exist:
 * ioprio_set() the thread when prio or prioclass was given, give every
 * request the job's priority, and arm cmdprio.  Returns 0, or -errno
 * with a message in w->diag.
 */
int worker_prio_setup(struct worker *w);

/*
 * worker_cmdprio - req was just prepared: give it the job's priority or,
 * for cmdprio_percentage of its direction's I/Os, cmdprio_class and
 * cmdprio's (fio's fio_cmdprio_set_ioprio()).  Only when w->cmdprio_on.
 */
static inline void worker_cmdprio(struct worker *w, struct io_req *req)
{
	unsigned d = req->ddir;

	req->ioprio = w->ioprio;
	if (d < DDIR_NR && w->job->cmdprio_percentage[d] &&
	    rng_below(&w->prio_rng, 100) < w->job->cmdprio_percentage[d])
		req->ioprio = w->cmdprio_val[d];
}

#endif
