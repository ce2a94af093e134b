/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the command line of `iostress [options] JOBFILE...`.
 */
#ifndef IOSTRESS_CLI_H
#define IOSTRESS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "status.h"

struct cli {
	unsigned formats;		/* REPORT_* bits; default REPORT_NORMAL */
	const char *output;		/* --output=FILE, NULL for stdout */
	enum eta_mode eta;		/* --eta=auto|always|never */
	char **jobfiles;		/* borrowed from argv */
	unsigned nr_jobfiles;
	bool help;
	bool version;
};

/*
 * cli_parse - parse argv into cli.  Returns 0, or -EINVAL with a message
 * in d for an unknown option, a bad value or no job file.
 */
int cli_parse(int argc, char **argv, struct cli *cli, struct diag *d);

/* cli_usage - the --help text. */
void cli_usage(FILE *out);

#endif
