/* SPDX-License-Identifier: MIT */
/*
 * distrib.h - where random I/O lands: random_distribution and
 * percentage_random.
 *
 * The parser fills a struct dist_spec from random_distribution= and
 * percentage_random=.  For each file and direction the worker prepares a
 * struct dist_gen over the blocks of that file's I/O region (nr_blocks =
 * io_size / blockalign, see bsgen.h) and asks it for a block number per
 * random I/O.
 *
 * Meaning of each kind (fio 3.33 HOWTO, "random_distribution"):
 *
 *   random     uniform.  The worker keeps using its offset_gen (offset.h),
 *              with the random map unless norandommap; dist_next() on a
 *              uniform generator is a plain uniform draw (norandommap).
 *   zipf:θ     the block of popularity rank k (k = 1..n) is drawn with
 *              probability proportional to 1/k^θ.  Exact Zipf sampling
 *              (rejection-inversion, Hörmann & Derflinger 1996), θ > 0.  fio
 *              refuses θ = 1.0; the parser must too.
 *   pareto:h   rank r = floor((n-1) * U^p) with p = log(h) / log(1-h), so the
 *              hottest fraction h of the blocks receives a share 1-h of the
 *              accesses (h = 0.2: 20% of the blocks get 80%).  0 < h < 1.
 *   normal:σ   a Gaussian over the blocks with standard deviation σ percent
 *              of the region (0 < σ <= 100), centred on the region's middle.
 *              σ = 0 is accepted as in fio and gives fio's own spread with no
 *              deviation term, about n/12.
 *   zoned      a list of {access %, size %}: the zone is chosen by its access
 *              percentage, then a block uniformly inside it.  Zones are laid
 *              out from the start of the region in list order; zone i covers
 *              blocks [floor(S(i) * n / 100), floor(S(i+1) * n / 100)) where
 *              S(i) is the sum of the size percentages before it.
 *   zoned_abs  the same with absolute zone sizes in bytes.
 *
 * Hot blocks are spread.  As in fio (which hashes the rank), the rank of
 * zipf and pareto and the offset from the mode of normal go through a
 * bijection of [0, n) before being used, so the hot blocks are scattered
 * over the region instead of packed at its start.  The bijection maps 0 to
 * 0, so the single most probable block sits at center * n: random for zipf
 * and pareto unless a center is given, center (default 0.5) for normal.
 * This keeps fio's "optional second float sets the most probable outcome"
 * meaning.  The exact sequence differs from fio's; the shape does not.
 *
 * The random map.  fio turns the random map off for every kind but random
 * ("If a non-uniform model is used, fio will disable use of the random
 * map", and fixup_options() sets norandommap for any distribution other
 * than random, zoned kinds included).  So with a non-uniform kind blocks
 * may repeat and some are never touched; the worker must not try to cover
 * every block, and a size-bound job still stops after io_size bytes.
 *
 * percentage_random=N (per direction) makes each I/O random with
 * probability N% and otherwise sequential, continuing from the end of the
 * previous I/O of that direction (fio's should_do_random()).  It applies to
 * random workloads (rw=rand*) only; 100 (the default) is fully random.
 */
#ifndef IOSTRESS_DISTRIB_H
#define IOSTRESS_DISTRIB_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/io.h"
#include "lib/rand.h"

struct diag;

enum dist_kind {
	DIST_RANDOM = 0,	/* uniform (default) */
	DIST_ZIPF,		/* param = theta */
	DIST_PARETO,		/* param = h */
	DIST_NORMAL,		/* param = deviation in percent; fio's "gauss" */
	DIST_ZONED,		/* zones[]: access %, size % */
	DIST_ZONED_ABS,		/* zones[]: access %, size in bytes */
};

/* fio supports up to 256 zones per direction. */
#define DIST_ZONES_MAX 256

/* One zone of zoned or zoned_abs, "access/size". */
struct dist_zone {
	unsigned access;	/* percent of accesses, 0..100 */
	uint64_t size;		/* zoned: percent of the region, 0..100;
				 * zoned_abs: bytes */
};

/* The zones of one direction. */
struct dist_zones {
	struct dist_zone zone[DIST_ZONES_MAX];
	unsigned nr;		/* 0 = none given for this direction */
};

/*
 * What the job file asked for.  job_init() should set kind = DIST_RANDOM,
 * center = -1 and percentage_random[] = 100.
 */
struct dist_spec {
	enum dist_kind kind;
	double param;		/* zipf theta, pareto h, normal deviation (%) */
	double center;		/* the optional second float, in [0, 1];
				 * -1 = not given */
	/* Zones per direction.  fio's syntax allows one set per direction
	 * separated by commas; a single set applies to all directions, so the
	 * parser copies it into both entries. */
	struct dist_zones zones[DDIR_NR];
	unsigned percentage_random[DDIR_NR];	/* 0..100, default 100 */
};

/* Zones with a non-zero access share, at most 100 of them. */
#define DIST_ACTIVE_ZONES_MAX 100

/* Runtime state for one file and one direction. */
struct dist_gen {
	enum dist_kind kind;
	uint64_t nr_blocks;
	unsigned perc_random;
	/* the spreading bijection of [0, nr_blocks) */
	unsigned bits;
	uint64_t mask;
	uint64_t off;			/* rotation added after spreading */
	bool no_spread;			/* ranks used as is (file service) */
	/* zipf, rejection-inversion */
	double zq;			/* 1 - theta */
	double ztheta;
	double z_hx1;			/* H(1.5) - 1 */
	double z_hn;			/* H(n + 0.5) */
	double z_s;			/* squeeze bound */
	/* pareto */
	double pareto_pow;
	/* normal */
	double sigma;			/* in blocks */
	/* zoned: zone_of[v] for v in 0..99, then the zone's block range */
	uint8_t zone_of[100];
	unsigned nr_zones;
	uint64_t zone_start[DIST_ACTIVE_ZONES_MAX];
	uint64_t zone_len[DIST_ACTIVE_ZONES_MAX];
};

/*
 * dist_gen_init - prepare g for direction ddir of spec over nr_blocks (> 0)
 * blocks of block_bytes bytes each (block_bytes converts zoned_abs sizes).
 * seed is used once, for the rotation of zipf and pareto without a center.
 * Returns 0, or -EINVAL with a message in d (may be NULL) for a parameter
 * out of range, zone access percentages not adding up to 100, zoned size
 * percentages not adding up to 100, a zone with accesses but no block, or a
 * zoned_abs zone that starts beyond the region.
 */
int dist_gen_init(struct dist_gen *g, const struct dist_spec *spec,
		  unsigned ddir, uint64_t nr_blocks, uint64_t block_bytes,
		  uint64_t seed, struct diag *d);

/*
 * dist_gen_init_files - a generator over nranges ranks for fio's
 * file_service_type=zipf|pareto|normal: the ranks are not spread (fio
 * disables its hash there), so rank r and r+1 are neighbours.  The worker
 * (filesel.h) draws over nr_files << 10 ranks and shifts the result right by
 * 10, as fio does.  As in fio the hottest rank sits at a random place for
 * zipf and pareto, and the bell of normal is centred in the middle.
 * Returns 0 or -EINVAL (see dist_gen_init()).
 */
int dist_gen_init_files(struct dist_gen *g, enum dist_kind kind, double param,
			uint64_t nranges, uint64_t seed, struct diag *d);

/* dist_next_slow - the non-uniform path of dist_next(); do not call directly. */
uint64_t dist_next_slow(const struct dist_gen *g, struct rng *rng);

/*
 * dist_next - a block number in [0, nr_blocks) drawn from g's distribution
 * with randomness from rng.  No allocation, no syscalls.
 */
static inline uint64_t dist_next(const struct dist_gen *g, struct rng *rng)
{
	if (g->kind == DIST_RANDOM)
		return rng_below(rng, g->nr_blocks);
	return dist_next_slow(g, rng);
}

/* dist_is_uniform - true for DIST_RANDOM: the worker may use its offset_gen
 * (and random map) instead of dist_next(). */
static inline bool dist_is_uniform(const struct dist_gen *g)
{
	return g->kind == DIST_RANDOM;
}

/*
 * dist_pick_random - should this I/O be random (true) or continue
 * sequentially (false)?  Costs nothing at the default of 100%; otherwise one
 * draw of 1..100 compared with percentage_random, as fio does.
 */
static inline bool dist_pick_random(const struct dist_gen *g, struct rng *rng)
{
	if (__builtin_expect(g->perc_random >= 100, 1))
		return true;
	return rng_below(rng, 100) < g->perc_random;
}

/* dist_spread - the bijection of [0, nr_blocks) applied to ranks (exposed
 * for tests); maps 0 to 0. */
uint64_t dist_spread(const struct dist_gen *g, uint64_t x);

#endif
