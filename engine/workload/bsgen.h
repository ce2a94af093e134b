/* SPDX-License-Identifier: MIT */
/*
 * bsgen.h - how long the next I/O is: bs, bsrange, bssplit, blockalign.
 *
 * The parser fills one struct bs_spec per data direction (fio's comma
 * syntax: "bs=4k,16k" gives reads 4k and writes 16k).  Before the run the
 * worker turns the specs into a struct bs_gen with bs_gen_init(); on the hot
 * path it calls bs_next() once per read or write.
 *
 * fio semantics reproduced here (fio 3.33, io_u.c get_next_buflen):
 *
 *   - A fixed size (min == max, no split) is returned as is, without looking
 *     at the room left in the file; the caller handles the end of the file.
 *   - bsrange=min-max: len = min + floor(max * U), U uniform in [0, 1), then
 *     rounded down to a multiple of min (min a power of two: masked; other
 *     min: len -= len % min) and capped at max.  When max is a multiple of
 *     min this is uniform over min, 2*min, ..., max.
 *   - bssplit: entries are taken in order of increasing percentage (fio
 *     sorts them; ties keep the order given); a draw in [0, 100) falls into
 *     the first entry whose cumulative percentage covers it.  When the
 *     percentages add up to less than 100, the rest goes to the last entry,
 *     the one with the largest percentage: fio 3.33 runs "4k/50:8k/20" as
 *     80% 4k, 20% 8k.  The chosen size is then rounded down to a multiple
 *     of the smallest size in the split, exactly as for bsrange (so fio
 *     turns "4k/50:6k/50" into 4k for every I/O; we do the same).
 *   - Both variable forms redraw while the chosen length does not fit in the
 *     room left (fio's io_u_fits()); when not even min fits, bs_next()
 *     returns 0 and the caller must wrap or end the file.
 *   - blockalign (ba) does not change lengths: it is the granularity of
 *     random offsets.  A random offset is block * ba with block drawn in
 *     [0, io_size / ba).  It defaults to the direction's minimum size.  fio
 *     turns the random map off when ba differs from the minimum size
 *     ("Any use of blockalign= turns off randommap"); bs_gen_randommap_ok()
 *     reports that.
 *
 * Randomness comes from the caller's struct rng (rand.h), so one worker can
 * keep one generator per concern and stay repeatable.
 */
#ifndef IOSTRESS_BSGEN_H
#define IOSTRESS_BSGEN_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/io.h"
#include "lib/rand.h"

struct diag;

/* fio's BSSPLIT_MAX: entries per direction. */
#define BS_SPLIT_MAX 64

/* One bssplit entry, "size/percent". */
struct bs_split {
	uint64_t bs;		/* block size in bytes, > 0 */
	unsigned perc;		/* 0..100; the parser resolves fio's blank
				 * percentages ("4k/50:1k/:32k/") as fio does:
				 * each blank gets (100 - sum) / blanks, rounded
				 * down.  Note that fio reads an explicit "/0"
				 * as blank.  An entry with 0 here is never
				 * chosen. */
};

/*
 * What the job file asked for, one per direction (reads, writes).  The
 * parser sets exactly one of the three forms:
 *   bs only:        min == max == bs, nr_split == 0
 *   bsrange=a-b:    min = a, max = b, nr_split == 0
 *   bssplit=...:    split[] and nr_split; min/max are ignored and derived
 *                   from the entries by bs_gen_init()
 * A zeroed spec (min == 0 and nr_split == 0) means "use the default 4096".
 */
struct bs_spec {
	uint64_t min;			/* bytes; bs= sets min = max */
	uint64_t max;			/* bytes; >= min */
	struct bs_split split[BS_SPLIT_MAX];
	unsigned nr_split;		/* 0 = no bssplit */
	uint64_t align;			/* blockalign= in bytes; 0 = the minimum
					 * block size of this direction */
	bool unaligned;			/* bs_unaligned: do not round lengths to a
					 * multiple of min */
};

/* Runtime state of one worker, both directions. */
struct bs_gen_dir {
	uint64_t fixed;		/* != 0: every I/O is this long */
	uint64_t min, max;
	uint64_t align;		/* offset granularity of random I/O */
	bool unaligned;
	bool min_pow2;
	unsigned nr;		/* bssplit entries with perc > 0, sorted */
	uint64_t bs[BS_SPLIT_MAX];
	unsigned cum[BS_SPLIT_MAX];	/* cumulative percent, last is the sum */
};

struct bs_gen {
	struct bs_gen_dir dir[DDIR_NR];
};

/*
 * bs_gen_init - validate spec[DDIR_NR] and prepare g.
 * Returns 0, or -EINVAL with a message in d (d may be NULL) when a size is
 * 0, max < min, a bssplit has no entry with a percentage, percentages add up
 * to more than 100 (fio accepts some such splits; iostress refuses them),
 * or align is not a multiple of 512 when direct is set (the caller passes
 * direct=false to skip that check).  Percentages adding up to less than 100
 * give the rest to the entry with the largest percentage, as fio does.
 */
int bs_gen_init(struct bs_gen *g, const struct bs_spec spec[DDIR_NR],
		bool direct, struct diag *d);

/* bs_next_slow - the variable-size path of bs_next(); do not call directly. */
uint64_t bs_next_slow(const struct bs_gen_dir *gd, struct rng *rng,
		      uint64_t room);

/*
 * bs_next - length of the next I/O in direction ddir (DDIR_READ or
 * DDIR_WRITE).  room is the number of bytes from the chosen offset to the
 * end of the I/O region (UINT64_MAX when the caller does not care).
 * Returns the length in bytes, or 0 when even the minimum does not fit.
 * A fixed size costs one predictable branch and touches no rng.
 */
static inline uint64_t bs_next(const struct bs_gen *g, unsigned ddir,
			       struct rng *rng, uint64_t room)
{
	const struct bs_gen_dir *gd = &g->dir[ddir];

	if (__builtin_expect(gd->fixed != 0, 1))
		return gd->fixed;
	return bs_next_slow(gd, rng, room);
}

/* bs_gen_min - smallest length direction ddir can produce. */
static inline uint64_t bs_gen_min(const struct bs_gen *g, unsigned ddir)
{
	return g->dir[ddir].min;
}

/* bs_gen_max - largest length direction ddir can produce (buffer size). */
static inline uint64_t bs_gen_max(const struct bs_gen *g, unsigned ddir)
{
	return g->dir[ddir].max;
}

/* bs_gen_align - granularity of random offsets in direction ddir. */
static inline uint64_t bs_gen_align(const struct bs_gen *g, unsigned ddir)
{
	return g->dir[ddir].align;
}

/*
 * bs_gen_randommap_ok - false when fio would turn the random map off
 * because blockalign differs from the minimum block size in a direction.
 */
bool bs_gen_randommap_ok(const struct bs_gen *g);

#endif
