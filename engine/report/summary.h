/* SPDX-License-Identifier: MIT */
/*
 * summary.h - the side-by-side summary after a run at several placements,
 * or several runs (--repeat): per job (or group, with group_reporting) and
 * direction, one row per placement with IOPS, bandwidth, clat p50 and p99
 * and cycles per I/O, the medians of its runs.  With several runs a row
 * follows with how far the runs strayed from the median (the largest
 * distance, in percent); each placement after the first has a row of
 * ratios of its medians to the first's, marked when both have runs enough
 * for the noise test (noise.h): '*' beyond the run-to-run noise, '~'
 * within it.  A legend says which, or that the runs cannot tell.
 *
 *   side by side (ratio to native)
 *   job       dir   placement             IOPS       BW  clat p50  clat p99  cycles/IO  host/IO
 *   randread  read  native               28.1k 110MiB/s    32.1us    80.3us      9.21k        -
 *                     5 runs, within +/-  2.1%     2.1%      1.0%      4.2%       3.0%     0.0%
 *                   docker-layer         20.2k 78.9MiB/s   45.0us     120us      12.1k    13.0k
 *                     5 runs, within +/-  3.0%     3.0%      2.2%      6.1%       2.5%     2.0%
 *                     vs native         0.72x*   0.72x*    1.40x*    1.49x*     1.31x*       -
 *   * beyond the run-to-run noise, ~ within it (Mann-Whitney U ...)
 *
 * Entries that opened files for writing get an "opens" row per placement:
 * how many, the time and bytes each took to open (copy-up shows here) and
 * the first write's latency.
 *
 * cycles/IO is the process figure (cycles.h): it counts io_uring's
 * kernel workers, which the thread figure misses.  host/IO is what the
 * host saw a remote placement spend per I/O (the worker process, a
 * container's cgroup, the QEMU process; "-" for native).
 */
#ifndef IOSTRESS_SUMMARY_H
#define IOSTRESS_SUMMARY_H

#include <stdio.h>

#include "run/result.h"

/* One placement: its label and the runs of the job list there. */
struct summary_col {
	const char *name;
	const struct run_result *const *runs;
	unsigned nr;
};

/* report_summary - the summary of n placements, the first the base, each
 * with at least one run of the same job list.  Returns 0, -EIO or
 * -ENOMEM. */
int report_summary(FILE *out, const struct summary_col *cols, unsigned n);

#endif
