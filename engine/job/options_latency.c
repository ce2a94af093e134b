/* SPDX-License-Identifier: MIT */
/*
 * options_latency.c - parse and dump hooks for latency_percentile, the
 * share of I/Os latency_target must hold for (fio's float, 0 to 100).
 * latency_target, latency_window and latency_run are plain rows.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "job/options_impl.h"

int opt_parse_latency_percentile(const struct opt_ctx *c)
{
	char *end;
	double v;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	errno = 0;
	v = strtod(c->val, &end);
	if (errno || end == c->val || *end || !isfinite(v) || v < 0.0 || v > 100.0)
		return opt_bad_value(c, "expected a percentage from 0 to 100");
	c->job->latency_percentile = v;
	return 0;
}

void opt_dump_latency_percentile(const struct opt_def *o, const struct job *job,
				 FILE *out)
{
	fprintf(out, "%s=%g\n", o->name, job->latency_percentile);
}
