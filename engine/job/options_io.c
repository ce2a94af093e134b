/* SPDX-License-Identifier: MIT */
/*
 * options_io.c - parse hooks for the direction and the block sizes: rw
 * (with fio's ":N" modifier), rwmixwrite, bs, bsrange, bssplit, blockalign.
 *
 * fio 3.33 semantics (options.c str_rw_cb, bssplit_ddir):
 *   - rw=read:8k adds 8k after every sequential I/O (holes); rw=randread:8
 *     issues 8 I/Os per new random offset.  Each rw= resets both.
 *   - bs, bsrange and blockalign take fio's per-direction comma syntax.
 *   - a range set by bsrange (or bssplit) wins over bs whatever their
 *     order, as fio's fixup_options() only fills min_bs/max_bs from bs
 *     where they are unset.
 *   - bssplit entries are "size/percent" separated by ':'; a blank or 0
 *     percentage shares what the others leave equally; bssplit wins over
 *     bs and bsrange whatever their order.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "job/number.h"
#include "job/options_impl.h"

/* ---------------------------------------------------------------------
 * rw
 */

static const struct opt_enum rw_names[] = {
	{ "read",	RW_READ },
	{ "write",	RW_WRITE },
	{ "randread",	RW_READ | RW_RANDOM },
	{ "randwrite",	RW_WRITE | RW_RANDOM },
	{ "rw",		RW_READ | RW_WRITE },
	{ "readwrite",	RW_READ | RW_WRITE },
	{ "randrw",	RW_READ | RW_WRITE | RW_RANDOM },
	{ "trim",	RW_TRIM },
	{ "randtrim",	RW_TRIM | RW_RANDOM },
	{ "trimwrite",	RW_TRIM | RW_WRITE },
	{ "randtrimwrite", RW_TRIM | RW_WRITE | RW_RANDOM },
	{ NULL, 0 },
};

int opt_parse_rw(const struct opt_ctx *c)
{
	const char *colon;
	size_t n;
	uint64_t v;
	bool neg;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	colon = strchr(c->val, ':');
	n = colon ? (size_t)(colon - c->val) : strlen(c->val);
	for (const struct opt_enum *e = rw_names; e->name; e++) {
		if (strlen(e->name) != n || strncmp(c->val, e->name, n))
			continue;
		c->job->rw = e->val;
		c->job->rw_seq_nr = 1;
		c->job->rw_seq_add = 0;
		if (!colon)
			return 0;
		if (e->val & RW_RANDOM) {
			if (parse_uint(colon + 1, &v) || v < 1 || v > UINT32_MAX)
				return opt_bad_value(c, "the count after ':' must be 1 or more");
			c->job->rw_seq_nr = (unsigned)v;
			return 0;
		}
		neg = colon[1] == '-';
		if (parse_size(colon + 1 + neg, c->job->kb_base, &v) || v > INT64_MAX)
			return opt_bad_value(c, "expected a size after ':' such as 'read:8k'");
		c->job->rw_seq_add = neg ? -(int64_t)v : (int64_t)v;
		return 0;
	}
	return opt_bad_value(c, "expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N'");
}

void opt_dump_rw(const struct opt_def *o, const struct job *job, FILE *out)
{
	fprintf(out, "%s=%s", o->name, job_rw_name(job->rw));
	if ((job->rw & RW_RANDOM) && job->rw_seq_nr > 1)
		fprintf(out, ":%u", job->rw_seq_nr);
	else if (!(job->rw & RW_RANDOM) && job->rw_seq_add)
		fprintf(out, ":%" PRId64, job->rw_seq_add);
	fputc('\n', out);
}

int opt_parse_rwmixwrite(const struct opt_ctx *c)
{
	int ret = opt_apply_uint(c);

	if (!ret)
		c->job->rwmixread = 100 - c->job->rwmixread;
	return ret;
}

/* ---------------------------------------------------------------------
 * Per-direction fields: "v", "r,w", ",w", "r,"
 */

void opt_dir_fields_free(char *f[DDIR_NR])
{
	for (int i = 0; i < DDIR_NR; i++) {
		free(f[i]);
		f[i] = NULL;
	}
}

int opt_dir_fields(const struct opt_ctx *c, char *f[DDIR_NR])
{
	const char *p, *comma;
	int n = 0, ret = opt_need_value(c);

	for (int d = 0; d < DDIR_NR; d++)
		f[d] = NULL;
	if (ret)
		return ret;
	if (!*c->val || !strcmp(c->val, ","))
		return opt_bad_value(c, "expected 'value' or 'read,write[,trim]'");
	/* fio's handle_option(): field N is direction N, an empty field
	 * leaves its direction alone, and the last field given also sets
	 * the directions after it ("4k,8k" trims 8k; "4k," is reads only) */
	for (p = c->val; ; p = comma + 1, n++) {
		size_t len;

		comma = strchr(p, ',');
		len = comma ? (size_t)(comma - p) : strlen(p);
		if (n == DDIR_NR) {
			opt_dir_fields_free(f);
			return opt_bad_value(c, "expected at most three values: 'read,write,trim'");
		}
		if (len && !(f[n] = strndup(p, len)))
			goto out_of_memory;
		if (!comma)
			break;
	}
	for (int d = n + 1; f[n] && d < DDIR_NR; d++)
		if (!(f[d] = strdup(f[n])))
			goto out_of_memory;
	return 0;

out_of_memory:
	opt_dir_fields_free(f);
	return opt_out_of_memory(c);
}

int opt_dir_values(const struct opt_ctx *c, opt_value_fn read_value,
		   opt_store_fn store)
{
	uint64_t v[DDIR_NR] = { 0 };
	char *f[DDIR_NR];
	int ret = opt_dir_fields(c, f);

	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			ret = read_value(c, f[d], &v[d]);
	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			store(c, d, v[d]);
	opt_dir_fields_free(f);
	return ret;
}

/* ---------------------------------------------------------------------
 * bs, bsrange
 */

/* set_range - bsrange= for one direction (bssplit keeps bs[]). */
static void set_range(struct job *job, int d, uint64_t lo, uint64_t hi)
{
	job->bs_spec[d].min = lo;
	job->bs_spec[d].max = hi;
	if (!job->bs_spec[d].nr_split)
		job->bs[d] = lo;
}

/* bs_value - one direction's bs=: a size within the row's range. */
static int bs_value(const struct opt_ctx *c, const char *s, uint64_t *v)
{
	int ret = opt_size_value(c, s, v);

	return ret ? ret : opt_check_range(c, *v);
}

/* store_bs - bs= sets fio's bs[] only: a range bsrange= or bssplit= set
 * (fio's min_bs, max_bs) wins over it whatever their order, and
 * check_blocks() makes bs[] the range where none was set. */
static void store_bs(const struct opt_ctx *c, int d, uint64_t v)
{
	c->job->bs[d] = v;
}

int opt_parse_bs(const struct opt_ctx *c)
{
	return opt_dir_values(c, bs_value, store_bs);
}

void opt_dump_bs(const struct opt_def *o, const struct job *job, FILE *out)
{
	fprintf(out, "%s=%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", o->name,
		job->bs[DDIR_READ], job->bs[DDIR_WRITE], job->bs[DDIR_TRIM]);
}

/* range_value - "lo-hi" or "lo:hi"; swapped when lo > hi, as in fio. */
static int range_value(const struct opt_ctx *c, const char *s, uint64_t *lo,
		       uint64_t *hi)
{
	const char *sep = strpbrk(s, "-:");
	char *a;
	int ret;

	if (!sep)
		return opt_bad_value(c, "expected a range such as 1k-64k");
	a = strndup(s, (size_t)(sep - s));
	if (!a)
		return opt_out_of_memory(c);
	ret = opt_size_value(c, a, lo);
	free(a);
	if (!ret)
		ret = opt_size_value(c, sep + 1, hi);
	if (!ret && *lo > *hi) {
		uint64_t t = *lo;

		*lo = *hi;
		*hi = t;
	}
	if (!ret && !*lo)
		ret = opt_bad_value(c, "block sizes must be at least 1");
	return ret;
}

int opt_parse_bsrange(const struct opt_ctx *c)
{
	uint64_t lo[DDIR_NR] = { 0 }, hi[DDIR_NR] = { 0 };
	char *f[DDIR_NR];
	int ret = opt_dir_fields(c, f);

	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			ret = range_value(c, f[d], &lo[d], &hi[d]);
	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			set_range(c->job, d, lo[d], hi[d]);
	opt_dir_fields_free(f);
	return ret;
}

void opt_dump_bsrange(const struct opt_def *o, const struct job *job, FILE *out)
{
	const struct bs_spec *s = job->bs_spec;

	if (s[DDIR_READ].min == s[DDIR_READ].max &&
	    s[DDIR_WRITE].min == s[DDIR_WRITE].max &&
	    s[DDIR_TRIM].min == s[DDIR_TRIM].max)
		return;
	fprintf(out, "%s=", o->name);
	for (int d = 0; d < DDIR_NR; d++)
		fprintf(out, "%s%" PRIu64 "-%" PRIu64, d ? "," : "",
			s[d].min, s[d].max);
	fputc('\n', out);
}

/* ---------------------------------------------------------------------
 * bssplit
 */

/* split_entry - "size[/perc]"; *perc is UINT32_MAX when blank or 0. */
static int split_entry(const struct opt_ctx *c, char *text,
		       struct bs_split *e)
{
	char *slash = strchr(text, '/');
	uint64_t p = 0;
	int ret;

	if (slash) {
		*slash = '\0';
		if (slash[1] && parse_uint(slash + 1, &p))
			return opt_bad_value(c, "percentage '%s' is not a whole number",
					     slash + 1);
		if (p > 100)
			p = 100;	/* fio caps it */
	}
	ret = opt_size_value(c, text, &e->bs);
	if (!ret && !e->bs)
		ret = opt_bad_value(c, "block sizes must be at least 1");
	e->perc = p ? (unsigned)p : UINT32_MAX;
	return ret;
}

/* parse_split - one direction's "a/x:b/y:..." into spec. */
static int parse_split(const struct opt_ctx *c, char *text,
		       struct bs_spec *spec)
{
	unsigned nr = 0, missing = 0, sum = 0;
	char *save = NULL, *tok;
	int ret;

	for (tok = strtok_r(text, ":", &save); tok;
	     tok = strtok_r(NULL, ":", &save)) {
		if (nr == BS_SPLIT_MAX)
			return opt_bad_value(c, "at most %d entries per direction",
					     BS_SPLIT_MAX);
		ret = split_entry(c, tok, &spec->split[nr]);
		if (ret)
			return ret;
		if (spec->split[nr].perc == UINT32_MAX)
			missing++;
		else
			sum += spec->split[nr].perc;
		nr++;
	}
	if (!nr)
		return opt_bad_value(c, "expected entries such as 4k/30:64k/70");
	if (sum > 100)
		return opt_bad_value(c, "percentages add up to %u, more than 100", sum);
	spec->nr_split = nr;
	spec->min = spec->max = spec->split[0].bs;
	for (unsigned i = 0; i < nr; i++) {
		struct bs_split *e = &spec->split[i];

		if (e->perc == UINT32_MAX)
			e->perc = (100 - sum) / missing;
		if (e->bs < spec->min)
			spec->min = e->bs;
		if (e->bs > spec->max)
			spec->max = e->bs;
	}
	return 0;
}

int opt_parse_bssplit(const struct opt_ctx *c)
{
	struct bs_spec spec[DDIR_NR];
	char *f[DDIR_NR];
	int ret = opt_dir_fields(c, f);

	memcpy(spec, c->job->bs_spec, sizeof(spec));
	for (int d = 0; !ret && d < DDIR_NR; d++)
		if (f[d])
			ret = parse_split(c, f[d], &spec[d]);
	for (int d = 0; !ret && d < DDIR_NR; d++) {
		if (!f[d])
			continue;
		c->job->bs_spec[d] = spec[d];
		c->job->bs[d] = spec[d].min;
	}
	opt_dir_fields_free(f);
	return ret;
}

static void dump_split_dir(FILE *out, const struct bs_spec *s)
{
	for (unsigned i = 0; i < s->nr_split; i++)
		fprintf(out, "%s%" PRIu64 "/%u", i ? ":" : "", s->split[i].bs,
			s->split[i].perc);
}

void opt_dump_bssplit(const struct opt_def *o, const struct job *job, FILE *out)
{
	if (!job->bs_spec[DDIR_READ].nr_split && !job->bs_spec[DDIR_WRITE].nr_split &&
	    !job->bs_spec[DDIR_TRIM].nr_split)
		return;
	fprintf(out, "%s=", o->name);
	for (int d = 0; d < DDIR_NR; d++) {
		if (d)
			fputc(',', out);
		dump_split_dir(out, &job->bs_spec[d]);
	}
	fputc('\n', out);
}

/* ---------------------------------------------------------------------
 * blockalign
 */

static void store_blockalign(const struct opt_ctx *c, int d, uint64_t v)
{
	c->job->bs_spec[d].align = v;
}

int opt_parse_blockalign(const struct opt_ctx *c)
{
	return opt_dir_values(c, opt_size_value, store_blockalign);
}

void opt_dump_blockalign(const struct opt_def *o, const struct job *job,
			 FILE *out)
{
	if (job->bs_spec[DDIR_READ].align || job->bs_spec[DDIR_WRITE].align ||
	    job->bs_spec[DDIR_TRIM].align)
		fprintf(out, "%s=%" PRIu64 ",%" PRIu64 ",%" PRIu64 "\n", o->name,
			job->bs_spec[DDIR_READ].align,
			job->bs_spec[DDIR_WRITE].align,
			job->bs_spec[DDIR_TRIM].align);
}
