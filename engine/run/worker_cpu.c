/* SPDX-License-Identifier: MIT */
/*
 * worker_cpu.c - cpus_allowed and cpus_allowed_policy: pin the worker
 * thread.  shared: the thread may run on every CPU of the set; split: clone
 * N runs on the (N mod count)-th CPU of the set.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#include "run/worker_impl.h"

/* nth_cpu - the n-th CPU (from 0) in set, or -1. */
static int nth_cpu(const cpu_set_t *set, unsigned n)
{
	for (int c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, set) && !n--)
			return c;
	return -1;
}

int worker_cpu_pin(struct worker *w)
{
	const struct job *job = w->job;
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	cpu_set_t set;
	int r;

	if (!job->nr_cpus_allowed)
		return 0;
	for (int c = 0; c < CPU_SETSIZE; c++) {
		if (CPU_ISSET(c, &job->cpus_allowed) && c >= ncpus) {
			diag_set(&w->diag, &job->loc,
				 "job '%s': cpus_allowed names CPU %d, but this machine has CPUs 0-%ld",
				 job->name, c, ncpus - 1);
			return -EINVAL;
		}
	}
	set = job->cpus_allowed;
	if (job->cpus_allowed_policy == CPUS_SPLIT) {
		int c = nth_cpu(&job->cpus_allowed, job->clone % job->nr_cpus_allowed);

		CPU_ZERO(&set);
		if (c >= 0)
			CPU_SET(c, &set);
	}
	r = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
	if (r) {
		diag_set(&w->diag, &job->loc,
			 "job '%s': unable to pin to cpus_allowed: %s (CPUs offline or outside this process's affinity?)",
			 job->name, strerror(r));
		return -r;
	}
	return 0;
}
