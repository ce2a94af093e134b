/* SPDX-License-Identifier: MIT */
/*
 * process.c - the process placement: each phase runs in `iostress
 * --worker`, a child process on this host, spoken to over pipes with the
 * protocol of wire.h.  It is the cheapest end-to-end test of the path
 * every remote placement takes (container, guest), and it shows what the
 * protocol itself costs.
 *
 * The worker binary is, in order: $IOSTRESS_WORKER; iostress-worker next
 * to this binary (the build tree) or in PKGLIBEXECDIR (installed), the
 * static worker; else this binary itself.
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

#include <json-c/json.h>

#include "job/resolved.h"
#include "lib/proc.h"
#include "lib/units.h"
#include "measure/clock.h"
#include "measure/cycles.h"
#include "targets/ledger.h"
#include "wire/wire.h"

#define WORKER_NAME	"iostress-worker"
#define POLL_MS		100

struct proc_target {
	char worker[PATH_MAX];
};

/* find_worker - the worker binary (see the top of this file). */
static int find_worker(char *out, size_t len, bool *is_static)
{
	const char *env = getenv("IOSTRESS_WORKER");
	char self[PATH_MAX], *slash;
	ssize_t n;

	*is_static = false;
	if (env && *env) {
		snprintf(out, len, "%s", env);
		*is_static = strstr(env, WORKER_NAME) != NULL;
		return access(out, X_OK) ? -errno : 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return -errno;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash) {
		snprintf(out, len, "%.*s/" WORKER_NAME, (int)(slash - self), self);
		if (!access(out, X_OK)) {
			*is_static = true;
			return 0;
		}
	}
#ifdef PKGLIBEXECDIR
	snprintf(out, len, "%s/" WORKER_NAME, PKGLIBEXECDIR);
	if (!access(out, X_OK)) {
		*is_static = true;
		return 0;
	}
#endif
	snprintf(out, len, "%s", self);
	return 0;
}

static int process_prepare(struct target *t, struct diag *d)
{
	struct proc_target *p = calloc(1, sizeof(*p));
	bool is_static;
	int ret;

	if (!p)
		return -ENOMEM;
	t->priv = p;
	ret = find_worker(p->worker, sizeof(p->worker), &is_static);
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

/* The state of one phase's conversation with its worker. */
struct conv {
	struct target *t;
	const struct target_phase *ph;
	pid_t pid;
	uint64_t t0;			/* spawn, CLOCK_MONOTONIC */
	bool got_result;
	bool status_shown;
	int job_error;			/* first job's -errno from the result */
	struct diag *d;
};

/* spawn - start the worker with its stdin and stdout on pipes.  Returns
 * 0 with *to and *from set, or -errno with a message. */
static int spawn(struct conv *c, const char *worker, int *to, int *from)
{
	int in[2], out[2];
	pid_t pid;
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
	c->pid = pid;
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

static void on_status(struct conv *c, struct json_object *o)
{
	struct status_snapshot snap;
	struct diag d = { { 0 } };
	char line[256];

	if (!c->ph->status || wire_status_read(o, &snap, &d))
		return;
	status_format(&snap, line, sizeof(line));
	fprintf(c->ph->status, "\r%-100s", line);
	fflush(c->ph->status);
	c->status_shown = true;
}

/* on_result - fold the jobs' stats into the result, as the runner folds a
 * local worker's (job_stats_merge). */
static int on_result(struct conv *c, struct json_object *o)
{
	const struct target_phase *ph = c->ph;
	struct json_object *jobs, *place, *err;
	size_t n;

	if (!json_object_object_get_ex(o, "jobs", &jobs) ||
	    !json_object_is_type(jobs, json_type_array)) {
		diag_set(c->d, NULL, "worker result: jobs: missing");
		return -EPROTO;
	}
	n = json_object_array_length(jobs);
	if (n != ph->nr) {
		diag_set(c->d, NULL, "worker result: %zu jobs for the %u sent", n, ph->nr);
		return -EPROTO;
	}
	for (unsigned i = 0; i < ph->nr; i++) {
		struct json_object *ji = json_object_array_get_idx(jobs, i), *so;
		struct job_stats *dst = &ph->job_stats[ph->first + i];
		struct job_stats tmp;
		unsigned merged = dst->nr_merged;
		char path[64];
		int ret;

		snprintf(path, sizeof(path), "jobs[%u].stats", i);
		if (!json_object_object_get_ex(ji, "stats", &so)) {
			diag_set(c->d, NULL, "worker result: %s: missing", path);
			return -EPROTO;
		}
		ret = job_stats_init(&tmp);
		if (ret)
			return ret;
		ret = wire_stats_read(so, path, &tmp, c->d);
		if (!ret)
			job_stats_merge(dst, &tmp);
		job_stats_release(&tmp);
		if (ret)
			return ret;
		dst->nr_merged = merged;	/* one worker job is one job */
	}
	if (json_object_object_get_ex(o, "place", &place) &&
	    json_object_is_type(place, json_type_object)) {
		json_object_object_foreach(place, key, val) {
			char k[64];

			snprintf(k, sizeof(k), "worker_%s", key);
			target_prop_set(c->t, k, "%s", json_object_get_string(val));
		}
	}
	if (json_object_object_get_ex(o, "error", &err) && json_object_get_int(err)) {
		struct json_object *msg;

		c->job_error = json_object_get_int(err);
		if (json_object_object_get_ex(o, "message", &msg))
			diag_set(c->d, NULL, "%s", json_object_get_string(msg));
	}
	c->got_result = true;
	return 0;
}

/* on_line - one document from the worker. */
static int on_line(struct conv *c, const char *line)
{
	struct json_object *o = json_tokener_parse(line);
	const char *ev = o ? wire_event(o) : NULL;
	int ret = 0;

	if (!ev) {
		diag_set(c->d, NULL, "worker sent a line that is not a wire event: '%.80s'", line);
		ret = -EPROTO;
	} else if (!strcmp(ev, "hello")) {
		if (!c->t->first_phase_done)
			c->t->info.setup_ns += clock_monotonic_ns() - c->t0;
		c->t->first_phase_done = true;
	} else if (!strcmp(ev, "status")) {
		on_status(c, o);
	} else if (!strcmp(ev, "result")) {
		ret = on_result(c, o);
	}
	json_object_put(o);
	return ret;
}

/* converse - read the worker's lines until EOF, forwarding a stop
 * request as SIGINT once.  Returns 0 or the first protocol -errno. */
static int converse(struct conv *c, int fd)
{
	size_t cap = 65536, len = 0;
	char *buf = malloc(cap);
	bool forwarded = false;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		ssize_t n;
		char *nl;

		if (!forwarded && atomic_load(c->ph->stop)) {
			kill(c->pid, SIGINT);
			forwarded = true;
		}
		if (poll(&pfd, 1, POLL_MS) <= 0)
			continue;
		if (len + 4096 > cap) {
			char *grown = realloc(buf, cap * 2);

			if (!grown) {
				ret = -ENOMEM;
				break;
			}
			buf = grown;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		while ((nl = memchr(buf, '\n', len))) {
			*nl = '\0';
			if (!ret && *buf)
				ret = on_line(c, buf);
			len -= (size_t)(nl + 1 - buf);
			memmove(buf, nl + 1, len);
		}
	}
	free(buf);
	return ret;
}

/* host_cycles - the worker's CPU as the host saw it, spread over the
 * phase's I/Os like the process figure. */
static void host_cycles(const struct target_phase *ph, const struct rusage *ru)
{
	uint64_t ns = (uint64_t)ru->ru_utime.tv_sec * NS_PER_SEC +
		      (uint64_t)ru->ru_utime.tv_usec * NS_PER_USEC +
		      (uint64_t)ru->ru_stime.tv_sec * NS_PER_SEC +
		      (uint64_t)ru->ru_stime.tv_usec * NS_PER_USEC;
	uint64_t cycles = cycles_from_ns(ns, clock_tsc_hz());

	for (unsigned i = ph->first; i < ph->first + ph->nr; i++)
		ph->job_stats[i].cycles.host = cycles;
}

static int process_run_phase(struct target *t, const struct target_phase *ph,
			     struct diag *d)
{
	struct proc_target *p = t->priv;
	struct conv c = { .t = t, .ph = ph, .d = d };
	struct rusage ru = { 0 };
	uint64_t start = 0;
	char desc[PATH_MAX + 64];
	unsigned id = 0;
	int to = -1, from = -1, status = 0, ret;
	bool recorded;

	c.t0 = clock_monotonic_ns();
	ret = spawn(&c, p->worker, &to, &from);
	if (ret) {
		diag_set(d, NULL, "unable to start worker '%s': %s", p->worker,
			 strerror(-ret));
		return ret;
	}
	proc_starttime(c.pid, &start);
	snprintf(desc, sizeof(desc), "%d %" PRIu64 " %s", (int)c.pid, start, p->worker);
	recorded = !ledger_add(t->ledger, "process", desc, &id, d);
	if (!recorded)
		diag_print(d);
	ret = send_jobs(ph, to);
	if (ret && ret != -EPIPE)
		diag_set(d, NULL, "unable to send jobs to worker %d: %s", (int)c.pid,
			 strerror(-ret));
	ret = converse(&c, from);
	close(from);
	if (c.status_shown) {
		fprintf(ph->status, "\r%-100s\r", "");
		fflush(ph->status);
	}
	while (wait4(c.pid, &status, 0, &ru) < 0 && errno == EINTR)
		;
	if (recorded)
		ledger_drop(t->ledger, "process", id);
	host_cycles(ph, &ru);
	if (!ret && !c.got_result) {
		if (WIFSIGNALED(status))
			diag_set(d, NULL, "worker %d was killed by signal %d before sending a result",
				 (int)c.pid, WTERMSIG(status));
		else
			diag_set(d, NULL, "worker %d exited with status %d before sending a result",
				 (int)c.pid, WEXITSTATUS(status));
		ret = -EPROTO;
	}
	return ret ? ret : c.job_error;
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
