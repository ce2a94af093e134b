/* SPDX-License-Identifier: MIT */
/*
 * report.h - turning a run_result into text or JSON.
 *
 * Text follows fio's normal output closely enough that people who read fio
 * read it without a legend: per job the read/write IOPS, bandwidth,
 * slat/clat/lat min/max/avg/stdev, clat percentiles and CPU; then "Run
 * status group N" summaries.
 *
 * JSON uses fio's keys (DESIGN.md, "Result document") so that fio tooling
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

#include "diag.h"
#include "result.h"

enum report_format {
	REPORT_NORMAL = 1u << 0,
	REPORT_JSON = 1u << 1,
	REPORT_JSON_PLUS = 1u << 2,	/* JSON with histogram bins */
};

/* fio's default clat percentile list: 1, 5, 10, 20, ..., 99.99. */
#define REPORT_NR_DEFAULT_PERCENTILES 17
extern const double report_default_percentiles[REPORT_NR_DEFAULT_PERCENTILES];
extern const unsigned report_nr_default_percentiles;

/* report_parse_formats - "normal", "json", "json+" or a comma list of
 * them, into REPORT_* bits.  Returns 0 or -EINVAL with a message in d. */
int report_parse_formats(const char *s, unsigned *out, struct diag *d);

/* report_text - fio-style human-readable report.  Returns 0 or -EIO. */
int report_text(FILE *out, const struct run_result *res);

/* report_json - fio-keyed JSON document; plus adds histogram bins.
 * Returns 0 or -EIO. */
int report_json(FILE *out, const struct run_result *res, bool plus);

/* report_write - every format in formats, JSON first then text.
 * Returns 0 or the first -errno. */
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

/* report_ns_to_ms - ns rounded to the nearest ms, as fio reports runtimes. */
uint64_t report_ns_to_ms(uint64_t ns);

/* report_dir_runtime_ns - fio's per-direction runtime: the job's runtime
 * when the direction moved any bytes, else 0. */
uint64_t report_dir_runtime_ns(const struct job_stats *st, unsigned ddir);

/* report_lat_percentiles - the default percentiles of a latency kind into
 * out[REPORT_NR_DEFAULT_PERCENTILES], clamped to the recorded min/max. */
void report_lat_percentiles(const struct dir_stats *d, enum lat_kind kind,
			    uint64_t *out);

#endif
