/* SPDX-License-Identifier: MIT */
/*
 * rand.c - seeding and bulk fill for the per-worker xoshiro256** generator.
 * The per-call generator itself is inline in rand.h.
 */
#include "lib/rand.h"
#include "lib/seed.h"

#include <string.h>

#include "lib/array.h"

/* The state is seeded with splitmix64, as xoshiro's authors recommend:
 * successive multiples of its increment, through its finalizer. */
void rng_seed(struct rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (unsigned i = 0; i < ARRAY_SIZE(r->s); i++) {
		x += SEED_GAMMA;
		r->s[i] = seed_mix(x);
	}
	/* The all-zero state is a fixed point; splitmix64 practically never
	 * yields it, but make sure. */
	if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3]))
		r->s[0] = SEED_GAMMA;
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
