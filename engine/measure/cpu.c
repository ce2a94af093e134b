/* SPDX-License-Identifier: MIT */
#include "measure/cpu.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

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

/* task_file - the text of /proc/self/task/TID/NAME into buf (NUL ended).
 * Returns 0 or -errno. */
static int task_file(pid_t tid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/self/task/%d/%s", (int)tid, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0)
		ret = -errno;
	else
		buf[n] = '\0';
	close(fd);
	return ret;
}

int cpu_task_sample(pid_t tid, struct cpu_usage *u)
{
	unsigned long long minf, majf, ut, st, run_ns;
	char buf[4096];		/* status is about 1.4 KiB, ctxt lines last */
	const char *p;
	int ret;

	ret = task_file(tid, "stat", buf, sizeof(buf));
	if (ret)
		return ret;
	p = strrchr(buf, ')');	/* the name may hold spaces and parentheses */
	if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %llu %*u %llu %*u %llu %llu",
			 &minf, &majf, &ut, &st) != 4)
		return -EPROTO;
	ret = task_file(tid, "schedstat", buf, sizeof(buf));
	if (ret)
		return ret;
	if (sscanf(buf, "%llu", &run_ns) != 1)
		return -EPROTO;
	/* schedstat's time on CPU is exact; stat's ticks only split it */
	if (ut + st) {
		u->usr_ns = (uint64_t)((double)run_ns * (double)ut / (double)(ut + st));
		u->sys_ns = run_ns - u->usr_ns;
	} else {
		u->usr_ns = 0;
		u->sys_ns = run_ns;
	}
	u->majf = majf;
	u->minf = minf;
	u->ctx = 0;
	ret = task_file(tid, "status", buf, sizeof(buf));
	for (p = ret ? NULL : buf; p && (p = strstr(p, "ctxt_switches:")); p++)
		u->ctx += strtoull(p + sizeof("ctxt_switches:") - 1, NULL, 10);
	return 0;
}

void cpu_usage_add(struct cpu_usage *dst, const struct cpu_usage *src)
{
	dst->usr_ns += src->usr_ns;
	dst->sys_ns += src->sys_ns;
	dst->ctx += src->ctx;
	dst->majf += src->majf;
	dst->minf += src->minf;
}
