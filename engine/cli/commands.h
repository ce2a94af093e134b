/* SPDX-License-Identifier: MIT */
/*
 * commands.h - what `iostress` does, one command per file, chosen by
 * main.c from the parsed command line.  Each returns the exit status:
 * 0 ok, 1 a run failed or was interrupted, 2 bad usage or a bad job file.
 */
#ifndef IOSTRESS_COMMANDS_H
#define IOSTRESS_COMMANDS_H

#include "cli/cli.h"

enum { EXIT_OK = 0, EXIT_RUN_FAILED = 1, EXIT_USAGE = 2 };

/* cmd_run - run the job files, at each --target placement in turn
 * (cmd_run.c). */
int cmd_run(const struct cli *cli);

/* cmd_worker - --worker [FILE]: run the resolved jobs on stdin (or in
 * FILE) and answer on stdout with wire.h's events (cmd_worker.c). */
int cmd_worker(const struct cli *cli);

struct json_writer;
struct worker;

/* What the appliance's /init adds to a worker's run (cmd_init.c).  Each
 * is optional and gets arg. */
struct worker_hooks {
	/* watch - runner_opts.watch: a phase's workers exist (workers, n)
	 * until called with NULL, 0 */
	void (*watch)(unsigned phase, const struct worker *workers, unsigned n,
		      void *arg);
	/* started - a phase's workers are released to their first I/O now
	 * (from a worker thread) */
	void (*started)(unsigned phase, void *arg);
	/* result - more members of the result event, after "disks" */
	void (*result)(struct json_writer *w, void *arg);
	void *arg;
};

/* cmd_worker_hooked - cmd_worker() with hooks (NULL for none). */
int cmd_worker_hooked(const struct cli *cli, const struct worker_hooks *hooks);

/* cmd_compare - `iostress compare [options] FILE...` (argv[0] is
 * "compare"): result documents side by side, with noise told apart from
 * difference (cmd_compare.c, report/compare.h).  Not in the static
 * worker. */
int cmd_compare(int argc, char **argv);

/* cmd_cleanup - --cleanup: remove what killed runs left behind and list
 * it on stdout (cmd_cleanup.c). */
int cmd_cleanup(const struct cli *cli);

/* cmd_init - iostress as PID 1, the /init of an appliance's initramfs
 * (cmd_init.c): mount /dev, /proc and /sys, set up the modules, port and
 * disk the kernel command line names (guest.h), run the resolved jobs of
 * the file named by iostress.jobs= (default /jobs) as cmd_worker() would,
 * with its events on the port or the console, print "iostress-init: exit
 * N" on the console, then unmount, sync and power off.  Never returns. */
int cmd_init(void);

#endif
