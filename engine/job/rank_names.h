/* SPDX-License-Identifier: MIT */
/*
 * rank_names.h - file names that tell the ranks of an MPI run apart.
 *
 * filename_format keeps fio's $jobname, $jobnum and $filenum for the
 * worker to expand per file; the keywords that depend on the process are
 * resolved once, after the jobs are built, so that --dump-jobs shows each
 * rank's names:
 *   $rank      the rank in MPI_COMM_WORLD (0 outside MPI)
 *   $hostname  the host the process runs on
 *   $clientuid fio's client number: the rank under MPI (outside it, fio's
 *              empty string, left for the worker)
 * Under MPI with more than one rank a job that names neither filename=
 * nor filename_format= gets "$jobname.$jobnum.$filenum.$rank", so that
 * ranks sharing a directory never share a file unless they are told to
 * (an explicit filename=, or a filename_format without $rank).
 */
#ifndef IOSTRESS_RANK_NAMES_H
#define IOSTRESS_RANK_NAMES_H

#include "job/job.h"

/* The default filename_format of a job of a many-rank MPI run. */
#define RANK_NAMES_DEFAULT "$jobname.$jobnum.$filenum.$rank"

/*
 * rank_names_resolve - resolve the keywords above in every job's
 * filename_format for rank of nranks (nranks 0: not an MPI run) on host.
 * Returns 0 or -ENOMEM (jobs then hold some resolved, some not).
 */
int rank_names_resolve(struct job_list *jobs, unsigned rank, unsigned nranks,
		       const char *host);

#endif
