/* SPDX-License-Identifier: MIT */
/*
 * clock.c - choose and calibrate the timestamp source (see clock.h).
 *
 * Calibration reads (TSC, CLOCK_MONOTONIC) pairs about 20 ms apart.  Each
 * pair is the tightest of a few tries: the monotonic read is bracketed by
 * two rdtsc and the bracket midpoint is used, so jitter from interrupts or
 * preemption does not skew the rate.  The conversion factor is then chosen
 * as mult / 2^shift with mult as large as 32 bits allow, which keeps its
 * rounding error far below 1 ppm (about 1e-10 at 2.6 GHz).
 */
#include "measure/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"

struct clock_state clock_state;		/* zero: CLOCK_SRC_MONOTONIC */

#define CALIB_NS	20000000ull	/* how long to calibrate for */
#define CALIB_TRIES	16		/* pair reads, the tightest wins */
#define TSC_MIN_HZ	1000000ull	/* below this, calibration failed */

/* One simultaneous reading of both clocks. */
struct clock_pair {
	uint64_t tsc;
	uint64_t ns;
};

/*
 * cpuinfo_flags - which of the wanted flags the first CPU's "flags" line of
 * /proc/cpuinfo lists.  Sets *has_tsc and *invariant; both false when the
 * file cannot be read.
 */
static void cpuinfo_flags(bool *has_tsc, bool *invariant)
{
	bool constant = false, nonstop = false;
	char *line = NULL, *tok, *save;
	size_t cap = 0;
	FILE *f;

	*has_tsc = *invariant = false;
	f = fopen("/proc/cpuinfo", "re");
	if (!f)
		return;
	while (getline(&line, &cap, f) > 0) {
		if (strncmp(line, "flags", 5) || !strchr(line, ':'))
			continue;
		for (tok = strtok_r(strchr(line, ':') + 1, " \t\n", &save); tok;
		     tok = strtok_r(NULL, " \t\n", &save)) {
			*has_tsc |= !strcmp(tok, "tsc");
			constant |= !strcmp(tok, "constant_tsc");
			nonstop |= !strcmp(tok, "nonstop_tsc");
		}
		break;
	}
	free(line);
	fclose(f);
	*invariant = *has_tsc && constant && nonstop;
}

/* env_forces_monotonic - IOSTRESS_CLOCK=monotonic in the environment. */
static bool env_forces_monotonic(void)
{
	const char *v = getenv("IOSTRESS_CLOCK");

	return v && !strcmp(v, "monotonic");
}

/* read_pair - the TSC and CLOCK_MONOTONIC at (nearly) the same instant. */
static struct clock_pair read_pair(void)
{
	struct clock_pair best = { 0, 0 };
	uint64_t best_gap = UINT64_MAX;

	for (unsigned i = 0; i < CALIB_TRIES; i++) {
		uint64_t t1 = clock_rdtsc();
		uint64_t ns = clock_monotonic_ns();
		uint64_t t2 = clock_rdtsc();

		if (t2 >= t1 && t2 - t1 < best_gap) {
			best_gap = t2 - t1;
			best.tsc = t1 + (t2 - t1) / 2;
			best.ns = ns;
		}
	}
	return best;
}

/* wait_ns - sleep until CLOCK_MONOTONIC has advanced ns past start. */
static void wait_ns(uint64_t start, uint64_t ns)
{
	uint64_t now;

	while ((now = clock_monotonic_ns()) - start < ns) {
		uint64_t left = ns - (now - start);
		struct timespec ts = {
			.tv_sec = (time_t)(left / NS_PER_SEC),
			.tv_nsec = (long)(left % NS_PER_SEC),
		};

		nanosleep(&ts, NULL);	/* EINTR: loop and sleep the rest */
	}
}

/*
 * set_mult_shift - choose mult and shift with ns = (d * mult) >> shift for
 * a TSC of hz: the largest shift whose rounded mult still fits in 32 bits.
 */
static void set_mult_shift(struct clock_state *cs, uint64_t hz)
{
	unsigned __int128 m = 0;
	unsigned shift;

	for (shift = 63; shift > 0; shift--) {
		m = (((unsigned __int128)NS_PER_SEC << shift) + hz / 2) / hz;
		if (m <= UINT32_MAX)
			break;
	}
	cs->mult = (uint32_t)m;
	cs->shift = shift;
}

/*
 * calibrate - measure the TSC rate against CLOCK_MONOTONIC and fill in
 * tsc_hz, tsc_base, ns_base, mult and shift.  Returns false when the
 * measurement makes no sense (TSC not ticking, or going backwards).
 */
static bool calibrate(struct clock_state *cs)
{
	struct clock_pair a, b;
	uint64_t hz;

	a = read_pair();
	wait_ns(a.ns, CALIB_NS);
	b = read_pair();
	if (b.tsc <= a.tsc || b.ns <= a.ns)
		return false;
	hz = (uint64_t)(((unsigned __int128)(b.tsc - a.tsc) * NS_PER_SEC +
			 (b.ns - a.ns) / 2) / (b.ns - a.ns));
	if (hz < TSC_MIN_HZ)
		return false;
	cs->tsc_hz = hz;
	cs->tsc_base = b.tsc;
	cs->ns_base = b.ns;
	set_mult_shift(cs, hz);
	return true;
}

int clock_init(bool force_monotonic)
{
	struct clock_state cs = { .source = CLOCK_SRC_MONOTONIC };
	bool has_tsc, invariant;

	cpuinfo_flags(&has_tsc, &invariant);
#if !defined(__x86_64__) && !defined(__i386__)
	has_tsc = invariant = false;
#endif
	if (has_tsc && calibrate(&cs) && invariant && !force_monotonic &&
	    !env_forces_monotonic())
		cs.source = CLOCK_SRC_TSC;
	clock_state = cs;
	return 0;
}

const char *clock_source_name(void)
{
	return clock_state.source == CLOCK_SRC_TSC ? "tsc" : "monotonic";
}

uint64_t clock_tsc_hz(void)
{
	return clock_state.tsc_hz;
}
