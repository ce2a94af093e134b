/* SPDX-License-Identifier: MIT */
/*
 * test_verify.c - the checksums against their published known answers,
 * and verify blocks: fill then check, and each kind of damage reported
 * for what it is.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "lib/crc32c.h"
#include "lib/diag.h"
#include "lib/md5.h"
#include "workload/verify.h"

/* ------------------------------------------------------------------------
 * crc32c
 */

static void test_crc32c_check_value(void **state)
{
	(void)state;
	assert_int_equal(crc32c(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(crc32c_sw(0, "123456789", 9), 0xE3069283u);
	assert_int_equal(crc32c(0, "", 0), 0);
}

/* RFC 3720 (iSCSI) appendix B.4 test vectors. */
static void test_crc32c_iscsi_vectors(void **state)
{
	uint8_t buf[32];

	(void)state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(crc32c(0, buf, 32), 0x8A9136AAu);
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(crc32c(0, buf, 32), 0x62A8AB43u);
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)i;
	assert_int_equal(crc32c(0, buf, 32), 0x46DD794Eu);
	for (int i = 0; i < 32; i++)
		buf[i] = (uint8_t)(31 - i);
	assert_int_equal(crc32c(0, buf, 32), 0x113FDB5Cu);
}

/* Hardware and software agree at every length and alignment, and a CRC
 * can be continued across pieces. */
static void test_crc32c_hw_sw_and_chaining(void **state)
{
	uint8_t buf[300];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 37 + 11);
	for (size_t off = 0; off < 8; off++)
		for (size_t len = 0; len + off <= sizeof(buf); len += 7)
			assert_int_equal(crc32c(0, buf + off, len),
					 crc32c_sw(0, buf + off, len));
	for (size_t cut = 0; cut <= sizeof(buf); cut += 13)
		assert_int_equal(crc32c(crc32c(0, buf, cut), buf + cut, sizeof(buf) - cut),
				 crc32c(0, buf, sizeof(buf)));
}

/* ------------------------------------------------------------------------
 * md5: the RFC 1321 test suite (appendix A.5)
 */

static void md5_hex(const char *s, char out[33])
{
	uint8_t d[MD5_DIGEST_LEN];

	md5(s, strlen(s), d);
	for (int i = 0; i < 16; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_md5_rfc1321_suite(void **state)
{
	static const char *const v[][2] = {
		{ "", "d41d8cd98f00b204e9800998ecf8427e" },
		{ "a", "0cc175b9c0f1b6a831c399e269772661" },
		{ "abc", "900150983cd24fb0d6963f7d28e17f72" },
		{ "message digest", "f96b697d7cb7938d525a2f31aaf161d0" },
		{ "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "d174ab98d277d9f5a5611c2c9f419d9f" },
		{ "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
		  "57edf4a22be3c955ac49da2e2107b67a" },
	};
	char hex[33];

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		md5_hex(v[i][0], hex);
		assert_string_equal(hex, v[i][1]);
	}
}

/* Streaming in odd pieces gives the one-shot digest (padding across a
 * block boundary included: 56..64 bytes). */
static void test_md5_streaming(void **state)
{
	uint8_t buf[200], one[16], two[16];
	struct md5_ctx ctx;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i ^ 0x5a);
	for (size_t len = 50; len < 200; len += 3) {
		md5(buf, len, one);
		md5_init(&ctx);
		for (size_t p = 0; p < len;) {
			size_t take = (p % 11) + 1;

			if (take > len - p)
				take = len - p;
			md5_update(&ctx, buf + p, take);
			p += take;
		}
		md5_final(&ctx, two);
		assert_memory_equal(one, two, 16);
	}
}

/* ------------------------------------------------------------------------
 * XXH64 (libxxhash): the xxHash reference values, seed 0 (and one seeded),
 * so that verify=xxhash keeps hashing with XXH64 and not another variant
 */

static void test_xxh64_known_answers(void **state)
{
	static const char nobody[] = "Nobody inspects the spammish repetition";

	(void)state;
	assert_true(XXH64("", 0, 0) == 0xEF46DB3751D8E999ull);
	assert_true(XXH64("a", 1, 0) == 0xD24EC4F1A98C6E5Bull);
	assert_true(XXH64("abc", 3, 0) == 0x44BC2CF5AD770999ull);
	assert_true(XXH64(nobody, strlen(nobody), 0) == 0xFBCEA83C8A378BF1ull);
	assert_true(XXH64("", 0, 2654435761u) == 0xAC75FDA2929B17EFull);
}

/* The xxHash sanity buffer: 101 bytes from a squaring generator. */
static void test_xxh64_sanity_buffer(void **state)
{
	uint8_t buf[101];
	uint32_t gen = 2654435761u;

	(void)state;
	for (int i = 0; i < 101; i++) {
		buf[i] = (uint8_t)(gen >> 24);
		gen *= gen;
	}
	assert_true(XXH64(buf, 1, 0) == 0x4FCE394CC88952D8ull);
	assert_true(XXH64(buf, 1, 2654435761u) == 0x739840CB819FA723ull);
	assert_true(XXH64(buf, 14, 0) == 0xCFFA8DB881BC3A3Dull);
	assert_true(XXH64(buf, 14, 2654435761u) == 0x5B9611585EFCC9CBull);
	assert_true(XXH64(buf, 101, 0) == 0x0EAB543384F878ADull);
	assert_true(XXH64(buf, 101, 2654435761u) == 0xCAA65939306F1E21ull);
}

/* ------------------------------------------------------------------------
 * verify blocks
 */

static struct verify_spec spec_of(enum verify_kind kind)
{
	struct verify_spec s;

	memset(&s, 0, sizeof(s));
	s.kind = kind;
	s.do_verify = true;
	return s;
}

static void test_round_trip_every_kind(void **state)
{
	static const enum verify_kind kinds[] = { VERIFY_CRC32C, VERIFY_MD5, VERIFY_XXHASH };
	static const uint32_t lens[] = { 65, 512, 4096, 4097, 65536 };
	uint8_t *buf = malloc(65536 + 1);
	struct diag d = { "" };

	(void)state;
	assert_non_null(buf);
	for (size_t k = 0; k < 3; k++) {
		struct verify_spec s = spec_of(kinds[k]);

		for (size_t l = 0; l < 5; l++) {
			/* unaligned buffer on purpose */
			assert_int_equal(verify_fill(&s, buf + 1, lens[l], 8192 * l, 3, 42), 0);
			assert_int_equal(verify_check(&s, buf + 1, lens[l], 8192 * l, 3, 42, &d), 0);
			assert_int_equal(verify_check(&s, buf + 1, lens[l], 8192 * l, 3,
						      VERIFY_ANY_GEN, &d), 0);
		}
	}
	assert_string_equal(d.msg, "");
	free(buf);
}

/* verify=xxhash's header as written before libxxhash replaced the
 * hand-written XXH64: checksum XXH64(payload, seed 0) little-endian in the
 * first 8 bytes of csum, the rest and the reserved bytes zero, then
 * hdr_crc.  Blocks written by earlier builds still check. */
static void test_xxhash_block_on_disk(void **state)
{
	static const uint8_t want[32] = {
		0xa3, 0x11, 0xbd, 0x42, 0x39, 0xc9, 0xf9, 0x3c,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00, 0x48, 0xb8, 0x27, 0xe9,
	};
	struct verify_spec s = spec_of(VERIFY_XXHASH);
	struct diag d = { "" };
	uint8_t buf[4096];
	uint64_t h = 0;

	(void)state;
	assert_int_equal(verify_fill(&s, buf, sizeof(buf), 8192, 3, 42), 0);
	assert_memory_equal(buf + 32, want, sizeof(want));
	for (int i = 7; i >= 0; i--)
		h = h << 8 | buf[32 + i];
	assert_true(h == XXH64(buf + VERIFY_HDR_LEN, sizeof(buf) - VERIFY_HDR_LEN, 0));
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 8192, 3, 42, &d), 0);
}

/* Two blocks at different offsets, or generations, have different
 * payloads: a stale copy is never mistaken for the real one by content. */
static void test_payload_depends_on_identity(void **state)
{
	struct verify_spec s = spec_of(VERIFY_CRC32C);
	uint8_t a[4096], b[4096];

	(void)state;
	verify_fill(&s, a, sizeof(a), 0, 0, 1);
	verify_fill(&s, b, sizeof(b), 4096, 0, 1);
	assert_memory_not_equal(a + 64, b + 64, sizeof(a) - 64);
	verify_fill(&s, b, sizeof(b), 0, 0, 2);
	assert_memory_not_equal(a + 64, b + 64, sizeof(a) - 64);
}

static void test_flipped_payload_byte_is_torn(void **state)
{
	static const enum verify_kind kinds[] = { VERIFY_CRC32C, VERIFY_MD5, VERIFY_XXHASH };
	uint8_t buf[4096];
	struct diag d;

	(void)state;
	for (size_t k = 0; k < 3; k++) {
		struct verify_spec s = spec_of(kinds[k]);

		verify_fill(&s, buf, sizeof(buf), 8192, 0, 7);
		buf[512] ^= 0x01;
		d.msg[0] = '\0';
		assert_int_equal(verify_check(&s, buf, sizeof(buf), 8192, 0, 7, &d), -EILSEQ);
		assert_non_null(strstr(d.msg, "torn block at offset 8192 (len 4096): header ok but payload "));
		assert_non_null(strstr(d.msg, verify_kind_name(kinds[k])));
		assert_non_null(strstr(d.msg, "first bad byte at +512"));
	}
}

static void test_torn_message_exact(void **state)
{
	struct verify_spec s = spec_of(VERIFY_CRC32C);
	uint8_t buf[4096];
	struct diag d;
	char want[DIAG_MSG_MAX];
	uint32_t got, exp;

	(void)state;
	verify_fill(&s, buf, sizeof(buf), 0, 0, 1);
	memcpy(&exp, buf + 32, 4);		/* little-endian host */
	memset(buf + 1024, 0, 512);		/* an old sector */
	got = crc32c(0, buf + 64, sizeof(buf) - 64);
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 1, &d), -EILSEQ);
	snprintf(want, sizeof(want),
		 "torn block at offset 0 (len 4096): header ok but payload crc32c is 0x%08x, expected 0x%08x; first bad byte at +1024",
		 got, exp);
	assert_string_equal(d.msg, want);
}

static void test_wrong_offset_is_misplaced(void **state)
{
	struct verify_spec s = spec_of(VERIFY_XXHASH);
	uint8_t buf[4096];
	struct diag d;

	(void)state;
	verify_fill(&s, buf, sizeof(buf), 4096, 0, 1);
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 12288, 0, 1, &d), -EILSEQ);
	assert_string_equal(d.msg,
			    "misplaced block at offset 12288 (len 4096, file 0): header is for offset 4096 (len 4096, file 0)");
	/* same offset, other file */
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 4096, 1, 1, &d), -EILSEQ);
	assert_non_null(strstr(d.msg, "misplaced block"));
}

static void test_bad_magic_and_bad_header(void **state)
{
	struct verify_spec s = spec_of(VERIFY_MD5);
	uint8_t buf[4096];
	struct diag d;

	(void)state;
	memset(buf, 0, sizeof(buf));
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 1, &d), -EILSEQ);
	assert_string_equal(d.msg,
			    "bad magic at offset 0 (len 4096): the header is all zeros (block never written?)");

	memset(buf, 0xab, sizeof(buf));
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 1, &d), -EILSEQ);
	assert_string_equal(d.msg, "bad magic at offset 0 (len 4096): found 0xabababab, expected 0x76736f69");

	verify_fill(&s, buf, sizeof(buf), 0, 0, 1);
	buf[20] ^= 0x80;			/* inside the offset field */
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 1, &d), -EILSEQ);
	assert_non_null(strstr(d.msg, "bad header at offset 0 (len 4096): header crc32c is 0x"));
}

static void test_stale_generation(void **state)
{
	struct verify_spec s = spec_of(VERIFY_CRC32C);
	uint8_t buf[4096];
	struct diag d;

	(void)state;
	verify_fill(&s, buf, sizeof(buf), 0, 0, 3);
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 4, &d), -EILSEQ);
	assert_string_equal(d.msg, "stale block at offset 0 (len 4096): generation 3, expected 4 (lost write?)");
}

static void test_kind_mismatch(void **state)
{
	struct verify_spec w = spec_of(VERIFY_MD5), r = spec_of(VERIFY_CRC32C);
	uint8_t buf[1024];
	struct diag d;

	(void)state;
	verify_fill(&w, buf, sizeof(buf), 0, 0, 1);
	assert_int_equal(verify_check(&r, buf, sizeof(buf), 0, 0, 1, &d), -EILSEQ);
	assert_string_equal(d.msg,
			    "block at offset 0 (len 1024) was written with verify=md5, expected verify=crc32c");
}

static void test_pattern_mode(void **state)
{
	struct verify_spec s = spec_of(VERIFY_PATTERN);
	uint8_t buf[1000];
	struct diag d;

	(void)state;
	assert_int_equal(verify_fill(&s, buf, sizeof(buf), 0, 0, 0), -EINVAL);	/* no pattern */
	memcpy(s.pattern, "\xde\xad\xbe", 3);
	s.pattern_len = 3;
	assert_int_equal(verify_fill(&s, buf, sizeof(buf), 0, 0, 0), 0);
	assert_int_equal(buf[0], 0xde);
	assert_int_equal(buf[1], 0xad);
	assert_int_equal(buf[2], 0xbe);
	assert_int_equal(buf[999], 0xde);		/* 999 % 3 == 0 */
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 0, &d), 0);
	buf[700] = 0;
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 4096, 0, 0, &d), -EILSEQ);
	assert_string_equal(d.msg,
			    "pattern mismatch at offset 4096 (len 1000): byte +700 is 0x00, expected 0xad");
}

/* A checksum kind with a pattern: the payload is the pattern, phased from
 * the start of the block, and damage is located against it. */
static void test_checksum_with_pattern(void **state)
{
	struct verify_spec s = spec_of(VERIFY_CRC32C);
	uint8_t buf[4096];
	struct diag d;

	(void)state;
	s.pattern[0] = 0x12;
	s.pattern[1] = 0x34;
	s.pattern_len = 2;
	assert_int_equal(verify_fill(&s, buf, sizeof(buf), 0, 0, 1), 0);
	assert_int_equal(buf[64], 0x12);
	assert_int_equal(buf[65], 0x34);
	assert_int_equal(buf[4095], 0x34);
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 1, &d), 0);
	buf[101] = 0x99;
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 0, 0, 1, &d), -EILSEQ);
	assert_non_null(strstr(d.msg, "first bad byte at +101"));
}

/* verify=meta: the header only, the payload against the pattern when one
 * is set; verify_interval: a header per piece, each at its own offset. */
static void test_meta_and_interval(void **state)
{
	struct verify_spec s = spec_of(VERIFY_META);
	uint8_t buf[4096];
	struct diag d;

	(void)state;
	s.interval = 512;
	assert_int_equal(verify_fill(&s, buf, sizeof(buf), 8192, 0, 1), 0);
	buf[1024 + 100] ^= 0xff;	/* no pattern: the payload is not checked */
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 8192, 0, 1, &d), 0);
	buf[1024 + 16] ^= 0xff;		/* the third piece's header offset */
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 8192, 0, 1, &d), -EILSEQ);

	s.pattern[0] = 0xaa;
	s.pattern[1] = 0x55;
	s.pattern_len = 2;
	assert_int_equal(verify_fill(&s, buf, sizeof(buf), 8192, 0, 1), 0);
	assert_int_equal(buf[512 + 64], 0xaa);	/* the pattern from each piece's start */
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 8192, 0, 1, &d), 0);
	buf[1536 + 99] = 0;
	assert_int_equal(verify_check(&s, buf, sizeof(buf), 8192, 0, 1, &d), -EILSEQ);
	assert_string_equal(d.msg, "pattern mismatch at offset 9728 (len 512): byte +99 is 0x00, expected 0x55");
	/* a block the interval does not divide has one header */
	assert_int_equal(verify_fill(&s, buf, 1000, 0, 0, 1), 0);
	assert_int_equal(verify_check(&s, buf, 1000, 0, 0, 1, &d), 0);
}

static void test_refuses_short_blocks(void **state)
{
	struct verify_spec s = spec_of(VERIFY_CRC32C), none = spec_of(VERIFY_NONE);
	uint8_t buf[64];

	(void)state;
	assert_int_equal(verify_min_len(&s), 65);
	assert_int_equal(verify_fill(&s, buf, 64, 0, 0, 0), -EINVAL);
	assert_int_equal(verify_check(&s, buf, 64, 0, 0, 0, NULL), -EINVAL);
	assert_int_equal(verify_fill(&none, buf, 64, 0, 0, 0), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crc32c_check_value),
		cmocka_unit_test(test_crc32c_iscsi_vectors),
		cmocka_unit_test(test_crc32c_hw_sw_and_chaining),
		cmocka_unit_test(test_md5_rfc1321_suite),
		cmocka_unit_test(test_md5_streaming),
		cmocka_unit_test(test_xxh64_known_answers),
		cmocka_unit_test(test_xxh64_sanity_buffer),
		cmocka_unit_test(test_xxhash_block_on_disk),
		cmocka_unit_test(test_round_trip_every_kind),
		cmocka_unit_test(test_payload_depends_on_identity),
		cmocka_unit_test(test_flipped_payload_byte_is_torn),
		cmocka_unit_test(test_torn_message_exact),
		cmocka_unit_test(test_wrong_offset_is_misplaced),
		cmocka_unit_test(test_bad_magic_and_bad_header),
		cmocka_unit_test(test_stale_generation),
		cmocka_unit_test(test_kind_mismatch),
		cmocka_unit_test(test_pattern_mode),
		cmocka_unit_test(test_checksum_with_pattern),
		cmocka_unit_test(test_meta_and_interval),
		cmocka_unit_test(test_refuses_short_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
