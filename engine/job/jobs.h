/* SPDX-License-Identifier: MIT */
/*
 * jobs.h - from tokenized job files to the expanded list the runner runs.
 *
 * For each section in order: "[global]" applies its options to the running
 * global template; any other section starts from a copy of the template as
 * it stands at that point, applies its own options, and is validated.
 * Then numjobs clones are made, and groupid/phase are assigned:
 *   - the first job is group 0, phase 0;
 *   - a job with stonewall starts a new phase and a new group;
 *   - a job with new_group starts a new group in the same phase;
 *   - clones share their parent's group and phase.
 */
#ifndef IOSTRESS_JOBS_H
#define IOSTRESS_JOBS_H

#include <stdio.h>

#include "lib/diag.h"
#include "job/job.h"
#include "job/jobfile.h"

/*
 * jobs_build - apply and expand the sections of nr_files job files into
 * out.  Each file after the first begins with an implicit stonewall.
 * Returns 0, or -errno with a file:line message in d; on failure out holds
 * nothing to release.  A file with no job sections is an error.
 */
int jobs_build(const struct jobfile *files, unsigned nr_files,
	       struct job_list *out, struct diag *d);

/*
 * jobs_dump - print every expanded job for --dump-jobs: a "[name]" line,
 * then "groupid=", "phase=" and "clone=", then options_dump()'s resolved
 * "key=value" lines, and a blank line between jobs.
 */
void jobs_dump(const struct job_list *list, FILE *out);

#endif
