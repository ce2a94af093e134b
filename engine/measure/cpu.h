/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - CPU time and scheduling counters of the calling thread.
 */
#ifndef IOSTRESS_CPU_H
#define IOSTRESS_CPU_H

#include <sys/types.h>

#include "measure/stats.h"

/* cpu_thread_sample - read RUSAGE_THREAD into *u.  Returns 0 or -errno. */
int cpu_thread_sample(struct cpu_usage *u);

/* cpu_task_sample - the same figures for another thread of this process,
 * from /proc/self/task/TID: the time on CPU exact (schedstat), split into
 * usr and sys by stat's ticks; context switches from status.  For threads
 * the caller does not run in (a backend's submit threads); not for the
 * I/O path.  Returns 0 or -errno. */
int cpu_task_sample(pid_t tid, struct cpu_usage *u);

/* cpu_usage_add - *dst += *src, field by field. */
void cpu_usage_add(struct cpu_usage *dst, const struct cpu_usage *src);

/* cpu_usage_delta - *out = after - before, field by field. */
void cpu_usage_delta(const struct cpu_usage *before,
		     const struct cpu_usage *after, struct cpu_usage *out);

#endif
