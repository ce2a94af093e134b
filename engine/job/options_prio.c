/* SPDX-License-Identifier: MIT */
/*
 * options_prio.c - prio, prioclass and the per-command priorities of the
 * libaio and io_uring engines: cmdprio_percentage, cmdprio_class, cmdprio.
 *
 * fio 3.33 semantics (options.c, engines/cmdprio.c, os/os-linux.h):
 *   - prio (0-7) and prioclass (0-3) set the job thread's priority with
 *     ioprio_set() when either is given; class 0 is taken as BE;
 *   - cmdprio_* are "r[,w]" (one value serves both directions);
 *     cmdprio_class is 1 (RT) to 3, default RT; cmdprio is the level 0-7.
 */
#include <errno.h>
#include <inttypes.h>

#include "job/number.h"
#include "job/options_impl.h"

/* opt_parse_prio - prio= or prioclass=: the number, and a note that the
 * thread's priority is to be set (fio's fio_option_is_set()). */
int opt_parse_prio(const struct opt_ctx *c)
{
	int ret = opt_apply_uint(c);

	if (!ret)
		c->job->prio_set = true;
	return ret;
}

/* prio_value - a whole number in the row's [min, max]. */
static int prio_value(const struct opt_ctx *c, const char *s, uint64_t *v)
{
	if (parse_uint(s, v) || *v < c->def->min || *v > c->def->max)
		return opt_bad_value(c, c->def->max == 100 ?
				     "expected a percentage 0 to 100" :
				     c->def->min ? "expected a class 1 to 3" :
				     "expected a level 0 to 7");
	return 0;
}

/* store_cmdprio - into the row's unsigned[DDIR_NR] field. */
static void store_cmdprio(const struct opt_ctx *c, int d, uint64_t v)
{
	unsigned *dst = opt_field(c->job, c->def);

	dst[d] = (unsigned)v;
}

int opt_parse_cmdprio(const struct opt_ctx *c)
{
	return opt_dir_values(c, prio_value, store_cmdprio);
}

void opt_dump_cmdprio(const struct opt_def *o, const struct job *job, FILE *out)
{
	const unsigned *v = opt_cfield(job, o);

	fprintf(out, "%s=%u,%u\n", o->name, v[DDIR_READ], v[DDIR_WRITE]);
}
