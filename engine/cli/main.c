/* SPDX-License-Identifier: MIT */
/*
 * main.c - `iostress [options] JOBFILE...`: parse the command line and
 * hand it to its command (commands.h).
 */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/commands.h"

int main(int argc, char **argv)
{
	struct diag d = { { 0 } };
	struct cli cli;
	int status;

	if (cli_parse(argc, argv, &cli, &d)) {
		diag_print(&d);
		return EXIT_USAGE;
	}
	if (cli.help)
		cli_usage(stdout);
	else if (cli.version)
		printf("iostress %s\n", PACKAGE_VERSION);
	if (cli.help || cli.version)
		status = EXIT_OK;
	else if (cli.cleanup)
		status = cmd_cleanup(&cli);
	else if (cli.worker)
		status = cmd_worker(&cli);
	else
		status = cmd_run(&cli);
	cli_release(&cli);
	return status;
}
