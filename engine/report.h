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
 * With group_reporting, a group is reported as one job.
 */
#ifndef IOSTRESS_REPORT_H
#define IOSTRESS_REPORT_H

#include <stdio.h>

#include "diag.h"
#include "result.h"

enum report_format {
	REPORT_NORMAL = 1u << 0,
	REPORT_JSON = 1u << 1,
	REPORT_JSON_PLUS = 1u << 2,	/* JSON with histogram bins */
};

/* fio's default clat percentile list. */
extern const double report_default_percentiles[];
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

#endif
