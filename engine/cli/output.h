/* SPDX-License-Identifier: MIT */
/*
 * output.h - where a run's report goes: stdout, or --output=FILE written
 * through a temporary file renamed into place, so a failed write never
 * leaves a truncated report.  With several placements FILE holds %t, the
 * placement's name; with --repeat, %r, the repetition's number (from 1);
 * under MPI %R is the rank (cli/mpi.h).
 */
#ifndef IOSTRESS_OUTPUT_H
#define IOSTRESS_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "run/result.h"

/* output_has - template holds %CONV ('t', 'r'). */
bool output_has(const char *tmpl, char conv);

/* output_path - tmpl with %t replaced by name, %r by rep and %R by rank
 * (an MPI rank) in decimal, and %% by %; malloc'd, or NULL on ENOMEM. */
char *output_path(const char *tmpl, const char *name, unsigned rep,
		  unsigned rank);

/* output_write - the report of res in formats (REPORT_* bits) to path, or
 * to stdout when path is NULL.  Returns 0 or -errno, with a message
 * printed. */
int output_write(const char *path, unsigned formats,
		 const struct run_result *res);

/* What writes a document to a FILE: 0 or -errno. */
typedef int (*output_fn)(FILE *out, const void *arg);

/* output_write_with - write(out, arg) to path through a temporary file
 * renamed into place (nothing is left at path when it fails), or to
 * stdout when path is NULL.  Returns 0 or -errno, with a message
 * printed. */
int output_write_with(const char *path, output_fn fn, const void *arg);

#endif
