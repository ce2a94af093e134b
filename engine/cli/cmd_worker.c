/* SPDX-License-Identifier: MIT */
/*
 * cmd_worker.c - `iostress --worker`: the far end of a placement.
 *
 * Reads resolved jobs (job/resolved.h) from stdin, or from the file named
 * after --worker (a container's entrypoint has no stdin to give), runs
 * them here with the same runner as a local run, and answers on stdout
 * with wire.h's events: hello, a status line a second, the result with
 * every job's full stats.  SIGINT or SIGTERM stops the run; the result of
 * what ran is still sent.  A host that goes away (EPIPE on a status line)
 * stops it too.  Messages go to stderr, never to stdout.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/signals.h"
#include "job/jobfile.h"
#include "job/resolved.h"
#include "lib/json.h"
#include "measure/clock.h"
#include "run/result.h"
#include "run/runner.h"
#include "targets/target.h"
#include "wire/wire.h"

#define STDIN_MAX	(64u << 20)

/* read_stdin - all of stdin into a malloc'd buffer.  Returns 0 or -errno. */
static int read_stdin(char **out, size_t *len)
{
	size_t cap = 65536, n = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t r;

		if (n == cap) {
			char *grown = cap < STDIN_MAX ? realloc(buf, cap * 2) : NULL;

			if (!grown) {
				free(buf);
				return cap < STDIN_MAX ? -ENOMEM : -EFBIG;
			}
			buf = grown;
			cap *= 2;
		}
		r = read(0, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int ret = -errno;

			free(buf);
			return ret;
		}
		if (!r)
			break;
		n += (size_t)r;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* The sampler's thread writes status lines and a worker thread writes
 * "start": each line is written whole under stdout's lock. */
static void emit_status(const struct status_snapshot *snap, void *arg)
{
	(void)arg;
	flockfile(stdout);
	if (wire_status_write(stdout, snap))
		atomic_store(&signals_stop, true);	/* the host is gone */
	funlockfile(stdout);
}

/* emit_phase - {"event":EV,"phase":P}, whole, under stdout's lock. */
static void emit_phase(const char *ev, unsigned phase)
{
	struct json_writer w;

	flockfile(stdout);
	json_init_compact(&w, stdout);
	json_obj_begin(&w, NULL);
	json_str(&w, "event", ev);
	json_u64(&w, "phase", phase);
	json_obj_end(&w);
	if (json_finish(&w))
		atomic_store(&signals_stop, true);	/* the host is gone */
	funlockfile(stdout);
}

static void emit_start(unsigned phase, void *arg)
{
	const struct worker_hooks *h = arg;

	emit_phase("start", phase);
	if (h && h->started)
		h->started(phase, h->arg);
}

static void emit_watch(unsigned phase, const struct worker *workers, unsigned n,
		       void *arg)
{
	const struct worker_hooks *h = arg;

	h->watch(phase, workers, n, h->arg);
}

static void emit_end(unsigned phase, void *arg)
{
	(void)arg;
	emit_phase("end", phase);
}

static int emit_hello(void)
{
	struct json_writer w;

	json_init_compact(&w, stdout);
	json_obj_begin(&w, NULL);
	json_str(&w, "event", "hello");
	json_str(&w, "version", PACKAGE_VERSION);
	json_u64(&w, "pid", (uint64_t)getpid());
	json_obj_end(&w);
	return json_finish(&w);
}

/* emit_place - what this end sees of its place: the native target's
 * description from in here. */
static void emit_place(struct json_writer *w, const struct job_list *jobs)
{
	struct placement pl;
	struct target t;
	struct diag d = { { 0 } };

	json_obj_begin(w, "place");
	if (!placement_parse("native", &pl, NULL, &d)) {
		if (!target_open(&t, &pl, jobs, NULL, &d)) {
			for (unsigned i = 0; i < t.info.nr_props; i++)
				json_str(w, t.info.props[i].key, t.info.props[i].val);
			target_close(&t);
		}
		placement_release(&pl);
	}
	json_obj_end(w);
}

static int emit_result(const struct run_result *res, int error,
		       const struct diag *d, const struct worker_hooks *h)
{
	struct json_writer w;

	json_init_compact(&w, stdout);
	json_obj_begin(&w, NULL);
	json_str(&w, "event", "result");
	json_str(&w, "clock", res->clock_source);
	json_bool(&w, "interrupted", res->interrupted);
	json_i64(&w, "error", error);
	json_str(&w, "message", d->msg);
	json_arr_begin(&w, "jobs");
	for (unsigned i = 0; i < res->jobs->nr; i++) {
		json_obj_begin(&w, NULL);
		json_str(&w, "name", res->jobs->jobs[i].name);
		wire_stats_write(&w, "stats", &res->job_stats[i]);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	if (res->disks)
		wire_disks_write(&w, "disks", res->disks);
	if (h && h->result)
		h->result(&w, h->arg);
	emit_place(&w, res->jobs);
	json_obj_end(&w);
	return json_finish(&w);
}

/* unlink_self - remove the jobs file and this binary, both read by now
 * (the kernel keeps a running binary's pages): a worker copied into a
 * container leaves nothing there, even if it is killed. */
static void unlink_self(const char *jobs)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (unlink(jobs))
		err_printf("worker: unable to remove '%s': %s", jobs, strerror(errno));
	if (n <= 0)
		return;
	self[n] = '\0';
	if (unlink(self))
		err_printf("worker: unable to remove '%s': %s", self, strerror(errno));
}

int cmd_worker(const struct cli *cli)
{
	return cmd_worker_hooked(cli, NULL);
}

int cmd_worker_hooked(const struct cli *cli, const struct worker_hooks *hooks)
{
	const struct runner_opts opts = {
		.emit = emit_status,
		.emit_arg = (void *)hooks,
		.started = emit_start,
		.ended = emit_end,
		.watch = hooks && hooks->watch ? emit_watch : NULL,
		.layout_only = cli->layout,
		.no_disks = !cli->disks,
	};
	struct job_list jobs = { 0 };
	struct jobfile jf = { 0 };
	struct diag d = { { 0 } };
	struct run_result res;
	char *text = NULL;
	size_t len = 0;
	int ret, status = EXIT_OK;

	signals_install();
	if (cli->nr_jobfiles > 1) {
		err_printf("worker: one resolved job file at most, got %u", cli->nr_jobfiles);
		return EXIT_USAGE;
	}
	if (cli->nr_jobfiles) {
		/* where stdin cannot be had: a container's entrypoint */
		ret = jobfile_parse(cli->jobfiles[0], &jf, &d);
		if (cli->unlink)
			unlink_self(cli->jobfiles[0]);
	} else {
		ret = read_stdin(&text, &len);
		if (ret) {
			err_printf("worker: unable to read jobs from stdin: %s", strerror(-ret));
			return EXIT_USAGE;
		}
		ret = jobfile_parse_buf("<worker>", text, len, &jf, &d);
		free(text);
	}
	if (!ret) {
		ret = resolved_build(&jf, &jobs, &d);
		jobfile_release(&jf);
	}
	if (ret) {
		diag_print(&d);
		return EXIT_USAGE;
	}
	clock_init(getenv("IOSTRESS_CLOCK") && !strcmp(getenv("IOSTRESS_CLOCK"), "monotonic"));
	if (run_result_init(&res, &jobs)) {
		err_printf("out of memory");
		status = EXIT_RUN_FAILED;
		goto out_release_jobs;
	}
	res.clock_source = clock_source_name();
	if (emit_hello()) {
		status = EXIT_RUN_FAILED;
		goto out_release_result;
	}
	ret = runner_run(&res, &signals_stop, &opts, &d);
	res.interrupted = signals_interrupted();
	if (ret || res.interrupted)
		status = EXIT_RUN_FAILED;
	if (emit_result(&res, ret, &d, hooks))
		status = EXIT_RUN_FAILED;

out_release_result:
	run_result_release(&res);
out_release_jobs:
	job_list_release(&jobs);
	return status;
}
