/* SPDX-License-Identifier: MIT */
/*
 * result.c - allocation and group merging of a run's results.
 */
#include "run/result.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"

static void stats_array_free(struct job_stats *arr, unsigned n)
{
	if (!arr)
		return;
	for (unsigned i = 0; i < n; i++)
		job_stats_release(&arr[i]);
	free(arr);
}

/* stats_array_new - n inited job_stats, or NULL.  n == 0 gives NULL with
 * *ret = 0. */
static struct job_stats *stats_array_new(unsigned n, int *ret)
{
	struct job_stats *arr;

	*ret = 0;
	if (!n)
		return NULL;
	arr = calloc(n, sizeof(*arr));
	if (!arr) {
		*ret = -ENOMEM;
		return NULL;
	}
	for (unsigned i = 0; i < n; i++) {
		if (job_stats_init(&arr[i]))
			goto err_free_array;
	}
	return arr;

err_free_array:
	stats_array_free(arr, n);	/* calloc'd: uninited entries are safe */
	*ret = -ENOMEM;
	return NULL;
}

int run_result_init(struct run_result *res, const struct job_list *jobs)
{
	struct timespec now;
	int ret;

	memset(res, 0, sizeof(*res));
	res->jobs = jobs;
	res->job_stats = stats_array_new(jobs->nr, &ret);
	if (ret)
		return ret;
	res->group_stats = stats_array_new(jobs->nr_groups, &ret);
	if (ret)
		goto err_free_job_stats;
	clock_gettime(CLOCK_REALTIME, &now);
	res->start_time = now.tv_sec;
	res->start_ms = timespec_ns(&now) / NS_PER_MSEC;
	return 0;

err_free_job_stats:
	stats_array_free(res->job_stats, jobs->nr);
	res->job_stats = NULL;
	return ret;
}

/* group_clear - forget everything in a group's stats, keeping the
 * histogram allocations, so that merging rebuilds it from scratch. */
static void group_clear(struct job_stats *g)
{
	job_stats_reset(g);
	g->runtime_ns = 0;
	memset(&g->cpu, 0, sizeof(g->cpu));
	g->error = 0;
	g->nr_merged = 0;
	ss_result_put(g->ss);
	g->ss = NULL;
}

void run_result_merge_groups(struct run_result *res)
{
	const struct job_list *jobs = res->jobs;

	for (unsigned g = 0; g < jobs->nr_groups; g++)
		group_clear(&res->group_stats[g]);
	for (unsigned i = 0; i < jobs->nr; i++) {
		unsigned g = jobs->jobs[i].groupid;

		if (g < jobs->nr_groups)
			job_stats_merge(&res->group_stats[g], &res->job_stats[i]);
	}
}

void run_result_release(struct run_result *res)
{
	if (res->jobs) {
		stats_array_free(res->job_stats, res->jobs->nr);
		stats_array_free(res->group_stats, res->jobs->nr_groups);
	}
	res->job_stats = NULL;
	res->group_stats = NULL;
	free(res->disks);
	res->disks = NULL;
	free(res->guest_disks);
	res->guest_disks = NULL;
	free(res->raid1);
	res->raid1 = NULL;
	run_ranks_free(res->ranks);
	res->ranks = NULL;
}

struct run_ranks *run_ranks_new(unsigned nr, unsigned nr_jobs)
{
	struct run_ranks *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->nr = nr;
	r->nr_jobs = nr_jobs;
	r->host = calloc(nr ? nr : 1, sizeof(*r->host));
	r->jobs = calloc((size_t)nr * nr_jobs + 1, sizeof(*r->jobs));
	if (!r->host || !r->jobs) {
		run_ranks_free(r);
		return NULL;
	}
	return r;
}

void run_ranks_free(struct run_ranks *r)
{
	if (!r)
		return;
	free(r->host);
	free(r->jobs);
	free(r);
}
