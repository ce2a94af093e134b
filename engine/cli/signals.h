/* SPDX-License-Identifier: MIT */
/*
 * signals.h - SIGINT and SIGTERM for the commands that run jobs.
 *
 * The first signal sets the stop flag: workers finish their in-flight
 * I/O, remote workers are told to stop, targets are torn down, and the
 * report of what ran is written.  A second signal aborts at once,
 * removing the report's temporary file so nothing half-written is left.
 * SIGPIPE is ignored: a peer that went away shows up as EPIPE.
 */
#ifndef IOSTRESS_SIGNALS_H
#define IOSTRESS_SIGNALS_H

#include <stdatomic.h>
#include <stdbool.h>

/* The stop flag the runner watches. */
extern atomic_bool signals_stop;

/* signals_install - install the handlers (above). */
void signals_install(void);

/* signals_interrupted - a signal arrived. */
bool signals_interrupted(void);

/* signals_report_tmp - the temporary report file to remove on abort, or
 * NULL; path must stay valid until cleared. */
void signals_report_tmp(char *path);

#endif
