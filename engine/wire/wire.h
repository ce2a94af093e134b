/* SPDX-License-Identifier: MIT */
/*
 * wire.h - what a worker (`iostress --worker`) sends back to the host that
 * started it, and how the host reads it.
 *
 * The host writes the resolved jobs of one phase to the worker's stdin
 * (job/resolved.h) and closes it.  The worker answers on stdout with JSON
 * documents, one per line (compact: no newline inside a document):
 *
 *   {"event":"hello","version":"...","pid":N}
 *       once the jobs are parsed
 *   {"event":"start","phase":P}
 *       when phase P's workers have laid out their files and are released
 *       to their first I/O; the host times setup up to the first one
 *   {"event":"end","phase":P}
 *       when phase P's workers have all ended; the host reads what the
 *       place spent between a phase's start and end (its host cycles)
 *   {"event":"status","running":R,"total":T,"bw":[r,w],"iops":[r,w],
 *    "pct_done":P,"eta_ns":E}
 *       about once a second while the phase runs (E is absent when the
 *       time left is unknown); the host shows it on its status line
 *   {"event":"result","clock":"tsc","interrupted":B,"error":E,
 *    "message":"...","jobs":[{"name":"...","stats":{...}}, ...],
 *    "disks":{...},"raid1":{...},"place":{...}}
 *       last; one entry per job, in the order received; "disks" only
 *       from a worker that takes disk stats (a guest's: its disks are
 *       not the host's), see wire_disks_write(); "raid1" only from an
 *       appliance guest's RAID1, see wire_md_write()
 *
 * A job's "stats" holds every field of struct job_stats exactly: counts as
 * integers, doubles as C99 hex-float strings ("%a"), the 128-bit sum of
 * squares as two 64-bit halves, and each histogram as a flat array of
 * [bin, count, bin, count, ...] for its non-empty bins.  The host folds it
 * in with job_stats_merge(), the code that merges local threads, so a
 * remote run's percentiles equal a local run's over the same latencies.
 * A job with steady-state detection adds "ss" (struct ss_result: flags,
 * limit, dur, attained, slope, deviation, criterion and the iops and bw
 * windows); without it the member is absent.
 * "place" is what the worker saw of its place (the filesystem of its
 * working directory, its kernel), as string pairs.
 */
#ifndef IOSTRESS_WIRE_H
#define IOSTRESS_WIRE_H

#include <stdio.h>

#include "lib/diag.h"
#include "measure/diskstats.h"
#include "measure/md_timeline.h"
#include "measure/stats.h"
#include "measure/status.h"

/* Declared here, defined by the writer (lib/json.h) and by json-c: the two
 * headers cannot meet in one file (both name json_bool). */
struct json_writer;
struct json_object;

/* wire_stats_write - st as the value of key (NULL inside an array). */
void wire_stats_write(struct json_writer *w, const char *key,
		      const struct job_stats *st);

/*
 * wire_stats_read - fill st (job_stats_init()ed, empty) from o, as
 * wire_stats_write() wrote it.  path names o in messages, e.g.
 * "jobs[2].stats".  Returns 0, or -EPROTO with a message in d naming the
 * JSON path of the first missing or mistyped member; -ENOMEM.
 */
int wire_stats_read(struct json_object *o, const char *path,
		    struct job_stats *st, struct diag *d);

/* wire_stats_encode - st as one compact JSON document in a malloc'd
 * string.  Returns 0 or -ENOMEM/-EIO. */
int wire_stats_encode(const struct job_stats *st, char **text);

/* wire_stats_decode - wire_stats_read() of the document text.  Returns 0
 * or -EPROTO (also for text that is not JSON) with a message in d. */
int wire_stats_decode(const char *text, struct job_stats *st,
		      struct diag *d);

/* wire_status_write - one "status" line for snap on f, flushed.
 * Returns 0 or -EIO. */
int wire_status_write(FILE *f, const struct status_snapshot *snap);

/* wire_status_read - snap from a "status" document.  Returns 0 or
 * -EPROTO with a message in d. */
int wire_status_read(struct json_object *o, struct status_snapshot *snap,
		     struct diag *d);

/* wire_disks_write - the disk set (the devices the worker saw behind its
 * jobs' files, with both readings) as the value of key: {"before_ns",
 * "after_ns", "have_before", "have_after", "set": [{"name", "major",
 * "minor", "kind", "lower": [i, ...], "before": [10 counters], "after":
 * [...]}]}, the counters in struct disk_counters' order. */
void wire_disks_write(struct json_writer *w, const char *key,
		      const struct disk_set *s);

/* wire_disks_read - s (diskset_init()ed) from o, as wire_disks_write()
 * wrote it.  Returns 0 or -EPROTO with the JSON path in d. */
int wire_disks_read(struct json_object *o, const char *path,
		    struct disk_set *s, struct diag *d);

/* wire_md_write - an md RAID1's failure timeline (md_timeline.h) as the
 * value of key: {"dev": [3 names], "failed", "fail_at_ms", "rebuild",
 * "resync_ms", "state_failed", "degraded", "state_end", "error",
 * "marks": [{"kind", "ns", "phase", "have_jobs", "jobs": [read ios,
 * bytes, clat_ns, write ios, bytes, clat_ns], "dev": [3 x [10
 * counters]]}]}. */
void wire_md_write(struct json_writer *w, const char *key,
		   const struct md_timeline *t);

/* wire_md_read - t from o, as wire_md_write() wrote it.  Returns 0 or
 * -EPROTO with the JSON path in d. */
int wire_md_read(struct json_object *o, const char *path,
		 struct md_timeline *t, struct diag *d);

/* wire_disks_encode, wire_disks_decode - the disk set as one document,
 * as wire_stats_encode() and wire_stats_decode() do for stats. */
int wire_disks_encode(const struct disk_set *s, char **text);
int wire_disks_decode(const char *text, struct disk_set *s, struct diag *d);

/* wire_md_encode, wire_md_decode - the RAID1 timeline as one document,
 * likewise. */
int wire_md_encode(const struct md_timeline *t, char **text);
int wire_md_decode(const char *text, struct md_timeline *t, struct diag *d);

/* wire_event - the "event" member of o, or NULL when o is not an object
 * with a string "event". */
const char *wire_event(struct json_object *o);

#endif
