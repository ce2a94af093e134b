/* SPDX-License-Identifier: MIT */
/*
 * blockmap.c - a bit per block of a file, set when a pass has used it
 * (blockmap.h).
 */
#include "workload/blockmap.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define WORD_BITS 64

static uint64_t words(uint64_t nr)
{
	return (nr + WORD_BITS - 1) / WORD_BITS;
}

int blockmap_init(struct blockmap *m, uint64_t nr)
{
	memset(m, 0, sizeof(*m));
	if (!nr)
		return -EINVAL;
	m->bits = calloc(words(nr), sizeof(*m->bits));
	if (!m->bits)
		return -ENOMEM;
	m->nr = nr;
	return 0;
}

void blockmap_release(struct blockmap *m)
{
	free(m->bits);
	memset(m, 0, sizeof(*m));
}

void blockmap_clear(struct blockmap *m)
{
	if (m->bits)
		memset(m->bits, 0, words(m->nr) * sizeof(*m->bits));
	m->used = 0;
}

static bool is_used(const struct blockmap *m, uint64_t b)
{
	return m->bits[b / WORD_BITS] >> (b % WORD_BITS) & 1;
}

/* first_free - the first free block in [from, nr), or UINT64_MAX. */
static uint64_t first_free(const struct blockmap *m, uint64_t from)
{
	uint64_t w = from / WORD_BITS;
	uint64_t free_bits;

	if (from >= m->nr)
		return UINT64_MAX;
	/* the bits below from in its word count as used */
	free_bits = ~m->bits[w] & (~UINT64_C(0) << (from % WORD_BITS));
	while (!free_bits) {
		if (++w >= words(m->nr))
			return UINT64_MAX;
		free_bits = ~m->bits[w];
	}
	from = w * WORD_BITS + (uint64_t)__builtin_ctzll(free_bits);
	return from < m->nr ? from : UINT64_MAX;
}

uint64_t blockmap_free_at(const struct blockmap *m, uint64_t b)
{
	uint64_t f;

	if (blockmap_full(m) || b >= m->nr)
		return UINT64_MAX;
	if (!is_used(m, b))
		return b;
	f = first_free(m, b + 1);
	return f != UINT64_MAX ? f : first_free(m, 0);
}

uint64_t blockmap_mark(struct blockmap *m, uint64_t b, uint64_t n)
{
	uint64_t k = 0;

	for (; k < n && b + k < m->nr && !is_used(m, b + k); k++)
		m->bits[(b + k) / WORD_BITS] |= UINT64_C(1) << ((b + k) % WORD_BITS);
	m->used += k;
	return k;
}
