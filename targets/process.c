/* SPDX-License-Identifier: MIT */
/*
 * process.c - the process placement: each phase runs in `iostress
 * --worker`, a child process on this host, spoken to over pipes with the
 * protocol of wire.h.  It is the cheapest end-to-end test of the path
 * every remote placement takes (container, guest), and it shows what the
 * protocol itself costs.
 *
 * The worker binary is the one worker_bin.h finds: the static worker, or
 * else this binary itself.
 *
 * The child runs in its own process group, so a terminal's ^C reaches the
 * host only; the host forwards SIGINT once its stop flag is set, and the
 * worker ends its phase, reports what ran and exits.  Each child is in
 * the run's ledger while it lives; sweep() kills a leftover one (checked
 * by its start time, so a reused pid is left alone).
 */
#include "targets/kinds.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "job/resolved.h"
#include "lib/proc.h"
#include "lib/units.h"
#include "measure/clock.h"
#include "measure/cycles.h"
#include "targets/ledger.h"
#include "targets/remote.h"
#include "targets/worker_bin.h"

#define POLL_MS		100

struct proc_target {
	char worker[PATH_MAX];
};

static int process_prepare(struct target *t, struct diag *d)
{
	struct proc_target *p = calloc(1, sizeof(*p));
	bool is_static;
	int ret;

	if (!p)
		return -ENOMEM;
	t->priv = p;
	ret = worker_binary(p->worker, sizeof(p->worker), &is_static);
	if (ret) {
		diag_set(d, NULL, "target 'process': no worker binary at '%s': %s",
			 p->worker, strerror(-ret));
		return ret;
	}
	ret = target_describe_here(t);
	if (!ret)
		ret = target_prop_set(t, "worker", "%s", p->worker);
	if (!ret)
		ret = target_prop_set(t, "static_worker", "%s", is_static ? "yes" : "no");
	if (ret == -ENOSPC)
		ret = 0;
	if (ret)
		diag_set(d, NULL, "out of memory");
	return ret;
}

static void process_teardown(struct target *t)
{
	free(t->priv);
	t->priv = NULL;
}

/* ------------------------------------------------------------------------
 * One phase
 */

/* spawn - start the worker with its stdin and stdout on pipes.  Returns
 * 0 with *to and *from set, or -errno with a message. */
static int spawn(pid_t *out_pid, const char *worker, int *to, int *from)
{
	int in[2], out[2];
	pid_t pid = -1;
	int ret;

	if (pipe2(in, O_CLOEXEC))
		return -errno;
	if (pipe2(out, O_CLOEXEC)) {
		ret = -errno;
		goto out_close_in;
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out_close_out;
	}
	if (pid == 0) {
		char *argv[] = { (char *)worker, (char *)"--worker", NULL };

		setpgid(0, 0);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0)
			_exit(127);
		execv(worker, argv);
		_exit(127);
	}
	setpgid(pid, pid);
	close(in[0]);
	close(out[1]);
	*out_pid = pid;
	*to = in[1];
	*from = out[0];
	return 0;

out_close_out:
	close(out[0]);
	close(out[1]);
out_close_in:
	close(in[0]);
	close(in[1]);
	return ret;
}

/* send_jobs - the phase's resolved jobs on the worker's stdin, then EOF.
 * Returns 0 or -errno (EPIPE when the worker died at once). */
static int send_jobs(const struct target_phase *ph, int fd)
{
	FILE *f = fdopen(fd, "w");
	int ret;

	if (!f) {
		close(fd);
		return -errno;
	}
	ret = resolved_write(ph->jobs, ph->first, ph->nr, f);
	if (fclose(f) && !ret)
		ret = -errno;
	return ret;
}

/* converse - feed the worker's stdout to c until EOF, forwarding a stop
 * request as SIGINT once.  Returns 0 or -errno of the read. */
static int converse(struct remote_conv *c, pid_t pid, int fd)
{
	bool forwarded = false;
	char buf[65536];

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;

		if (!forwarded && atomic_load(c->ph->stop)) {
			kill(pid, SIGINT);
			forwarded = true;
		}
		if (poll(&pfd, 1, POLL_MS) <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return 0;
		remote_feed(c, buf, (size_t)n);	/* its errors come at the end */
	}
}

/* worker_cpu - the worker's CPU time so far, as the host sees it
 * (remote_cpu_fn; arg is its pid). */
static int worker_cpu(void *arg, uint64_t *ns)
{
	return proc_cpu_ns(*(pid_t *)arg, ns);
}

/* exit_desc - how a child ended, in words. */
static void exit_desc(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "was killed by signal %d", WTERMSIG(status));
	else
		snprintf(buf, len, "exited with status %d", WEXITSTATUS(status));
}

static int process_run_phase(struct target *t, const struct target_phase *ph,
			     struct diag *d)
{
	struct proc_target *p = t->priv;
	struct remote_conv c;
	uint64_t start = 0;
	char desc[PATH_MAX + 64], who[32], how[64];
	unsigned id = 0;
	int to = -1, from = -1, status = 0, ret;
	pid_t pid = -1;
	bool recorded;

	remote_begin(&c, t, ph, d);
	ret = spawn(&pid, p->worker, &to, &from);
	if (ret) {
		diag_set(d, NULL, "unable to start worker '%s': %s", p->worker,
			 strerror(-ret));
		return ret;
	}
	c.host_cpu = worker_cpu;
	c.host_cpu_arg = &pid;
	proc_starttime(pid, &start);
	snprintf(desc, sizeof(desc), "%d %" PRIu64 " %s", (int)pid, start, p->worker);
	recorded = !ledger_add(t->ledger, "process", desc, &id, d);
	if (!recorded)
		diag_print(d);
	ret = send_jobs(ph, to);
	if (ret && ret != -EPIPE)
		err_printf("unable to send jobs to worker %d: %s", (int)pid,
			   strerror(-ret));
	ret = converse(&c, pid, from);
	close(from);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (recorded)
		ledger_drop(t->ledger, "process", id);
	snprintf(who, sizeof(who), "worker %d", (int)pid);
	exit_desc(status, how, sizeof(how));
	if (ret) {
		remote_end(&c, who, how);
		diag_set(d, NULL, "unable to read from %s: %s", who, strerror(-ret));
		return ret;
	}
	return remote_end(&c, who, how);
}

/* process_sweep - desc is "PID STARTTIME PATH". */
static int process_sweep(const char *desc, FILE *log, struct diag *d)
{
	unsigned long long start;
	int pid;

	if (sscanf(desc, "%d %llu", &pid, &start) != 2) {
		diag_set(d, NULL, "unreadable process record '%s'", desc);
		return -EINVAL;
	}
	if (!proc_alive(pid, start)) {
		fprintf(log, "process worker %d (already exited)", pid);
		return 0;
	}
	if (kill(pid, SIGKILL) && errno != ESRCH) {
		int ret = -errno;

		diag_set(d, NULL, "unable to kill leftover worker %d: %s", pid,
			 strerror(errno));
		return ret;
	}
	fprintf(log, "process worker %d (killed)", pid);
	return 0;
}

const struct target_ops process_target_ops = {
	.kind = "process",
	.prepare = process_prepare,
	.run_phase = process_run_phase,
	.teardown = process_teardown,
	.sweep = process_sweep,
};
