/* SPDX-License-Identifier: MIT */
/*
 * blockmap.h - which blocks of a file a pass has touched: fio's random map
 * (its axmap) for random I/O of more than one block size.
 *
 * With one block size a permutation of the blocks (offset.h) gives every
 * block once per pass.  With bsrange or bssplit an I/O covers several
 * blocks, and fio 3.33 (io_u.c get_next_rand_offset, mark_random_map)
 * keeps a bit per block: a random draw that lands on a used block moves
 * to the next free one (wrapping at the end), an I/O is cut short at the
 * first used block after its start, and the pass ends when every block is
 * used.  A bit per block of memory; the per-I/O calls allocate nothing.
 */
#ifndef IOSTRESS_BLOCKMAP_H
#define IOSTRESS_BLOCKMAP_H

#include <stdbool.h>
#include <stdint.h>

struct blockmap {
	uint64_t *bits;		/* a bit per block, set = used; NULL = none */
	uint64_t nr;		/* blocks */
	uint64_t used;		/* bits set */
};

/* blockmap_init - a map of nr (> 0) free blocks.  Returns 0, -EINVAL for
 * nr 0, or -ENOMEM. */
int blockmap_init(struct blockmap *m, uint64_t nr);

/* blockmap_release - free the bits; the map is then empty (bits NULL). */
void blockmap_release(struct blockmap *m);

/* blockmap_clear - every block free again (a new pass). */
void blockmap_clear(struct blockmap *m);

/* blockmap_full - no block is free. */
static inline bool blockmap_full(const struct blockmap *m)
{
	return m->used >= m->nr;
}

/* blockmap_free_at - b (< nr) when free, else the next free block after
 * it, wrapping to 0 at the end (fio's axmap_next_free); UINT64_MAX when
 * no block is free. */
uint64_t blockmap_free_at(const struct blockmap *m, uint64_t b);

/* blockmap_mark - mark up to n blocks from b (< nr) used, stopping before
 * the first used one or the end of the map; returns how many it marked
 * (fio's axmap_set_nr): 0 when b itself is used. */
uint64_t blockmap_mark(struct blockmap *m, uint64_t b, uint64_t n);

#endif
