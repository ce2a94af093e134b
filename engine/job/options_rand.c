/* SPDX-License-Identifier: MIT */
/*
 * options_rand.c - parse hooks for where and when I/O goes:
 * random_distribution, percentage_random, randseed, the rate family and
 * cpus_allowed, and startdelay, which takes a range as fio does.
 *
 * random_distribution follows fio 3.33's str_random_distribution_cb:
 * zipf defaults to θ 1.1 and refuses 1.0; pareto needs 0 < h < 1 (default
 * 0.2); normal needs 0 <= σ < 100; each takes an optional ":center" in
 * [0, 1].  zoned / zoned_abs take "access/size" entries separated by ':',
 * one set per direction separated by ',', and each direction's access
 * percentages must add up to exactly 100 (sizes of zoned to at most 100).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "job/number.h"
#include "job/options_impl.h"

/* ---------------------------------------------------------------------
 * random_distribution
 */

/* param_center - "x" or "x:center" after the kind's ':'. */
static int param_center(const struct opt_ctx *c, const char *s, double *x,
			double *center)
{
	const char *colon = strchr(s, ':');
	char *a = strndup(s, colon ? (size_t)(colon - s) : strlen(s));
	int ret;

	if (!a)
		return opt_out_of_memory(c);
	ret = parse_double(a, x);
	free(a);
	if (ret)
		return opt_bad_value(c, "expected a number after ':'");
	if (colon && (parse_double(colon + 1, center) || *center > 1.0))
		return opt_bad_value(c, "the center must be a number from 0 to 1");
	return 0;
}

/* zone_list - one direction's "a/s:a/s" into z. */
static int zone_list(const struct opt_ctx *c, char *text, bool absolute,
		     struct dist_zones *z)
{
	unsigned access = 0, missing = 0;
	uint64_t size = 0, v;
	char *save = NULL, *tok, *slash;

	z->nr = 0;
	for (tok = strtok_r(text, ":", &save); tok;
	     tok = strtok_r(NULL, ":", &save)) {
		if (z->nr == DIST_ZONES_MAX)
			return opt_bad_value(c, "at most %d zones per direction",
					     DIST_ZONES_MAX);
		slash = strchr(tok, '/');
		if (!slash)
			return opt_bad_value(c, "zone '%s' is not 'access/size'", tok);
		*slash = '\0';
		if (parse_uint(tok, &v) || v > 100)
			return opt_bad_value(c, "access percentage '%s' is not 0 to 100",
					     tok);
		z->zone[z->nr].access = (unsigned)v;
		access += (unsigned)v;
		if (!absolute && (!slash[1] || !strcmp(slash + 1, "0"))) {
			/* fio: a blank size shares what the others leave */
			z->zone[z->nr++].size = UINT64_MAX;
			missing++;
			continue;
		}
		if (absolute ? parse_size(slash + 1, c->job->kb_base, &v) :
		    (parse_uint(slash + 1, &v) || v > 100))
			return opt_bad_value(c, "zone size '%s' is not %s", slash + 1,
					     absolute ? "a size" : "a percentage");
		z->zone[z->nr].size = v;
		size += v;
		z->nr++;
	}
	if (!z->nr)
		return opt_bad_value(c, "expected zones such as 60/10:30/20:10/70");
	if (access != 100)
		return opt_bad_value(c, "access percentages add up to %u, not 100",
				     access);
	if (!absolute && size > 100)
		return opt_bad_value(c, "zone sizes add up to %" PRIu64 "%%, more than 100",
				     size);
	for (unsigned i = 0; missing && i < z->nr; i++)
		if (z->zone[i].size == UINT64_MAX)
			z->zone[i].size = (100 - size) / missing;
	return 0;
}

static int parse_zoned(const struct opt_ctx *c, const char *list,
		       bool absolute, struct dist_spec *spec)
{
	struct opt_ctx sub = *c;
	char *f[DDIR_NR];
	int ret;

	sub.val = list;
	ret = opt_dir_fields(&sub, f);
	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			ret = zone_list(c, f[d], absolute, &spec->zones[d]);
	opt_dir_fields_free(f);
	return ret;
}

int opt_parse_distribution(const struct opt_ctx *c)
{
	struct dist_spec spec = c->job->dist;
	const char *colon;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	colon = strchr(c->val, ':');
	spec.center = -1;
	spec.param = 0;
	memset(spec.zones, 0, sizeof(spec.zones));
	if (!strcmp(c->val, "random")) {
		spec.kind = DIST_RANDOM;
	} else if (!strncmp(c->val, "zipf", 4) && (!c->val[4] || colon == c->val + 4)) {
		spec.kind = DIST_ZIPF;
		spec.param = 1.1;
		if (colon && (ret = param_center(c, colon + 1, &spec.param, &spec.center)))
			return ret;
		if (spec.param == 1.0 || spec.param <= 0)
			return opt_bad_value(c, "zipf theta must be above 0 and not 1.0");
	} else if (!strncmp(c->val, "pareto", 6) && (!c->val[6] || colon == c->val + 6)) {
		spec.kind = DIST_PARETO;
		spec.param = 0.2;
		if (colon && (ret = param_center(c, colon + 1, &spec.param, &spec.center)))
			return ret;
		if (spec.param <= 0 || spec.param >= 1.0)
			return opt_bad_value(c, "pareto h must be between 0 and 1");
	} else if ((!strncmp(c->val, "normal", 6) && (!c->val[6] || colon == c->val + 6)) ||
		   (!strncmp(c->val, "gauss", 5) && (!c->val[5] || colon == c->val + 5))) {
		spec.kind = DIST_NORMAL;
		if (colon && (ret = param_center(c, colon + 1, &spec.param, &spec.center)))
			return ret;
		if (spec.param >= 100.0)
			return opt_bad_value(c, "normal deviation must be 0 to below 100");
	} else if (!strncmp(c->val, "zoned:", 6) || !strncmp(c->val, "zoned_abs:", 10)) {
		bool absolute = c->val[5] == '_';

		spec.kind = absolute ? DIST_ZONED_ABS : DIST_ZONED;
		ret = parse_zoned(c, colon + 1, absolute, &spec);
		if (ret)
			return ret;
	} else {
		return opt_bad_value(c, "expected random, zipf[:θ], pareto[:h], normal[:σ], zoned:... or zoned_abs:...");
	}
	c->job->dist = spec;
	return 0;
}

static void dump_zones(FILE *out, const struct dist_zones *z)
{
	for (unsigned i = 0; i < z->nr; i++)
		fprintf(out, "%s%u/%" PRIu64, i ? ":" : "", z->zone[i].access,
			z->zone[i].size);
}

void opt_dump_distribution(const struct opt_def *o, const struct job *job,
			   FILE *out)
{
	static const char *const names[] = {
		[DIST_RANDOM] = "random", [DIST_ZIPF] = "zipf",
		[DIST_PARETO] = "pareto", [DIST_NORMAL] = "normal",
		[DIST_ZONED] = "zoned", [DIST_ZONED_ABS] = "zoned_abs",
	};
	const struct dist_spec *s = &job->dist;

	fprintf(out, "%s=%s", o->name, names[s->kind]);
	if (s->kind == DIST_ZIPF || s->kind == DIST_PARETO || s->kind == DIST_NORMAL) {
		fprintf(out, ":%g", s->param);
		if (s->center >= 0)
			fprintf(out, ":%g", s->center);
	} else if (s->kind != DIST_RANDOM) {
		fputc(':', out);
		dump_zones(out, &s->zones[DDIR_READ]);
		fputc(',', out);
		dump_zones(out, &s->zones[DDIR_WRITE]);
		fputc(',', out);
		dump_zones(out, &s->zones[DDIR_TRIM]);
	}
	fputc('\n', out);
}

/* ---------------------------------------------------------------------
 * percentage_random=r[,w[,t]], randseed
 */

/* percent_value - a whole percentage 0 to 100; 0 or -EINVAL with a
 * message. */
static int percent_value(const struct opt_ctx *c, const char *s, uint64_t *v)
{
	if (parse_uint(s, v) || *v > 100)
		return opt_bad_value(c, "expected a percentage 0 to 100");
	return 0;
}

static void store_percentage_random(const struct opt_ctx *c, int d, uint64_t v)
{
	c->job->dist.percentage_random[d] = (unsigned)v;
}

int opt_parse_percentage_random(const struct opt_ctx *c)
{
	return opt_dir_values(c, percent_value, store_percentage_random);
}

void opt_dump_percentage_random(const struct opt_def *o, const struct job *job,
				FILE *out)
{
	fprintf(out, "%s=%u,%u,%u\n", o->name, job->dist.percentage_random[DDIR_READ],
		job->dist.percentage_random[DDIR_WRITE],
		job->dist.percentage_random[DDIR_TRIM]);
}

int opt_parse_randseed(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	if (parse_uint(c->val, &v))
		return opt_bad_value(c, "expected a whole number");
	c->job->randseed = v;
	c->job->randseed_set = true;
	return 0;
}

/* ---------------------------------------------------------------------
 * rate, rate_min, rate_iops, rate_iops_min: "r[,w[,t]]" into a uint64_t[3]
 */

/* store_rate - into the row's uint64_t[DDIR_NR] field. */
static void store_rate(const struct opt_ctx *c, int d, uint64_t v)
{
	uint64_t *dst = opt_field(c->job, c->def);

	dst[d] = v;
}

int opt_parse_rate(const struct opt_ctx *c)
{
	return opt_dir_values(c, opt_size_value, store_rate);
}

void opt_dump_rate(const struct opt_def *o, const struct job *job, FILE *out)
{
	const uint64_t *v = opt_cfield(job, o);

	if (v[DDIR_READ] || v[DDIR_WRITE] || v[DDIR_TRIM])
		fprintf(out, "%s=%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", o->name,
			v[DDIR_READ], v[DDIR_WRITE], v[DDIR_TRIM]);
}

/* ---------------------------------------------------------------------
 * cpus_allowed=0-3,5
 */

/* add_cpus - add the CPU or range "lo-hi" tok to the cpu_set_t at arg;
 * 0, or -EINVAL with a message when tok is neither or out of order. */
static int add_cpus(const struct opt_ctx *c, char *tok, void *arg)
{
	cpu_set_t *set = arg;
	char *dash = strchr(tok, '-');
	uint64_t lo, hi;

	if (dash)
		*dash = '\0';
	if (parse_uint(tok, &lo) || (dash && parse_uint(dash + 1, &hi)))
		return opt_bad_value(c, "expected CPU numbers and ranges such as 0-3,5");
	if (!dash)
		hi = lo;
	if (lo > hi || hi >= CPU_SETSIZE)
		return opt_bad_value(c, "CPU range must be ascending and below %d",
				     CPU_SETSIZE);
	for (uint64_t cpu = lo; cpu <= hi; cpu++)
		CPU_SET((size_t)cpu, set);
	return 0;
}

/* parse_cpus - a CPU list into *out and its count into *nr. */
static int parse_cpus(const struct opt_ctx *c, cpu_set_t *out, unsigned *nr)
{
	cpu_set_t set;
	int ret;

	CPU_ZERO(&set);
	ret = opt_for_each_token(c, ",", add_cpus, &set);
	if (!ret && !CPU_COUNT(&set))
		ret = opt_bad_value(c, "expected at least one CPU");
	if (ret)
		return ret;
	*out = set;
	*nr = (unsigned)CPU_COUNT(&set);
	return 0;
}

int opt_parse_cpus_allowed(const struct opt_ctx *c)
{
	return parse_cpus(c, &c->job->cpus_allowed, &c->job->nr_cpus_allowed);
}

int opt_parse_verify_async_cpus(const struct opt_ctx *c)
{
	return parse_cpus(c, &c->job->verify_async_cpus,
			  &c->job->nr_verify_async_cpus);
}

/* dump_cpus - "name=0-3,5", nothing for an empty set. */
static void dump_cpus(FILE *out, const char *name, const cpu_set_t *set)
{
	bool first = true;

	if (!CPU_COUNT(set))
		return;
	fprintf(out, "%s=", name);
	for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
		int end = cpu;

		if (!CPU_ISSET(cpu, set))
			continue;
		while (end + 1 < CPU_SETSIZE && CPU_ISSET(end + 1, set))
			end++;
		fprintf(out, first ? "%d" : ",%d", cpu);
		if (end > cpu)
			fprintf(out, "-%d", end);
		first = false;
		cpu = end;
	}
	fputc('\n', out);
}

void opt_dump_cpus_allowed(const struct opt_def *o, const struct job *job,
			   FILE *out)
{
	if (job->nr_cpus_allowed)
		dump_cpus(out, o->name, &job->cpus_allowed);
}

void opt_dump_verify_async_cpus(const struct opt_def *o, const struct job *job,
				FILE *out)
{
	if (job->nr_verify_async_cpus)
		dump_cpus(out, o->name, &job->verify_async_cpus);
}

/* ---------------------------------------------------------------------
 * startdelay: a time, or fio's range LO-HI (also LO:HI or LO,HI, the
 * separators fio's parser splits a two-value option at), from which each
 * job draws its own delay.  A bare number is seconds.
 */

int opt_parse_startdelay(const struct opt_ctx *c)
{
	uint64_t lo, hi;
	int ret = opt_need_value(c);

	if (!ret)
		ret = opt_parse_pair(c, "-:,", opt_time_value, &lo, &hi);
	if (ret)
		return ret;
	if (hi < lo)
		return opt_bad_value(c, "the range's low end is above its high end");
	c->job->startdelay_ns = lo;
	c->job->startdelay_max_ns = hi;
	return 0;
}

void opt_dump_startdelay(const struct opt_def *o, const struct job *job,
			 FILE *out)
{
	char lo[32], hi[32];

	if (job->startdelay_max_ns <= job->startdelay_ns)
		opt_dump_time(out, o->name, job->startdelay_ns);
	else
		fprintf(out, "%s=%s-%s\n", o->name,
			opt_time_text(job->startdelay_ns, lo, sizeof(lo)),
			opt_time_text(job->startdelay_max_ns, hi, sizeof(hi)));
}
