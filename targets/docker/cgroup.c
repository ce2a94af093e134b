/* SPDX-License-Identifier: MIT */
/*
 * cgroup.c - the host's share of a container: its cgroup's CPU time
 * (cgroup v1 cpuacct or v2 cpu.stat), read while the container lives, for
 * the phases' host cycles (remote.h).
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "targets/docker/docker_impl.h"
#include "targets/ledger.h"
#include "lib/units.h"
#include "measure/clock.h"
#include "measure/cycles.h"

/* container_cpu_ns - the container's CPU time from its cgroup: cgroup v1
 * cpuacct (ns), or v2 cpu.stat usage_usec; 0 when neither is found. */
static uint64_t container_cpu_ns(const char *id)
{
	static const char *const v1[] = {
		"/sys/fs/cgroup/cpuacct/docker/%s/cpuacct.usage",
		"/sys/fs/cgroup/cpu,cpuacct/docker/%s/cpuacct.usage",
		"/sys/fs/cgroup/cpuacct/system.slice/docker-%s.scope/cpuacct.usage",
	};
	static const char *const v2[] = {
		"/sys/fs/cgroup/docker/%s/cpu.stat",
		"/sys/fs/cgroup/system.slice/docker-%s.scope/cpu.stat",
	};
	unsigned long long v;
	char path[PATH_MAX], key[64];
	FILE *f;

	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++) {
		snprintf(path, sizeof(path), v1[i], id);
		f = fopen(path, "re");
		if (f && fscanf(f, "%llu", &v) == 1) {
			fclose(f);
			return v;
		}
		if (f)
			fclose(f);
	}
	for (size_t i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
		snprintf(path, sizeof(path), v2[i], id);
		f = fopen(path, "re");
		while (f && fscanf(f, "%63s %llu", key, &v) == 2) {
			if (!strcmp(key, "usage_usec")) {
				fclose(f);
				return v * NS_PER_USEC;
			}
		}
		if (f)
			fclose(f);
	}
	return 0;
}

/* dkt_sample_cpu - read the container's CPU while its cgroup exists (it
 * goes with the container's exit). */
void dkt_sample_cpu(struct visit *v)
{
	uint64_t ns = v->id[0] ? container_cpu_ns(v->id) : 0;

	if (ns > v->cpu_ns)
		v->cpu_ns = ns;
}

int dkt_host_cpu(void *arg, uint64_t *ns)
{
	struct visit *v = arg;

	dkt_sample_cpu(v);
	if (!v->cpu_ns)
		return -ENOENT;
	*ns = v->cpu_ns;
	return 0;
}
