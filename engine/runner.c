/* SPDX-License-Identifier: MIT */
#include "runner.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "worker.h"

/* Copy a finished worker's stats into the result's slot for its job. */
static void runner_collect(struct run_result *res, struct worker *w)
{
	struct job_stats *dst = &res->job_stats[w->index];
	unsigned merged = dst->nr_merged;

	job_stats_merge(dst, &w->stats);
	dst->nr_merged = merged;	/* one worker is one job */
}

static int runner_phase(struct run_result *res, unsigned phase,
			atomic_bool *stop, struct diag *d)
{
	const struct job_list *jobs = res->jobs;
	struct gate gate;
	struct worker *workers;
	unsigned n = 0, started = 0;
	int ret = 0;

	for (unsigned i = 0; i < jobs->nr; i++)
		n += jobs->jobs[i].phase == phase;
	if (!n)
		return 0;
	workers = calloc(n, sizeof(*workers));
	if (!workers)
		return -ENOMEM;
	ret = gate_init(&gate, n);
	if (ret)
		goto out_free_workers;

	for (unsigned i = 0, k = 0; i < jobs->nr; i++) {
		if (jobs->jobs[i].phase != phase)
			continue;
		ret = worker_init(&workers[k], &jobs->jobs[i], i);
		if (ret)
			goto out_abort;
		workers[k].start_gate = &gate;
		workers[k].stop = stop;
		k++;
	}
	for (started = 0; started < n; started++) {
		int r = pthread_create(&workers[started].thread, NULL, worker_main,
				       &workers[started]);
		if (r) {
			ret = -r;
			goto out_abort;
		}
		workers[started].started = true;
	}
	for (unsigned k = 0; k < n; k++) {
		pthread_join(workers[k].thread, NULL);
		runner_collect(res, &workers[k]);
		if (workers[k].error) {
			diag_print(&workers[k].diag);
			if (!ret) {
				ret = workers[k].error;
				*d = workers[k].diag;
			}
		}
	}
	goto out_release_workers;

out_abort:
	/* Thread creation failed: let the threads that did start through the
	 * gate; they see the stop flag and end without running. */
	diag_set(d, NULL, "unable to start worker threads: %s", strerror(-ret));
	atomic_store(stop, true);
	gate_force_open(&gate);
	for (unsigned k = 0; k < started; k++)
		pthread_join(workers[k].thread, NULL);
out_release_workers:
	for (unsigned k = 0; k < n; k++)
		if (workers[k].job)
			worker_release(&workers[k]);
	gate_release(&gate);
out_free_workers:
	free(workers);
	return ret;
}
int runner_run(struct run_result *res, atomic_bool *stop, struct diag *d)
{
	int ret = 0;

	for (unsigned p = 0; p < res->jobs->nr_phases; p++) {
		int r;

		if (atomic_load(stop))
			break;
		r = runner_phase(res, p, stop, d);
		if (r && !ret)
			ret = r;
	}
	run_result_merge_groups(res);
	return ret;
}
