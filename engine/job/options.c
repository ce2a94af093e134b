/* SPDX-License-Identifier: MIT */
/*
 * options.c - the option table and the code that reads values into a job.
 *
 * Every option is one row of opt_table[] (options_table.c): its name, its type, where it
 * lands in struct job (offset and width), the fio default as text, a line of
 * help, and per-type parameters (range, default time unit, enum names, or a
 * parse hook for the few options that do more than store one value).  To
 * add an option, add a row; the generic handlers do the rest.
 */
#include "job/options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "job/number.h"
#include "job/options_impl.h"

/* ---------------------------------------------------------------------
 * Messages
 */

int opt_bad_value(const struct opt_ctx *c, const char *hint_fmt, ...)
{
	char hint[256] = "";
	va_list ap;

	if (hint_fmt) {
		va_start(ap, hint_fmt);
		vsnprintf(hint, sizeof(hint), hint_fmt, ap);
		va_end(ap);
	}
	diag_set(c->d, c->loc, "invalid value '%s' for option '%s'%s%s%s",
		 c->val ? c->val : "", c->key, hint[0] ? " (" : "", hint,
		 hint[0] ? ")" : "");
	return -EINVAL;
}

int opt_need_value(const struct opt_ctx *c)
{
	if (c->val)
		return 0;
	diag_set(c->d, c->loc, "option '%s' needs a value", c->key);
	return -EINVAL;
}

int opt_out_of_memory(const struct opt_ctx *c)
{
	diag_set(c->d, c->loc, "out of memory setting option '%s'", c->key);
	return -ENOMEM;
}

int opt_for_each_token(const struct opt_ctx *c, const char *sep,
		       opt_token_fn fn, void *arg)
{
	char *text, *save = NULL, *tok;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	text = strdup(c->val);
	if (!text)
		return opt_out_of_memory(c);
	for (tok = strtok_r(text, sep, &save); tok && !ret;
	     tok = strtok_r(NULL, sep, &save))
		ret = fn(c, tok, arg);
	free(text);
	return ret;
}

/* ---------------------------------------------------------------------
 * Field access
 */

void *opt_field(struct job *job, const struct opt_def *o)
{
	return (char *)job + o->off;
}

const void *opt_cfield(const struct job *job, const struct opt_def *o)
{
	return (const char *)job + o->off;
}

/* store_uint - write v into a bool, unsigned (or enum) or uint64_t field. */
static void store_uint(struct job *job, const struct opt_def *o, uint64_t v)
{
	if (o->width == sizeof(uint64_t))
		*(uint64_t *)opt_field(job, o) = v;
	else if (o->width == sizeof(bool))
		*(bool *)opt_field(job, o) = v != 0;
	else
		*(unsigned *)opt_field(job, o) = (unsigned)v;
}

static uint64_t load_uint(const struct job *job, const struct opt_def *o)
{
	if (o->width == sizeof(uint64_t))
		return *(const uint64_t *)opt_cfield(job, o);
	if (o->width == sizeof(bool))
		return *(const bool *)opt_cfield(job, o);
	return *(const unsigned *)opt_cfield(job, o);
}

/* set_string - replace an owned string field with a copy of s. */
int opt_set_string(const struct opt_ctx *c, char **dst, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return opt_out_of_memory(c);
	free(*dst);
	*dst = copy;
	return 0;
}

/* ---------------------------------------------------------------------
 * Generic handlers, one per type
 */

static int apply_str(const struct opt_ctx *c)
{
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	return opt_set_string(c, opt_field(c->job, c->def), c->val);
}

static int apply_bool(const struct opt_ctx *c)
{
	bool v;

	if (parse_bool(c->val, &v))
		return opt_bad_value(c, "expected 0/1, true/false, yes/no or on/off");
	if (c->def->flags & OPT_F_INVERT)
		v = !v;
	*(bool *)opt_field(c->job, c->def) = v;
	return 0;
}

int opt_check_range(const struct opt_ctx *c, uint64_t v)
{
	const struct opt_def *o = c->def;

	if (v >= o->min && v <= o->max)
		return 0;
	if (o->max == UINT64_MAX)
		return opt_bad_value(c, "minimum %" PRIu64, o->min);
	return opt_bad_value(c, "must be %" PRIu64 " to %" PRIu64, o->min, o->max);
}

int opt_apply_uint(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	ret = parse_uint(c->val, &v);
	/* fio reads its integers as sizes: iodepth=1k is 1024 */
	if (ret == -EINVAL && !parse_size(c->val, c->job->kb_base, &v))
		ret = 0;
	if (ret == -ERANGE)
		return opt_bad_value(c, "out of range");
	if (ret)
		return opt_bad_value(c, "expected a whole number");
	ret = opt_check_range(c, v);
	if (ret)
		return ret;
	store_uint(c->job, c->def, v);
	return 0;
}

/* size_value - parse one size with the job's kb_base, with messages. */
int opt_size_value(const struct opt_ctx *c, const char *s, uint64_t *v)
{
	int ret = parse_size(s, c->job->kb_base, v);

	if (ret == -ERANGE)
		return opt_bad_value(c, "size out of range");
	if (ret)
		return opt_bad_value(c, "expected a size such as 4096, 4k, 1m or 1GiB");
	return 0;
}

static int apply_size(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = opt_need_value(c);

	if (!ret)
		ret = opt_size_value(c, c->val, &v);
	if (!ret)
		ret = opt_check_range(c, v);
	if (ret)
		return ret;
	store_uint(c->job, c->def, v);
	return 0;
}

/* apply_count - an OPT_F_COUNT time: a whole number of unit_ns, as fio
 * reads it (fio takes "2s" there as 2 and "1ms" as 1048576: refused). */
static int apply_count(const struct opt_ctx *c)
{
	uint64_t v;

	if (parse_uint(c->val, &v) || v > UINT64_MAX / c->def->unit_ns)
		return opt_bad_value(c, "expected a whole number of %s: fio reads no time unit here",
				     c->def->unit_ns == NS_PER_MSEC ? "milliseconds" : "microseconds");
	store_uint(c->job, c->def, v * c->def->unit_ns);
	return 0;
}

int opt_time_value(const struct opt_ctx *c, const char *s, uint64_t *v)
{
	int ret = parse_time_ns(s, c->def->unit_ns, v);

	if (ret == -ERANGE)
		return opt_bad_value(c, "time out of range");
	if (ret)
		return opt_bad_value(c, "expected a time such as 30, 500ms, 10s or 2m");
	return 0;
}

int opt_parse_pair(const struct opt_ctx *c, const char *seps,
		   int (*one)(const struct opt_ctx *, const char *, uint64_t *),
		   uint64_t *lo, uint64_t *hi)
{
	const char *sep = c->val[0] == '(' ? NULL : strpbrk(c->val, seps);
	char *a;
	int ret;

	if (!sep) {
		ret = one(c, c->val, lo);
		*hi = *lo;
		return ret;
	}
	a = strndup(c->val, (size_t)(sep - c->val));
	if (!a)
		return opt_out_of_memory(c);
	ret = one(c, a, lo);
	free(a);
	return ret ? ret : one(c, sep + 1, hi);
}

static int apply_time(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	if (c->def->flags & OPT_F_COUNT)
		return apply_count(c);
	ret = opt_time_value(c, c->val, &v);
	if (ret)
		return ret;
	store_uint(c->job, c->def, v);
	return 0;
}

/* enum_names - "a, b, c" for a hint. */
static const char *enum_names(const struct opt_enum *e, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	for (; e->name && n < len; e++)
		n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				      e->name);
	return buf;
}

int opt_apply_enum(const struct opt_ctx *c)
{
	char names[256];
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	for (const struct opt_enum *e = c->def->enums; e->name; e++) {
		if (!strcmp(c->val, e->name)) {
			store_uint(c->job, c->def, e->val);
			return 0;
		}
	}
	return opt_bad_value(c, "expected %s",
			 enum_names(c->def->enums, names, sizeof(names)));
}

/* ---------------------------------------------------------------------
 * Lookup and did-you-mean
 */

static const struct opt_def *find_opt(const char *key)
{
	for (size_t i = 0; i < opt_table_nr; i++) {
		const struct opt_def *o = &opt_table[i];

		if (!strcmp(o->name, key) || (o->alias && !strcmp(o->alias, key)))
			return o;
	}
	return NULL;
}

static bool is_fio_unsupported(const char *key)
{
	for (size_t i = 0; i < opt_fio_unsupported_nr; i++)
		if (!strcmp(opt_fio_unsupported[i], key))
			return true;
	return false;
}

/* edit_distance - Levenshtein distance, capped at cap + 1 (for speed and
 * so that any length of key is fine: only two rows are kept). */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *rows, *prev, *cur, *tmp, d;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	rows = calloc(2 * (lb + 1), sizeof(*rows));
	if (!rows)
		return cap + 1;
	prev = rows;
	cur = rows + lb + 1;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	d = prev[lb];
	free(rows);
	return d;
}

/* suggest - the closest option name within distance 2 (1 for names of up
 * to 4 characters), or NULL. */
static const char *suggest(const char *key)
{
	size_t cap = strlen(key) <= 4 ? 1 : 2, best_d = cap + 1;
	const char *best = NULL;

	for (size_t i = 0; i < opt_table_nr; i++) {
		const char *names[2] = { opt_table[i].name, opt_table[i].alias };

		for (size_t k = 0; k < 2 && names[k]; k++) {
			size_t d = edit_distance(key, names[k], cap);

			if (d < best_d) {
				best_d = d;
				best = names[k];
			}
		}
	}
	return best;
}

static int unknown_option(const char *key, const struct srcloc *loc,
			  struct diag *d)
{
	const char *s = opt_fio_engine_option(key);

	if (s) {
		diag_set(d, loc, "'%s' is an option of fio's %s, which iostress does not support",
			 key, s);
		return -EINVAL;
	}
	if (is_fio_unsupported(key)) {
		diag_set(d, loc, "'%s' is a fio option iostress does not support",
			 key);
		return -EINVAL;
	}
	s = suggest(key);
	if (s)
		diag_set(d, loc, "unknown option '%s' (did you mean '%s'?)", key, s);
	else
		diag_set(d, loc, "unknown option '%s'", key);
	return -EINVAL;
}

/* ---------------------------------------------------------------------
 * Public API
 */

static int apply_def(const struct opt_ctx *c)
{
	switch (c->def->type) {
	case OPT_STR:	return apply_str(c);
	case OPT_BOOL:	return apply_bool(c);
	case OPT_UINT:	return c->def->parse ? c->def->parse(c) : opt_apply_uint(c);
	case OPT_SIZE:	return apply_size(c);
	case OPT_TIME:	return apply_time(c);
	case OPT_ENUM:	return c->def->parse ? c->def->parse(c) : opt_apply_enum(c);
	case OPT_FN:	return c->def->parse(c);
	}
	return -EINVAL;
}

int options_apply(struct job *job, const char *key, const char *val,
		  const struct srcloc *loc, struct diag *d)
{
	const struct opt_def *o = find_opt(key);
	struct opt_ctx c = {
		.job = job, .def = o, .key = key, .val = val, .loc = loc, .d = d,
	};

	if (!o)
		return unknown_option(key, loc, d);
	return apply_def(&c);
}

bool options_recognized(const char *key)
{
	return find_opt(key) || is_fio_unsupported(key) ||
	       opt_fio_engine_option(key) || suggest(key);
}

int options_validate(struct job *job, struct diag *d)
{
	return opt_check_job(job, d);
}

/* opt_time_text - ns in the largest unit that represents it exactly. */
const char *opt_time_text(uint64_t ns, char *buf, size_t len)
{
	if (ns % NS_PER_SEC == 0)
		snprintf(buf, len, "%" PRIu64 "s", ns / NS_PER_SEC);
	else if (ns % NS_PER_MSEC == 0)
		snprintf(buf, len, "%" PRIu64 "ms", ns / NS_PER_MSEC);
	else
		snprintf(buf, len, "%" PRIu64 "us", ns / NS_PER_USEC);
	return buf;
}

void opt_dump_time(FILE *out, const char *name, uint64_t ns)
{
	char t[32];

	fprintf(out, "%s=%s\n", name, opt_time_text(ns, t, sizeof(t)));
}

static void dump_opt(const struct opt_def *o, const struct job *job, FILE *out)
{
	const char *s;

	if (o->type == OPT_FN && o->dump) {
		o->dump(o, job, out);
		return;
	}
	switch (o->type) {
	case OPT_FN:		/* without a dump hook: a string field */
	case OPT_STR:
		s = *(char *const *)opt_cfield(job, o);
		if (s)
			fprintf(out, "%s=%s\n", o->name, s);
		break;
	case OPT_BOOL:
		fprintf(out, "%s=%d\n", o->name, *(const bool *)opt_cfield(job, o) ? 1 : 0);
		break;
	case OPT_UINT:
		/* A value above the settable range is the "not set" default
		 * (e.g. sqthread_poll_cpu): nothing to print. */
		if (load_uint(job, o) > o->max)
			break;
		/* fall through */
	case OPT_SIZE:
		fprintf(out, "%s=%" PRIu64 "\n", o->name, load_uint(job, o));
		break;
	case OPT_TIME:
		if (o->flags & OPT_F_COUNT)
			fprintf(out, "%s=%" PRIu64 "\n", o->name,
				load_uint(job, o) / o->unit_ns);
		else
			opt_dump_time(out, o->name, load_uint(job, o));
		break;
	case OPT_ENUM:
		for (const struct opt_enum *e = o->enums; e->name; e++) {
			if (e->val == load_uint(job, o)) {
				fprintf(out, "%s=%s\n", o->name, e->name);
				break;
			}
		}
		break;
	}
}

void options_dump(const struct job *job, FILE *out)
{
	for (size_t i = 0; i < opt_table_nr; i++)
		if (!(opt_table[i].flags & OPT_F_NODUMP))
			dump_opt(&opt_table[i], job, out);
}

const char *options_enum_name(const char *key, unsigned v)
{
	const struct opt_def *o = find_opt(key);

	if (!o || o->type != OPT_ENUM || !o->enums)
		return NULL;
	for (const struct opt_enum *e = o->enums; e->name; e++)
		if (e->val == v)
			return e->name;
	return NULL;
}
