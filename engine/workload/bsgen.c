/* SPDX-License-Identifier: MIT */
/*
 * bsgen.c - block size generators: validation, bssplit ordering, and the
 * variable-size path of bs_next().
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "workload/bsgen.h"
#include "lib/diag.h"

#define BS_DEFAULT 4096

static const char *const dir_name[DDIR_NR] = { "read", "write", "trim" };

/* round_len - fio's rounding of a drawn length: down to a multiple of min
 * (unless bs_unaligned), then capped at max. */
static inline uint64_t round_len(const struct bs_gen_dir *gd, uint64_t len)
{
	if (!gd->unaligned) {
		if (gd->min_pow2)
			len &= ~(gd->min - 1);
		else
			len -= len % gd->min;
	}
	return len > gd->max ? gd->max : len;
}

/* draw_range - bsrange: min + floor(max * U), U in [0, 1). */
static inline uint64_t draw_range(const struct bs_gen_dir *gd, struct rng *rng)
{
	uint64_t u = rng_next(rng) >> 11;	/* 53 bits */
	unsigned __int128 m = (unsigned __int128)gd->max * u;

	return gd->min + (uint64_t)(m >> 53);
}

/* draw_split - bssplit: the first entry whose cumulative share covers a
 * draw in [0, 100); past the sum, the last entry. */
static inline uint64_t draw_split(const struct bs_gen_dir *gd, struct rng *rng,
				  uint64_t room)
{
	unsigned v = (unsigned)rng_below(rng, 100);
	uint64_t len = gd->bs[gd->nr - 1];

	for (unsigned i = 0; i < gd->nr; i++) {
		if (v < gd->cum[i] && round_len(gd, gd->bs[i]) <= room) {
			len = gd->bs[i];
			break;
		}
	}
	return len;
}

uint64_t bs_next_slow(const struct bs_gen_dir *gd, struct rng *rng,
		      uint64_t room)
{
	uint64_t len;

	if (gd->min > room)
		return 0;
	/* fio redraws until the length fits (forever, for a split whose
	 * fitting entries all have 0%); give up after 64 draws and issue the
	 * minimum, which fits. */
	for (unsigned tries = 0; tries < 64; tries++) {
		len = gd->nr ? draw_split(gd, rng, room) : draw_range(gd, rng);
		len = round_len(gd, len);
		if (len && len <= room)
			return len;
	}
	return gd->min;
}

/* ------------------------------------------------------------------ */
/* Setup                                                               */

/* split_sort - order entries by increasing percentage, stable: what fio
 * 3.33's qsort() (a merge sort in glibc) does with its comparator. */
static void split_sort(struct bs_split *s, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		struct bs_split x = s[i];
		unsigned j = i;

		while (j > 0 && s[j - 1].perc > x.perc) {
			s[j] = s[j - 1];
			j--;
		}
		s[j] = x;
	}
}

static int init_split(struct bs_gen_dir *gd, const struct bs_spec *sp,
		      unsigned ddir, struct diag *d)
{
	struct bs_split s[BS_SPLIT_MAX];
	unsigned total = 0, n = 0;

	if (sp->nr_split > BS_SPLIT_MAX) {
		diag_set(d, NULL, "bssplit for %ss has %u entries, at most %u are allowed",
			 dir_name[ddir], sp->nr_split, BS_SPLIT_MAX);
		return -EINVAL;
	}
	gd->min = UINT64_MAX;
	gd->max = 0;
	for (unsigned i = 0; i < sp->nr_split; i++) {
		const struct bs_split *e = &sp->split[i];

		if (!e->bs || e->perc > 100) {
			diag_set(d, NULL, "bssplit for %ss: bad entry %" PRIu64 "/%u",
				 dir_name[ddir], e->bs, e->perc);
			return -EINVAL;
		}
		/* fio takes min and max over all entries, chosen or not */
		if (e->bs < gd->min)
			gd->min = e->bs;
		if (e->bs > gd->max)
			gd->max = e->bs;
		total += e->perc;
		if (e->perc)
			s[n++] = *e;
	}
	if (!n) {
		diag_set(d, NULL, "bssplit for %ss: no entry has a percentage",
			 dir_name[ddir]);
		return -EINVAL;
	}
	if (total > 100) {
		diag_set(d, NULL, "bssplit for %ss: percentages add up to %u, more than 100",
			 dir_name[ddir], total);
		return -EINVAL;
	}
	split_sort(s, n);
	gd->nr = n;
	total = 0;
	for (unsigned i = 0; i < n; i++) {
		total += s[i].perc;
		gd->bs[i] = s[i].bs;
		gd->cum[i] = total;
	}
	gd->cum[n - 1] = 100;	/* what is left goes to the last entry */
	return 0;
}

static int init_dir(struct bs_gen_dir *gd, const struct bs_spec *sp,
		    unsigned ddir, bool direct, struct diag *d)
{
	int ret;

	memset(gd, 0, sizeof(*gd));
	gd->unaligned = sp->unaligned;
	if (sp->nr_split) {
		ret = init_split(gd, sp, ddir, d);
		if (ret)
			return ret;
	} else if (!sp->min) {
		gd->min = gd->max = BS_DEFAULT;
	} else {
		if (sp->max < sp->min) {
			diag_set(d, NULL, "bsrange for %ss: max %" PRIu64 " is below min %" PRIu64,
				 dir_name[ddir], sp->max, sp->min);
			return -EINVAL;
		}
		gd->min = sp->min;
		gd->max = sp->max;
	}
	gd->min_pow2 = !(gd->min & (gd->min - 1));
	if (gd->min == gd->max)
		gd->fixed = gd->min;
	gd->align = sp->align ? sp->align : gd->min;
	if (direct && gd->align % 512) {
		diag_set(d, NULL, "blockalign for %ss is %" PRIu64 ", not a multiple of 512 as direct I/O needs",
			 dir_name[ddir], gd->align);
		return -EINVAL;
	}
	return 0;
}

int bs_gen_init(struct bs_gen *g, const struct bs_spec spec[DDIR_NR],
		bool direct, struct diag *d)
{
	for (unsigned i = 0; i < DDIR_NR; i++) {
		int ret = init_dir(&g->dir[i], &spec[i], i, direct, d);

		if (ret)
			return ret;
	}
	return 0;
}

bool bs_gen_randommap_ok(const struct bs_gen *g)
{
	for (unsigned i = 0; i < DDIR_NR; i++)
		if (g->dir[i].align != g->dir[i].min)
			return false;
	return true;
}
