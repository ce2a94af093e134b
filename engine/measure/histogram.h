/* SPDX-License-Identifier: MIT */
/*
 * histogram.h - log-linear latency histogram with bounded relative error.
 *
 * Values below HIST_LINEAR_MAX (2048 ns) each have a bin of their own and
 * are exact.  Above that, every power of two [2^e, 2^(e+1)) is split into
 * HIST_SUB_BINS (1024) equal bins of width 2^(e-10).  A bin's width is thus
 * at most 1/1024 of any value in it, and the value reported for a bin (its
 * midpoint) is within 0.05% of every sample that landed there.  Values at or
 * beyond HIST_MAX_NS land in the last bin.
 *
 * Histograms are plain counters: merging is bin-wise addition, so a merged
 * histogram equals the histogram of the union of the samples, exactly.
 *
 * A struct hist is about 280 KiB; allocate it with hist_new().
 */
#ifndef IOSTRESS_HISTOGRAM_H
#define IOSTRESS_HISTOGRAM_H

#include <stdint.h>

#define HIST_SUB_BITS	10
#define HIST_SUB_BINS	(1u << HIST_SUB_BITS)		/* bins per octave */
#define HIST_LINEAR_MAX	(2u * HIST_SUB_BINS)		/* exact below this */
#define HIST_MAX_BITS	44				/* ~4.9 hours in ns */
#define HIST_MAX_NS	(1ull << HIST_MAX_BITS)
#define HIST_NR_BINS	(HIST_LINEAR_MAX + (HIST_MAX_BITS - HIST_SUB_BITS - 1) * HIST_SUB_BINS)

struct hist {
	uint64_t total;			/* number of samples */
	uint64_t bins[HIST_NR_BINS];
};

/* hist_new - allocate a zeroed histogram, or NULL on ENOMEM. */
struct hist *hist_new(void);

/* hist_free - free a histogram from hist_new(); NULL is fine. */
void hist_free(struct hist *h);

/* hist_clear - zero every bin. */
void hist_clear(struct hist *h);

/* hist_index - the bin a value falls in.  Hot path; no branches on data
 * beyond the linear/log split and the clamp. */
static inline unsigned hist_index(uint64_t v)
{
	unsigned e;

	if (v < HIST_LINEAR_MAX)
		return (unsigned)v;
	if (v >= HIST_MAX_NS)
		return HIST_NR_BINS - 1;
	e = 63u - (unsigned)__builtin_clzll(v);		/* e >= HIST_SUB_BITS + 1 */
	return HIST_LINEAR_MAX +
	       (e - HIST_SUB_BITS - 1) * HIST_SUB_BINS +
	       (unsigned)((v >> (e - HIST_SUB_BITS)) - HIST_SUB_BINS);
}

/* hist_add - record one sample of value v (ns). */
static inline void hist_add(struct hist *h, uint64_t v)
{
	h->bins[hist_index(v)]++;
	h->total++;
}

/* hist_bin_lo - smallest value that falls in bin idx. */
uint64_t hist_bin_lo(unsigned idx);

/* hist_bin_hi - largest value that falls in bin idx. */
uint64_t hist_bin_hi(unsigned idx);

/* hist_bin_value - the value reported for bin idx: its midpoint, rounded
 * down; exact for the linear bins. */
uint64_t hist_bin_value(unsigned idx);

/* hist_merge - add every bin of src into dst. */
void hist_merge(struct hist *dst, const struct hist *src);

/*
 * hist_percentile - the value at percentile pct (0 < pct <= 100), with fio's
 * rule: the first bin whose cumulative count reaches pct/100 * total.  The
 * result is that bin's hist_bin_value(), clamped into [min, max] of the
 * recorded data when the caller passes them (pass 0 and UINT64_MAX to skip
 * the clamp).  Returns 0 for an empty histogram.
 */
uint64_t hist_percentile(const struct hist *h, double pct,
			 uint64_t min, uint64_t max);

/*
 * hist_percentiles - hist_percentile() for n sorted percentiles in one pass
 * over the bins; out[i] receives the value for pcts[i].
 */
void hist_percentiles(const struct hist *h, const double *pcts, unsigned n,
		      uint64_t min, uint64_t max, uint64_t *out);

#endif
