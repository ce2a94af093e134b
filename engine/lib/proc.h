/* SPDX-License-Identifier: MIT */
/*
 * proc.h - facts about a process from /proc, for telling a live owner
 * from a dead one whose pid was reused.
 */
#ifndef IOSTRESS_PROC_H
#define IOSTRESS_PROC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* proc_starttime - the start time of pid (field 22 of /proc/PID/stat,
 * clock ticks since boot).  Returns 0, -ESRCH when there is no such
 * process, or -EIO when the file cannot be read. */
int proc_starttime(pid_t pid, uint64_t *out);

/* proc_cpu_ns - the CPU time pid has spent, user and system, all its
 * threads including those that ended, in ns: its CPU-time clock
 * (clock_getcpuclockid), else fields 14 and 15 of /proc/PID/stat (clock
 * ticks: 10 ms steps at the usual 100 Hz).  Returns 0, -ESRCH or -EIO. */
int proc_cpu_ns(pid_t pid, uint64_t *ns);

/* proc_alive - pid runs and started at starttime (so it is the process
 * that was recorded, not a later one with the same pid).  A zombie
 * counts as gone. */
bool proc_alive(pid_t pid, uint64_t starttime);

#endif
