/* SPDX-License-Identifier: MIT */
/*
 * status.h - the live status line: one line, rewritten in place with '\r'
 * once a second while a phase runs, like fio's ETA line:
 *
 *   Jobs: 2 (of 2): [45.0% done] [r=100MiB/s,w=0KiB/s] [r=25.6k,w=0 IOPS] [eta 00m:05s]
 *
 * It is on when stderr is a terminal, unless --eta says otherwise
 * (--eta=always forces it on, --eta=never off).  The sampler thread
 * (sampler.h) computes the figures and prints the line; this file only
 * decides and formats.
 */
#ifndef IOSTRESS_STATUS_H
#define IOSTRESS_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "lib/diag.h"
#include "lib/io.h"

enum eta_mode {
	ETA_AUTO = 0,	/* on when the stream is a terminal */
	ETA_ALWAYS,
	ETA_NEVER,
};

/* status_parse_eta - "auto", "always" or "never" (fio's --eta values).
 * Returns 0 or -EINVAL with a message in d. */
int status_parse_eta(const char *s, enum eta_mode *out, struct diag *d);

/* status_enabled - whether to show the line on f for mode. */
bool status_enabled(enum eta_mode mode, FILE *f);

/* What one line shows. */
struct status_snapshot {
	unsigned running;		/* workers in their run */
	unsigned total;			/* workers of the phase */
	double bw[DDIR_NR];		/* bytes per second, last interval */
	double iops[DDIR_NR];
	double pct_done;		/* 0..100, over the phase's workers */
	bool eta_known;
	uint64_t eta_ns;		/* time left, when known */
};

/* status_format - the line for snap (no '\r', no newline), truncated to
 * len. */
void status_format(const struct status_snapshot *snap, char *buf, size_t len);

#endif
