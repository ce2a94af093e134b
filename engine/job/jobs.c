/* SPDX-License-Identifier: MIT */
/*
 * jobs.c - from tokenized job files to the expanded job list.
 *
 * Matches fio 3.33 (checked with --output-format=json and ioengine=null):
 *   - each file starts from fio's defaults: [global] options of one file do
 *     not reach the jobs of the next;
 *   - a job inherits only the [global] sections above it;
 *   - within a section kb_base is applied before every other option, as
 *     fio's option priorities do, so "size=1k" then "kb_base=1000" is 1000;
 *   - groupid moves on at a stonewall or new_group only when the current
 *     group already has jobs, so a stonewall on the first job is a no-op;
 *     phase moves on at a stonewall under the same rule.
 */
#include "job/jobs.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "lib/units.h"
#include "job/options.h"

/* Options applied before the rest of their section (fio's .prio). */
static const char *const early_options[] = { "kb_base" };

/* Running state of group and phase assignment. */
struct group_state {
	unsigned groupid, phase;
	unsigned group_jobs;		/* jobs in the current group so far */
	unsigned phase_jobs;		/* jobs in the current phase so far */
};

/* State of one jobs_build() call. */
struct builder {
	struct job_list *out;
	unsigned cap;			/* allocated entries in out->jobs */
	struct group_state gs;
	struct diag *d;
};

static bool is_early(const char *key)
{
	for (size_t i = 0; i < ARRAY_SIZE(early_options); i++)
		if (!strcmp(key, early_options[i]))
			return true;
	return false;
}

/* note_unset - after a message about o: its value came from a ${NAME}
 * that is not set, which is likely the reason. */
static void note_unset(const struct jf_option *o, struct diag *d)
{
	size_t n = strlen(d->msg);

	if (o->unset_var && n)
		snprintf(d->msg + n, sizeof(d->msg) - n,
			 " (${%s} is not set in the environment)", o->unset_var);
}

/* apply_section - apply sec's options to job, the early ones first. */
static int apply_section(struct job *job, const struct jf_section *sec,
			 struct diag *d)
{
	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < sec->nr_opts; i++) {
			const struct jf_option *o = &sec->opts[i];
			int ret;

			if (is_early(o->key) != (pass == 0))
				continue;
			ret = options_apply(job, o->key, o->val, &o->loc, d);
			if (ret) {
				note_unset(o, d);
				return ret;
			}
		}
	}
	return 0;
}

static bool is_global(const struct jf_section *sec)
{
	return !strcmp(sec->name, "global");
}

/* ---------------------------------------------------------------------
 * Expansion: clones, groups and phases
 */

static int reserve(struct builder *b, unsigned more, const struct srcloc *loc)
{
	struct job *p;
	unsigned need = b->out->nr + more, ncap;

	if (need < b->out->nr) {
		diag_set(b->d, loc, "too many jobs");
		return -EINVAL;
	}
	if (need <= b->cap)
		return 0;
	ncap = b->cap ? b->cap : 16;
	while (ncap < need)
		ncap = ncap * 2 > ncap ? ncap * 2 : need;
	p = realloc(b->out->jobs, (size_t)ncap * sizeof(*p));
	if (!p) {
		diag_set(b->d, loc, "out of memory");
		return -ENOMEM;
	}
	b->out->jobs = p;
	b->cap = ncap;
	return 0;
}

/* assign_group - fio's add_job(): bump only when the current group (or
 * phase) already holds jobs. */
static void assign_group(struct group_state *gs, struct job *job)
{
	if (job->stonewall && gs->phase_jobs) {
		gs->phase++;
		gs->phase_jobs = 0;
	}
	if ((job->stonewall || job->new_group) && gs->group_jobs) {
		gs->groupid++;
		gs->group_jobs = 0;
	}
	job->groupid = gs->groupid;
	job->phase = gs->phase;
}

/* wait_for_loc - where sec sets wait_for, else (set in [global]) the
 * section's own line. */
static const struct srcloc *wait_for_loc(const struct jf_section *sec)
{
	for (unsigned i = sec->nr_opts; i--; )
		if (!strcmp(sec->opts[i].key, "wait_for"))
			return &sec->opts[i].loc;
	return &sec->loc;
}

/* resolve_wait_for - find job's waitee among the jobs before it, by fio's
 * rules: not itself, defined earlier, one section of that name (its
 * numjobs clones are one waitee). */
static int resolve_wait_for(struct builder *b, struct job *job,
			    const struct jf_section *sec)
{
	const struct job_list *out = b->out;
	const char *why = NULL;
	int found = -1;

	job->wait_for_job = -1;
	if (!job->wait_for || !*job->wait_for)
		return 0;
	if (!strcmp(job->wait_for, job->name))
		why = "a job cannot wait for itself";
	for (unsigned i = 0; !why && i < out->nr; i++) {
		if (out->jobs[i].clone || strcmp(out->jobs[i].name, job->wait_for))
			continue;
		if (found >= 0)
			why = "more than one earlier job has that name";
		found = (int)i;
	}
	if (!why && found < 0)
		why = "no earlier job has that name";
	if (why) {
		diag_set(b->d, wait_for_loc(sec),
			 "invalid value '%s' for option 'wait_for' (%s)",
			 job->wait_for, why);
		return -EINVAL;
	}
	job->wait_for_job = found;
	job->wait_for_nr = out->jobs[found].numjobs;
	return 0;
}

/* expand - append job and its numjobs - 1 clones; job is consumed (moved
 * into the list as clone 0, or released on failure). */
static int expand(struct builder *b, struct job *job,
		  const struct jf_section *sec)
{
	struct job_list *out = b->out;
	int ret;

	ret = resolve_wait_for(b, job, sec);
	if (!ret)
		ret = reserve(b, job->numjobs, &job->loc);
	if (ret)
		goto err_release_job;
	assign_group(&b->gs, job);
	for (unsigned i = 1; i < job->numjobs; i++) {
		ret = job_copy(&out->jobs[out->nr + i], job);
		if (ret) {
			diag_set(b->d, &job->loc, "out of memory");
			while (--i)
				job_release(&out->jobs[out->nr + i]);
			goto err_release_job;
		}
		out->jobs[out->nr + i].clone = i;
	}
	job->clone = 0;
	out->jobs[out->nr] = *job;
	out->nr += job->numjobs;
	b->gs.group_jobs += job->numjobs;
	b->gs.phase_jobs += job->numjobs;
	return 0;

err_release_job:
	job_release(job);
	return ret;
}

/* ---------------------------------------------------------------------
 * Sections and files
 */

/* set_identity - name the job after its section and give it its own copy
 * of the file name its loc points at. */
static int set_identity(struct job *job, const struct jf_section *sec)
{
	char *name = strdup(sec->name);
	char *section = strdup(sec->name);
	char *file = sec->loc.file ? strdup(sec->loc.file) : NULL;

	if (!name || !section || (sec->loc.file && !file)) {
		free(name);
		free(section);
		free(file);
		return -ENOMEM;
	}
	free(job->name);
	free(job->section);
	free(job->loc_file);
	job->name = name;
	job->section = section;
	job->loc_file = file;
	job->loc.file = file;
	job->loc.line = sec->loc.line;
	return 0;
}

/* build_job - one job section on top of the template. */
static int build_job(struct builder *b, const struct job *tmpl,
		     const struct jf_section *sec, bool stonewall)
{
	struct job job;
	int ret;

	if (job_copy(&job, tmpl)) {
		diag_set(b->d, &sec->loc, "out of memory");
		return -ENOMEM;
	}
	ret = set_identity(&job, sec);
	if (ret) {
		diag_set(b->d, &sec->loc, "out of memory");
		goto err_release_job;
	}
	ret = apply_section(&job, sec, b->d);
	if (!ret)
		ret = options_validate(&job, b->d);
	if (ret)
		goto err_release_job;
	if (stonewall)
		job.stonewall = true;
	return expand(b, &job, sec);

err_release_job:
	job_release(&job);
	return ret;
}

static int build_file(struct builder *b, const struct jobfile *jf,
		      bool first_file)
{
	struct srcloc floc = { .file = jf->path, .line = 0 };
	unsigned nr_jobs = 0;
	struct job tmpl;
	int ret = 0;

	job_init(&tmpl);
	for (unsigned i = 0; i < jf->nr_secs && !ret; i++) {
		const struct jf_section *sec = &jf->secs[i];

		if (is_global(sec)) {
			ret = apply_section(&tmpl, sec, b->d);
			continue;
		}
		ret = build_job(b, &tmpl, sec, !first_file && !nr_jobs);
		nr_jobs++;
	}
	job_release(&tmpl);
	if (!ret && !nr_jobs) {
		diag_set(b->d, &floc, "no job sections (only [global] or nothing)");
		ret = -EINVAL;
	}
	return ret;
}

/* ss_same - do a and b detect steady state alike?  Without a window of
 * at least a second neither does, whatever else they set. */
static bool ss_same(const struct job *a, const struct job *b)
{
	uint64_t dur = a->ss_dur_ns / NS_PER_SEC;

	if (dur != b->ss_dur_ns / NS_PER_SEC)
		return false;
	return !dur || (a->ss_flags == b->ss_flags && a->ss_limit == b->ss_limit &&
			a->ss_ramp_ns == b->ss_ramp_ns);
}

/* check_steadystate - fio's td_steadystate_init(): the jobs of a reporting
 * group share their steady-state options, since a group with
 * group_reporting is watched as one.  A group's jobs are contiguous. */
static int check_steadystate(const struct job_list *list, struct diag *d)
{
	for (unsigned i = 1; i < list->nr; i++) {
		const struct job *a = &list->jobs[i - 1], *b = &list->jobs[i];

		if (a->groupid != b->groupid || ss_same(a, b))
			continue;
		diag_set(d, &b->loc, "job '%s': its steadystate options (ss, ss_dur, ss_ramp) differ from those of job '%s' in the same reporting group",
			 b->name, a->name);
		return -EINVAL;
	}
	return 0;
}

int jobs_build(const struct jobfile *files, unsigned nr_files,
	       struct job_list *out, struct diag *d)
{
	struct builder b = { .out = out, .d = d };
	int ret;

	memset(out, 0, sizeof(*out));
	if (!nr_files) {
		diag_set(d, NULL, "no job files given");
		return -EINVAL;
	}
	for (unsigned i = 0; i < nr_files; i++) {
		ret = build_file(&b, &files[i], i == 0);
		if (ret)
			goto err_release_list;
	}
	out->nr_groups = b.gs.groupid + 1;
	out->nr_phases = b.gs.phase + 1;
	ret = check_steadystate(out, d);
	if (ret)
		goto err_release_list;
	return 0;

err_release_list:
	job_list_release(out);
	return ret;
}

void jobs_dump(const struct job_list *list, FILE *out)
{
	for (unsigned i = 0; i < list->nr; i++) {
		const struct job *job = &list->jobs[i];

		fprintf(out, "%s[%s]\n", i ? "\n" : "", job->name ? job->name : "");
		fprintf(out, "groupid=%u\nphase=%u\nclone=%u\n", job->groupid,
			job->phase, job->clone);
		options_dump(job, out);
	}
}
