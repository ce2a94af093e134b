/* SPDX-License-Identifier: MIT */
/*
 * crc32c.c - CRC-32C: slicing-by-8 in software, the SSE4.2 crc32
 * instruction when the CPU has it.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <string.h>

#include "lib/crc32c.h"

#define CRC32C_POLY 0x82F63B78u	/* 0x1EDC6F41 bit-reflected */

/* ------------------------------------------------------------------ */
/* Software: slicing-by-8                                              */

static uint32_t crc_table[8][256];
static pthread_once_t crc_table_once = PTHREAD_ONCE_INIT;

/*
 * crc_table_build - table[0] is the classic byte-at-a-time table; table[k]
 * advances a byte's contribution by k more zero bytes, so eight bytes can
 * be folded with eight lookups.
 */
static void crc_table_build(void)
{
	for (unsigned i = 0; i < 256; i++) {
		uint32_t c = i;

		for (int b = 0; b < 8; b++)
			c = (c >> 1) ^ (CRC32C_POLY & (0u - (c & 1)));
		crc_table[0][i] = c;
	}
	for (unsigned i = 0; i < 256; i++) {
		uint32_t c = crc_table[0][i];

		for (int k = 1; k < 8; k++) {
			c = (c >> 8) ^ crc_table[0][c & 0xff];
			crc_table[k][i] = c;
		}
	}
}

static inline uint32_t crc_byte(uint32_t c, uint8_t b)
{
	return (c >> 8) ^ crc_table[0][(c ^ b) & 0xff];
}

uint32_t crc32c_sw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint32_t c = ~crc;

	pthread_once(&crc_table_once, crc_table_build);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		w ^= c;
		c = crc_table[7][w & 0xff] ^
		    crc_table[6][(w >> 8) & 0xff] ^
		    crc_table[5][(w >> 16) & 0xff] ^
		    crc_table[4][(w >> 24) & 0xff] ^
		    crc_table[3][(w >> 32) & 0xff] ^
		    crc_table[2][(w >> 40) & 0xff] ^
		    crc_table[1][(w >> 48) & 0xff] ^
		    crc_table[0][w >> 56];
		p += 8;
		len -= 8;
	}
#endif
	while (len--)
		c = crc_byte(c, *p++);
	return ~c;
}

/* ------------------------------------------------------------------ */
/* Hardware: SSE4.2                                                    */

#if defined(__x86_64__)
#include <nmmintrin.h>

__attribute__((target("sse4.2")))
static uint32_t crc32c_hw(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t c = ~crc;

	while (len && ((uintptr_t)p & 7)) {
		c = _mm_crc32_u8((uint32_t)c, *p++);
		len--;
	}
	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		c = _mm_crc32_u64(c, w);
		p += 8;
		len -= 8;
	}
	while (len--)
		c = _mm_crc32_u8((uint32_t)c, *p++);
	return ~(uint32_t)c;
}

static bool cpu_has_sse42(void)
{
	__builtin_cpu_init();
	return __builtin_cpu_supports("sse4.2");
}
#else
static bool cpu_has_sse42(void)
{
	return false;
}
#define crc32c_hw crc32c_sw
#endif

/* ------------------------------------------------------------------ */
/* Dispatch                                                            */

typedef uint32_t (*crc_fn)(uint32_t, const void *, size_t);

/* Resolved on first use; concurrent first uses store the same value. */
static _Atomic(crc_fn) crc_impl;

static crc_fn crc_resolve(void)
{
	crc_fn fn = atomic_load_explicit(&crc_impl, memory_order_relaxed);

	if (!fn) {
		fn = cpu_has_sse42() ? crc32c_hw : crc32c_sw;
		atomic_store_explicit(&crc_impl, fn, memory_order_relaxed);
	}
	return fn;
}

uint32_t crc32c(uint32_t crc, const void *buf, size_t len)
{
	return crc_resolve()(crc, buf, len);
}
