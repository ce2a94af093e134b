/* SPDX-License-Identifier: MIT */
/*
 * report.h - turning a run_result into text or JSON.
 *
 * Text follows fio's normal output closely enough that people who read fio
 * read it without a legend: per job the read/write IOPS, bandwidth,
 * slat/clat/lat min/max/avg/stdev, clat percentiles and CPU; then "Run
 * status group N" summaries.
 *
 * JSON uses fio's keys (doc/design.md, "Result document") so that fio tooling
 * reads it: jobs[].jobname, groupid, read/write {io_bytes, io_kbytes,
 * bw_bytes, bw, iops, runtime, total_ios, slat_ns, clat_ns, lat_ns}, usr_cpu,
 * sys_cpu ...  Anything fio does not have goes under jobs[].iostress.
 *
 * With group_reporting, a group is reported as one job, like fio: its
 * merged stats (res->group_stats), under the name of its first job.  A
 * group counts as group_reporting when its first job has the option (fio
 * applies it job by job, but it is in practice a [global] option).
 *
 * The reports need res->group_stats merged (run_result_merge_groups())
 * for the group summaries and for group_reporting.
 */
#ifndef IOSTRESS_REPORT_H
#define IOSTRESS_REPORT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/diag.h"
#include "run/result.h"

enum report_format {
	REPORT_NORMAL = 1u << 0,
	REPORT_JSON = 1u << 1,
	REPORT_JSON_PLUS = 1u << 2,	/* JSON with histogram bins */
	REPORT_TERSE = 1u << 3,		/* fio's terse v3: one line per job */
};

/* fio's default clat percentile list: 1, 5, 10, 20, ..., 99.99. */
#define REPORT_NR_DEFAULT_PERCENTILES 17
extern const double report_default_percentiles[REPORT_NR_DEFAULT_PERCENTILES];
extern const unsigned report_nr_default_percentiles;

/* report_parse_formats - "normal", "json", "json+", "terse" or a comma
 * list of them, into REPORT_* bits.  Returns 0 or -EINVAL with a message
 * in d. */
int report_parse_formats(const char *s, unsigned *out, struct diag *d);

/* report_text - fio-style human-readable report.  Returns 0 or -EIO. */
int report_text(FILE *out, const struct run_result *res);

/* report_json - fio-keyed JSON document; plus adds histogram bins.
 * Returns 0 or -EIO. */
int report_json(FILE *out, const struct run_result *res, bool plus);

/*
 * report_terse - fio's terse output, version 3: per job (or group under
 * group_reporting) one line of ';'-separated fields in fio's order -- the
 * version, "iostress-VERSION", jobname, groupid, error; then read and
 * write each as kb, bw (KiB/s), iops, runtime (ms), slat/clat min, max,
 * mean, stddev (usec), 20 "P%=usec" clat percentiles (lat's with
 * lat_percentiles, none with clat_percentiles=0; "0%=0" pads to 20),
 * lat min, max, mean, stddev, bw min, max, agg%, mean, stddev; CPU usr%,
 * sys%, ctx, majf, minf; 7 IO-depth shares; 10 usec and 12 msec latency
 * shares; then name and 8 figures per disk_util device (plus "slaves" and
 * 8 aggregate figures for md/dm).  The IO-depth shares are all zero, as
 * iostress does not track submit depth.  Returns 0 or -EIO.
 */
int report_terse(FILE *out, const struct run_result *res);

/* report_write - every format in formats: JSON first, then terse, then
 * text.  Returns 0 or the first -errno. */
int report_write(FILE *out, unsigned formats, const struct run_result *res);

/* ------------------------------------------------------------------------
 * Shared by the report writers (report_text.c, report_json.c).
 */

/* One reported entry: a job, or a whole group under group_reporting. */
struct report_entry {
	const char *name;		/* the (first) job's name */
	const struct job *job;		/* the (first) job */
	unsigned groupid;
	unsigned nr_jobs;		/* jobs folded into st */
	const struct job_stats *st;	/* borrowed from the run_result */
	uint64_t cpu_runtime_ns;	/* sum of the jobs' runtimes: fio's
					 * divisor for usr_cpu and sys_cpu */
};

/* report_next_entry - fill e with the entry at or after job *pos and
 * advance *pos past it.  Returns false when no entries are left.  Start
 * with *pos = 0. */
bool report_next_entry(const struct run_result *res, unsigned *pos,
		       struct report_entry *e);

/* report_cpu_pct - cpu time ns as a percentage of the entry's runtime
 * (fio's usr_cpu/sys_cpu); 0 when the runtime is 0. */
double report_cpu_pct(const struct report_entry *e, uint64_t ns);

/* report_error - fio's error of an entry, a positive errno: the error that
 * ended a job, else, under continue_on_error, the first error one went on
 * after (fio's ts->error); 0 when none. */
int report_error(const struct report_entry *e);

/* report_counts_errors - the entry's job set continue_on_error: fio then
 * reports total_err and first_error. */
bool report_counts_errors(const struct report_entry *e);

/* report_unified - the entry's unified_rw_reporting (UNIFIED_*). */
enum unified_rw report_unified(const struct report_entry *e);

/* report_mixed_entry - *out is e with its read and write summed into
 * direction 0 of *mixed (fio's "mixed"), which this inits; release it with
 * job_stats_release().  Returns 0 or -ENOMEM. */
int report_mixed_entry(const struct report_entry *e, struct job_stats *mixed,
		       struct report_entry *out);

/* report_ns_to_ms - ns rounded to the nearest ms, as fio reports runtimes. */
uint64_t report_ns_to_ms(uint64_t ns);

/* report_dir_runtime_ns - fio's per-direction runtime: the job's runtime
 * when the direction moved any bytes, else 0. */
uint64_t report_dir_runtime_ns(const struct job_stats *st, unsigned ddir);

/* The percentiles a job asks for (percentile_list, or fio's default). */
struct report_pcts {
	const double *list;		/* ascending */
	unsigned nr;			/* at most PERCENTILE_LIST_MAX */
	unsigned precision;		/* decimals fio prints them with: 2 for
					 * the default list, else the most any
					 * entry needs */
};

/* report_job_pcts - job's percentile list (NULL job: the default). */
void report_job_pcts(const struct job *job, struct report_pcts *p);

/* report_pcts_enabled - whether job reports percentiles of kind:
 * clat_percentiles (default on), lat_percentiles, slat_percentiles.  A
 * NULL job reports clat only. */
bool report_pcts_enabled(const struct job *job, enum lat_kind kind);

/* report_lat_percentiles - the percentiles p of a latency kind into
 * out[p->nr], clamped to the recorded min/max. */
void report_lat_percentiles(const struct dir_stats *d, enum lat_kind kind,
			    const struct report_pcts *p, uint64_t *out);

/* fio's latency distribution buckets: a bucket is named by its exclusive
 * upper bound, in ns, us or ms; msec adds 2000 and >=2000. */
#define REPORT_NR_LAT_MARKS 10
extern const unsigned report_lat_marks[REPORT_NR_LAT_MARKS];

struct report_lat_dist {
	uint64_t nsec[REPORT_NR_LAT_MARKS];
	uint64_t usec[REPORT_NR_LAT_MARKS];
	uint64_t msec[REPORT_NR_LAT_MARKS + 2];	/* ..., 2000, >=2000 */
	uint64_t total;
};

/* report_lat_dist - how many I/Os (both directions) fall in each of fio's
 * latency buckets, from the total-latency histograms. */
void report_lat_dist(const struct job_stats *st, struct report_lat_dist *ld);

#endif
