/* SPDX-License-Identifier: MIT */
/*
 * remote.h - the host's half of a conversation with a worker, whatever
 * carries it (a pipe from a child, a container's log stream, a guest's
 * serial port): the bytes the worker writes go in, and out come the
 * status line, the setup time and the jobs' stats folded into the result
 * (engine/wire/wire.h for the protocol).
 *
 * Usage, per visit of a target:
 *   remote_begin(&c, t, ph, d);       just before the worker is started
 *   c.host_cpu = fn; c.host_cpu_arg = x;
 *                                     optional: what the place spends
 *   remote_feed(&c, buf, len) ...     as its stdout arrives, in any pieces
 *   remote_end(&c, "worker 1234", exit_desc)
 *                                     once it has ended: the first error
 */
#ifndef IOSTRESS_REMOTE_H
#define IOSTRESS_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "targets/target.h"

/* remote_cpu_fn - the CPU time the host has seen the place spend so far,
 * in ns (the worker process, a container's cgroup, the QEMU process).
 * Returns 0 or -errno. */
typedef int (*remote_cpu_fn)(void *arg, uint64_t *ns);

struct remote_conv {
	remote_cpu_fn host_cpu;		/* optional, set after remote_begin */
	void *host_cpu_arg;
	uint64_t phase_cpu0;		/* host_cpu at the open phase's start */
	bool phase_cpu_ok;		/* phase_cpu0 was read */
	struct target *t;
	const struct target_phase *ph;
	struct diag *d;
	uint64_t t0;			/* start, CLOCK_MONOTONIC */
	char *line;			/* the incomplete line so far */
	size_t len, cap;
	bool hello;			/* the worker said hello */
	bool got_result;
	bool status_shown;		/* a status line is on ph->status */
	int proto_err;			/* first -errno of the protocol */
	int job_error;			/* the result's error: first job's */
};

/* remote_begin - a conversation for ph at t; the clock for setup_ns
 * starts now. */
void remote_begin(struct remote_conv *c, struct target *t,
		  const struct target_phase *ph, struct diag *d);

/*
 * remote_feed - bytes the worker wrote.  Each complete line is one wire
 * event: the first "start" adds the wait until the first I/O to the
 * target's setup_ns (first visit only); each phase's "start" and "end"
 * read host_cpu, and the difference becomes the host cycles of that
 * phase's jobs (only the phase's own span: not the boot, not the layout
 * before it); "status" is shown on ph->status, "result" folds every job's
 * stats into ph->job_stats with job_stats_merge() and adds the worker's
 * view of its place to the target's properties as worker_KEY.  Returns 0,
 * or the first -errno: -EPROTO for a line that is not a wire event or a
 * bad result (message in d), -ENOMEM.  After an error, lines are
 * dropped.
 */
int remote_feed(struct remote_conv *c, const char *buf, size_t len);

/*
 * remote_end - the worker has ended (how, in words, is exit_desc, e.g.
 * "exited with status 2"): clear the status line, free.  Returns the
 * protocol error, or -EPROTO with "WHO EXIT_DESC before sending a result"
 * when no result came, or the result's job error (message in d), or 0.
 */
int remote_end(struct remote_conv *c, const char *who, const char *exit_desc);

#endif
