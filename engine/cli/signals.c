/* SPDX-License-Identifier: MIT */
#include "cli/signals.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

atomic_bool signals_stop;
static volatile sig_atomic_t interrupted;
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
	atomic_store(&signals_stop, true);
}

void signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

bool signals_interrupted(void)
{
	return interrupted;
}

void signals_report_tmp(char *path)
{
	report_tmp = path;
}
