/* SPDX-License-Identifier: MIT */
/*
 * cli.h - the command line of `iostress [options] JOBFILE...`.
 */
#ifndef IOSTRESS_CLI_H
#define IOSTRESS_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/diag.h"
#include "measure/status.h"

#define CLI_REPEAT_MAX	1000u

struct cli {
	unsigned formats;		/* REPORT_* bits; default REPORT_NORMAL */
	const char *output;		/* --output=FILE, NULL for stdout */
	const char *rank_output;	/* --rank-output=FILE: under MPI each
					 * rank's own report (%R: its rank) */
	enum eta_mode eta;		/* --eta=auto|always|never */
	char **jobfiles;		/* borrowed from argv */
	unsigned nr_jobfiles;
	char **job_args;		/* command-line job options ("--name=a",
					 * "--rw=read", ...), pointers into argv
					 * in order; owned array */
	int *job_argi;			/* argv index of each, for messages */
	unsigned nr_job_args;
	bool parse_only;		/* --parse-only: validate, run nothing */
	bool dump_jobs;			/* --dump-jobs: print the expanded jobs */
	const char *targets;		/* --target=SPEC[,SPEC...], NULL = each
					 * job's own target= */
	unsigned repeat;		/* --repeat=N: runs per placement, 1 by
					 * default, at most CLI_REPEAT_MAX */
	bool worker;			/* --worker: resolved jobs on stdin,
					 * wire events on stdout (wire.h) */
	bool layout;			/* --worker --layout: lay the jobs'
					 * files out and stop before any I/O */
	bool unlink;			/* --worker --unlink FILE: remove FILE
					 * and this binary once they are read
					 * (a worker copied into a container
					 * leaves nothing behind) */
	bool disks;			/* worker mode: take the disk stats of
					 * the devices behind the jobs' files
					 * and send them (set by cmd_init: a
					 * guest's disks are its own; a
					 * container's are the host's, which
					 * the host reads itself) */
	bool cleanup;			/* --cleanup: sweep leftovers, exit */
	bool help;
	bool version;
};

/*
 * cli_parse - parse argv into cli.  Returns 0, or -EINVAL with a message
 * in d for an unknown option, a bad value or no job file (nor command-line
 * job), or -ENOMEM.  Any "--key[=value]" whose key is a job option (or a
 * fio option iostress refuses, or near enough to one for a did-you-mean)
 * is a command-line job option, as in fio: "--name=X" starts job X, and
 * options before the first --name are global.  After a successful call
 * the caller must call cli_release().
 */
int cli_parse(int argc, char **argv, struct cli *cli, struct diag *d);

/* cli_release - free what cli_parse() allocated. */
void cli_release(struct cli *cli);

/* cli_usage - the --help text. */
void cli_usage(FILE *out);

#endif
