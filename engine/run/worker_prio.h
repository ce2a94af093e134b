/* SPDX-License-Identifier: MIT */
/*
 * worker_prio.h - I/O priorities of a worker, as fio's prio, prioclass and
 * cmdprio_* options (backend.c, engines/cmdprio.c): the thread's own
 * priority set with ioprio_set(), and a per-I/O priority for a share of
 * the reads and writes of a libaio or io_uring job.
 */
#ifndef IOSTRESS_WORKER_PRIO_H
#define IOSTRESS_WORKER_PRIO_H

#include "lib/ioprio.h"
#include "run/worker.h"

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
 * cmdprio's, or with cmdprio_bssplit the priority of an entry of its size
 * for that entry's share (fio's fio_cmdprio_set_ioprio()).  Only when
 * w->cmdprio_on.
 */
void worker_cmdprio(struct worker *w, struct io_req *req);

#endif
