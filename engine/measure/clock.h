/* SPDX-License-Identifier: MIT */
/*
 * clock.h - the timestamp source for every latency iostress records.
 *
 * When the TSC is invariant (/proc/cpuinfo flags constant_tsc and
 * nonstop_tsc) clock_init() calibrates it against CLOCK_MONOTONIC and
 * clock_now_ns() becomes rdtsc plus a multiply and a shift.  Otherwise
 * clock_now_ns() calls clock_gettime(CLOCK_MONOTONIC).  Either way the
 * result is nanoseconds on one monotonic time line shared by all threads.
 *
 * clock_init() must run once, before any worker thread starts; after that
 * the clock is read-only and safe to use from every thread without locks.
 */
#ifndef IOSTRESS_CLOCK_H
#define IOSTRESS_CLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lib/units.h"

enum clock_source {
	CLOCK_SRC_MONOTONIC = 0,	/* clock_gettime(CLOCK_MONOTONIC) */
	CLOCK_SRC_TSC,			/* calibrated invariant TSC */
};

/* Read-only after clock_init().  Exposed only for the inline fast path. */
struct clock_state {
	enum clock_source source;
	uint64_t tsc_hz;	/* calibrated TSC frequency; 0 if unknown */
	uint64_t tsc_base;	/* TSC value at calibration */
	uint64_t ns_base;	/* CLOCK_MONOTONIC ns at tsc_base */
	uint32_t mult;		/* ns = ((tsc - tsc_base) * mult) >> shift */
	uint32_t shift;
};

extern struct clock_state clock_state;

/*
 * clock_init - pick and calibrate the clock source.  force_monotonic skips
 * the TSC even when it is invariant; IOSTRESS_CLOCK=monotonic in the
 * environment does the same.  Whenever /proc/cpuinfo lists a TSC it is
 * calibrated (about 20 ms), even if it is not then used as the source, so
 * that clock_tsc_hz() is known.  At the end clock_now_ns() agrees with
 * CLOCK_MONOTONIC to within a few hundred ns, and the TSC's rate error is
 * about 0.1 ppm on the development machine.  Returns 0; it cannot fail, it
 * only falls back.  Not thread-safe: call it before starting workers.
 */
int clock_init(bool force_monotonic);

/* clock_source_name - "tsc" or "monotonic", for reports. */
const char *clock_source_name(void);

/*
 * clock_tsc_hz - the TSC frequency in Hz, calibrated even when the TSC is
 * not the clock source, or 0 when there is no usable TSC.  Used to turn CPU
 * time into estimated cycles.
 */
uint64_t clock_tsc_hz(void);

static inline uint64_t clock_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return timespec_ns(&ts);
}

#if defined(__x86_64__) || defined(__i386__)
static inline uint64_t clock_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#else
static inline uint64_t clock_rdtsc(void) { return 0; }
#endif

/* clock_now_ns - current time in ns.  Hot path: no syscall with the TSC. */
static inline uint64_t clock_now_ns(void)
{
	if (clock_state.source == CLOCK_SRC_TSC) {
		uint64_t d = clock_rdtsc() - clock_state.tsc_base;

		return clock_state.ns_base +
		       (uint64_t)(((unsigned __int128)d * clock_state.mult) >> clock_state.shift);
	}
	return clock_monotonic_ns();
}

#endif
