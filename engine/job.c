/* SPDX-License-Identifier: MIT */
/*
 * job.c - lifecycle of one struct job: fio's defaults, deep copy, release.
 */
#include "job.h"

#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

void job_init(struct job *job)
{
	memset(job, 0, sizeof(*job));
	/* strdup failure leaves ioengine NULL; options_validate() reports it */
	job->ioengine = strdup("psync");
	job->iodepth = 1;
	job->invalidate = true;
	job->rw = RW_READ;
	job->rwmixread = 50;
	job->bs[DDIR_READ] = 4096;
	job->bs[DDIR_WRITE] = 4096;
	job->kb_base = 1024;
	job->numjobs = 1;
	job->uring.registerfiles = true;
	job->uring.fixedbufs = true;
	job->uring.sqthread_poll_cpu = UINT_MAX;
	job->uring.nonvectored = true;
}

/* dup_str - strdup that maps NULL to NULL; false only on ENOMEM. */
static bool dup_str(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

int job_copy(struct job *dst, const struct job *src)
{
	*dst = *src;
	dst->name = dst->description = dst->ioengine = NULL;
	dst->filename = dst->directory = dst->loc_file = NULL;
	if (!dup_str(&dst->name, src->name) ||
	    !dup_str(&dst->loc_file, src->loc_file) ||
	    !dup_str(&dst->description, src->description) ||
	    !dup_str(&dst->ioengine, src->ioengine) ||
	    !dup_str(&dst->filename, src->filename) ||
	    !dup_str(&dst->directory, src->directory))
		goto err_release_strings;
	if (dst->loc_file)
		dst->loc.file = dst->loc_file;
	return 0;

err_release_strings:
	job_release(dst);
	return -ENOMEM;
}

void job_release(struct job *job)
{
	free(job->name);
	free(job->description);
	free(job->ioengine);
	free(job->filename);
	free(job->directory);
	free(job->loc_file);
	job->name = job->description = job->ioengine = NULL;
	job->filename = job->directory = job->loc_file = NULL;
}

const char *job_rw_name(unsigned rw)
{
	switch (rw) {
	case RW_READ:				return "read";
	case RW_WRITE:				return "write";
	case RW_READ | RW_RANDOM:		return "randread";
	case RW_WRITE | RW_RANDOM:		return "randwrite";
	case RW_READ | RW_WRITE:		return "rw";
	case RW_READ | RW_WRITE | RW_RANDOM:	return "randrw";
	default:				return "invalid";
	}
}

void job_list_release(struct job_list *list)
{
	for (unsigned i = 0; i < list->nr; i++)
		job_release(&list->jobs[i]);
	free(list->jobs);
	memset(list, 0, sizeof(*list));
}
