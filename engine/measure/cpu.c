/* SPDX-License-Identifier: MIT */
#include "measure/cpu.h"

#include <errno.h>
#include <sys/resource.h>

#include "lib/units.h"

static uint64_t tv_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * NS_PER_SEC + (uint64_t)tv->tv_usec * NS_PER_USEC;
}

int cpu_thread_sample(struct cpu_usage *u)
{
	struct rusage ru;

	if (getrusage(RUSAGE_THREAD, &ru))
		return -errno;
	u->usr_ns = tv_ns(&ru.ru_utime);
	u->sys_ns = tv_ns(&ru.ru_stime);
	u->ctx = (uint64_t)ru.ru_nvcsw + (uint64_t)ru.ru_nivcsw;
	u->majf = (uint64_t)ru.ru_majflt;
	u->minf = (uint64_t)ru.ru_minflt;
	return 0;
}

void cpu_usage_delta(const struct cpu_usage *before,
		     const struct cpu_usage *after, struct cpu_usage *out)
{
	out->usr_ns = after->usr_ns - before->usr_ns;
	out->sys_ns = after->sys_ns - before->sys_ns;
	out->ctx = after->ctx - before->ctx;
	out->majf = after->majf - before->majf;
	out->minf = after->minf - before->minf;
}
