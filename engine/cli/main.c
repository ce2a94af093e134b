/* SPDX-License-Identifier: MIT */
/*
 * main.c - `iostress [options] JOBFILE...`: parse the command line and
 * hand it to its command (commands.h); `iostress compare ...` has its
 * own (cmd_compare.c, not in the static worker).  As PID 1 it is an appliance's
 * init and does what cmd_init() does, unless its first argument is
 * --worker (a container's entrypoint).
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/commands.h"

int main(int argc, char **argv)
{
	struct diag d = { { 0 } };
	struct cli cli;
	int status;

	/* PID 1 is an appliance's init (argv is the kernel's), unless it was
	 * started as a worker: the entrypoint of a FROM scratch container. */
	if (getpid() == 1 && !(argc > 1 && !strcmp(argv[1], "--worker")))
		return cmd_init();
#ifndef IOSTRESS_STATIC_WORKER
	if (argc > 1 && !strcmp(argv[1], "compare"))
		return cmd_compare(argc - 1, argv + 1);
#endif
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
