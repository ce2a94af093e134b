/* SPDX-License-Identifier: MIT */
/*
 * distrib.c - non-uniform block choice: zipf, pareto, normal, zoned and
 * zoned_abs, and the bijection that spreads hot blocks over the region.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/seed.h"
#include "workload/distrib.h"

static const char *const dir_name[DDIR_NR] = { "read", "write", "trim" };

/* uniform01 - a double in [0, 1) with 53 random bits. */
static inline double uniform01(struct rng *rng)
{
	return (double)(rng_next(rng) >> 11) * 0x1.0p-53;
}

/* ------------------------------------------------------------------ */
/* Spreading: a bijection of [0, n) that keeps 0 in place              */

#define SPREAD_K1 SEED_GAMMA
#define SPREAD_K2 0xd6e8feb86659fd93ull

static void spread_init(struct dist_gen *g)
{
	unsigned bits = 0;

	while (bits < 64 && (1ull << bits) < g->nr_blocks)
		bits++;
	g->bits = bits;
	g->mask = bits == 64 ? ~0ull : (1ull << bits) - 1;
}

/* spread_round - odd multiplications and xor-shifts are each bijections of
 * the b-bit values, and all of them map 0 to 0. */
static inline uint64_t spread_round(const struct dist_gen *g, uint64_t x)
{
	unsigned s = (g->bits + 1) / 2;

	x = (x * SPREAD_K1) & g->mask;
	x ^= x >> s;
	x = (x * SPREAD_K2) & g->mask;
	x ^= x >> s;
	return x;
}

uint64_t dist_spread(const struct dist_gen *g, uint64_t x)
{
	if (g->no_spread || g->nr_blocks <= 1)
		return 0;
	/* cycle-walk: stays a bijection of [0, n) */
	do
		x = spread_round(g, x);
	while (x >= g->nr_blocks);
	return x;
}

static inline uint64_t place(const struct dist_gen *g, uint64_t rank)
{
	uint64_t x = dist_spread(g, rank) + g->off;

	return x >= g->nr_blocks ? x - g->nr_blocks : x;
}

/* ------------------------------------------------------------------ */
/* Zipf: rejection-inversion sampling (Hörmann & Derflinger 1996)       */

/* log1p(y) / y, continuous at 0. */
static double ln1p_over(double y)
{
	return fabs(y) > 1e-8 ? log1p(y) / y : 1.0 - y / 2.0 + y * y / 3.0;
}

/* expm1(y) / y, continuous at 0. */
static double expm1_over(double y)
{
	return fabs(y) > 1e-8 ? expm1(y) / y : 1.0 + y / 2.0 + y * y / 6.0;
}

/* zipf_h - the unnormalised probability of rank k: k^-theta. */
static inline double zipf_h(const struct dist_gen *g, double x)
{
	return exp(-g->ztheta * log(x));
}

/* zipf_H - an antiderivative of zipf_h: (x^q - 1) / q, q = 1 - theta. */
static inline double zipf_H(const struct dist_gen *g, double x)
{
	double lx = log(x);

	return expm1_over(g->zq * lx) * lx;
}

/* zipf_Hinv - the inverse of zipf_H. */
static inline double zipf_Hinv(const struct dist_gen *g, double u)
{
	double t = g->zq * u;

	if (t < -1.0)	/* rounding at the edge of the domain */
		t = -1.0;
	return exp(ln1p_over(t) * u);
}

static void zipf_init(struct dist_gen *g, double theta)
{
	g->ztheta = theta;
	g->zq = 1.0 - theta;
	g->z_hx1 = zipf_H(g, 1.5) - 1.0;
	g->z_hn = zipf_H(g, (double)g->nr_blocks + 0.5);
	g->z_s = 2.0 - zipf_Hinv(g, zipf_H(g, 2.5) - zipf_h(g, 2.0));
}

/* zipf_rank - a rank in [0, n), rank 0 the most probable. */
static uint64_t zipf_rank(const struct dist_gen *g, struct rng *rng)
{
	double n = (double)g->nr_blocks;

	for (;;) {
		double u = g->z_hn + uniform01(rng) * (g->z_hx1 - g->z_hn);
		double x = zipf_Hinv(g, u);
		double k = floor(x + 0.5);

		if (k < 1.0)
			k = 1.0;
		else if (k > n)
			k = n;
		if (k - x <= g->z_s || u >= zipf_H(g, k + 0.5) - zipf_h(g, k))
			return (uint64_t)k - 1;
	}
}

/* ------------------------------------------------------------------ */
/* Pareto and normal                                                   */

static uint64_t pareto_rank(const struct dist_gen *g, struct rng *rng)
{
	double r = (double)(g->nr_blocks - 1) * pow(uniform01(rng), g->pareto_pow);
	uint64_t k = (uint64_t)r;

	return k < g->nr_blocks ? k : g->nr_blocks - 1;
}

/* normal_block - a block drawn from the truncated Gaussian, then spread
 * around its mode (g->off). */
static uint64_t normal_block(const struct dist_gen *g, struct rng *rng)
{
	double n = (double)g->nr_blocks, mode = (double)g->off, v = mode;
	int64_t dev;
	uint64_t r;

	for (int tries = 0; tries < 64; tries++) {
		double u1 = 1.0 - uniform01(rng);	/* (0, 1] */
		double u2 = uniform01(rng);

		v = mode + g->sigma * sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
		if (v >= 0.0 && v < n)
			break;
		v = mode;
	}
	v = floor(v + 0.5);
	if (v > n - 1)
		v = n - 1;
	dev = (int64_t)v - (int64_t)g->off;
	r = dev >= 0 ? (uint64_t)dev : (uint64_t)(dev + (int64_t)g->nr_blocks);
	return place(g, r);
}

/* ------------------------------------------------------------------ */
/* Zoned                                                               */

static uint64_t zoned_block(const struct dist_gen *g, struct rng *rng)
{
	unsigned z = g->zone_of[rng_below(rng, 100)];

	return g->zone_start[z] + rng_below(rng, g->zone_len[z]);
}

uint64_t dist_next_slow(const struct dist_gen *g, struct rng *rng)
{
	switch (g->kind) {
	case DIST_ZIPF:
		return place(g, zipf_rank(g, rng));
	case DIST_PARETO:
		return place(g, pareto_rank(g, rng));
	case DIST_NORMAL:
		return normal_block(g, rng);
	case DIST_ZONED:
	case DIST_ZONED_ABS:
		return zoned_block(g, rng);
	default:
		return rng_below(rng, g->nr_blocks);
	}
}

/* ------------------------------------------------------------------ */
/* Setup                                                               */

/* zone_add - record zone [start, start + len) with access% a. */
static int zone_add(struct dist_gen *g, unsigned idx, unsigned a,
		    uint64_t start, uint64_t len, unsigned *v, unsigned ddir,
		    struct diag *d)
{
	unsigned z = g->nr_zones;

	if (!a)
		return 0;
	if (!len) {
		diag_set(d, NULL,
			 "random_distribution: %s zone %u gets %u%% of the accesses but covers no block of the region",
			 dir_name[ddir], idx + 1, a);
		return -EINVAL;
	}
	g->zone_start[z] = start;
	g->zone_len[z] = len;
	for (unsigned i = 0; i < a; i++)
		g->zone_of[(*v)++] = (uint8_t)z;
	g->nr_zones++;
	return 0;
}

static int zones_init(struct dist_gen *g, const struct dist_spec *spec,
		      unsigned ddir, uint64_t block_bytes, struct diag *d)
{
	const struct dist_zones *zs = &spec->zones[ddir];
	bool abs = spec->kind == DIST_ZONED_ABS;
	uint64_t n = g->nr_blocks, sum_size = 0, cum = 0;
	unsigned sum_access = 0, v = 0;
	int ret;

	if (!zs->nr || zs->nr > DIST_ZONES_MAX) {
		diag_set(d, NULL, "random_distribution: %u zones for %ss, need 1 to %u",
			 zs->nr, dir_name[ddir], DIST_ZONES_MAX);
		return -EINVAL;
	}
	for (unsigned i = 0; i < zs->nr; i++) {
		if (zs->zone[i].access > 100 || (!abs && zs->zone[i].size > 100)) {
			diag_set(d, NULL, "random_distribution: %s zone %u: percentage above 100",
				 dir_name[ddir], i + 1);
			return -EINVAL;
		}
		sum_access += zs->zone[i].access;
		sum_size += zs->zone[i].size;
	}
	if (sum_access != 100) {
		diag_set(d, NULL, "random_distribution: %s zone access percentages add up to %u, not 100",
			 dir_name[ddir], sum_access);
		return -EINVAL;
	}
	if (!abs && sum_size != 100) {
		diag_set(d, NULL, "random_distribution: %s zone size percentages add up to %" PRIu64 ", not 100",
			 dir_name[ddir], sum_size);
		return -EINVAL;
	}
	for (unsigned i = 0; i < zs->nr; i++) {
		const struct dist_zone *z = &zs->zone[i];
		uint64_t start, end;

		if (abs) {
			start = cum / block_bytes;
			end = (cum + z->size) / block_bytes;
			if (z->access && start >= n) {
				diag_set(d, NULL,
					 "random_distribution: zoned_abs %s zone %u starts at byte %" PRIu64 ", beyond the region of %" PRIu64 " bytes",
					 dir_name[ddir], i + 1, cum, n * block_bytes);
				return -EINVAL;
			}
			if (end > n)
				end = n;
		} else {
			start = (uint64_t)((unsigned __int128)cum * n / 100);
			end = (uint64_t)((unsigned __int128)(cum + z->size) * n / 100);
		}
		cum += z->size;
		ret = zone_add(g, i, z->access, start, end > start ? end - start : 0,
			       &v, ddir, d);
		if (ret)
			return ret;
	}
	return 0;
}

static int params_check(const struct dist_spec *spec, struct diag *d)
{
	double p = spec->param;

	if (spec->center != -1.0 && !(spec->center >= 0.0 && spec->center <= 1.0)) {
		diag_set(d, NULL, "random_distribution: center %g is outside [0, 1]",
			 spec->center);
		return -EINVAL;
	}
	switch (spec->kind) {
	case DIST_ZIPF:
		if (!(p > 0.0) || !isfinite(p)) {
			diag_set(d, NULL, "random_distribution: zipf theta %g must be above 0", p);
			return -EINVAL;
		}
		break;
	case DIST_PARETO:
		if (!(p > 0.0 && p < 1.0)) {
			diag_set(d, NULL, "random_distribution: pareto h %g must be between 0 and 1", p);
			return -EINVAL;
		}
		break;
	case DIST_NORMAL:
		if (!(p >= 0.0 && p <= 100.0)) {
			diag_set(d, NULL, "random_distribution: normal deviation %g must be 0 to 100", p);
			return -EINVAL;
		}
		break;
	default:
		break;
	}
	return 0;
}

/* center_block - the block the optional center points at. */
static uint64_t center_block(double center, uint64_t n)
{
	uint64_t b = (uint64_t)(center * (double)n);

	return b < n ? b : n - 1;
}

int dist_gen_init(struct dist_gen *g, const struct dist_spec *spec,
		  unsigned ddir, uint64_t nr_blocks, uint64_t block_bytes,
		  uint64_t seed, struct diag *d)
{
	struct rng r;
	int ret;

	memset(g, 0, sizeof(*g));
	if (!nr_blocks || !block_bytes || ddir >= DDIR_NR ||
	    spec->kind > DIST_ZONED_ABS) {
		diag_set(d, NULL, "random_distribution: no block to choose from");
		return -EINVAL;
	}
	if (spec->percentage_random[ddir] > 100) {
		diag_set(d, NULL, "percentage_random for %ss is %u, above 100",
			 dir_name[ddir], spec->percentage_random[ddir]);
		return -EINVAL;
	}
	ret = params_check(spec, d);
	if (ret)
		return ret;

	g->kind = spec->kind;
	g->nr_blocks = nr_blocks;
	g->perc_random = spec->percentage_random[ddir];
	spread_init(g);
	rng_seed(&r, seed);
	if (spec->center != -1.0)
		g->off = center_block(spec->center, nr_blocks);
	else
		g->off = rng_below(&r, nr_blocks);

	switch (spec->kind) {
	case DIST_ZIPF:
		zipf_init(g, spec->param);
		break;
	case DIST_PARETO:
		g->pareto_pow = log(spec->param) / log(1.0 - spec->param);
		break;
	case DIST_NORMAL:
		g->off = center_block(spec->center != -1.0 ? spec->center : 0.5,
				      nr_blocks);
		g->sigma = spec->param > 0.0 ? (double)nr_blocks * spec->param / 100.0
					     : (double)nr_blocks / 12.0;
		break;
	case DIST_ZONED:
	case DIST_ZONED_ABS:
		g->off = 0;
		return zones_init(g, spec, ddir, block_bytes, d);
	default:
		g->off = 0;
		break;
	}
	return 0;
}

int dist_gen_init_files(struct dist_gen *g, enum dist_kind kind, double param,
			uint64_t nranges, uint64_t seed, struct diag *d)
{
	struct dist_spec spec;
	int ret;

	memset(&spec, 0, sizeof(spec));
	spec.kind = kind;
	spec.param = param;
	spec.center = -1;
	spec.percentage_random[0] = spec.percentage_random[1] = 100;
	if (kind != DIST_ZIPF && kind != DIST_PARETO && kind != DIST_NORMAL) {
		diag_set(d, NULL, "file_service_type: not a skewed distribution");
		return -EINVAL;
	}
	ret = dist_gen_init(g, &spec, DDIR_READ, nranges, 1, seed, d);
	if (ret)
		return ret;
	g->no_spread = true;
	return 0;
}
