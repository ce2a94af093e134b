/* SPDX-License-Identifier: MIT */
#include "measure/histogram.h"

#include <stdlib.h>
#include <string.h>

struct hist *hist_new(void)
{
	return calloc(1, sizeof(struct hist));
}

void hist_free(struct hist *h)
{
	free(h);
}

void hist_clear(struct hist *h)
{
	memset(h, 0, sizeof(*h));
}

uint64_t hist_bin_lo(unsigned idx)
{
	unsigned octave, sub;

	if (idx < HIST_LINEAR_MAX)
		return idx;
	idx -= HIST_LINEAR_MAX;
	octave = idx / HIST_SUB_BINS + HIST_SUB_BITS + 1;	/* exponent e */
	sub = idx % HIST_SUB_BINS;
	return (uint64_t)(HIST_SUB_BINS + sub) << (octave - HIST_SUB_BITS);
}

uint64_t hist_bin_hi(unsigned idx)
{
	if (idx + 1 >= HIST_NR_BINS)
		return UINT64_MAX;
	return hist_bin_lo(idx + 1) - 1;
}

uint64_t hist_bin_value(unsigned idx)
{
	uint64_t lo = hist_bin_lo(idx), hi;

	if (idx < HIST_LINEAR_MAX)
		return lo;
	if (idx + 1 >= HIST_NR_BINS)
		return lo;
	hi = hist_bin_hi(idx);
	return lo + (hi - lo) / 2;
}

void hist_merge(struct hist *dst, const struct hist *src)
{
	for (unsigned i = 0; i < HIST_NR_BINS; i++)
		dst->bins[i] += src->bins[i];
	dst->total += src->total;
}

static uint64_t clamp(uint64_t v, uint64_t min, uint64_t max)
{
	if (v < min)
		return min;
	if (v > max)
		return max;
	return v;
}

void hist_percentiles(const struct hist *h, const double *pcts, unsigned n,
		      uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t cum = 0;
	unsigned i = 0, j = 0, last = 0;

	if (!h->total) {
		for (j = 0; j < n; j++)
			out[j] = 0;
		return;
	}
	for (i = 0; i < HIST_NR_BINS && j < n; i++) {
		if (!h->bins[i])
			continue;
		cum += h->bins[i];
		last = i;
		/* cum >= pct/100 * total, without dividing */
		while (j < n && (long double)cum * 100.0L >= (long double)pcts[j] * h->total) {
			out[j] = clamp(hist_bin_value(i), min, max);
			j++;
		}
	}
	for (; j < n; j++)
		out[j] = clamp(hist_bin_value(last), min, max);
}

uint64_t hist_percentile(const struct hist *h, double pct, uint64_t min,
			 uint64_t max)
{
	uint64_t v;

	hist_percentiles(h, &pct, 1, min, max, &v);
	return v;
}
