/* SPDX-License-Identifier: MIT */
/*
 * options_numa.c - parse and dump hooks for numa_cpu_nodes and
 * numa_mem_policy (fio's libnuma options).
 *
 * Node lists are fio's (libnuma's) "all" or numbers and ranges separated
 * by ',', e.g. 0-1,3, kept as a mask of nodes 0 to 63; whether the nodes
 * exist is the worker's check, on the machine the job runs on.
 * numa_mem_policy is MODE[:NODES]: default, local (no nodes), prefer:N
 * (one node), bind:NODES, interleave:NODES.  Built without libnuma both
 * options are refused by name.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "job/options_impl.h"

#define NODES_ALL	UINT64_MAX

static const struct opt_enum mem_modes[] = {
	{ "default",	NUMA_MEM_DEFAULT },
	{ "prefer",	NUMA_MEM_PREFER },
	{ "bind",	NUMA_MEM_BIND },
	{ "interleave",	NUMA_MEM_INTERLEAVE },
	{ "local",	NUMA_MEM_LOCAL },
	{ NULL, 0 },
};

#ifndef HAVE_LIBNUMA
static int no_libnuma(const struct opt_ctx *c)
{
	diag_set(c->d, c->loc,
		 "'%s' is a fio option iostress does not support: this iostress was built without libnuma",
		 c->def->name);
	return -EINVAL;
}
#endif

/* parse_nodes - "all" or N[-M][,...] into *mask; 0 or -EINVAL. */
static int parse_nodes(const char *s, uint64_t *mask)
{
	*mask = 0;
	if (!strcmp(s, "all")) {
		*mask = NODES_ALL;
		return 0;
	}
	while (*s) {
		char *end;
		unsigned long a = strtoul(s, &end, 10), b;

		if (end == s || a > 63)
			return -EINVAL;
		b = a;
		s = end;
		if (*s == '-') {
			b = strtoul(s + 1, &end, 10);
			if (end == s + 1 || b > 63 || b < a)
				return -EINVAL;
			s = end;
		}
		for (unsigned long n = a; n <= b; n++)
			*mask |= 1ull << n;
		if (*s == ',' && s[1])
			s++;
		else if (*s)
			return -EINVAL;
	}
	return *mask ? 0 : -EINVAL;
}

/* dump_nodes - a mask as fio's list, ranges joined. */
static void dump_nodes(FILE *out, uint64_t mask)
{
	bool first = true;

	if (mask == NODES_ALL) {
		fputs("all", out);
		return;
	}
	for (unsigned n = 0; n < 64; n++) {
		unsigned m = n;

		if (!(mask & (1ull << n)))
			continue;
		while (m < 63 && (mask & (1ull << (m + 1))))
			m++;
		fprintf(out, "%s%u", first ? "" : ",", n);
		if (m > n)
			fprintf(out, "-%u", m);
		first = false;
		n = m;
	}
}

/* numa_value - the value is there and libnuma is built in: 0, or -EINVAL
 * with a message. */
static int numa_value(const struct opt_ctx *c)
{
	int ret = opt_need_value(c);

#ifndef HAVE_LIBNUMA
	if (!ret)
		ret = no_libnuma(c);
#endif
	return ret;
}

int opt_parse_numa_cpu_nodes(const struct opt_ctx *c)
{
	uint64_t mask;
	int ret = numa_value(c);

	if (ret)
		return ret;
	if (parse_nodes(c->val, &mask))
		return opt_bad_value(c, "expected all, or nodes 0-63 as N, N-M, separated by ','");
	c->job->numa_cpu_nodes = mask;
	return 0;
}

int opt_parse_numa_mem_policy(const struct opt_ctx *c)
{
	const char *colon;
	size_t len;
	uint64_t mask = 0;
	unsigned mode = 0;
	bool found = false;
	int ret = numa_value(c);

	if (ret)
		return ret;
	colon = strchr(c->val, ':');
	len = colon ? (size_t)(colon - c->val) : strlen(c->val);
	for (const struct opt_enum *e = mem_modes; e->name; e++) {
		if (strlen(e->name) == len && !strncmp(e->name, c->val, len)) {
			mode = e->val;
			found = true;
		}
	}
	if (!found)
		return opt_bad_value(c, "expected default, prefer:N, bind:NODES, interleave:NODES or local");
	if (mode == NUMA_MEM_DEFAULT || mode == NUMA_MEM_LOCAL) {
		if (colon)
			return opt_bad_value(c, "%s takes no nodes", mem_modes[mode - 1].name);
	} else if (!colon || parse_nodes(colon + 1, &mask)) {
		return opt_bad_value(c, "%s needs nodes, e.g. %s:0", mem_modes[mode - 1].name,
				     mem_modes[mode - 1].name);
	} else if (mode == NUMA_MEM_PREFER && (mask & (mask - 1))) {
		return opt_bad_value(c, "prefer takes one node");
	}
	c->job->numa_mem_mode = (enum numa_mem_mode)mode;
	c->job->numa_mem_nodes = mask;
	return 0;
}

void opt_dump_numa_cpu_nodes(const struct opt_def *o, const struct job *job,
			     FILE *out)
{
	if (!job->numa_cpu_nodes)
		return;
	fprintf(out, "%s=", o->name);
	dump_nodes(out, job->numa_cpu_nodes);
	fputc('\n', out);
}

void opt_dump_numa_mem_policy(const struct opt_def *o, const struct job *job,
			      FILE *out)
{
	if (job->numa_mem_mode == NUMA_MEM_UNSET)
		return;
	fprintf(out, "%s=%s", o->name, mem_modes[job->numa_mem_mode - 1].name);
	if (job->numa_mem_nodes) {
		fputc(':', out);
		dump_nodes(out, job->numa_mem_nodes);
	}
	fputc('\n', out);
}
