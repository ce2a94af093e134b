/* SPDX-License-Identifier: MIT */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "job/options.h"
#include "job/placement.h"
#include "report/report.h"

void cli_usage(FILE *out)
{
	fprintf(out,
		"usage: iostress [options] JOBFILE...\n"
		"       iostress compare [options] BASE.json OTHER.json...\n"
		"\n"
		"Run fio-dialect job files and report IOPS, bandwidth, latency and CPU.\n"
		"\n"
		"options:\n"
		"  --output-format=FMT  normal, json, json+ or terse (comma-separated for several)\n"
		"  --output=FILE        write the report to FILE instead of stdout\n"
		"  --parse-only         check the job files and exit (0 ok, 2 bad)\n"
		"  --dump-jobs          print every job after [global], numjobs and\n"
		"                       groups are applied, and exit\n"
		"  --name=JOB --OPT=VAL ...\n"
		"                       a job on the command line, as in fio; options\n"
		"                       before the first --name are global\n"
		"  --eta=WHEN           live status line on stderr: auto (when a\n"
		"                       terminal), always or never\n"
		"  --target=SPEC[,SPEC...]\n"
		"                       run the job files at each placement in turn\n"
		"                       (%%t in --output is the placement's name)\n"
		"  --rank-output=FILE   under MPI, also write each rank's own report\n"
		"                       of its own jobs to FILE (%%R is the rank)\n"
		"  --repeat=N           run N times at each placement, in rounds, and\n"
		"                       tell differences from noise (%%r in --output\n"
		"                       is the run's number)\n"
		"  --cleanup            remove what killed runs left behind, and exit\n"
		"  --worker [--layout] [--unlink] [FILE]\n"
		"                       run resolved jobs from stdin (or FILE) for a\n"
		"                       host; --layout only lays out their files,\n"
		"                       --unlink removes FILE and the binary once read\n"
		"                       (used by the placements, not by hand)\n"
		"  compare ...          result documents side by side (iostress\n"
		"                       compare --help)\n"
		"  --version            print the version and exit\n"
		"  --help               print this help and exit\n"
		"\n"
		"ioengines in this build: %s\n"
		"targets in this build: %s\n"
		"MPI in this build: %s\n"
		"exit status: 0 ok, 1 a run failed, 2 bad usage or a bad job file\n"
		"see iostress(1) and iostress-job(5)\n",
		backend_names(), placement_kinds(),
#ifdef USE_MPI
		"yes (mpirun -n N iostress JOBFILE)"
#else
		"no"
#endif
		);
}

/* parse_repeat - --repeat's count.  Returns 0 or -EINVAL. */
static int parse_repeat(const char *v, unsigned *repeat, struct diag *d)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || end == v || *end || *v == '-' || n < 1 || n > CLI_REPEAT_MAX) {
		diag_set(d, NULL, "--repeat='%s': a count of runs from 1 to %u", v,
			 CLI_REPEAT_MAX);
		return -EINVAL;
	}
	*repeat = (unsigned)n;
	return 0;
}

/* Split "--key=value" / "--key value"; returns the value or NULL. */
static const char *cli_value(int argc, char **argv, int *i, const char *arg,
			     const char *key)
{
	size_t n = strlen(key);

	if (strncmp(arg, key, n))
		return NULL;
	if (arg[n] == '=')
		return arg + n + 1;
	if (arg[n] == '\0' && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

/* is_job_arg - "--key[=value]" where key is a job option (see cli.h). */
static bool is_job_arg(const char *arg)
{
	const char *eq;
	char key[128];
	size_t n;

	if (strncmp(arg, "--", 2) || !arg[2])
		return false;
	arg += 2;
	eq = strchr(arg, '=');
	n = eq ? (size_t)(eq - arg) : strlen(arg);
	if (!n || n >= sizeof(key))
		return false;
	memcpy(key, arg, n);
	key[n] = '\0';
	return options_recognized(key);
}

void cli_release(struct cli *cli)
{
	free(cli->job_args);
	free(cli->job_argi);
	cli->job_args = NULL;
	cli->job_argi = NULL;
	cli->nr_job_args = 0;
}

int cli_parse(int argc, char **argv, struct cli *cli, struct diag *d)
{
	memset(cli, 0, sizeof(*cli));
	cli->formats = REPORT_NORMAL;
	cli->repeat = 1;
	cli->jobfiles = argv + 1;
	cli->job_args = calloc((size_t)argc, sizeof(*cli->job_args));
	cli->job_argi = calloc((size_t)argc, sizeof(*cli->job_argi));
	if (!cli->job_args || !cli->job_argi) {
		cli_release(cli);
		diag_set(d, NULL, "out of memory");
		return -ENOMEM;
	}

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			cli->help = true;
		} else if (!strcmp(arg, "--version") || !strcmp(arg, "-v")) {
			cli->version = true;
		} else if ((v = cli_value(argc, argv, &i, arg, "--output-format"))) {
			if (report_parse_formats(v, &cli->formats, d))
				goto err_release;
		} else if ((v = cli_value(argc, argv, &i, arg, "--eta"))) {
			if (status_parse_eta(v, &cli->eta, d))
				goto err_release;
		} else if ((v = cli_value(argc, argv, &i, arg, "--output"))) {
			if (!*v) {
				diag_set(d, NULL, "--output needs a file name");
				goto err_release;
			}
			cli->output = v;
		} else if ((v = cli_value(argc, argv, &i, arg, "--rank-output"))) {
			if (!*v) {
				diag_set(d, NULL, "--rank-output needs a file name");
				goto err_release;
			}
			cli->rank_output = v;
		} else if ((v = cli_value(argc, argv, &i, arg, "--target"))) {
			cli->targets = v;
		} else if ((v = cli_value(argc, argv, &i, arg, "--repeat"))) {
			if (parse_repeat(v, &cli->repeat, d))
				goto err_release;
		} else if (!strcmp(arg, "--worker")) {
			cli->worker = true;
		} else if (!strcmp(arg, "--layout")) {
			cli->layout = true;
		} else if (!strcmp(arg, "--unlink")) {
			cli->unlink = true;
		} else if (!strcmp(arg, "--cleanup")) {
			cli->cleanup = true;
		} else if (!strcmp(arg, "--parse-only")) {
			cli->parse_only = true;
		} else if (!strcmp(arg, "--dump-jobs")) {
			cli->dump_jobs = true;
		} else if (is_job_arg(arg)) {
			cli->job_argi[cli->nr_job_args] = i;
			cli->job_args[cli->nr_job_args++] = argv[i];
		} else if (arg[0] == '-' && arg[1] != '\0') {
			diag_set(d, NULL, "unknown option '%s' (see iostress --help)", arg);
			cli_release(cli);
			return -EINVAL;
		} else {
			cli->jobfiles[cli->nr_jobfiles++] = argv[i];
		}
	}
	if ((cli->layout || cli->unlink) && !cli->worker) {
		diag_set(d, NULL, "%s goes with --worker", cli->layout ? "--layout" : "--unlink");
		goto err_release;
	}
	if (!cli->help && !cli->version && !cli->worker && !cli->cleanup &&
	    !cli->nr_jobfiles && !cli->nr_job_args) {
		diag_set(d, NULL, "no job file given (see iostress --help)");
		goto err_release;
	}
	return 0;

err_release:
	cli_release(cli);
	return -EINVAL;
}
