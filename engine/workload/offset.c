/* SPDX-License-Identifier: MIT */
/*
 * offset.c - sequential, permuted and uniform block generators.
 *
 * The permutation (OFFSET_RANDMAP) is a keyed bijection on [0, 2^bits):
 * a four-round Feistel network whose halves are bits/2 and bits - bits/2
 * wide, with a multiply-xorshift hash as the round function and one random
 * key per round.  Each round is invertible, so the pass counter
 * 0, 1, ..., nr_blocks-1 maps to distinct values.  Values at or above
 * nr_blocks are fed through the bijection again (cycle-walking) until they
 * land below it; since 2^bits < 2 * nr_blocks, that takes fewer than two
 * rounds of the bijection on average, and the result is a permutation of
 * [0, nr_blocks).  No division and no memory beyond the generator.
 */
#include "workload/offset.h"

#include <errno.h>
#include <string.h>

#include "lib/seed.h"

#define OFFSET_ROUNDS 4

/* Odd multipliers with well-spread bits (from splitmix64 and murmur3). */
static const uint64_t round_mul[OFFSET_ROUNDS] = {
	SEED_MUL1,
	SEED_MUL2,
	0xff51afd7ed558ccdull,
	0xc4ceb9fe1a85ec53ull,
};

/* domain_bits - smallest b with 2^b >= n (n >= 1); 0 for n == 1. */
static unsigned domain_bits(uint64_t n)
{
	return n <= 1 ? 0 : 64u - (unsigned)__builtin_clzll(n - 1);
}

/* new_pass_keys - draw the round keys of the next pass. */
static void new_pass_keys(struct offset_gen *g)
{
	for (unsigned i = 0; i < OFFSET_ROUNDS; i++)
		g->keys[i] = rng_next(&g->rng);
}

/*
 * round_fn - the Feistel round function: a keyed hash of the r bits on one
 * side, truncated to the width of the other side by the caller.  It need
 * not be invertible; the multiply carries every bit of r into the top half.
 */
static inline uint64_t round_fn(uint64_t r, uint64_t key, uint64_t mul)
{
	uint64_t h = (r ^ key) * mul;

	h ^= h >> 29;
	return (h * SEED_GAMMA) >> 32;
}

/*
 * permute - one application of the keyed bijection on [0, 2^bits): an
 * alternating unbalanced Feistel network.  x is split into a left part of
 * hi bits and a right part of lo bits; a round maps (L, R) to
 * (R, L ^ F(R)), which swaps the widths, so after an even number of rounds
 * the split is back where it started.
 */
static inline uint64_t permute(const struct offset_gen *g, uint64_t x)
{
	unsigned lo = g->bits / 2, hi = g->bits - lo, t;

	for (unsigned i = 0; i < OFFSET_ROUNDS; i++) {
		uint64_t l = x >> lo, r = x & ((1ull << lo) - 1);
		uint64_t f = round_fn(r, g->keys[i], round_mul[i]);

		x = (r << hi) | ((l ^ f) & ((1ull << hi) - 1));
		t = lo;
		lo = hi;
		hi = t;
	}
	return x;
}

int offset_init(struct offset_gen *g, enum offset_mode mode,
		uint64_t nr_blocks, uint64_t seed)
{
	if (!nr_blocks)
		return -EINVAL;
	memset(g, 0, sizeof(*g));
	g->mode = mode;
	g->nr_blocks = nr_blocks;
	g->bits = domain_bits(nr_blocks);
	rng_seed(&g->rng, seed);
	if (mode == OFFSET_RANDMAP)
		new_pass_keys(g);
	return 0;
}

/* end_pass - account for a finished pass and start the next one. */
static void end_pass(struct offset_gen *g)
{
	g->pos = 0;
	g->passes++;
	if (g->mode == OFFSET_RANDMAP)
		new_pass_keys(g);
}

uint64_t offset_next(struct offset_gen *g)
{
	uint64_t b;

	if (g->mode == OFFSET_RANDOM) {
		b = rng_below(&g->rng, g->nr_blocks);
	} else if (g->mode == OFFSET_SEQ) {
		b = g->pos;
	} else {
		b = permute(g, g->pos);
		while (b >= g->nr_blocks)
			b = permute(g, b);
	}
	if (++g->pos == g->nr_blocks)
		end_pass(g);
	return b;
}
