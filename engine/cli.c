/* SPDX-License-Identifier: MIT */
#include "cli.h"

#include <errno.h>
#include <string.h>

#include "backend.h"
#include "report.h"

void cli_usage(FILE *out)
{
	fprintf(out,
		"usage: iostress [options] JOBFILE...\n"
		"\n"
		"Run fio-dialect job files and report IOPS, bandwidth, latency and CPU.\n"
		"\n"
		"options:\n"
		"  --output-format=FMT  normal, json or json+ (comma-separated for several)\n"
		"  --output=FILE        write the report to FILE instead of stdout\n"
		"  --eta=WHEN           live status line on stderr: auto (when a\n"
		"                       terminal), always or never\n"
		"  --version            print the version and exit\n"
		"  --help               print this help and exit\n"
		"\n"
		"ioengines in this build: %s\n"
		"exit status: 0 ok, 1 a run failed, 2 bad usage or a bad job file\n"
		"see iostress(1) and iostress-job(5)\n",
		backend_names());
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

int cli_parse(int argc, char **argv, struct cli *cli, struct diag *d)
{
	memset(cli, 0, sizeof(*cli));
	cli->formats = REPORT_NORMAL;
	cli->jobfiles = argv + 1;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *v;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			cli->help = true;
		} else if (!strcmp(arg, "--version") || !strcmp(arg, "-v")) {
			cli->version = true;
		} else if ((v = cli_value(argc, argv, &i, arg, "--output-format"))) {
			if (report_parse_formats(v, &cli->formats, d))
				return -EINVAL;
		} else if ((v = cli_value(argc, argv, &i, arg, "--eta"))) {
			if (status_parse_eta(v, &cli->eta, d))
				return -EINVAL;
		} else if ((v = cli_value(argc, argv, &i, arg, "--output"))) {
			if (!*v) {
				diag_set(d, NULL, "--output needs a file name");
				return -EINVAL;
			}
			cli->output = v;
		} else if (arg[0] == '-' && arg[1] != '\0') {
			diag_set(d, NULL, "unknown option '%s' (see iostress --help)", arg);
			return -EINVAL;
		} else {
			cli->jobfiles[cli->nr_jobfiles++] = argv[i];
		}
	}
	if (!cli->help && !cli->version && !cli->nr_jobfiles) {
		diag_set(d, NULL, "no job file given (see iostress --help)");
		return -EINVAL;
	}
	return 0;
}
