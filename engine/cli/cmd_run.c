/* SPDX-License-Identifier: MIT */
/*
 * cmd_run.c - `iostress [options] JOBFILE...`: parse, expand, place, run,
 * report.
 *
 * Without --target each job runs at its own target= (native by default),
 * and every job of a phase must share one.  With --target=A,B,... the
 * whole job list runs once per placement, in that order, each run
 * complete with its own report (--output then needs %t), and a
 * side-by-side summary follows.  --repeat=N makes that N rounds (--output
 * then needs %r), and the summary tells differences from noise.  What killed runs left behind is swept
 * first; every target is torn down at the end of its run, whatever
 * happened.  Started by mpirun (cli/mpi.h) each rank runs the whole job
 * list once, natively, meeting the others at every phase boundary, and
 * rank 0 writes the one report of them all.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include "cli/commands.h"
#include "cli/mpi.h"
#include "cli/output.h"
#include "cli/signals.h"
#include "job/jobfile.h"
#include "job/jobs.h"
#include "job/placement.h"
#include "job/rank_names.h"
#include "lib/units.h"
#include "measure/clock.h"
#include "report/report.h"
#include "report/summary.h"
#include "run/result.h"
#include "run/runner.h"
#include "targets/ledger.h"
#include "targets/target.h"

/* Parse every job file, and the command-line jobs as one more file after
 * them, and expand them into jobs. */
static int load_jobs(const struct cli *cli, struct job_list *jobs, struct diag *d)
{
	unsigned nr = cli->nr_jobfiles + (cli->nr_job_args ? 1 : 0);
	struct jobfile *files;
	unsigned parsed = 0;
	int ret = 0;

	files = calloc(nr, sizeof(*files));
	if (!files)
		return -ENOMEM;
	for (; parsed < cli->nr_jobfiles; parsed++) {
		ret = jobfile_parse(cli->jobfiles[parsed], &files[parsed], d);
		if (ret)
			goto out_release_files;
	}
	if (cli->nr_job_args) {
		ret = jobfile_from_args(cli->job_args, cli->job_argi,
					cli->nr_job_args, &files[parsed], d);
		if (ret)
			goto out_release_files;
		parsed++;
	}
	ret = jobs_build(files, nr, jobs, d);

out_release_files:
	for (unsigned i = 0; i < parsed; i++)
		jobfile_release(&files[i]);
	free(files);
	return ret;
}

static const char *job_target(const struct job *job)
{
	return job->target ? job->target : "native";
}

/* check_phases - without --target, every job of a phase must be at the
 * same target (a phase starts together, in one place). */
static int check_phases(const struct job_list *jobs, struct diag *d)
{
	for (unsigned i = 1; i < jobs->nr; i++) {
		const struct job *a = &jobs->jobs[i - 1], *b = &jobs->jobs[i];

		if (a->phase == b->phase && strcmp(job_target(a), job_target(b))) {
			diag_set(d, &b->loc,
				 "job '%s' is at target '%s' but job '%s' of the same phase is at '%s' (separate them with stonewall)",
				 b->name, job_target(b), a->name, job_target(a));
			return -EINVAL;
		}
	}
	return 0;
}

/* force_target - every job at spec, as --target with one placement says
 * (so --dump-jobs shows where the jobs will run).  Returns 0 or -ENOMEM. */
static int force_target(struct job_list *jobs, const char *spec)
{
	for (unsigned i = 0; i < jobs->nr; i++) {
		char *copy = strdup(spec);

		if (!copy)
			return -ENOMEM;
		free(jobs->jobs[i].target);
		jobs->jobs[i].target = copy;
	}
	return 0;
}

/* One run of the job list: at one placement, or at the jobs' own. */
struct placed_run {
	struct run_result res;
	struct target *targets;		/* opened targets */
	unsigned nr_targets;
	struct target **job_targets;	/* per job, into targets */
	const struct target_info **places;	/* per job */
	const char *name;		/* placement name for %t and summary */
	bool have_res;
};

/* open_targets - one target per distinct spec among the jobs (forced
 * overrides them all). */
static int open_targets(struct placed_run *pr, const struct job_list *jobs,
			const struct placement *forced, struct ledger *ledger,
			struct diag *d)
{
	pr->targets = calloc(jobs->nr, sizeof(*pr->targets));
	pr->job_targets = calloc(jobs->nr, sizeof(*pr->job_targets));
	pr->places = calloc(jobs->nr, sizeof(*pr->places));
	if (!pr->targets || !pr->job_targets || !pr->places)
		return -ENOMEM;
	for (unsigned i = 0; i < jobs->nr; i++) {
		const char *spec = forced ? forced->spec : job_target(&jobs->jobs[i]);
		struct target *t = NULL;
		struct placement pl;
		int ret;

		for (unsigned k = 0; k < pr->nr_targets && !t; k++)
			if (!strcmp(pr->targets[k].pl.spec, spec))
				t = &pr->targets[k];
		if (!t) {
			ret = placement_parse(spec, &pl, &jobs->jobs[i].loc, d);
			if (ret)
				return ret;
			t = &pr->targets[pr->nr_targets];
			ret = target_open(t, &pl, jobs, ledger, d);
			placement_release(&pl);
			if (ret)
				return ret;
			pr->nr_targets++;
		}
		pr->job_targets[i] = t;
		pr->places[i] = &t->info;
	}
	return 0;
}

static void close_targets(struct placed_run *pr)
{
	for (unsigned k = 0; k < pr->nr_targets; k++)
		target_close(&pr->targets[k]);
	pr->nr_targets = 0;
}

static void placed_run_release(struct placed_run *pr)
{
	close_targets(pr);
	if (pr->have_res)
		run_result_release(&pr->res);
	free(pr->targets);
	free(pr->job_targets);
	free(pr->places);
	memset(pr, 0, sizeof(*pr));
}

/* write_report - pr's report in formats to tmpl (output_path(); NULL:
 * stdout).  Returns 0 or -errno, with a message printed. */
static int write_report(const char *tmpl, const struct placed_run *pr,
			unsigned formats, unsigned rep, unsigned rank)
{
	char *path = NULL;
	int ret;

	if (tmpl) {
		path = output_path(tmpl, pr->name ? pr->name : "native", rep, rank);
		if (!path) {
			err_printf("out of memory");
			return -ENOMEM;
		}
	}
	ret = output_write(path, formats, &pr->res);
	free(path);
	return ret;
}

/* run_placed - one complete run; returns the exit status of its part.
 * Under MPI every rank takes part in every collective (mpi.h), whatever
 * happens, and rank 0 writes the report of all of them. */
static int run_placed(struct placed_run *pr, const struct cli *cli,
		      const struct job_list *jobs, const struct placement *forced,
		      struct ledger *ledger, unsigned rep, struct mpi_run *m)
{
	struct runner_opts opts = {
		/* under MPI rank 0 shows its own progress */
		.status = !m->rank && status_enabled(cli->eta, stderr) ? stderr : NULL,
		.sync = m->size ? &m->sync : NULL,
	};
	struct diag d = { { 0 } };
	struct timeval tv;
	int status = EXIT_OK, ret;

	pr->name = forced ? forced->name : NULL;
	ret = run_result_init(&pr->res, jobs);
	if (ret) {
		err_printf("out of memory");
	} else {
		pr->have_res = true;
		gettimeofday(&tv, NULL);
		pr->res.start_time = tv.tv_sec;
		pr->res.start_ms = timeval_ms(&tv);
		pr->res.clock_source = clock_source_name();
		ret = open_targets(pr, jobs, forced, ledger, &d);
		if (ret)
			diag_print(&d);
	}
	if (mpi_any(m, ret)) {	/* no rank runs when one cannot */
		close_targets(pr);
		return EXIT_RUN_FAILED;
	}
	pr->res.places = pr->places;
	opts.job_targets = pr->job_targets;
	ret = runner_run(&pr->res, &signals_stop, &opts, &d);
	/* Tear down before anything else can fail; the targets' info
	 * stays for the report. */
	for (unsigned k = 0; k < pr->nr_targets; k++)
		target_teardown(&pr->targets[k]);
	pr->res.interrupted = signals_interrupted();
	if (ret)
		status = EXIT_RUN_FAILED;
	if (pr->res.interrupted) {
		/* The report is complete for what ran, but the run is not. */
		err_printf("interrupted; reporting what ran");
		status = EXIT_RUN_FAILED;
	}
	if (m->size) {
		if (cli->rank_output &&
		    write_report(cli->rank_output, pr, cli->formats, rep, m->rank))
			status = EXIT_RUN_FAILED;
		if (mpi_reduce(m, &pr->res, &d)) {
			diag_print(&d);
			status = EXIT_RUN_FAILED;
		}
		if (m->rank)	/* rank 0 writes the one report */
			return status;
	}
	if (write_report(cli->output, pr, cli->formats, rep, m->rank))
		status = EXIT_RUN_FAILED;
	return status;
}

/* summarize - the side-by-side summary of runs[0..done): run i was at
 * placement i % np.  label[k] names placement k. */
static int summarize(struct placed_run *runs, unsigned done, unsigned np,
		     char (*label)[PLACEMENT_NAME_MAX + 16])
{
	const struct run_result **res = calloc(done, sizeof(*res));
	struct summary_col *cols = calloc(np, sizeof(*cols));
	unsigned n = 0, ncols = 0;
	int ret = -ENOMEM;

	if (!res || !cols)
		goto out_free;
	for (unsigned k = 0; k < np && k < done; k++) {
		cols[ncols].name = label[k];
		cols[ncols].runs = &res[n];
		for (unsigned i = k; i < done; i += np)
			res[n++] = &runs[i].res;
		cols[ncols].nr = (unsigned)(&res[n] - cols[ncols].runs);
		ncols++;
	}
	ret = report_summary(stdout, cols, ncols);
	if (!ret && fflush(stdout))
		ret = -EIO;
out_free:
	free(res);
	free(cols);
	return ret;
}

/* run_all - the job list at each placement (or once at the jobs' own),
 * cli->repeat rounds of them: round r runs every placement once, so that
 * a drift of the machine over time spreads over all of them. */
static int run_all(const struct cli *cli, const struct job_list *jobs,
		   const struct placement *pls, unsigned nr_pls, struct mpi_run *m)
{
	unsigned np = nr_pls ? nr_pls : 1, n = np * cli->repeat, done = 0;
	struct placed_run *runs = calloc(n, sizeof(*runs));
	char (*label)[PLACEMENT_NAME_MAX + 16] = calloc(np, sizeof(*label));
	struct ledger ledger;
	struct diag d = { { 0 } };
	int status = EXIT_OK;

	if (!runs || !label)
		err_printf("out of memory");
	if (mpi_any(m, !runs || !label)) {	/* every rank, or none */
		free(runs);
		free(label);
		return EXIT_RUN_FAILED;
	}
	if (ledger_open(&ledger, &d)) {
		/* Only placements that create something need it; they say so
		 * when they do. */
		err_printf("warning: %s; leftovers of this run cannot be swept", d.msg);
	}
	for (unsigned k = 0; k < np; k++)
		snprintf(label[k], sizeof(label[k]), "%s",
			 nr_pls ? pls[k].name : "native");
	/* under MPI there is one run, and the runner agrees on a stop */
	for (; done < n && (m->size || !atomic_load(&signals_stop)); done++) {
		unsigned k = done % np;
		int s = run_placed(&runs[done], cli, jobs, nr_pls ? &pls[k] : NULL,
				   &ledger, done / np + 1, m);

		if (s != EXIT_OK && !strstr(label[k], " (failed)"))
			strncat(label[k], " (failed)", sizeof(label[k]) - strlen(label[k]) - 1);
		if (s > status)
			status = s;
	}
	if (done > 1 && summarize(runs, done, np, label))
		status = EXIT_RUN_FAILED;
	for (unsigned i = 0; i < n; i++)
		placed_run_release(&runs[i]);
	free(runs);
	free(label);
	ledger_close(&ledger);
	return status;
}

/* check_mpi - what an MPI run cannot do (yet): each rank is its own
 * native place, and there is one run. */
static int check_mpi(const struct cli *cli, const struct job_list *jobs,
		     const struct mpi_run *m)
{
	if (!m->size)
		return 0;
	if (cli->targets || cli->repeat > 1) {
		err_printf("under MPI each rank runs the jobs once, in its own process: no --target or --repeat");
		return -EINVAL;
	}
	for (unsigned i = 0; i < jobs->nr; i++) {
		if (strcmp(job_target(&jobs->jobs[i]), "native")) {
			err_printf("job '%s' is at target '%s': under MPI every job runs at native",
				   jobs->jobs[i].name, job_target(&jobs->jobs[i]));
			return -EINVAL;
		}
	}
	return 0;
}

/* dump_jobs - --dump-jobs: under MPI every rank's jobs, in rank order,
 * each under a comment naming the rank. */
static int dump_jobs(const struct job_list *jobs, struct mpi_run *m)
{
	size_t len = 0;
	char *text = NULL;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f)
		return mpi_print(m, "", 0, stdout) ? -EIO : -ENOMEM;
	if (m->size)
		fprintf(f, "; rank %u of %u on %s\n", m->rank, m->size, m->host);
	jobs_dump(jobs, f);
	ret = fclose(f) ? -ENOMEM : 0;
	if (mpi_print(m, text ? text : "", ret ? 0 : len, stdout) && !ret)
		ret = -EIO;
	free(text);
	return ret;
}

/* run_cmd - everything of cmd_run() that happens while MPI is up. */
static int run_cmd(const struct cli *cli, struct mpi_run *m)
{
	struct job_list jobs = { 0 };
	struct placement *pls = NULL;
	struct diag d = { { 0 } };
	unsigned nr_pls = 0, swept = 0;
	int status = EXIT_OK, ret = 0;
	bool same;

	if (cli->targets) {
		ret = placement_list_parse(cli->targets, &pls, &nr_pls, &d);
		if (ret) {
			diag_print(&d);
			status = EXIT_USAGE;
		}
	}
	if (!ret && nr_pls > 1 && cli->output && !output_has(cli->output, 't')) {
		err_printf("--output='%s' with %u targets must hold %%t (the placement's name), so each result stays one document",
			   cli->output, nr_pls);
		status = EXIT_USAGE;
	}
	if (status == EXIT_OK && cli->repeat > 1 && cli->output &&
	    !output_has(cli->output, 'r')) {
		err_printf("--output='%s' with --repeat=%u must hold %%r (the run's number), so each result stays one document",
			   cli->output, cli->repeat);
		status = EXIT_USAGE;
	}
	if (status == EXIT_OK) {
		ret = load_jobs(cli, &jobs, &d);
		if (!ret && !cli->targets)
			ret = check_phases(&jobs, &d);
		if (ret) {
			diag_print(&d);
			status = EXIT_USAGE;
		} else if (check_mpi(cli, &jobs, m)) {
			status = EXIT_USAGE;
		} else if (rank_names_resolve(&jobs, m->rank, m->size, m->host)) {
			err_printf("out of memory");
			status = EXIT_RUN_FAILED;
		}
	}
	/* a job file one host cannot read stops every rank here */
	if (mpi_any(m, status != EXIT_OK)) {
		if (status == EXIT_OK)
			status = EXIT_USAGE;
		goto out_release_jobs;
	}
	/* the ranks meet once per phase: they must have the same phases */
	same = mpi_same(m, jobs.nr);
	same = mpi_same(m, jobs.nr_phases) && same;	/* both, on every rank */
	if (!same) {
		err_printf("rank %u has %u jobs in %u phases, and another rank has not: under MPI every rank must expand its job files alike",
			   m->rank, jobs.nr, jobs.nr_phases);
		status = EXIT_USAGE;
		goto out_release_jobs;
	}
	if (cli->parse_only || cli->dump_jobs) {
		if (nr_pls == 1 && force_target(&jobs, pls[0].spec)) {
			err_printf("out of memory");
			status = EXIT_RUN_FAILED;
		} else if (cli->dump_jobs && dump_jobs(&jobs, m)) {
			status = EXIT_RUN_FAILED;
		}
		if (fflush(stdout))
			status = EXIT_RUN_FAILED;
		goto out_release_jobs;
	}

	clock_init(getenv("IOSTRESS_CLOCK") && !strcmp(getenv("IOSTRESS_CLOCK"), "monotonic"));
	signals_install();
	target_sweep(NULL, &swept, &d);
	status = run_all(cli, &jobs, pls, nr_pls, m);

out_release_jobs:
	job_list_release(&jobs);	/* a zeroed list when the load failed */
	placement_list_release(pls, nr_pls);
	return status;
}

int cmd_run(const struct cli *cli)
{
	struct diag d = { { 0 } };
	struct mpi_run m;
	int status;

	if (mpi_start(&m, &d) < 0) {
		diag_print(&d);
		return EXIT_RUN_FAILED;
	}
	status = run_cmd(cli, &m);
	/* every rank exits with the worst status of them all */
	status = mpi_worst(&m, status);
	mpi_finish(&m);
	return status;
}
