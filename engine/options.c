/* SPDX-License-Identifier: MIT */
/*
 * options.c - the option table and the code that reads values into a job.
 *
 * Every option is one row of opt_table[]: its name, its type, where it
 * lands in struct job (offset and width), the fio default as text, a line of
 * help, and per-type parameters (range, default time unit, enum names, or a
 * parse hook for the few options that do more than store one value).  To
 * add an option, add a row; the generic handlers do the rest.
 */
#include "options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "number.h"

#define NS_PER_US	UINT64_C(1000)
#define NS_PER_MS	UINT64_C(1000000)
#define NS_PER_SEC	UINT64_C(1000000000)

enum opt_type {
	OPT_STR,	/* char *, owned */
	OPT_BOOL,	/* bool */
	OPT_UINT,	/* unsigned or uint64_t, within [min, max] */
	OPT_SIZE,	/* uint64_t bytes, suffixes read with job->kb_base */
	OPT_TIME,	/* uint64_t ns; a bare number is in unit_ns */
	OPT_ENUM,	/* unsigned, one of enums[] by name */
	OPT_FN,		/* parse hook does everything */
};

/* One accepted value of an OPT_ENUM option. */
struct opt_enum {
	const char *name;
	unsigned val;
};

struct opt_def;

/* The state of one options_apply() call, handed to parse hooks. */
struct opt_ctx {
	struct job *job;
	const struct opt_def *def;
	const char *key;		/* as written: the name or an alias */
	const char *val;		/* NULL when bare */
	const struct srcloc *loc;
	struct diag *d;
};

typedef int (*opt_parse_fn)(const struct opt_ctx *c);
typedef void (*opt_dump_fn)(const struct opt_def *o, const struct job *job,
			    FILE *out);

/* Row flags. */
enum opt_flags {
	OPT_F_NODUMP = 1u << 0,	/* derived from another row; not dumped */
	OPT_F_INVERT = 1u << 1,	/* OPT_BOOL stored negated */
};

struct opt_def {
	const char *name;
	const char *alias;		/* another accepted name, or NULL */
	enum opt_type type;
	size_t off;			/* offsetof(struct job, field) */
	size_t width;			/* sizeof the field */
	const char *def;		/* fio's default, as text (for help) */
	const char *help;
	unsigned flags;			/* OPT_F_* */
	uint64_t min, max;		/* OPT_UINT range */
	uint64_t unit_ns;		/* OPT_TIME unit of a bare number */
	const struct opt_enum *enums;	/* OPT_ENUM values, NULL-terminated */
	opt_parse_fn parse;		/* OPT_FN, or extra checks before the
					 * generic OPT_ENUM/OPT_UINT store */
	opt_dump_fn dump;		/* OPT_FN: print "name=value\n" */
};

#define FIELD(m) \
	.off = offsetof(struct job, m), .width = sizeof(((struct job *)0)->m)

/* ---------------------------------------------------------------------
 * Messages
 */

/* bad_value - "invalid value 'v' for option 'k'" plus an optional hint. */
static int bad_value(const struct opt_ctx *c, const char *hint_fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int bad_value(const struct opt_ctx *c, const char *hint_fmt, ...)
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

static int need_value(const struct opt_ctx *c)
{
	if (c->val)
		return 0;
	diag_set(c->d, c->loc, "option '%s' needs a value", c->key);
	return -EINVAL;
}

static int out_of_memory(const struct opt_ctx *c)
{
	diag_set(c->d, c->loc, "out of memory setting option '%s'", c->key);
	return -ENOMEM;
}

/* ---------------------------------------------------------------------
 * Field access
 */

static void *field(struct job *job, const struct opt_def *o)
{
	return (char *)job + o->off;
}

static const void *cfield(const struct job *job, const struct opt_def *o)
{
	return (const char *)job + o->off;
}

/* store_uint - write v into an unsigned or uint64_t field. */
static void store_uint(struct job *job, const struct opt_def *o, uint64_t v)
{
	if (o->width == sizeof(uint64_t))
		*(uint64_t *)field(job, o) = v;
	else
		*(unsigned *)field(job, o) = (unsigned)v;
}

static uint64_t load_uint(const struct job *job, const struct opt_def *o)
{
	if (o->width == sizeof(uint64_t))
		return *(const uint64_t *)cfield(job, o);
	return *(const unsigned *)cfield(job, o);
}

/* set_string - replace an owned string field with a copy of s. */
static int set_string(const struct opt_ctx *c, char **dst, const char *s)
{
	char *copy = strdup(s);

	if (!copy)
		return out_of_memory(c);
	free(*dst);
	*dst = copy;
	return 0;
}

/* ---------------------------------------------------------------------
 * Generic handlers, one per type
 */

static int apply_str(const struct opt_ctx *c)
{
	int ret = need_value(c);

	if (ret)
		return ret;
	return set_string(c, field(c->job, c->def), c->val);
}

static int apply_bool(const struct opt_ctx *c)
{
	bool v;

	if (parse_bool(c->val, &v))
		return bad_value(c, "expected 0/1, true/false, yes/no or on/off");
	if (c->def->flags & OPT_F_INVERT)
		v = !v;
	*(bool *)field(c->job, c->def) = v;
	return 0;
}

static int check_range(const struct opt_ctx *c, uint64_t v)
{
	const struct opt_def *o = c->def;

	if (v >= o->min && v <= o->max)
		return 0;
	if (o->max == UINT64_MAX)
		return bad_value(c, "minimum %" PRIu64, o->min);
	return bad_value(c, "must be %" PRIu64 " to %" PRIu64, o->min, o->max);
}

static int apply_uint(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = need_value(c);

	if (ret)
		return ret;
	ret = parse_uint(c->val, &v);
	if (ret == -ERANGE)
		return bad_value(c, "out of range");
	if (ret)
		return bad_value(c, "expected a whole number");
	ret = check_range(c, v);
	if (ret)
		return ret;
	store_uint(c->job, c->def, v);
	return 0;
}

/* size_value - parse one size with the job's kb_base, with messages. */
static int size_value(const struct opt_ctx *c, const char *s, uint64_t *v)
{
	int ret = parse_size(s, c->job->kb_base, v);

	if (ret == -ERANGE)
		return bad_value(c, "size out of range");
	if (ret)
		return bad_value(c, "expected a size such as 4096, 4k, 1m or 1GiB");
	return 0;
}

static int apply_size(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = need_value(c);

	if (!ret)
		ret = size_value(c, c->val, &v);
	if (!ret)
		ret = check_range(c, v);
	if (ret)
		return ret;
	store_uint(c->job, c->def, v);
	return 0;
}

static int apply_time(const struct opt_ctx *c)
{
	uint64_t v;
	int ret = need_value(c);

	if (ret)
		return ret;
	ret = parse_time_ns(c->val, c->def->unit_ns, &v);
	if (ret == -ERANGE)
		return bad_value(c, "time out of range");
	if (ret)
		return bad_value(c, "expected a time such as 30, 500ms, 10s or 2m");
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

static int apply_enum(const struct opt_ctx *c)
{
	char names[256];
	int ret = need_value(c);

	if (ret)
		return ret;
	for (const struct opt_enum *e = c->def->enums; e->name; e++) {
		if (!strcmp(c->val, e->name)) {
			store_uint(c->job, c->def, e->val);
			return 0;
		}
	}
	return bad_value(c, "expected %s",
			 enum_names(c->def->enums, names, sizeof(names)));
}

/* ---------------------------------------------------------------------
 * Parse hooks for options that are more than one stored value
 */

static int parse_ioengine(const struct opt_ctx *c)
{
	const struct backend_ops *be;
	int ret = need_value(c);

	if (ret)
		return ret;
	be = backend_find(c->val);
	if (!be)
		return bad_value(c, "available engines: %s", backend_names());
	ret = set_string(c, &c->job->ioengine, c->val);
	if (!ret)
		c->job->backend = be;
	return ret;
}

/* rw: fio's "randread:8" offset modifiers are not supported yet. */
static int parse_rw(const struct opt_ctx *c)
{
	if (c->val && strchr(c->val, ':'))
		return bad_value(c, "':' modifiers such as 'randread:8' are not supported");
	return apply_enum(c);
}

static int parse_rwmixwrite(const struct opt_ctx *c)
{
	int ret = apply_uint(c);

	if (!ret)
		c->job->rwmixread = 100 - c->job->rwmixread;
	return ret;
}

/* bs_field - parse one comma field of bs= (len bytes at s) into *v; an
 * empty field leaves *v alone. */
static int bs_field(const struct opt_ctx *c, const char *s, size_t len,
		    uint64_t *v)
{
	char *text;
	int ret;

	if (!len)
		return 0;
	text = strndup(s, len);
	if (!text)
		return out_of_memory(c);
	ret = size_value(c, text, v);
	free(text);
	return ret ? ret : check_range(c, *v);
}

/*
 * bs: "8k" sets both directions, "4k,8k" read then write.  As in fio an
 * empty field leaves that direction alone (",8k" sets only writes).  fio's
 * third field (trim) is refused: iostress does not trim.
 */
static int parse_bs(const struct opt_ctx *c)
{
	uint64_t v[DDIR_NR];
	const char *comma;
	int ret = need_value(c);

	if (ret)
		return ret;
	if (!*c->val)
		return bad_value(c, "expected a size such as 4096, 4k, 1m or 1GiB");
	comma = strchr(c->val, ',');
	if (!comma)
		comma = c->val + strlen(c->val);
	else if (strchr(comma + 1, ','))
		return bad_value(c, "expected 'size' or 'read,write'; trim sizes are not supported");
	else if (comma == c->val && !comma[1])
		return bad_value(c, "expected 'size' or 'read,write'");
	v[DDIR_READ] = c->job->bs[DDIR_READ];
	ret = bs_field(c, c->val, (size_t)(comma - c->val), &v[DDIR_READ]);
	if (ret)
		return ret;
	v[DDIR_WRITE] = *comma ? c->job->bs[DDIR_WRITE] : v[DDIR_READ];
	if (*comma)
		ret = bs_field(c, comma + 1, strlen(comma + 1), &v[DDIR_WRITE]);
	if (ret)
		return ret;
	c->job->bs[DDIR_READ] = v[DDIR_READ];
	c->job->bs[DDIR_WRITE] = v[DDIR_WRITE];
	return 0;
}

static void dump_ioengine(const struct opt_def *o, const struct job *job,
			  FILE *out)
{
	if (job->ioengine)
		fprintf(out, "%s=%s\n", o->name, job->ioengine);
}

static void dump_bs(const struct opt_def *o, const struct job *job, FILE *out)
{
	fprintf(out, "%s=%" PRIu64 ",%" PRIu64 "\n", o->name,
		job->bs[DDIR_READ], job->bs[DDIR_WRITE]);
}

/* ---------------------------------------------------------------------
 * The table
 */

static const struct opt_enum rw_enums[] = {
	{ "read",	RW_READ },
	{ "write",	RW_WRITE },
	{ "randread",	RW_READ | RW_RANDOM },
	{ "randwrite",	RW_WRITE | RW_RANDOM },
	{ "rw",		RW_READ | RW_WRITE },
	{ "readwrite",	RW_READ | RW_WRITE },
	{ "randrw",	RW_READ | RW_WRITE | RW_RANDOM },
	{ NULL, 0 },
};

static const struct opt_enum kb_base_enums[] = {
	{ "1024", 1024 },
	{ "1000", 1000 },
	{ NULL, 0 },
};

static const struct opt_def opt_table[] = {
	/* identity */
	{ .name = "name", .type = OPT_STR, FIELD(name), .def = "section name",
	  .help = "name of the job (defaults to its section name)" },
	{ .name = "description", .type = OPT_STR, FIELD(description),
	  .help = "text describing the job" },

	/* engine */
	{ .name = "ioengine", .type = OPT_FN, FIELD(ioengine), .def = "psync",
	  .help = "I/O backend", .parse = parse_ioengine, .dump = dump_ioengine },
	{ .name = "iodepth", .type = OPT_UINT, FIELD(iodepth), .def = "1",
	  .help = "I/Os kept in flight", .min = 1, .max = UINT32_MAX },
	{ .name = "direct", .type = OPT_BOOL, FIELD(direct), .def = "0",
	  .help = "use O_DIRECT (bypass the page cache)" },
	{ .name = "buffered", .type = OPT_BOOL, FIELD(direct), .def = "1",
	  .help = "use buffered I/O; the inverse of direct",
	  .flags = OPT_F_INVERT | OPT_F_NODUMP },
	{ .name = "invalidate", .type = OPT_BOOL, FIELD(invalidate), .def = "1",
	  .help = "drop the page cache of the files before the run" },
	{ .name = "thread", .type = OPT_BOOL, FIELD(thread), .def = "0",
	  .help = "accepted for fio compatibility; workers are always threads" },

	/* io_uring engine */
	{ .name = "registerfiles", .type = OPT_BOOL, FIELD(uring.registerfiles),
	  .def = "1", .help = "io_uring: register the job's files with the ring" },
	{ .name = "fixedbufs", .type = OPT_BOOL, FIELD(uring.fixedbufs),
	  .def = "1", .help = "io_uring: register the I/O buffers (READ/WRITE_FIXED)" },
	{ .name = "sqthread_poll", .type = OPT_BOOL, FIELD(uring.sqthread_poll),
	  .def = "0", .help = "io_uring: submit through a kernel polling thread" },
	{ .name = "sqthread_poll_cpu", .type = OPT_UINT,
	  FIELD(uring.sqthread_poll_cpu), .def = "any",
	  .help = "io_uring: CPU for the polling thread", .min = 0, .max = 4095 },
	{ .name = "hipri", .type = OPT_BOOL, FIELD(uring.hipri), .def = "0",
	  .help = "io_uring: polled completions (IOPOLL; needs direct=1)" },
	{ .name = "nonvectored", .type = OPT_BOOL, FIELD(uring.nonvectored),
	  .def = "1", .help = "io_uring: accepted; requests are always non-vectored" },

	/* workload */
	{ .name = "rw", .alias = "readwrite", .type = OPT_ENUM, FIELD(rw),
	  .def = "read", .help = "I/O pattern", .enums = rw_enums,
	  .parse = parse_rw },
	{ .name = "rwmixread", .type = OPT_UINT, FIELD(rwmixread), .def = "50",
	  .help = "percentage of reads in a mixed workload", .min = 0, .max = 100 },
	{ .name = "rwmixwrite", .type = OPT_FN, FIELD(rwmixread), .def = "50",
	  .help = "percentage of writes in a mixed workload (sets rwmixread)",
	  .min = 0, .max = 100, .parse = parse_rwmixwrite,
	  .flags = OPT_F_NODUMP },
	{ .name = "bs", .alias = "blocksize", .type = OPT_FN, FIELD(bs),
	  .def = "4096", .help = "block size, or 'read,write' block sizes",
	  .min = 1, .max = UINT32_MAX, .parse = parse_bs, .dump = dump_bs },
	{ .name = "size", .type = OPT_SIZE, FIELD(size), .def = "0",
	  .help = "bytes of I/O per pass (0: size of the file or device)",
	  .min = 0, .max = UINT64_MAX },
	{ .name = "filename", .type = OPT_STR, FIELD(filename),
	  .help = "file or device to use (default: jobname.N.0)" },
	{ .name = "directory", .type = OPT_STR, FIELD(directory),
	  .help = "directory for the job's files" },
	{ .name = "kb_base", .type = OPT_ENUM, FIELD(kb_base), .def = "1024",
	  .help = "1024: k = 1024, KiB = 1000 (fio compatibility); 1000: swapped",
	  .enums = kb_base_enums },

	/* time */
	{ .name = "runtime", .alias = "timeout", .type = OPT_TIME,
	  FIELD(runtime_ns), .def = "0", .help = "stop after this long (0: no limit)",
	  .unit_ns = NS_PER_SEC },
	{ .name = "time_based", .type = OPT_BOOL, FIELD(time_based), .def = "0",
	  .help = "keep going over the files until runtime is up" },
	{ .name = "ramp_time", .type = OPT_TIME, FIELD(ramp_time_ns), .def = "0",
	  .help = "run this long before recording stats", .unit_ns = NS_PER_SEC },

	/* jobs and groups */
	{ .name = "numjobs", .type = OPT_UINT, FIELD(numjobs), .def = "1",
	  .help = "number of clones of this job", .min = 1, .max = 4096 },
	{ .name = "stonewall", .alias = "wait_for_previous", .type = OPT_BOOL,
	  FIELD(stonewall), .def = "0",
	  .help = "wait for earlier jobs to finish; starts a new group" },
	{ .name = "new_group", .type = OPT_BOOL, FIELD(new_group), .def = "0",
	  .help = "start a new reporting group" },
	{ .name = "group_reporting", .type = OPT_BOOL, FIELD(group_reporting),
	  .def = "0", .help = "report each group as one job" },
};

#define NR_OPTS (sizeof(opt_table) / sizeof(opt_table[0]))

/*
 * fio options that iostress refuses by name rather than calling them
 * unknown, so that a fio user learns the option exists but is not here.
 */
static const char *const fio_unsupported[] = {
	"verify", "do_verify", "verify_pattern", "verify_interval",
	"verify_backlog", "rate", "rate_iops", "rate_min", "rate_iops_min",
	"rate_process", "zonemode", "zonesize", "zonerange", "zoneskip",
	"rbdname", "pool", "clientname", "http_host", "http_mode",
	"http_user", "http_pass", "cgroup", "exec_prerun", "exec_postrun",
	"read_iolog", "write_iolog", "replay_redirect", "trim_percentage",
	"flow", "profile",
};

/* ---------------------------------------------------------------------
 * Lookup and did-you-mean
 */

static const struct opt_def *find_opt(const char *key)
{
	for (size_t i = 0; i < NR_OPTS; i++) {
		const struct opt_def *o = &opt_table[i];

		if (!strcmp(o->name, key) || (o->alias && !strcmp(o->alias, key)))
			return o;
	}
	return NULL;
}

static bool is_fio_unsupported(const char *key)
{
	for (size_t i = 0; i < sizeof(fio_unsupported) / sizeof(fio_unsupported[0]); i++)
		if (!strcmp(fio_unsupported[i], key))
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

	for (size_t i = 0; i < NR_OPTS; i++) {
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
	const char *s;

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
	case OPT_UINT:	return c->def->parse ? c->def->parse(c) : apply_uint(c);
	case OPT_SIZE:	return apply_size(c);
	case OPT_TIME:	return apply_time(c);
	case OPT_ENUM:	return c->def->parse ? c->def->parse(c) : apply_enum(c);
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

static const char *job_name(const struct job *job)
{
	return job->name ? job->name : "";
}

/* resolve_backend - look up job->ioengine unless an ioengine= line did. */
static int resolve_backend(struct job *job, struct diag *d)
{
	if (!job->ioengine) {
		diag_set(d, &job->loc, "out of memory in job '%s'", job_name(job));
		return -ENOMEM;
	}
	if (!job->backend)
		job->backend = backend_find(job->ioengine);
	if (job->backend)
		return 0;
	diag_set(d, &job->loc, "job '%s': unknown ioengine '%s' (available engines: %s)",
		 job_name(job), job->ioengine, backend_names());
	return -EINVAL;
}

/* at_least_one - the fields the option table already keeps >= 1; checked
 * again because a job may be built by hand (tests, --worker). */
static int at_least_one(const struct job *job, struct diag *d)
{
	const char *bad = NULL;

	if (!job->bs[DDIR_READ] || !job->bs[DDIR_WRITE])
		bad = "bs";
	else if (!job->iodepth)
		bad = "iodepth";
	else if (!job->numjobs)
		bad = "numjobs";
	if (!bad)
		return 0;
	diag_set(d, &job->loc, "job '%s': %s must be at least 1", job_name(job), bad);
	return -EINVAL;
}

int options_validate(struct job *job, struct diag *d)
{
	int ret = resolve_backend(job, d);

	if (!ret)
		ret = at_least_one(job, d);
	if (ret)
		return ret;
	if (job->rwmixread > 100) {
		diag_set(d, &job->loc, "job '%s': rwmixread must be at most 100",
			 job_name(job));
		return -EINVAL;
	}
	return 0;
}

/* dump_time - the largest unit that represents ns exactly. */
static void dump_time(FILE *out, const char *name, uint64_t ns)
{
	if (ns % NS_PER_SEC == 0)
		fprintf(out, "%s=%" PRIu64 "s\n", name, ns / NS_PER_SEC);
	else if (ns % NS_PER_MS == 0)
		fprintf(out, "%s=%" PRIu64 "ms\n", name, ns / NS_PER_MS);
	else
		fprintf(out, "%s=%" PRIu64 "us\n", name, ns / NS_PER_US);
}

static void dump_opt(const struct opt_def *o, const struct job *job, FILE *out)
{
	const char *s;

	switch (o->type) {
	case OPT_STR:
		s = *(char *const *)cfield(job, o);
		if (s)
			fprintf(out, "%s=%s\n", o->name, s);
		break;
	case OPT_BOOL:
		fprintf(out, "%s=%d\n", o->name, *(const bool *)cfield(job, o) ? 1 : 0);
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
		dump_time(out, o->name, load_uint(job, o));
		break;
	case OPT_ENUM:
		for (const struct opt_enum *e = o->enums; e->name; e++) {
			if (e->val == load_uint(job, o)) {
				fprintf(out, "%s=%s\n", o->name, e->name);
				break;
			}
		}
		break;
	case OPT_FN:
		if (o->dump)
			o->dump(o, job, out);
		break;
	}
}

void options_dump(const struct job *job, FILE *out)
{
	for (size_t i = 0; i < NR_OPTS; i++)
		if (!(opt_table[i].flags & OPT_F_NODUMP))
			dump_opt(&opt_table[i], job, out);
}
