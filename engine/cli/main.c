/* SPDX-License-Identifier: MIT */
/*
 * main.c - `iostress [options] JOBFILE...`: parse, expand, run, report.
 *
 * Exit status: 0 ok, 1 a run failed or was interrupted (the report for
 * what ran is still written), 2 bad usage or a bad job file.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "measure/clock.h"
#include "job/jobfile.h"
#include "job/jobs.h"
#include "report/report.h"
#include "run/result.h"
#include "run/runner.h"

enum { EXIT_RUN_FAILED = 1, EXIT_USAGE = 2 };

static atomic_bool stop_requested;
static volatile sig_atomic_t interrupted;
/* The report's temporary file while it is being written, so that an abort
 * by a second signal removes it (unlink is async-signal-safe). */
static char *volatile report_tmp;

static void on_signal(int sig)
{
	if (interrupted) {
		/* A second signal aborts at once, leaving nothing behind. */
		if (report_tmp)
			unlink(report_tmp);
		signal(sig, SIG_DFL);
		raise(sig);
	}
	interrupted = 1;
	atomic_store(&stop_requested, true);
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

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

/*
 * Write the report to stdout, or to --output via a temporary file renamed
 * into place, so a failed write never leaves a truncated report behind.
 */
static int write_report(const struct cli *cli, const struct run_result *res)
{
	char *tmp = NULL;
	FILE *out;
	mode_t mask;
	int fd, ret;

	if (!cli->output)
		return report_write(stdout, cli->formats, res) || fflush(stdout) ? -EIO : 0;

	if (asprintf(&tmp, "%s.XXXXXX", cli->output) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd >= 0)
		report_tmp = tmp;
	if (fd < 0) {
		ret = -errno;
		err_printf("unable to create '%s': %s", tmp, strerror(errno));
		goto out_free_tmp;
	}
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	out = fdopen(fd, "w");
	if (!out) {
		ret = -errno;
		close(fd);
		goto out_unlink_tmp;
	}
	ret = report_write(out, cli->formats, res);
	if (fclose(out) && !ret)
		ret = -EIO;
	if (ret) {
		err_printf("unable to write '%s': %s", cli->output, strerror(-ret));
		goto out_unlink_tmp;
	}
	if (rename(tmp, cli->output)) {
		ret = -errno;
		err_printf("unable to write '%s': %s", cli->output, strerror(errno));
		goto out_unlink_tmp;
	}
	goto out_free_tmp;

out_unlink_tmp:
	unlink(tmp);
out_free_tmp:
	report_tmp = NULL;
	free(tmp);
	return ret;
}

int main(int argc, char **argv)
{
	struct job_list jobs = { 0 };
	struct run_result res;
	struct diag d = { { 0 } };
	struct cli cli;
	int status = 0, ret;

	if (cli_parse(argc, argv, &cli, &d)) {
		diag_print(&d);
		return EXIT_USAGE;
	}
	if (cli.help || cli.version) {
		if (cli.help)
			cli_usage(stdout);
		else
			printf("iostress %s\n", PACKAGE_VERSION);
		cli_release(&cli);
		return 0;
	}
	ret = load_jobs(&cli, &jobs, &d);
	cli_release(&cli);
	if (ret) {
		diag_print(&d);
		return EXIT_USAGE;
	}
	if (cli.parse_only || cli.dump_jobs) {
		if (cli.dump_jobs)
			jobs_dump(&jobs, stdout);
		job_list_release(&jobs);
		return fflush(stdout) ? EXIT_RUN_FAILED : 0;
	}

	clock_init(getenv("IOSTRESS_CLOCK") && !strcmp(getenv("IOSTRESS_CLOCK"), "monotonic"));
	if (run_result_init(&res, &jobs)) {
		err_printf("out of memory");
		status = EXIT_RUN_FAILED;
		goto out_release_jobs;
	}
	res.clock_source = clock_source_name();

	install_signals();
	memset(&d, 0, sizeof(d));
	ret = runner_run(&res, &stop_requested,
			 status_enabled(cli.eta, stderr) ? stderr : NULL, &d);
	res.interrupted = interrupted;
	if (ret)
		status = EXIT_RUN_FAILED;
	if (interrupted) {
		/* The report is complete for what ran, but the run is not. */
		err_printf("interrupted; reporting what ran");
		status = EXIT_RUN_FAILED;
	}
	if (write_report(&cli, &res))
		status = EXIT_RUN_FAILED;

	run_result_release(&res);
out_release_jobs:
	job_list_release(&jobs);
	return status;
}
