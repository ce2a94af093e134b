/* SPDX-License-Identifier: MIT */
/*
 * worker_numa.c - numa_cpu_nodes and numa_mem_policy: the worker thread
 * runs on the CPUs of the nodes and allocates (its buffers, after this)
 * under the memory policy, through libnuma as fio does
 * (numa_run_on_node_mask, numa_set_membind, numa_set_interleave_mask,
 * numa_set_preferred, numa_set_localalloc).  Built without libnuma the
 * options never reach here: the parser refuses them.
 */
#include <errno.h>
#include <string.h>

#include "run/worker_impl.h"

#ifdef HAVE_LIBNUMA
#include <numa.h>
#include <pthread.h>

/* libnuma fills its caches (numa_node_to_cpus()'s, for one) on first use
 * without a lock: workers of one phase setting up at once would race on
 * them, and one thread's fill would leak over another's.  Setup only, so
 * one lock serves. */
static pthread_mutex_t numa_lock = PTHREAD_MUTEX_INITIALIZER;

/* node_mask - the job's mask as a libnuma nodemask, every node of it on
 * this machine (all: every node there is).  NULL with w->diag set. */
static struct bitmask *node_mask(struct worker *w, const char *what,
				 uint64_t mask)
{
	int max = numa_max_node();
	struct bitmask *bm = numa_allocate_nodemask();

	if (!bm) {
		diag_set(&w->diag, &w->job->loc, "out of memory in job '%s'", w->job->name);
		return NULL;
	}
	for (unsigned n = 0; n < 64; n++) {
		if (!(mask & (1ull << n)))
			continue;
		if ((int)n > max || !numa_bitmask_isbitset(numa_all_nodes_ptr, n)) {
			if (mask == UINT64_MAX)
				break;
			diag_set(&w->diag, &w->job->loc,
				 "job '%s': %s names NUMA node %u, but this machine has nodes 0-%d",
				 w->job->name, what, n, max);
			numa_bitmask_free(bm);
			return NULL;
		}
		numa_bitmask_setbit(bm, n);
	}
	return bm;
}

static int numa_apply(struct worker *w)
{
	const struct job *job = w->job;
	struct bitmask *bm;
	int ret = 0;

	if (!job->numa_cpu_nodes && job->numa_mem_mode == NUMA_MEM_UNSET)
		return 0;
	if (numa_available() < 0) {
		diag_set(&w->diag, &job->loc, "job '%s': NUMA is not available on this machine",
			 job->name);
		return -ENOSYS;
	}
	if (job->numa_cpu_nodes) {
		bm = node_mask(w, "numa_cpu_nodes", job->numa_cpu_nodes);
		if (!bm)
			return -EINVAL;
		if (numa_run_on_node_mask(bm) < 0) {
			ret = -errno;
			diag_set(&w->diag, &job->loc, "job '%s': unable to run on numa_cpu_nodes: %s",
				 job->name, strerror(errno));
		}
		numa_bitmask_free(bm);
		if (ret)
			return ret;
	}
	switch (job->numa_mem_mode) {
	case NUMA_MEM_UNSET:
	case NUMA_MEM_DEFAULT:
		break;
	case NUMA_MEM_LOCAL:
		numa_set_localalloc();
		break;
	case NUMA_MEM_PREFER:
		bm = node_mask(w, "numa_mem_policy", job->numa_mem_nodes);
		if (!bm)
			return -EINVAL;
		numa_set_preferred((int)__builtin_ctzll(job->numa_mem_nodes));
		numa_bitmask_free(bm);
		break;
	case NUMA_MEM_BIND:
	case NUMA_MEM_INTERLEAVE:
		bm = node_mask(w, "numa_mem_policy", job->numa_mem_nodes);
		if (!bm)
			return -EINVAL;
		if (job->numa_mem_mode == NUMA_MEM_BIND)
			numa_set_membind(bm);
		else
			numa_set_interleave_mask(bm);
		numa_bitmask_free(bm);
		break;
	}
	return 0;
}

int worker_numa_apply(struct worker *w)
{
	int ret;

	if (!w->job->numa_cpu_nodes && w->job->numa_mem_mode == NUMA_MEM_UNSET)
		return 0;
	pthread_mutex_lock(&numa_lock);
	ret = numa_apply(w);
	pthread_mutex_unlock(&numa_lock);
	return ret;
}
#else
int worker_numa_apply(struct worker *w)
{
	(void)w;
	return 0;
}
#endif
