/* SPDX-License-Identifier: MIT */
/*
 * options_ss.c - parse and dump hooks for steadystate (ss): METRIC:LIMIT,
 * as fio's str_steadystate_cb() reads it.  METRIC is iops, iops_slope, bw
 * or bw_slope; LIMIT a percentage of the mean (N%), else for the IOPS
 * metrics a number of I/Os per second and for the bandwidth metrics a
 * size per second (bytes, with the job's kb_base: 10m).  ss_dur and
 * ss_ramp are plain time rows.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "job/options_impl.h"

static const struct opt_enum ss_metrics[] = {
	{ "iops", SS_IOPS },
	{ "iops_slope", SS_IOPS | SS_SLOPE },
	{ "bw", SS_BW },
	{ "bw_slope", SS_BW | SS_SLOPE },
	{ NULL, 0 },
};

/* ss_limit_float - a float with nothing after it (fio's str_to_float). */
static int ss_limit_float(const struct opt_ctx *c, const char *s, double *v)
{
	char *end;

	errno = 0;
	*v = strtod(s, &end);
	while (end != s && (*end == ' ' || *end == '\t'))
		end++;
	if (errno || end == s || *end || !isfinite(*v))
		return opt_bad_value(c, "expected METRIC:LIMIT with LIMIT a number or a percentage such as 1%%");
	return 0;
}

/* ss_limit - the LIMIT part, for metric flags; sets *pct. */
static int ss_limit(const struct opt_ctx *c, const char *lim, unsigned flags,
		    double *v, bool *pct)
{
	const char *p = strchr(lim, '%');
	uint64_t bytes;
	int ret;

	*pct = p != NULL;
	if (p) {
		char *num = strndup(lim, (size_t)(p - lim));

		if (!num)
			return opt_out_of_memory(c);
		ret = ss_limit_float(c, num, v);
		free(num);
		return ret;
	}
	if (flags & SS_IOPS)
		return ss_limit_float(c, lim, v);
	ret = opt_size_value(c, lim, &bytes);
	if (!ret)
		*v = (double)bytes;
	return ret;
}

int opt_parse_steadystate(const struct opt_ctx *c)
{
	const char *colon;
	unsigned flags = 0;
	bool known = false, pct = false;
	double limit = 0.0;
	size_t len;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	colon = strchr(c->val, ':');
	len = colon ? (size_t)(colon - c->val) : strlen(c->val);
	for (const struct opt_enum *e = ss_metrics; e->name; e++) {
		if (strlen(e->name) == len && !strncmp(e->name, c->val, len)) {
			flags = e->val;
			known = true;
		}
	}
	if (!known)
		return opt_bad_value(c, "expected iops, iops_slope, bw or bw_slope, then :LIMIT");
	if (!colon || !colon[1])
		return opt_bad_value(c, "the limit is missing: expected METRIC:LIMIT such as iops:10%%");
	ret = ss_limit(c, colon + 1, flags, &limit, &pct);
	if (ret)
		return ret;
	c->job->ss_flags = flags | (pct ? SS_PCT : 0);
	c->job->ss_limit = limit;
	return 0;
}

void opt_dump_steadystate(const struct opt_def *o, const struct job *job,
			  FILE *out)
{
	const char *metric = ss_metric_name(job->ss_flags);

	if (job->ss_flags & SS_PCT)
		fprintf(out, "%s=%s:%.17g%%\n", o->name, metric, job->ss_limit);
	else if (job->ss_flags & SS_IOPS)
		fprintf(out, "%s=%s:%.17g\n", o->name, metric, job->ss_limit);
	else
		fprintf(out, "%s=%s:%.0f\n", o->name, metric, job->ss_limit);
}
