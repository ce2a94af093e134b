/* SPDX-License-Identifier: MIT */
/*
 * rate.c - rate caps (linear and poisson schedules), the rate_min check,
 * and thinktime.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "measure/clock.h"
#include "lib/diag.h"
#include "lib/units.h"
#include "workload/rate.h"

#define RATE_SETTLE_NS (2 * NS_PER_SEC)	/* fio's settle period for rate_min */

static const char *const dir_name[DDIR_NR] = { "read", "write", "trim" };

/* ------------------------------------------------------------------ */
/* Setup                                                               */

static int cap_init(struct rate_state *s, const struct rate_spec *spec,
		    unsigned d, uint64_t min_bs, bool has_split, struct diag *dg)
{
	if (spec->rate[d]) {
		s->bps[d] = spec->rate[d];
	} else if (spec->rate_iops[d]) {
		if (!min_bs) {
			diag_set(dg, NULL, "rate_iops for %ss needs a block size",
				 dir_name[d]);
			return -EINVAL;
		}
		s->bps[d] = spec->rate_iops[d] * min_bs;
		/* fio: rate_iops with bssplit spaces I/Os by 1/iops each */
		if (has_split)
			s->gap_ns[d] = NS_PER_SEC / spec->rate_iops[d];
	}
	if (s->bps[d] && s->poisson) {
		uint64_t iops = min_bs ? s->bps[d] / min_bs : 0;

		s->mean_gap_ns[d] = iops ? (double)NS_PER_SEC / (double)iops : 0.0;
	}
	if (s->bps[d])
		s->active = true;
	return 0;
}

int rate_state_init(struct rate_state *s, const struct rate_spec *spec,
		    const uint64_t min_bs[DDIR_NR], const bool has_split[DDIR_NR],
		    uint64_t now_ns, uint64_t seed, struct diag *d)
{
	memset(s, 0, sizeof(*s));
	s->start_ns = now_ns;
	s->check_ns = now_ns;
	s->poisson = spec->process == RATE_POISSON;
	rng_seed(&s->rng, seed);
	for (unsigned i = 0; i < DDIR_NR; i++) {
		int ret = cap_init(s, spec, i, min_bs[i], has_split[i], d);

		if (ret)
			return ret;
		s->min_bps[i] = spec->rate_min[i];
		s->min_iops[i] = spec->rate_iops_min[i];
		if (s->min_bps[i] || s->min_iops[i])
			s->floor = true;
	}
	s->cycle_ns = spec->rate_cycle_ns ? spec->rate_cycle_ns : NS_PER_SEC;

	if (spec->thinktime_spin_ns > spec->thinktime_ns) {
		diag_set(d, NULL, "thinktime_spin (%" PRIu64 " us) is longer than thinktime (%" PRIu64 " us)",
			 spec->thinktime_spin_ns / NS_PER_USEC, spec->thinktime_ns / NS_PER_USEC);
		return -EINVAL;
	}
	s->think = spec->thinktime_ns != 0;
	s->think_ns = spec->thinktime_ns;
	s->spin_ns = spec->thinktime_spin_ns;
	s->think_blocks = spec->thinktime_blocks ? spec->thinktime_blocks : 1;
	s->think_issue = spec->thinktime_issue;
	return 0;
}

/* ------------------------------------------------------------------ */
/* The schedule                                                        */

unsigned rate_pick(const struct rate_state *s, unsigned ddir, bool mixed,
		   uint64_t now_ns, uint64_t *wait_ns)
{
	uint64_t now = now_ns > s->start_ns ? now_ns - s->start_ns : 0;
	unsigned odir = ddir ^ 1;

	*wait_ns = 0;
	if (s->next_ns[ddir] <= now)
		return ddir;
	if (mixed) {
		if (s->next_ns[odir] <= now)
			return odir;
		if (s->next_ns[odir] < s->next_ns[ddir])
			ddir = odir;
	}
	*wait_ns = s->next_ns[ddir] - now;
	return ddir;
}

/* exp_gap - an exponential gap with the given mean. */
static uint64_t exp_gap(struct rng *rng, double mean)
{
	double u = 1.0 - (double)(rng_next(rng) >> 11) * 0x1.0p-53;	/* (0, 1] */

	return (uint64_t)(mean * -log(u));
}

void rate_issued(struct rate_state *s, unsigned ddir, uint64_t bytes)
{
	s->issued[ddir] += bytes;
	if (!s->bps[ddir])
		return;
	if (s->poisson)
		s->next_ns[ddir] += exp_gap(&s->rng, s->mean_gap_ns[ddir]);
	else if (s->gap_ns[ddir])
		s->next_ns[ddir] += s->gap_ns[ddir];
	else
		s->next_ns[ddir] = (uint64_t)((unsigned __int128)s->issued[ddir] *
					      NS_PER_SEC / s->bps[ddir]);
}

/* ------------------------------------------------------------------ */
/* rate_min                                                            */

/* per_second - the rate of what went from last to done over spent ns
 * (spent > 0); 0 when nothing was done.  Cannot fail. */
static uint64_t per_second(uint64_t done, uint64_t last, uint64_t spent)
{
	if (done <= last)
		return 0;
	return (uint64_t)((unsigned __int128)(done - last) * NS_PER_SEC / spent);
}

/* below_floor - did direction i miss its floor over the last 'spent' ns? */
static int below_floor(struct rate_state *s, unsigned i, uint64_t spent,
		       const uint64_t done_bytes[DDIR_NR],
		       const uint64_t done_ios[DDIR_NR], struct diag *d)
{
	uint64_t rate;

	if (s->min_bps[i]) {
		rate = per_second(done_bytes[i], s->last_bytes[i], spent);
		if (rate < s->min_bps[i]) {
			diag_set(d, NULL, "%s rate_min=%" PRIu64 "B/s not met, got %" PRIu64 "B/s",
				 dir_name[i], s->min_bps[i], rate);
			return -EIO;
		}
	} else if (s->min_iops[i]) {
		rate = per_second(done_ios[i], s->last_ios[i], spent);
		if (rate < s->min_iops[i]) {
			diag_set(d, NULL, "%s rate_iops_min=%" PRIu64 " not met, got %" PRIu64 " IOPS",
				 dir_name[i], s->min_iops[i], rate);
			return -EIO;
		}
	}
	return 0;
}

int rate_check_min(struct rate_state *s, uint64_t now_ns,
		   const uint64_t done_bytes[DDIR_NR],
		   const uint64_t done_ios[DDIR_NR], struct diag *d)
{
	uint64_t spent;

	if (!s->floor || now_ns < s->start_ns + RATE_SETTLE_NS)
		return 0;
	spent = now_ns - s->check_ns;
	if (s->sampling) {
		if (spent < s->cycle_ns)
			return 0;
		for (unsigned i = 0; i < DDIR_NR; i++) {
			int ret = below_floor(s, i, spent, done_bytes, done_ios, d);

			if (ret)
				return ret;
		}
	}
	/* the first call after the settle period only starts the sample */
	for (unsigned i = 0; i < DDIR_NR; i++) {
		s->last_bytes[i] = done_bytes[i];
		s->last_ios[i] = done_ios[i];
	}
	s->check_ns = now_ns;
	s->sampling = true;
	return 0;
}

/* ------------------------------------------------------------------ */
/* thinktime                                                           */

void think_take(struct rate_state *s, uint64_t blocks, uint64_t *spin_ns,
		uint64_t *sleep_ns)
{
	*spin_ns = s->spin_ns;
	*sleep_ns = s->think_ns - s->spin_ns;
	s->think_last = blocks;
}

void rate_spin_ns(uint64_t ns)
{
	uint64_t end = clock_now_ns() + ns;

	while (clock_now_ns() < end)
		__asm__ __volatile__("" ::: "memory");
}

int rate_sleep_ns(uint64_t ns)
{
	struct timespec ts = {
		.tv_sec = (time_t)(ns / NS_PER_SEC),
		.tv_nsec = (long)(ns % NS_PER_SEC),
	};
	int ret;

	if (!ns)
		return 0;
	do
		ret = clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts);
	while (ret == EINTR);
	return -ret;
}
