/* SPDX-License-Identifier: MIT */
/*
 * options_prio.c - prio, prioclass and the per-command priorities of the
 * libaio and io_uring engines: cmdprio_percentage, cmdprio_class, cmdprio,
 * cmdprio_bssplit.
 *
 * fio 3.33 semantics (options.c, engines/cmdprio.c, os/os-linux.h):
 *   - prio (0-7) and prioclass (0-3) set the job thread's priority with
 *     ioprio_set() when either is given; class 0 is taken as BE;
 *   - cmdprio_* are "r[,w]" (one value serves both directions);
 *     cmdprio_class is 1 (RT) to 3, default RT; cmdprio is the level 0-7.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "job/number.h"
#include "job/options_impl.h"
#include "lib/ioprio.h"

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

/* ---------------------------------------------------------------------
 * cmdprio_bssplit: "bs/perc[/class/level]:..." per direction, fio's
 * options.c parse_cmdprio_bssplit_entry() and split_parse_prio_ddir()
 */

/* prio_entry - one "bs[/perc[/class/level]]"; perc caps at 100, class at
 * 3 and level at 7, as fio. */
static int prio_entry(const struct opt_ctx *c, char *text, struct cmdprio_entry *e)
{
	char *field[4] = { text };
	uint64_t v[4] = { 0 };
	unsigned n = 1;
	int ret;

	for (char *p = text; *p && n < 4; p++)
		if (*p == '/') {
			*p = '\0';
			field[n++] = p + 1;
		}
	if (n == 3 || strchr(field[n - 1], '/'))
		return opt_bad_value(c, "expected bs/perc or bs/perc/class/level entries");
	ret = opt_size_value(c, field[0], &e->bs);
	if (ret)
		return ret;
	for (unsigned i = 1; i < n; i++)
		if ((field[i][0] || i > 1) && parse_uint(field[i], &v[i]))
			return opt_bad_value(c, "'%s' is not a whole number", field[i]);
	e->perc = v[1] > 100 ? 100 : (uint32_t)v[1];
	e->prio = -1;
	if (n == 4)
		e->prio = ioprio_value(v[2] > 3 ? 3 : (unsigned)v[2],
				       v[3] > 7 ? 7 : (unsigned)v[3]);
	return 0;
}

/* prio_split - one direction's entries, those of 0% dropped, ordered by
 * bs with equal sizes in the order given; the percentages of one size
 * may not add up to more than 100. */
static int prio_split(const struct opt_ctx *c, char *text, struct cmdprio_split *s)
{
	char *save = NULL, *tok;
	struct cmdprio_entry e;
	int ret;

	s->nr = 0;
	for (tok = strtok_r(text, ":", &save); tok; tok = strtok_r(NULL, ":", &save)) {
		unsigned i, sum = 0;

		ret = prio_entry(c, tok, &e);
		if (ret)
			return ret;
		if (!e.perc)
			continue;
		if (s->nr == CMDPRIO_SPLIT_MAX)
			return opt_bad_value(c, "at most %d entries per direction",
					     CMDPRIO_SPLIT_MAX);
		for (i = s->nr; i && s->e[i - 1].bs > e.bs; i--)
			s->e[i] = s->e[i - 1];
		s->e[i] = e;
		s->nr++;
		for (i = 0; i < s->nr; i++)
			if (s->e[i].bs == e.bs)
				sum += s->e[i].perc;
		if (sum > 100)
			return opt_bad_value(c, "percentages for bs %" PRIu64 " add up to %u, more than 100",
					     e.bs, sum);
	}
	return 0;
}

int opt_parse_cmdprio_bssplit(const struct opt_ctx *c)
{
	struct cmdprio_split s[DDIR_NR];
	char *f[DDIR_NR];
	int ret = opt_dir_fields(c, f);

	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			ret = prio_split(c, f[d], &s[d]);
	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			c->job->cmdprio_split[d] = s[d];
	opt_dir_fields_free(f);
	return ret;
}

static void dump_prio_split(FILE *out, const struct cmdprio_split *s)
{
	for (unsigned i = 0; i < s->nr; i++) {
		const struct cmdprio_entry *e = &s->e[i];

		fprintf(out, "%s%" PRIu64 "/%u", i ? ":" : "", e->bs, e->perc);
		if (e->prio >= 0)
			fprintf(out, "/%d/%d", e->prio >> 13, e->prio & 0x1fff);
	}
}

void opt_dump_cmdprio_bssplit(const struct opt_def *o, const struct job *job,
			      FILE *out)
{
	if (!job->cmdprio_split[DDIR_READ].nr && !job->cmdprio_split[DDIR_WRITE].nr)
		return;
	fprintf(out, "%s=", o->name);
	dump_prio_split(out, &job->cmdprio_split[DDIR_READ]);
	fputc(',', out);
	dump_prio_split(out, &job->cmdprio_split[DDIR_WRITE]);
	fputc('\n', out);
}
