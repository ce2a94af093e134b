/* SPDX-License-Identifier: MIT */
/*
 * rand.c - seeding and bulk fill for the per-worker xoshiro256** generator.
 * The per-call generator itself is inline in rand.h.
 */
#include "lib/rand.h"

#include <string.h>

/* splitmix64 - the seeding function recommended by xoshiro's authors. */
static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (unsigned i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
	/* The all-zero state is a fixed point; splitmix64 practically never
	 * yields it, but make sure. */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = 0x9e3779b97f4a7c15ull;
}

void rng_fill(struct rng *r, void *buf, uint64_t len)
{
	unsigned char *p = buf;
	uint64_t v;

	for (; len >= sizeof(v); p += sizeof(v), len -= sizeof(v)) {
		v = rng_next(r);
		memcpy(p, &v, sizeof(v));
	}
	if (len) {
		v = rng_next(r);
		memcpy(p, &v, (size_t)len);
	}
}
