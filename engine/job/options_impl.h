/* SPDX-License-Identifier: MIT */
/*
 * options_impl.h - inside the option table: row layout, generic handlers
 * and the parse hooks, shared by options*.c only.
 *
 * options_table.c   the table itself (one static const array)
 * options.c         generic handlers, lookup, did-you-mean, apply, dump
 * options_io.c      rw, bs, bsrange, bssplit, blockalign
 * options_files.c   size, offset, filesize, filename, fallocate, files
 * options_rand.c    random_distribution, percentage_random, rate, cpus,
 *                   startdelay's range
 * options_misc.c    ioengine, verify, percentile_list, logs
 * options_errors.c  ignore_error (continue_on_error is a plain enum)
 * options_values.c  values refused by name (zonemode=zbd, ...)
 * options_numa.c    numa_cpu_nodes, numa_mem_policy (libnuma)
 * options_latency.c latency_percentile
 * options_ss.c      steadystate (ss)
 * options_prio.c    prio, prioclass, cmdprio_percentage/_class, cmdprio,
 *                   cmdprio_bssplit
 * options_check.c   cross-option checks of a finished job
 */
#ifndef IOSTRESS_OPTIONS_IMPL_H
#define IOSTRESS_OPTIONS_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/diag.h"
#include "lib/units.h"
#include "job/job.h"


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
	OPT_F_COUNT = 1u << 2,	/* OPT_TIME that fio reads as a plain
				 * number (its OPT_INT): no unit taken */
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

/* The table (options_table.c). */
extern const struct opt_def opt_table[];
extern const size_t opt_table_nr;

/* fio option names refused by name (options_table.c). */
extern const char *const opt_fio_unsupported[];
extern const size_t opt_fio_unsupported_nr;

/* opt_fio_engine - for an ioengine= value naming an engine of fio 3.33
 * (or "name:..."), "" or what the engine is (fio's external example
 * engines); NULL for a name fio does not know (options_fio_engines.c). */
const char *opt_fio_engine(const char *val);

/* opt_fio_engine_option - for an option of fio 3.33's engines that
 * iostress lacks, which: "nfs engine", "rados and rbd engines"; NULL for
 * any other key (options_fio_engines.c). */
const char *opt_fio_engine_option(const char *key);

/* ---------------------------------------------------------------------
 * Helpers for hooks (options.c)
 */

/* opt_bad_value - "invalid value 'v' for option 'k' (hint)"; -EINVAL. */
int opt_bad_value(const struct opt_ctx *c, const char *hint_fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* opt_need_value - -EINVAL with a message when the option is bare. */
int opt_need_value(const struct opt_ctx *c);
int opt_out_of_memory(const struct opt_ctx *c);
int opt_set_string(const struct opt_ctx *c, char **dst, const char *s);
/* opt_size_value - one size with the job's kb_base, with messages. */
int opt_size_value(const struct opt_ctx *c, const char *s, uint64_t *v);
/* opt_time_value - one time (a bare number in the option's unit_ns), with
 * messages. */
int opt_time_value(const struct opt_ctx *c, const char *s, uint64_t *v);
/* opt_parse_pair - the option's value as one value (*lo = *hi) or two
 * split at the first of seps (not inside a "(...)" expression), each
 * read by one(), which gives the messages.  Returns 0 or -errno. */
int opt_parse_pair(const struct opt_ctx *c, const char *seps,
		   int (*one)(const struct opt_ctx *, const char *, uint64_t *),
		   uint64_t *lo, uint64_t *hi);
int opt_check_range(const struct opt_ctx *c, uint64_t v);
int opt_apply_uint(const struct opt_ctx *c);
int opt_apply_enum(const struct opt_ctx *c);
void *opt_field(struct job *job, const struct opt_def *o);
const void *opt_cfield(const struct job *job, const struct opt_def *o);
/* opt_dump_time - "name=10s", in the largest unit that is exact. */
void opt_dump_time(FILE *out, const char *name, uint64_t ns);
/* opt_time_text - ns as opt_dump_time() writes it ("10s", "5ms",
 * "250us") into buf of len (at least 24); returns buf. */
const char *opt_time_text(uint64_t ns, char *buf, size_t len);
/* opt_dump_size_pct - "name=N%" or "name=bytes". */
void opt_dump_size_pct(FILE *out, const char *name, uint64_t v, unsigned pct);
/* opt_dir_fields - split "a,b,c" into per-direction texts (fio's comma
 * syntax: read,write,trim; an empty field leaves that direction alone and
 * the last field given also sets the directions after it).  Fills f[] with
 * malloc'd strings or NULL; returns 0 or -EINVAL/-ENOMEM with a message. */
int opt_dir_fields(const struct opt_ctx *c, char *f[DDIR_NR]);
void opt_dir_fields_free(char *f[DDIR_NR]);

/* Reads one field's text s into *v: 0, or -errno with a message. */
typedef int (*opt_value_fn)(const struct opt_ctx *c, const char *s,
			    uint64_t *v);
/* Stores direction d's value v into c->job. */
typedef void (*opt_store_fn)(const struct opt_ctx *c, int d, uint64_t v);

/* opt_dir_values - an "r[,w[,t]]" option of one number per direction: splits
 * it with opt_dir_fields(), reads each given field with read_value and,
 * only when every field read, calls store for each given direction (an
 * omitted one is left alone).  Returns 0, or the first -errno (-EINVAL,
 * -ENOMEM) with its message, storing nothing. */
int opt_dir_values(const struct opt_ctx *c, opt_value_fn read_value,
		   opt_store_fn store);

/* Called with each token in turn; 0 goes on, -errno (with a message)
 * stops the walk. */
typedef int (*opt_token_fn)(const struct opt_ctx *c, char *tok, void *arg);

/* opt_for_each_token - calls fn with each non-empty token of the value,
 * split at any of the characters of sep (strtok_r rules: a run of
 * separators is one, leading and trailing ones yield nothing), in order,
 * on a private copy fn may write into.  Returns 0, -EINVAL with a message
 * when the option is bare, -ENOMEM with a message, or fn's first -errno. */
int opt_for_each_token(const struct opt_ctx *c, const char *sep,
		       opt_token_fn fn, void *arg);

/* ---------------------------------------------------------------------
 * Parse and dump hooks, by file
 */

/* options_io.c */
int opt_parse_rw(const struct opt_ctx *c);
int opt_parse_rwmixwrite(const struct opt_ctx *c);
int opt_parse_bs(const struct opt_ctx *c);
int opt_parse_bsrange(const struct opt_ctx *c);
int opt_parse_bssplit(const struct opt_ctx *c);
int opt_parse_blockalign(const struct opt_ctx *c);
void opt_dump_rw(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_bs(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_bsrange(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_bssplit(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_blockalign(const struct opt_def *o, const struct job *job,
			 FILE *out);

/* options_files.c */
int opt_parse_size(const struct opt_ctx *c);
int opt_parse_offset(const struct opt_ctx *c);
int opt_parse_offset_increment(const struct opt_ctx *c);
int opt_parse_filesize(const struct opt_ctx *c);
int opt_parse_filename(const struct opt_ctx *c);
int opt_parse_file_service(const struct opt_ctx *c);
int opt_parse_sync(const struct opt_ctx *c);
void opt_dump_size(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_offset(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_offset_increment(const struct opt_def *o, const struct job *job,
			       FILE *out);
void opt_dump_filesize(const struct opt_def *o, const struct job *job,
		       FILE *out);
void opt_dump_file_service(const struct opt_def *o, const struct job *job,
			   FILE *out);

/* options_rand.c */
int opt_parse_distribution(const struct opt_ctx *c);
int opt_parse_percentage_random(const struct opt_ctx *c);
int opt_parse_randseed(const struct opt_ctx *c);
int opt_parse_rate(const struct opt_ctx *c);
int opt_parse_cpus_allowed(const struct opt_ctx *c);
int opt_parse_verify_async_cpus(const struct opt_ctx *c);
int opt_parse_startdelay(const struct opt_ctx *c);
void opt_dump_startdelay(const struct opt_def *o, const struct job *job,
			 FILE *out);
void opt_dump_distribution(const struct opt_def *o, const struct job *job,
			   FILE *out);
void opt_dump_percentage_random(const struct opt_def *o, const struct job *job,
				FILE *out);
void opt_dump_rate(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_cpus_allowed(const struct opt_def *o, const struct job *job,
			   FILE *out);
void opt_dump_verify_async_cpus(const struct opt_def *o, const struct job *job,
				FILE *out);

/* options_prio.c */
int opt_parse_prio(const struct opt_ctx *c);
int opt_parse_cmdprio(const struct opt_ctx *c);
void opt_dump_cmdprio(const struct opt_def *o, const struct job *job, FILE *out);
int opt_parse_cmdprio_bssplit(const struct opt_ctx *c);
void opt_dump_cmdprio_bssplit(const struct opt_def *o, const struct job *job,
			      FILE *out);

/* options_misc.c */
int opt_parse_ioengine(const struct opt_ctx *c);

/* target= (options_target.c): a placement spec, checked by
 * placement_parse() so a bad one is refused with file:line. */
int opt_parse_target(const struct opt_ctx *c);
void opt_dump_target(const struct opt_def *o, const struct job *job,
		     FILE *out);
int opt_parse_verify(const struct opt_ctx *c);
int opt_parse_verify_pattern(const struct opt_ctx *c);
int opt_parse_buffer_pattern(const struct opt_ctx *c);
void opt_dump_buffer_pattern(const struct opt_def *o, const struct job *job,
			     FILE *out);
int opt_parse_percentile_list(const struct opt_ctx *c);
int opt_parse_log(const struct opt_ctx *c);
void opt_dump_ioengine(const struct opt_def *o, const struct job *job,
		       FILE *out);
void opt_dump_verify(const struct opt_def *o, const struct job *job, FILE *out);
void opt_dump_verify_pattern(const struct opt_def *o, const struct job *job,
			     FILE *out);
void opt_dump_percentile_list(const struct opt_def *o, const struct job *job,
			      FILE *out);

/* options_errors.c */
int opt_parse_ignore_error(const struct opt_ctx *c);
void opt_dump_ignore_error(const struct opt_def *o, const struct job *job,
			   FILE *out);

/* options_ss.c */
int opt_parse_steadystate(const struct opt_ctx *c);
void opt_dump_steadystate(const struct opt_def *o, const struct job *job,
			  FILE *out);

/* options_latency.c */
int opt_parse_latency_percentile(const struct opt_ctx *c);
void opt_dump_latency_percentile(const struct opt_def *o, const struct job *job,
				 FILE *out);

/* options_numa.c */
int opt_parse_numa_cpu_nodes(const struct opt_ctx *c);
int opt_parse_numa_mem_policy(const struct opt_ctx *c);
void opt_dump_numa_cpu_nodes(const struct opt_def *o, const struct job *job,
			     FILE *out);
void opt_dump_numa_mem_policy(const struct opt_def *o, const struct job *job,
			      FILE *out);

/* options_values.c: an OPT_ENUM hook that refuses by name the values
 * iostress does not support (zonemode=zbd). */
int opt_parse_refused_value(const struct opt_ctx *c);

/* options_check.c */
int opt_check_job(struct job *job, struct diag *d);

#endif
