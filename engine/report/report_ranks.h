/* SPDX-License-Identifier: MIT */
/*
 * report_ranks.h - the ranks of an MPI run in the reports (run_result.ranks,
 * cli/mpi.h): for each entry (a job, or a group under group_reporting)
 * what each rank and each host did, and the slowest rank, since
 * stragglers are what one looks for.  The entry's own figures are every
 * rank's merged.
 */
#ifndef IOSTRESS_REPORT_RANKS_H
#define IOSTRESS_REPORT_RANKS_H

#include <stdio.h>

#include "report/report.h"
#include "run/result.h"

struct json_writer;

/* report_ranks_json - under jobs[].iostress (res->ranks set): "ranks":
 * [{"rank", "host", "total_ios", "io_kbytes", "iops", "bw_bytes",
 * "runtime_ms", "error"}], "hosts": [{"host", "ranks", "total_ios",
 * "io_kbytes", "iops", "bw_bytes", "runtime_ms"}] (a host's runtime is
 * its slowest rank's, its rates the sum of its ranks'), "slowest_rank":
 * {"rank", "host", "runtime_ms"}.  Nothing without res->ranks. */
void report_ranks_json(struct json_writer *w, const struct run_result *res,
		       const struct report_entry *e);

/* report_ranks_text - the same, as a few lines of the text report. */
void report_ranks_text(FILE *out, const struct run_result *res,
		       const struct report_entry *e);

#endif
