/* SPDX-License-Identifier: MIT */
/*
 * cmd_cleanup.c - `iostress --cleanup`: remove what runs killed with
 * SIGKILL left behind (targets/ledger.h), list it on stdout.
 */
#include <stdio.h>

#include "cli/commands.h"
#include "targets/target.h"

int cmd_cleanup(const struct cli *cli)
{
	struct diag d = { { 0 } };
	unsigned removed = 0;
	int ret;

	(void)cli;
	ret = target_sweep(stdout, &removed, &d);
	printf("%u leftover%s removed\n", removed, removed == 1 ? "" : "s");
	if (fflush(stdout))
		return EXIT_RUN_FAILED;
	return ret ? EXIT_RUN_FAILED : EXIT_OK;
}
