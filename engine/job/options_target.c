/* SPDX-License-Identifier: MIT */
/*
 * options_target.c - the target= option (an iostress extension): where
 * the job runs.  The spec is checked here, so a bad one stops the parse
 * with file:line; the run parses it again from job->target.
 */
#include <errno.h>

#include "job/options_impl.h"
#include "job/placement.h"

int opt_parse_target(const struct opt_ctx *c)
{
	struct placement p;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	ret = placement_parse(c->val, &p, c->loc, c->d);
	if (ret)
		return ret;
	placement_release(&p);
	return opt_set_string(c, &c->job->target, c->val);
}

void opt_dump_target(const struct opt_def *o, const struct job *job,
		     FILE *out)
{
	fprintf(out, "%s=%s\n", o->name, job->target ? job->target : "native");
}
