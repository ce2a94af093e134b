/* SPDX-License-Identifier: MIT */
/*
 * options_files.c - parse hooks for amounts and files: size and offset
 * (with fio's N% of the file), offset_increment, filesize ranges,
 * filename lists, file_service_type and sync.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "job/number.h"
#include "job/options_impl.h"

/* ---------------------------------------------------------------------
 * Sizes that may be a percentage
 */

/* size_pct - parse c->val as a size or "N%" with messages. */
static int size_pct(const struct opt_ctx *c, uint64_t *v, unsigned *pct)
{
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	ret = parse_size_pct(c->val, c->job->kb_base, v, pct);
	if (ret == -ERANGE && strchr(c->val, '%'))
		return opt_bad_value(c, "a percentage must be 1%% to 100%%");
	if (ret == -ERANGE)
		return opt_bad_value(c, "size out of range");
	if (ret)
		return opt_bad_value(c, "expected a size such as 4k, 1g or 50%%");
	return 0;
}

int opt_parse_size(const struct opt_ctx *c)
{
	return size_pct(c, &c->job->size, &c->job->size_pct);
}

int opt_parse_offset(const struct opt_ctx *c)
{
	return size_pct(c, &c->job->offset, &c->job->offset_pct);
}

int opt_parse_offset_increment(const struct opt_ctx *c)
{
	return size_pct(c, &c->job->offset_increment,
			&c->job->offset_increment_pct);
}

void opt_dump_size_pct(FILE *out, const char *name, uint64_t v, unsigned pct)
{
	if (pct)
		fprintf(out, "%s=%u%%\n", name, pct);
	else
		fprintf(out, "%s=%" PRIu64 "\n", name, v);
}

void opt_dump_size(const struct opt_def *o, const struct job *job, FILE *out)
{
	opt_dump_size_pct(out, o->name, job->size, job->size_pct);
}

void opt_dump_offset(const struct opt_def *o, const struct job *job, FILE *out)
{
	opt_dump_size_pct(out, o->name, job->offset, job->offset_pct);
}

void opt_dump_offset_increment(const struct opt_def *o, const struct job *job,
			       FILE *out)
{
	opt_dump_size_pct(out, o->name, job->offset_increment,
			  job->offset_increment_pct);
}

/* ---------------------------------------------------------------------
 * filesize=a or a-b (a:b)
 */

int opt_parse_filesize(const struct opt_ctx *c)
{
	uint64_t lo, hi;
	int ret = opt_need_value(c);

	if (!ret)
		ret = opt_parse_pair(c, "-:", opt_size_value, &lo, &hi);
	if (ret)
		return ret;
	c->job->filesize_min = lo < hi ? lo : hi;
	c->job->filesize_max = lo < hi ? hi : lo;
	return 0;
}

void opt_dump_filesize(const struct opt_def *o, const struct job *job,
		       FILE *out)
{
	if (!job->filesize_max)
		return;
	if (job->filesize_min == job->filesize_max)
		fprintf(out, "%s=%" PRIu64 "\n", o->name, job->filesize_min);
	else
		fprintf(out, "%s=%" PRIu64 "-%" PRIu64 "\n", o->name,
			job->filesize_min, job->filesize_max);
}

/* ---------------------------------------------------------------------
 * filename=a:b:c
 */

int opt_parse_filename(const struct opt_ctx *c)
{
	char name[4096];
	const char *p;
	size_t n;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	n = strlen(c->val);
	if (!n || (c->val[n - 1] == ':' && (n < 2 || c->val[n - 2] != '\\')))
		return opt_bad_value(c, "expected a file or device name, several separated by ':'");
	for (p = c->val; (p = job_filename_next(p, name, sizeof(name))); )
		if (!name[0])
			return opt_bad_value(c, "empty name in the ':' list (write '\\:' for a ':' in a name)");
	if (!strcmp(c->val, "-"))
		return opt_bad_value(c, "'-' (stdin/stdout) is not supported");
	return opt_set_string(c, opt_field(c->job, c->def), c->val);
}

/* ---------------------------------------------------------------------
 * file_service_type=random|roundrobin|sequential[:N], zipf|pareto|normal:x
 */

static const struct opt_enum file_services[] = {
	{ "roundrobin",	FILE_SERVICE_ROUNDROBIN },
	{ "random",	FILE_SERVICE_RANDOM },
	{ "sequential",	FILE_SERVICE_SEQUENTIAL },
	{ "zipf",	FILE_SERVICE_ZIPF },
	{ "pareto",	FILE_SERVICE_PARETO },
	{ "normal",	FILE_SERVICE_NORMAL },
	{ "gauss",	FILE_SERVICE_NORMAL },
	{ NULL, 0 },
};

int opt_parse_file_service(const struct opt_ctx *c)
{
	const char *colon;
	size_t n;
	uint64_t v;
	double x;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	colon = strchr(c->val, ':');
	n = colon ? (size_t)(colon - c->val) : strlen(c->val);
	for (const struct opt_enum *e = file_services; e->name; e++) {
		if (strlen(e->name) != n || strncmp(c->val, e->name, n))
			continue;
		c->job->file_service = e->val;
		c->job->file_service_nr = 0;
		c->job->file_service_param = 0;
		if (!colon)
			return 0;
		if (e->val <= FILE_SERVICE_SEQUENTIAL) {
			if (parse_uint(colon + 1, &v) || !v || v > UINT32_MAX)
				return opt_bad_value(c, "the count after ':' must be 1 or more");
			c->job->file_service_nr = (unsigned)v;
			return 0;
		}
		if (parse_double(colon + 1, &x) || x <= 0)
			return opt_bad_value(c, "expected a positive number after ':'");
		c->job->file_service_param = x;
		return 0;
	}
	return opt_bad_value(c, "expected random, roundrobin, sequential, zipf, pareto or normal, optionally with ':N'");
}

void opt_dump_file_service(const struct opt_def *o, const struct job *job,
			   FILE *out)
{
	const char *name = "roundrobin";

	for (const struct opt_enum *e = file_services; e->name; e++) {
		if (e->val == (unsigned)job->file_service) {
			name = e->name;
			break;
		}
	}
	fprintf(out, "%s=%s", o->name, name);
	if (job->file_service_nr)
		fprintf(out, ":%u", job->file_service_nr);
	else if (job->file_service_param > 0)
		fprintf(out, ":%g", job->file_service_param);
	fputc('\n', out);
}

/* ---------------------------------------------------------------------
 * sync=none|0|sync|1|dsync (fio 3.33; a bare "sync" is sync=1)
 */

int opt_parse_sync(const struct opt_ctx *c)
{
	if (!c->val || !strcmp(c->val, "1") || !strcmp(c->val, "sync"))
		c->job->sync = SYNC_SYNC;
	else if (!strcmp(c->val, "0") || !strcmp(c->val, "none"))
		c->job->sync = SYNC_NONE;
	else if (!strcmp(c->val, "dsync"))
		c->job->sync = SYNC_DSYNC;
	else
		return opt_bad_value(c, "expected none, sync or dsync (0 or 1)");
	return 0;
}
