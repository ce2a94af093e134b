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

#define IOPRIO_WHO_PROCESS	1

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
		w->cmdprio_on |= job->cmdprio_percentage[d] != 0 ||
				 job->cmdprio_split[d].nr != 0;
	}
	rng_seed(&w->prio_rng, seed_derive(w->seed, SEED_PRIO, 0));
	return 0;
}

/* split_prio - cmdprio_bssplit: the priority for an I/O of len bytes in
 * direction d, or -1 for the job's. */
static int split_prio(struct worker *w, unsigned d, uint64_t len)
{
	const struct cmdprio_split *s = &w->job->cmdprio_split[d];
	unsigned i, tot = 0, sum = 0, r;

	for (i = 0; i < s->nr; i++)
		if (s->e[i].bs == len)
			tot += s->e[i].perc;
	if (!tot)
		return -1;
	r = (unsigned)rng_below(&w->prio_rng, 100);
	if (r >= tot)
		return -1;
	for (i = 0; i < s->nr; i++) {
		if (s->e[i].bs != len)
			continue;
		sum += s->e[i].perc;
		if (r < sum)
			return s->e[i].prio >= 0 ? s->e[i].prio : w->cmdprio_val[d];
	}
	return -1;
}

void worker_cmdprio(struct worker *w, struct io_req *req)
{
	unsigned d = req->ddir, perc;
	int prio;

	req->ioprio = w->ioprio;
	if (d >= DDIR_NR)
		return;
	if (w->job->cmdprio_split[d].nr) {
		prio = split_prio(w, d, req->len);
		if (prio >= 0)
			req->ioprio = (uint16_t)prio;
		return;
	}
	perc = w->job->cmdprio_percentage[d];
	if (perc && rng_below(&w->prio_rng, 100) < perc)
		req->ioprio = w->cmdprio_val[d];
}
