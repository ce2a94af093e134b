/* SPDX-License-Identifier: MIT */
/*
 * report_raid1.h - a guest's RAID1 timeline (measure/md_timeline.h) in
 * the reports: the failure's events, then per window (healthy, degraded,
 * rebuilding, rebuilt) the jobs' IOPS, bandwidth and mean clat and a
 * table of the array and each member: I/Os, KiB, ticks and utilisation.
 */
#ifndef IOSTRESS_REPORT_RAID1_H
#define IOSTRESS_REPORT_RAID1_H

#include <stdio.h>

#include "measure/md_timeline.h"

struct json_writer;

/* report_raid1_text - the timeline, as a block of the text report. */
void report_raid1_text(FILE *out, const struct md_timeline *t);

/* report_raid1_json - the timeline as the member key of the document:
 * {"array", "members", "resync_ms", "failed_member", "fail_at_ms",
 * "failed_after_ms", "failure", "state_after_failure",
 * "degraded_after_failure", "rebuild_ms", "state_at_end",
 * "events_dropped" (events that found no room in the timeline),
 * "events": [...],
 * "windows": [{"state", "phase", "start_ms", "end_ms", "read": {"iops",
 * "bw_bytes", "clat_mean_ns"}, "write": {...}, "devices": [{"name",
 * "read_ios", "write_ios", "read_sectors", "write_sectors", "read_ticks",
 * "write_ticks", "util"}]}]}.  Times are ms from the first phase's first
 * I/O; "read"/"write" only where the window's jobs are known. */
void report_raid1_json(struct json_writer *w, const char *key,
		       const struct md_timeline *t);

#endif
