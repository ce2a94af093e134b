/* SPDX-License-Identifier: MIT */
/*
 * report_measure.h - figures the text and JSON reports derive the same
 * way from the measurement modules: fio's bw_agg, and cycles per I/O.
 */
#ifndef IOSTRESS_REPORT_MEASURE_H
#define IOSTRESS_REPORT_MEASURE_H

#include <stdbool.h>
#include <stdint.h>

#include "run/result.h"

/*
 * report_bw_agg_pct - fio's bw_agg ("per=" in text): the entry's mean
 * sampled bandwidth as a percentage of its group's aggregate bandwidth in
 * direction ddir (the group's bytes over its runtime, in whole KiB/s),
 * capped at 100; 0 without samples or group bandwidth.
 */
double report_bw_agg_pct(const struct run_result *res, unsigned groupid,
			 const struct rate_stat *bw, unsigned ddir);

/* Cycles per I/O of one entry, for jobs[].iostress.cpu. */
struct report_cycles {
	double thread;		/* thread cycles / the entry's I/Os */
	double process;		/* process cycles / the phase's I/Os */
	double system;		/* system cycles / the phase's I/Os */
	double host;		/* host cycles / the phase's I/Os; 0 for
				 * native */
	const char *source;	/* "pmu", "cpu-time" or "none" */
	uint64_t tsc_hz;
	bool estimate;		/* not counted by the PMU */
};

/* report_cycles - st's cycles per I/O; an I/O is a completed read or
 * write (syncs are not counted). */
void report_cycles(const struct job_stats *st, struct report_cycles *out);

#endif
