/* SPDX-License-Identifier: MIT */
/*
 * md5.h - MD5 message digest (RFC 1321), for verify=md5.
 *
 * Written from the RFC.  MD5 is used here to detect damage, not as a
 * cryptographic hash.
 *
 * Hand-written although libmd (libmd-dev) has the same portable-C MD5:
 * switching would add a build and runtime dependency for verify=md5 alone
 * and has not been measured yet.
 */
#ifndef IOSTRESS_MD5_H
#define IOSTRESS_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_LEN 16

/* Streaming state; treat as opaque. */
struct md5_ctx {
	uint32_t state[4];	/* A, B, C, D */
	uint64_t bytes;		/* message length so far */
	uint8_t block[64];	/* partial input block */
};

/* md5_init - start a new digest. */
void md5_init(struct md5_ctx *ctx);

/* md5_update - add len bytes at buf to the message. */
void md5_update(struct md5_ctx *ctx, const void *buf, size_t len);

/* md5_final - finish: write the 16-byte digest to out.  ctx must be
 * md5_init()ed again before reuse. */
void md5_final(struct md5_ctx *ctx, uint8_t out[MD5_DIGEST_LEN]);

/* md5 - one-shot digest of len bytes at buf. */
void md5(const void *buf, size_t len, uint8_t out[MD5_DIGEST_LEN]);

#endif
