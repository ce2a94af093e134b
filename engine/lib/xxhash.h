/* SPDX-License-Identifier: MIT */
/*
 * xxhash.h - XXH64, the 64-bit xxHash, for verify=xxhash.
 *
 * Written from the xxHash specification (doc/xxhash_spec.md in the xxHash
 * project): XXH64("", 0) = 0xEF46DB3751D8E999.
 */
#ifndef IOSTRESS_XXHASH_H
#define IOSTRESS_XXHASH_H

#include <stddef.h>
#include <stdint.h>

/* xxh64 - the XXH64 hash of len bytes at buf with seed. */
uint64_t xxh64(const void *buf, size_t len, uint64_t seed);

#endif
