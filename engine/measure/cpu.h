/* SPDX-License-Identifier: MIT */
/*
 * cpu.h - CPU time and scheduling counters of the calling thread.
 */
#ifndef IOSTRESS_CPU_H
#define IOSTRESS_CPU_H

#include "measure/stats.h"

/* cpu_thread_sample - read RUSAGE_THREAD into *u.  Returns 0 or -errno. */
int cpu_thread_sample(struct cpu_usage *u);

/* cpu_usage_delta - *out = after - before, field by field. */
void cpu_usage_delta(const struct cpu_usage *before,
		     const struct cpu_usage *after, struct cpu_usage *out);

#endif
