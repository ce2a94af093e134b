/* SPDX-License-Identifier: MIT */
/*
 * rand.h - the per-worker pseudo-random generator (xoshiro256**).
 *
 * Each worker owns one; nothing is shared.  Seeds are derived from the
 * job's seed and clone number, so runs are repeatable (fio's randrepeat=1
 * default).
 */
#ifndef IOSTRESS_RAND_H
#define IOSTRESS_RAND_H

#include <stdint.h>

struct rng {
	uint64_t s[4];
};

/* rng_seed - seed the generator from one 64-bit value (via splitmix64).
 * Any seed, including 0, gives a valid (never all-zero) state. */
void rng_seed(struct rng *r, uint64_t seed);

static inline uint64_t rng_rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* rng_next - the next 64 random bits. */
static inline uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rng_rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rng_rotl(s[3], 45);
	return result;
}

/* rng_below - uniform value in [0, n); n > 0.  Lemire's method, unbiased. */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
	unsigned __int128 m = (unsigned __int128)rng_next(r) * n;
	uint64_t l = (uint64_t)m;

	if (l < n) {
		uint64_t t = -n % n;

		while (l < t) {
			m = (unsigned __int128)rng_next(r) * n;
			l = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

/* rng_fill - fill len bytes at buf with random data (incompressible): one
 * rng_next() per 8 bytes, in the machine's byte order.  buf needs no
 * alignment; a tail shorter than 8 bytes consumes one more rng_next(). */
void rng_fill(struct rng *r, void *buf, uint64_t len);

#endif
