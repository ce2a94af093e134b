/* SPDX-License-Identifier: MIT */
/*
 * offset.h - which block the next I/O touches.
 *
 * A generator hands out block numbers in [0, nr_blocks); the worker turns a
 * block number into a byte offset (io_offset + block * bs).
 *
 * Sequential: 0, 1, 2, ... nr_blocks-1, then 0 again (a new pass).
 * Random with a map (fio's default, no norandommap): each pass is a
 * pseudo-random permutation, so every block is touched exactly once per
 * pass, with O(1) memory: a keyed bijection on the next power of two (a
 * four-round Feistel network) with cycle-walking to stay below nr_blocks.
 * A new pass draws new keys from the generator's rng.  Permutations of
 * very small sets (a handful of blocks) are valid but not uniformly chosen.
 * Random without a map (norandommap): independent uniform draws; pos and
 * passes still count nr_blocks draws as one pass.
 *
 * A generator is repeatable: the same mode, nr_blocks and seed give the
 * same sequence.  offset_next() is on the hot path: no allocation, no
 * syscalls, no division; about 10 ns per block with a map (up to about
 * 35 ns when nr_blocks is just above a power of two), 3 ns without.
 */
#ifndef IOSTRESS_OFFSET_H
#define IOSTRESS_OFFSET_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/rand.h"

enum offset_mode {
	OFFSET_SEQ = 0,
	OFFSET_RANDMAP,		/* random permutation per pass */
	OFFSET_RANDOM,		/* uniform, repeats allowed (norandommap) */
};

struct offset_gen {
	enum offset_mode mode;
	uint64_t nr_blocks;
	uint64_t pos;		/* blocks handed out in the current pass */
	uint64_t passes;	/* completed passes */
	/* permutation state (OFFSET_RANDMAP) */
	unsigned bits;		/* domain is [0, 2^bits) >= nr_blocks */
	uint64_t keys[4];	/* round keys of the current pass */
	struct rng rng;
};

/*
 * offset_init - set up a generator over nr_blocks (> 0) blocks.  seed makes
 * random modes repeatable.  Returns 0 or -EINVAL when nr_blocks is 0.
 */
int offset_init(struct offset_gen *g, enum offset_mode mode,
		uint64_t nr_blocks, uint64_t seed);

/* offset_next - the next block number. */
uint64_t offset_next(struct offset_gen *g);

#endif
