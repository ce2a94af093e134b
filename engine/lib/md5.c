/* SPDX-License-Identifier: MIT */
/*
 * md5.c - MD5 (RFC 1321): four rounds of sixteen operations over each
 * 64-byte block, little-endian words throughout.
 */
#include <string.h>

#include "lib/md5.h"

/* T[i] = floor(2^32 * |sin(i + 1)|), RFC 1321 section 3.4. */
static const uint32_t md5_t[64] = {
	0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
	0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
	0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
	0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
	0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
	0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
	0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
	0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
	0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
	0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
	0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
	0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
	0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
	0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
	0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
	0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

/* Left-rotation amounts, four per round. */
static const uint8_t md5_s[4][4] = {
	{ 7, 12, 17, 22 },
	{ 5, 9, 14, 20 },
	{ 4, 11, 16, 23 },
	{ 6, 10, 15, 21 },
};

static inline uint32_t rotl32(uint32_t x, unsigned k)
{
	return (x << k) | (x >> (32 - k));
}

static inline uint32_t load_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void store_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* One MD5 step: a = b + ((a + f + x + t) <<< s), then rotate the roles. */
#define MD5_STEP(f, x, t, sh)						\
	do {								\
		uint32_t sum_ = a + (f) + (x) + (t);			\
									\
		a = d;							\
		d = c;							\
		c = b;							\
		b = b + rotl32(sum_, (sh));				\
	} while (0)

/* md5_block - fold one 64-byte block into the state: four rounds of
 * sixteen steps, each round with its own function and word order. */
static void md5_block(uint32_t st[4], const uint8_t *blk)
{
	uint32_t x[16];
	uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
	unsigned i;

	for (i = 0; i < 16; i++)
		x[i] = load_le32(blk + 4 * i);

	for (i = 0; i < 16; i++)
		MD5_STEP((b & c) | (~b & d), x[i], md5_t[i], md5_s[0][i & 3]);
	for (; i < 32; i++)
		MD5_STEP((b & d) | (c & ~d), x[(5 * i + 1) & 15], md5_t[i], md5_s[1][i & 3]);
	for (; i < 48; i++)
		MD5_STEP(b ^ c ^ d, x[(3 * i + 5) & 15], md5_t[i], md5_s[2][i & 3]);
	for (; i < 64; i++)
		MD5_STEP(c ^ (b | ~d), x[(7 * i) & 15], md5_t[i], md5_s[3][i & 3]);

	st[0] += a;
	st[1] += b;
	st[2] += c;
	st[3] += d;
}

void md5_init(struct md5_ctx *ctx)
{
	ctx->state[0] = 0x67452301;
	ctx->state[1] = 0xefcdab89;
	ctx->state[2] = 0x98badcfe;
	ctx->state[3] = 0x10325476;
	ctx->bytes = 0;
}

void md5_update(struct md5_ctx *ctx, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t have = ctx->bytes & 63;

	ctx->bytes += len;
	if (have) {
		size_t take = 64 - have < len ? 64 - have : len;

		memcpy(ctx->block + have, p, take);
		p += take;
		len -= take;
		if (have + take < 64)
			return;
		md5_block(ctx->state, ctx->block);
	}
	while (len >= 64) {
		md5_block(ctx->state, p);
		p += 64;
		len -= 64;
	}
	if (len)
		memcpy(ctx->block, p, len);
}

void md5_final(struct md5_ctx *ctx, uint8_t out[MD5_DIGEST_LEN])
{
	uint64_t bits = ctx->bytes * 8;
	size_t have = ctx->bytes & 63;

	/* Pad with 0x80, zeros to 56 mod 64, then the bit length. */
	ctx->block[have++] = 0x80;
	if (have > 56) {
		memset(ctx->block + have, 0, 64 - have);
		md5_block(ctx->state, ctx->block);
		have = 0;
	}
	memset(ctx->block + have, 0, 56 - have);
	store_le32(ctx->block + 56, (uint32_t)bits);
	store_le32(ctx->block + 60, (uint32_t)(bits >> 32));
	md5_block(ctx->state, ctx->block);
	for (int i = 0; i < 4; i++)
		store_le32(out + 4 * i, ctx->state[i]);
}

void md5(const void *buf, size_t len, uint8_t out[MD5_DIGEST_LEN])
{
	struct md5_ctx ctx;

	md5_init(&ctx);
	md5_update(&ctx, buf, len);
	md5_final(&ctx, out);
}
