/* SPDX-License-Identifier: MIT */
/*
 * summary.h - the side-by-side summary after a run at several
 * placements: per job (or group, with group_reporting) and direction,
 * one row per placement with IOPS, bandwidth, clat p50 and p99 and
 * cycles per I/O, each followed by its ratio to the first placement.
 *
 *   side by side (ratio to native)
 *   job         dir   placement      IOPS        BW  clat p50  clat p99  cycles/IO
 *   randread    read  native       28.1k 110MiB/s    32.1us    80.3us      9.21k
 *                     process      27.9k 109MiB/s    32.5us    81.0us      9.40k
 *                                  0.99x    0.99x     1.01x     1.01x      1.02x
 *
 * cycles/IO is the process figure (cycles.h): it counts io_uring's
 * kernel workers, which the thread figure misses.
 */
#ifndef IOSTRESS_SUMMARY_H
#define IOSTRESS_SUMMARY_H

#include <stdio.h>

#include "run/result.h"

/* report_summary - the summary of n runs of the same job list; names[i]
 * labels runs[i].  Returns 0 or -EIO. */
int report_summary(FILE *out, const struct run_result *const *runs,
		   const char *const *names, unsigned n);

#endif
