/* SPDX-License-Identifier: MIT */
#include "job/resolved.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "job/options.h"

int resolved_write(const struct job_list *list, unsigned first, unsigned nr,
		   FILE *out)
{
	const struct job *base = &list->jobs[first];

	for (unsigned i = first; i < first + nr && i < list->nr; i++) {
		const struct job *job = &list->jobs[i];

		fprintf(out, "[%s]\ngroupid=%u\nphase=%u\nclone=%u\n",
			job->section ? job->section : job->name,
			job->groupid - base->groupid, job->phase - base->phase,
			job->clone);
		options_dump(job, out);
	}
	return ferror(out) ? -EIO : 0;
}

/* The pseudo-options of a resolved section. */
enum { PSEUDO_GROUPID, PSEUDO_PHASE, PSEUDO_CLONE, PSEUDO_NR };
static const char *const pseudo_names[PSEUDO_NR] = {
	[PSEUDO_GROUPID] = "groupid",
	[PSEUDO_PHASE] = "phase",
	[PSEUDO_CLONE] = "clone",
};

/* pseudo_index - which pseudo-option key is, or -1. */
static int pseudo_index(const char *key)
{
	for (int k = 0; k < PSEUDO_NR; k++)
		if (!strcmp(key, pseudo_names[k]))
			return k;
	return -1;
}

static int parse_pseudo(const struct jf_option *o, unsigned *out,
			struct diag *d)
{
	char *end;
	unsigned long v;

	if (!o->val || !*o->val)
		goto bad_value;
	errno = 0;
	v = strtoul(o->val, &end, 10);
	if (errno || *end || v > UINT_MAX)
		goto bad_value;
	*out = (unsigned)v;
	return 0;

bad_value:
	diag_set(d, &o->loc, "invalid value '%s' for '%s'",
		 o->val ? o->val : "", o->key);
	return -EINVAL;
}

/* resolved_job - one section into job (job_init()ed by the caller). */
static int resolved_job(struct job *job, const struct jf_section *sec,
			struct diag *d)
{
	unsigned vals[PSEUDO_NR];
	bool seen[PSEUDO_NR] = { false };
	int ret;

	job->name = strdup(sec->name);
	job->section = strdup(sec->name);
	job->loc_file = sec->loc.file ? strdup(sec->loc.file) : NULL;
	if (!job->name || !job->section || (sec->loc.file && !job->loc_file)) {
		diag_set(d, &sec->loc, "out of memory");
		return -ENOMEM;
	}
	job->loc.file = job->loc_file;
	job->loc.line = sec->loc.line;
	for (unsigned i = 0; i < sec->nr_opts; i++) {
		const struct jf_option *o = &sec->opts[i];
		int k = pseudo_index(o->key);

		if (k >= 0) {
			ret = parse_pseudo(o, &vals[k], d);
			seen[k] = true;
		} else {
			ret = options_apply(job, o->key, o->val, &o->loc, d);
		}
		if (ret)
			return ret;
	}
	for (int k = 0; k < PSEUDO_NR; k++) {
		if (!seen[k]) {
			diag_set(d, &sec->loc, "resolved job '%s' has no '%s'",
				 sec->name, pseudo_names[k]);
			return -EINVAL;
		}
	}
	job->groupid = vals[PSEUDO_GROUPID];
	job->phase = vals[PSEUDO_PHASE];
	job->clone = vals[PSEUDO_CLONE];
	return options_validate(job, d);
}

int resolved_build(const struct jobfile *jf, struct job_list *out,
		   struct diag *d)
{
	int ret;

	memset(out, 0, sizeof(*out));
	if (!jf->nr_secs) {
		diag_set(d, NULL, "no jobs to run");
		return -EINVAL;
	}
	out->jobs = calloc(jf->nr_secs, sizeof(*out->jobs));
	if (!out->jobs) {
		diag_set(d, NULL, "out of memory");
		return -ENOMEM;
	}
	for (unsigned i = 0; i < jf->nr_secs; i++) {
		struct job *job = &out->jobs[i];
		const struct job *prev = i ? &out->jobs[i - 1] : NULL;

		job_init(job);
		out->nr++;
		ret = resolved_job(job, &jf->secs[i], d);
		if (ret)
			goto err_release_list;
		if (prev ? job->groupid < prev->groupid ||
			   job->groupid > prev->groupid + 1 ||
			   job->phase < prev->phase ||
			   job->phase > prev->phase + 1
			 : job->groupid || job->phase) {
			diag_set(d, &jf->secs[i].loc,
				 "resolved job '%s': groupid %u, phase %u out of order",
				 job->name, job->groupid, job->phase);
			ret = -EINVAL;
			goto err_release_list;
		}
		out->nr_groups = job->groupid + 1;
		out->nr_phases = job->phase + 1;
	}
	return 0;

err_release_list:
	job_list_release(out);
	return ret;
}
