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

/* proc_alive - pid runs and started at starttime (so it is the process
 * that was recorded, not a later one with the same pid).  A zombie
 * counts as gone. */
bool proc_alive(pid_t pid, uint64_t starttime);

#endif
