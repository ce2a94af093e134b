/* SPDX-License-Identifier: MIT */
#include "run/runner.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backends/backend.h"
#include "measure/cycles.h"
#include "measure/diskstats.h"
#include "run/sampler.h"
#include "run/ss_watch.h"
#include "run/worker.h"
#include "targets/target.h"

/* Copy a finished worker's stats into the result's slot for its job. */
static void runner_collect(struct run_result *res, struct worker *w)
{
	struct job_stats *dst = &res->job_stats[w->index];
	unsigned merged = dst->nr_merged;

	if (w->job->gtod_reduce)	/* fio reports no latency or bandwidth */
		job_stats_drop_timing(&w->stats);
	job_stats_merge(dst, &w->stats);
	dst->nr_merged = merged;	/* one worker is one job */
}

/* Spread the phase's process and system cycles over its I/Os. */
static void runner_apply_span(struct cycles_span *span, struct worker *workers,
			      unsigned n)
{
	struct cycles_stat pc;
	uint64_t ios = 0;

	if (cycles_span_end(span, &pc))
		return;
	for (unsigned k = 0; k < n; k++)
		for (unsigned d = 0; d < DDIR_NR; d++)
			ios += workers[k].stats.dir[d].ios;
	for (unsigned k = 0; k < n; k++)
		cycles_span_apply(&pc, ios, &workers[k].stats.cycles);
}

/* phase_jobs - the jobs of phase p: [*first, *first + return). Phases are
 * contiguous in the list. */
static unsigned phase_jobs(const struct job_list *jobs, unsigned p,
			   unsigned *first)
{
	unsigned n = 0;

	*first = jobs->nr;
	for (unsigned i = 0; i < jobs->nr; i++) {
		if (jobs->jobs[i].phase != p)
			continue;
		if (*first == jobs->nr)
			*first = i;
		n++;
	}
	return n;
}

/* jobs_exitall - does any job set exitall?  fio keeps exitall in one
 * global flag: set in any job, it holds for every job. */
static bool jobs_exitall(const struct job_list *jobs)
{
	for (unsigned i = 0; i < jobs->nr; i++)
		if (jobs->jobs[i].exitall)
			return true;
	return false;
}

/* remote_target - the target phase p runs at when it is a remote one
 * (its kind has run_phase), else NULL. */
static struct target *remote_target(const struct run_result *res, unsigned p,
				    const struct runner_opts *o)
{
	unsigned first;

	if (!o->job_targets || !phase_jobs(res->jobs, p, &first))
		return NULL;
	if (!o->job_targets[first] || !o->job_targets[first]->ops->run_phase)
		return NULL;
	return o->job_targets[first];
}

/* runner_remote - run the jobs [first, first + n) at t: one or more whole
 * consecutive phases, in one visit (so files a phase leaves in a
 * container's layer are there for the next). */
static int runner_remote(struct run_result *res, struct target *t,
			 unsigned first, unsigned n, atomic_bool *stop,
			 const struct runner_opts *o, struct diag *d)
{
	const struct target_phase ph = {
		.jobs = res->jobs,
		.first = first,
		.nr = n,
		.job_stats = res->job_stats,
		.stop = stop,
		.status = o->status,
		.guest_disks = &res->guest_disks,
		.raid1 = &res->raid1,
	};
	int ret = t->ops->run_phase(t, &ph, d);

	if (ret) {
		diag_print(d);
		/* what never reported its own error failed with the place */
		for (unsigned i = first; i < first + n; i++)
			if (!res->job_stats[i].error)
				res->job_stats[i].error = ret;
	}
	return ret;
}

struct phase_start {
	const struct runner_opts *o;
	unsigned phase;
};

static void runner_phase_started(void *arg)
{
	const struct phase_start *ps = arg;

	ps->o->started(ps->phase, ps->o->emit_arg);
}

/* sync_start - agree on phase's start with the other processes, when
 * there are any (runner_sync.start); a failure anywhere stops the workers
 * here before their first I/O.  Called exactly once per phase. */
static void sync_start(const struct runner_opts *o, unsigned phase,
		       bool failed, atomic_bool *stop)
{
	if (o->sync && o->sync->start(phase, failed || atomic_load(stop),
				       o->sync->arg))
		atomic_store(stop, true);
}

/* sync_poll - while phase's workers run, ask the other processes about
 * every 20 ms whether one of them stopped (runner_sync.poll), until every
 * worker here has ended. */
static void sync_poll(const struct runner_opts *o, struct worker *workers,
		      unsigned n, atomic_bool *stop)
{
	const struct timespec tick = { 0, 20 * 1000 * 1000 };
	unsigned done = 0;

	if (!o->sync || !o->sync->poll)
		return;
	while (done < n) {
		nanosleep(&tick, NULL);
		if (o->sync->poll(atomic_load(stop), o->sync->arg))
			atomic_store(stop, true);
		while (done < n && atomic_load_explicit(&workers[done].live_done,
							memory_order_acquire))
			done++;
	}
}

static int runner_phase(struct run_result *res, unsigned phase,
			atomic_bool *stop, atomic_bool *run_stop,
			const struct runner_opts *o,
			struct diag *d)
{
	struct sampler_opts sopts = {
		.status = o->status,
		.emit = o->emit,
		.emit_arg = o->emit_arg,
	};
	struct sampler sampler = { 0 };
	struct ss_watch ss = { 0 };
	struct cycles_span span;
	bool have_span = false;
	const struct job_list *jobs = res->jobs;
	struct phase_start ps = { o, phase };
	struct gate gate;
	struct worker *workers;
	atomic_bool no_run = true;	/* the workers' stop flag, layout_only */
	atomic_bool *group_stop = NULL;	/* exitall: one flag per group */
	struct flow_set flows = { 0 };
	bool watched = false;		/* o->watch has the workers */
	bool synced = false;		/* sync_start() was called */
	unsigned n, first, started = 0;
	int ret = 0;

	n = phase_jobs(jobs, phase, &first);
	if (!n) {
		sync_start(o, phase, false, stop);
		return 0;
	}
	workers = calloc(n, sizeof(*workers));
	if (!workers) {
		sync_start(o, phase, true, stop);
		return -ENOMEM;
	}
	if (jobs_exitall(jobs)) {
		group_stop = calloc(jobs->nr_groups ? jobs->nr_groups : 1,
				    sizeof(*group_stop));
		if (!group_stop) {
			ret = -ENOMEM;
			sync_start(o, phase, true, stop);
			goto out_free_workers;
		}
	}
	ret = flow_set_init(&flows, jobs->jobs, first, n);
	if (ret) {
		sync_start(o, phase, true, stop);
		goto out_free_workers;
	}
	/* with other processes, this thread arrives last, after they agree */
	ret = gate_init(&gate, n + (o->sync ? 1 : 0));
	if (ret) {
		sync_start(o, phase, true, stop);
		goto out_free_workers;
	}
	if (o->started && !o->layout_only) {
		gate.on_open = runner_phase_started;
		gate.on_open_arg = &ps;
	}

	for (unsigned i = 0, k = 0; i < jobs->nr; i++) {
		if (jobs->jobs[i].phase != phase)
			continue;
		ret = worker_init(&workers[k], &jobs->jobs[i], i);
		if (ret)
			goto out_abort;
		workers[k].nr_jobs = jobs->nr;
		workers[k].start_gate = &gate;
		workers[k].stop = o->layout_only ? &no_run : stop;
		if (group_stop) {
			workers[k].group_stop = &group_stop[jobs->jobs[i].groupid];
			workers[k].phase_stops = group_stop;
			workers[k].phase_stops_nr = jobs->nr_groups ? jobs->nr_groups : 1;
			workers[k].run_stop = run_stop;
		}
		if (jobs->jobs[i].wait_for_job >= 0 &&
		    jobs->jobs[jobs->jobs[i].wait_for_job].phase == phase) {
			workers[k].waitees = &workers[jobs->jobs[i].wait_for_job - (int)first];
			workers[k].nr_waitees = jobs->jobs[i].wait_for_nr;
		}
		if (jobs->jobs[i].flow)
			workers[k].flow = flow_set_find(&flows, jobs->jobs[i].flow_id);
		k++;
	}
	ret = ss_watch_init(&ss, workers, n);
	if (ret)
		goto out_abort;
	sopts.ss = &ss;
	if (o->watch) {
		o->watch(phase, workers, n, o->emit_arg);
		watched = true;
	}
	have_span = !cycles_span_begin(&span);
	if (sampler_start(&sampler, workers, n, &sopts)) {
		memset(&sampler, 0, sizeof(sampler));
		err_printf("warning: no per-second samples or status line for phase %u", phase);
	}
	for (started = 0; started < n; started++) {
		int r = pthread_create(&workers[started].thread, NULL, worker_main,
				       &workers[started]);
		if (r) {
			ret = -r;
			goto out_abort;
		}
	}
	if (o->sync) {
		gate_await(&gate, n);
		sync_start(o, phase, false, stop);
		synced = true;
		gate_wait(&gate);
		sync_poll(o, workers, n, stop);
	}
	for (unsigned k = 0; k < n; k++)
		pthread_join(workers[k].thread, NULL);
	sampler_stop(&sampler);
	if (ss_watch_finish(&ss))
		err_printf("warning: no steady-state results for phase %u: out of memory", phase);
	if (have_span)
		runner_apply_span(&span, workers, n);
	for (unsigned k = 0; k < n; k++) {
		runner_collect(res, &workers[k]);
		if (workers[k].error) {
			diag_print(&workers[k].diag);
			if (!ret) {
				ret = workers[k].error;
				*d = workers[k].diag;
			}
		}
	}
	goto out_release_workers;

out_abort:
	/* Thread creation failed: let the threads that did start through the
	 * gate; they see the stop flag and end without running. */
	diag_set(d, NULL, "unable to start worker threads: %s", strerror(-ret));
	if (!synced)
		sync_start(o, phase, true, stop);
	atomic_store(stop, true);
	gate_force_open(&gate);
	for (unsigned k = 0; k < started; k++)
		pthread_join(workers[k].thread, NULL);
	sampler_stop(&sampler);
	if (have_span) {
		struct cycles_stat unused;

		cycles_span_end(&span, &unused);
	}
out_release_workers:
	if (watched)
		o->watch(phase, NULL, 0, o->emit_arg);
	for (unsigned k = 0; k < n; k++)
		if (workers[k].job)
			worker_release(&workers[k]);
	gate_release(&gate);
out_free_workers:
	ss_watch_release(&ss);
	flow_set_release(&flows);
	free(group_stop);
	free(workers);
	return ret;
}
/*
 * The devices behind every job's data file, for disk_util.  Failing to
 * resolve one is a warning, not an error: the run itself is unaffected.
 */
static struct disk_set *runner_disks(const struct job_list *jobs,
				     const struct runner_opts *o)
{
	struct disk_set *set = calloc(1, sizeof(*set));

	if (!set)
		return NULL;
	diskset_init(set);
	for (unsigned i = 0; i < jobs->nr; i++) {
		const struct job *job = &jobs->jobs[i];
		struct diag d = { { 0 } };
		char *path;

		if (job->backend && (job->backend->flags & BE_F_NOIO))
			continue;
		/* a remote placement's files live where it says, on this host */
		if (o->job_targets && o->job_targets[i] &&
		    o->job_targets[i]->host_path[0])
			path = strdup(o->job_targets[i]->host_path);
		else
			path = worker_file_path(job);
		if (path && diskset_add_path(set, path, &d))
			err_printf("warning: no disk stats for '%s': %s", path, d.msg);
		free(path);
	}
	if (!set->nr) {
		free(set);
		return NULL;
	}
	return set;
}

int runner_run(struct run_result *res, atomic_bool *stop,
	       const struct runner_opts *opts, struct diag *d)
{
	bool over = false;	/* the processes agreed to end the run */
	atomic_bool run_stop = false;	/* exit_what=all: skip the phases after */
	int ret = 0;

	res->disks = opts->no_disks ? NULL : runner_disks(res->jobs, opts);
	if (res->disks)
		diskset_sample(res->disks, false);

	for (unsigned p = 0; p < res->jobs->nr_phases; p++) {
		struct target *t = remote_target(res, p, opts);
		unsigned first, last, n;
		int r;

		/* with other processes only what they all agreed ends the
		 * run: a stop seen here alone would leave them waiting */
		if (opts->sync ? over : atomic_load(stop) || atomic_load(&run_stop))
			break;
		if (!t) {
			r = runner_phase(res, p, stop, &run_stop, opts, d);
			if (opts->ended && !opts->layout_only)
				opts->ended(p, opts->emit_arg);
			if (opts->sync)
				over = opts->sync->end(p, r || atomic_load(stop) ||
						       atomic_load(&run_stop),
						       opts->sync->arg);
		} else {
			/* the run of phases at t, in one visit */
			n = phase_jobs(res->jobs, p, &first);
			while (p + 1 < res->jobs->nr_phases &&
			       remote_target(res, p + 1, opts) == t) {
				p++;
				n += phase_jobs(res->jobs, p, &last);
			}
			r = runner_remote(res, t, first, n, stop, opts, d);
		}
		if (r && !ret)
			ret = r;
	}
	if (res->disks)
		diskset_sample(res->disks, true);
	run_result_merge_groups(res);
	return ret;
}
