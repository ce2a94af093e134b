/* SPDX-License-Identifier: MIT */
#include "targets/target.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "lib/fsname.h"
#include "measure/clock.h"
#include "targets/kinds.h"
#include "targets/ledger.h"

/* The kinds, indexed by enum placement_kind. */
static const struct target_ops *const target_table[PLACE_NR] = {
	[PLACE_NATIVE] = &native_target_ops,
	[PLACE_PROCESS] = &process_target_ops,
#ifdef USE_DOCKER
	[PLACE_DOCKER] = &docker_target_ops,
#endif
#ifdef USE_LIBVIRT
	[PLACE_KVM] = &kvm_target_ops,
#endif
};

const struct target_ops *target_ops_of(enum placement_kind kind)
{
	return kind < PLACE_NR ? target_table[kind] : NULL;
}

int target_open(struct target *t, const struct placement *pl,
		const struct job_list *jobs, struct ledger *ledger,
		struct diag *d)
{
	uint64_t t0;
	int ret;

	memset(t, 0, sizeof(*t));
	t->ops = target_ops_of(pl->kind);
	t->jobs = jobs;
	t->ledger = ledger;
	ret = placement_parse(pl->spec, &t->pl, NULL, d);
	if (ret)
		return ret;
	t->info.kind = t->pl.kind_name;
	t->info.spec = t->pl.spec;
	t->info.name = t->pl.name;
	t0 = clock_monotonic_ns();
	if (t->ops->prepare) {
		ret = t->ops->prepare(t, d);
		if (ret) {
			target_close(t);
			return ret;
		}
	}
	t->info.setup_ns = clock_monotonic_ns() - t0;
	return 0;
}

void target_teardown(struct target *t)
{
	if (t->ops && t->ops->teardown && !t->torn_down)
		t->ops->teardown(t);
	t->torn_down = true;
}

void target_close(struct target *t)
{
	target_teardown(t);
	for (unsigned i = 0; i < t->info.nr_props; i++) {
		free(t->info.props[i].key);
		free(t->info.props[i].val);
	}
	placement_release(&t->pl);
	memset(t, 0, sizeof(*t));
}

int target_prop_set(struct target *t, const char *key, const char *fmt, ...)
{
	struct target_info *info = &t->info;
	struct target_prop *p = NULL;
	char *val;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&val, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	for (unsigned i = 0; i < info->nr_props; i++)
		if (!strcmp(info->props[i].key, key))
			p = &info->props[i];
	if (!p) {
		if (info->nr_props == TARGET_PROPS_MAX) {
			free(val);
			return -ENOSPC;
		}
		p = &info->props[info->nr_props];
		p->key = strdup(key);
		if (!p->key) {
			free(val);
			return -ENOMEM;
		}
		info->nr_props++;
	}
	free(p->val);
	p->val = val;
	return 0;
}

const char *target_prop_get(const struct target_info *info, const char *key)
{
	for (unsigned i = 0; i < info->nr_props; i++)
		if (!strcmp(info->props[i].key, key))
			return info->props[i].val;
	return NULL;
}

/* data_path - where job's first data file lives, as far as the options
 * tell before the worker names it: the first filename= (under the first
 * directory= when relative), else the first directory=, else ".". */
static void data_path(const struct job *job, char *out, size_t len)
{
	char dir[PATH_MAX] = ".", name[PATH_MAX] = "";

	if (job->directory)
		job_filename_next(job->directory, dir, sizeof(dir));
	if (job->filename)
		job_filename_next(job->filename, name, sizeof(name));
	if (name[0] == '/')
		snprintf(out, len, "%s", name);
	else if (name[0])
		snprintf(out, len, "%s/%s", dir, name);
	else
		snprintf(out, len, "%s", dir);
}

int target_describe_here(struct target *t)
{
	char path[PATH_MAX], fs[64];
	struct utsname u;
	int ret = 0;

	if (!uname(&u))
		ret = target_prop_set(t, "kernel", "%s", u.release);
	if (!ret && t->jobs && t->jobs->nr) {
		data_path(&t->jobs->jobs[0], path, sizeof(path));
		fsname_of(path, fs, sizeof(fs));
		ret = target_prop_set(t, "fs", "%s", fs);
	}
	return ret == -ENOSPC ? 0 : ret;
}

/* ------------------------------------------------------------------------
 * Sweeping what dead runs left
 */

struct sweep_ctx {
	FILE *log;
	unsigned removed;
	struct diag *d;
	int first_err;
};

static int sweep_one(const char *runid, const char *kind, const char *desc,
		     void *arg)
{
	struct sweep_ctx *c = arg;
	const struct target_ops *ops = NULL;
	struct diag d = { { 0 } };
	char line[1200];
	FILE *mem;
	int ret;

	for (unsigned k = 0; k < PLACE_NR; k++)
		if (target_table[k] && !strcmp(target_table[k]->kind, kind))
			ops = target_table[k];
	if (!ops || !ops->sweep) {
		/* A record this build cannot act on: say so, keep it. */
		err_printf("warning: leftover %s '%s' of run %s: this build has no '%s' target",
			   kind, desc, runid, kind);
		return -ENOTSUP;
	}
	mem = fmemopen(line, sizeof(line), "w");
	if (!mem)
		return -ENOMEM;
	ret = ops->sweep(desc, mem, &d);
	fclose(mem);
	line[sizeof(line) - 1] = '\0';
	line[strcspn(line, "\n")] = '\0';
	if (ret) {
		diag_print(&d);
		if (!c->first_err) {
			c->first_err = ret;
			*c->d = d;
		}
		return ret;
	}
	c->removed++;
	if (c->log)
		fprintf(c->log, "removed %s (run %s)\n", line, runid);
	else
		err_printf("removed leftover %s of run %s, whose owner is gone", line,
			   runid);
	return 0;
}

int target_sweep(FILE *log, unsigned *removed, struct diag *d)
{
	struct sweep_ctx c = { .log = log, .d = d };

	ledger_for_each_dead(sweep_one, &c);
	if (removed)
		*removed = c.removed;
	return c.first_err;
}
