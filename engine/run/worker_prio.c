/* SPDX-License-Identifier: MIT */
/*
 * worker_prio.c - the thread's I/O priority and the cmdprio setup.
 */
#include <errno.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lib/seed.h"
#include "run/worker_prio.h"

#define IOPRIO_CLASS_SHIFT	13
#define IOPRIO_CLASS_BE		2
#define IOPRIO_WHO_PROCESS	1

uint16_t ioprio_value(unsigned prioclass, unsigned level)
{
	if (!prioclass)
		prioclass = IOPRIO_CLASS_BE;
	return (uint16_t)(prioclass << IOPRIO_CLASS_SHIFT | level);
}

int worker_prio_setup(struct worker *w)
{
	const struct job *job = w->job;

	if (job->prio_set) {
		w->ioprio = ioprio_value(job->prioclass, job->prio);
		if (syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, (int)w->ioprio)) {
			int err = errno;

			diag_set(&w->diag, &job->loc,
				 "job '%s': ioprio_set(class %u, level %u) failed: %s",
				 job->name, job->prioclass, job->prio, strerror(err));
			return -err;
		}
	}
	for (unsigned i = 0; i < w->depth; i++)
		w->reqs[i].ioprio = w->ioprio;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		w->cmdprio_val[d] = ioprio_value(job->cmdprio_class[d],
						 job->cmdprio_level[d]);
		w->cmdprio_on |= job->cmdprio_percentage[d] != 0;
	}
	rng_seed(&w->prio_rng, seed_derive(w->seed, SEED_PRIO, 0));
	return 0;
}
