/* SPDX-License-Identifier: MIT */
/*
 * result.h - everything a run produced, as the reports consume it.
 */
#ifndef IOSTRESS_RESULT_H
#define IOSTRESS_RESULT_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "job/job.h"
#include "measure/diskstats.h"
#include "measure/md_timeline.h"
#include "measure/stats.h"

struct target_info;

/* What one rank of an MPI run did with one job (cli/mpi.h). */
struct rank_job {
	uint64_t ios;		/* reads and writes completed */
	uint64_t bytes;		/* their bytes */
	uint64_t runtime_ns;	/* the job's runtime on that rank */
	int error;		/* its first -errno there, 0 if none */
};

#define RANK_HOST_MAX 64

/* The ranks of an MPI run, as rank 0 gathered them. */
struct run_ranks {
	unsigned nr;			/* ranks */
	char (*host)[RANK_HOST_MAX];	/* nr host names, by rank */
	struct rank_job *jobs;		/* rank r's job i at [r * nr_jobs + i] */
	unsigned nr_jobs;
};

struct run_result {
	const struct job_list *jobs;	/* borrowed; must not change (nr,
					 * nr_groups) until released */
	struct job_stats *job_stats;	/* jobs->nr entries, same order */
	struct job_stats *group_stats;	/* jobs->nr_groups entries, merged */
	time_t start_time;		/* wall clock at the start of the run */
	uint64_t start_ms;		/* same, in ms since the epoch */
	bool interrupted;		/* stopped by a signal */
	const char *clock_source;	/* "tsc" or "monotonic" */
	const struct target_info *const *places;	/* borrowed; where each
					 * job ran (jobs->nr entries), for
					 * jobs[].iostress.target; NULL = not
					 * recorded */
	struct disk_set *guest_disks;	/* owned; the devices a guest's worker
					 * saw behind the jobs' files (its last
					 * visit's); NULL = none */
	struct md_timeline *raid1;	/* owned; a guest's RAID1 and its
					 * member failing (its last visit's);
					 * NULL = none */
	struct disk_set *disks;		/* owned; devices behind the jobs' files,
					 * read before and after the run
					 * (diskstats.h); NULL = none */
	struct run_ranks *ranks;	/* owned; per rank of an MPI run, on
					 * rank 0 (whose stats then hold every
					 * rank's); NULL = one process */
};

/* run_result_init - allocate and init stats for every job and group, and
 * stamp start_time/start_ms with the current wall clock (the runner may
 * overwrite them).  interrupted is false and clock_source NULL (reports
 * print "unknown") until the runner sets them.
 * Returns 0 or -ENOMEM (nothing left allocated). */
int run_result_init(struct run_result *res, const struct job_list *jobs);

/* run_result_merge_groups - recompute every group's stats from its jobs'
 * (job_stats_merge: counts add, runtime is the longest job's, CPU adds);
 * nr_merged ends up as the number of jobs in the group.  Safe to call
 * again after the job stats change. */
void run_result_merge_groups(struct run_result *res);

/* run_ranks_new - nr ranks of nr_jobs jobs each, zeroed; NULL on ENOMEM.
 * run_ranks_free - free one (NULL is fine). */
struct run_ranks *run_ranks_new(unsigned nr, unsigned nr_jobs);
void run_ranks_free(struct run_ranks *r);

/* run_ranks_job - rank's figures for job. */
static inline struct rank_job *run_ranks_job(const struct run_ranks *r,
					     unsigned rank, unsigned job)
{
	return &r->jobs[(size_t)rank * r->nr_jobs + job];
}

/* run_result_release - free all stats; res may be run_result_init()ed
 * again.  Safe on a zeroed or already released res. */
void run_result_release(struct run_result *res);

#endif
