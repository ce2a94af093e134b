/* SPDX-License-Identifier: MIT */
/*
 * resolved.h - an expanded job list as text, and back: what the host sends
 * a worker (`iostress --worker`, in a child process, a container or a
 * guest) so that it runs exactly the jobs the host resolved.
 *
 * The text is a job file in the fio dialect with one section per expanded
 * job (clones included), named after the job's section, holding the
 * pseudo-options "groupid=", "phase=" and "clone=" and then every option
 * as options_dump() prints it.  Reading it back applies each section to
 * fio's defaults (no [global], no expansion: numjobs, stonewall and
 * new_group are kept as values but the groups come from the pseudo-
 * options), so resolved_write() of the list read back gives the same text.
 */
#ifndef IOSTRESS_RESOLVED_H
#define IOSTRESS_RESOLVED_H

#include <stdio.h>

#include "lib/diag.h"
#include "job/job.h"
#include "job/jobfile.h"

/*
 * resolved_write - jobs [first, first + nr) of list as resolved text,
 * their groupid and phase counted from those of the first (so one phase
 * of a run reads back as a run of its own).  Returns 0 or -EIO.
 */
int resolved_write(const struct job_list *list, unsigned first, unsigned nr,
		   FILE *out);

/*
 * resolved_build - the job list of a resolved text tokenized into jf.
 * Returns 0, or -errno with a file:line message in d (an option's error,
 * a missing or bad pseudo-option, groups or phases out of order); on
 * failure out holds nothing to release.
 */
int resolved_build(const struct jobfile *jf, struct job_list *out,
		   struct diag *d);

#endif
