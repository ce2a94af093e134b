/* SPDX-License-Identifier: MIT */
/*
 * verify.c - writing blocks that prove themselves, and checking them.
 * The block format is described in verify.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

/* XXH64 from libxxhash, compiled inline here (no call into the library
 * on the I/O path). */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "lib/crc32c.h"
#include "lib/diag.h"
#include "lib/md5.h"
#include "lib/seed.h"
#include "workload/verify.h"

/* ------------------------------------------------------------------ */
/* The header                                                          */

/* Field offsets in the 64-byte header (see verify.h). */
enum {
	HDR_MAGIC = 0,
	HDR_KIND = 4,
	HDR_VERSION = 5,
	HDR_HDR_LEN = 6,
	HDR_LEN = 8,
	HDR_FILE_ID = 12,
	HDR_OFFSET = 16,
	HDR_GEN = 24,
	HDR_CSUM = 32,
	HDR_CRC = 60,
};

struct vhdr {
	uint32_t magic;
	uint8_t kind;
	uint8_t version;
	uint16_t hdr_len;
	uint32_t len;
	uint32_t file_id;
	uint64_t offset;
	uint64_t gen;
	uint8_t csum[16];
	uint32_t hdr_crc;
};

static inline void put_le(uint8_t *p, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint64_t get_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = n; i-- > 0;)
		v = (v << 8) | p[i];
	return v;
}

static void hdr_encode(uint8_t *p, const struct vhdr *h)
{
	memset(p, 0, VERIFY_HDR_LEN);
	put_le(p + HDR_MAGIC, h->magic, 4);
	p[HDR_KIND] = h->kind;
	p[HDR_VERSION] = h->version;
	put_le(p + HDR_HDR_LEN, h->hdr_len, 2);
	put_le(p + HDR_LEN, h->len, 4);
	put_le(p + HDR_FILE_ID, h->file_id, 4);
	put_le(p + HDR_OFFSET, h->offset, 8);
	put_le(p + HDR_GEN, h->gen, 8);
	memcpy(p + HDR_CSUM, h->csum, sizeof(h->csum));
	put_le(p + HDR_CRC, crc32c(0, p, HDR_CRC), 4);
}

static void hdr_decode(const uint8_t *p, struct vhdr *h)
{
	h->magic = (uint32_t)get_le(p + HDR_MAGIC, 4);
	h->kind = p[HDR_KIND];
	h->version = p[HDR_VERSION];
	h->hdr_len = (uint16_t)get_le(p + HDR_HDR_LEN, 2);
	h->len = (uint32_t)get_le(p + HDR_LEN, 4);
	h->file_id = (uint32_t)get_le(p + HDR_FILE_ID, 4);
	h->offset = get_le(p + HDR_OFFSET, 8);
	h->gen = get_le(p + HDR_GEN, 8);
	memcpy(h->csum, p + HDR_CSUM, sizeof(h->csum));
	h->hdr_crc = (uint32_t)get_le(p + HDR_CRC, 4);
}

/* ------------------------------------------------------------------ */
/* Payload                                                             */

/* payload_key - the seed of a block's pseudo-random payload. */
static uint64_t payload_key(uint64_t gen, uint32_t file_id, uint64_t offset)
{
	return seed_mix(gen ^ seed_mix(offset ^ ((uint64_t)file_id << 48) ^
				       0x5bd1e9955bd1e995ull));
}

/* payload_word - the 8 bytes at payload word i (block bytes 64 + 8i..). */
static inline uint64_t payload_word(uint64_t key, uint64_t i)
{
	return seed_mix(key + (i + 1) * SEED_GAMMA);
}

/* payload_byte - the expected byte at block position pos (>= 64). */
static uint8_t payload_byte(uint64_t key, uint64_t pos)
{
	uint64_t rel = pos - VERIFY_HDR_LEN;

	return (uint8_t)(payload_word(key, rel / 8) >> (8 * (rel % 8)));
}

static void payload_fill_random(uint8_t *p, uint32_t n, uint64_t key)
{
	uint64_t i = 0;

	for (; n >= 8; n -= 8, p += 8, i++) {
		uint64_t w = payload_word(key, i);

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		memcpy(p, &w, 8);
#else
		put_le(p, w, 8);
#endif
	}
	if (n)
		put_le(p, payload_word(key, i), n);
}

/* pattern_fill - the pattern repeated from block position 0; buf holds
 * positions [from, from + n). */
static void pattern_fill(uint8_t *buf, uint32_t n, uint32_t from,
			 const uint8_t *pat, unsigned plen)
{
	unsigned phase = from % plen;

	if (plen == 1) {
		memset(buf, pat[0], n);
		return;
	}
	while (n) {
		unsigned take = plen - phase < n ? plen - phase : n;

		memcpy(buf, pat + phase, take);
		buf += take;
		n -= take;
		phase = 0;
	}
}

/* ------------------------------------------------------------------ */
/* Checksums                                                           */

static void payload_csum(enum verify_kind kind, const uint8_t *p, uint32_t n,
			 uint8_t out[16])
{
	memset(out, 0, 16);
	switch (kind) {
	case VERIFY_CRC32C:
		put_le(out, crc32c(0, p, n), 4);
		break;
	case VERIFY_MD5:
		md5(p, n, out);
		break;
	case VERIFY_XXHASH:
		put_le(out, XXH64(p, n, 0), 8);
		break;
	default:
		break;
	}
}

/* csum_text - the checksum as hex, as long as the kind's digest. */
static void csum_text(enum verify_kind kind, const uint8_t c[16], char *out)
{
	static const char hex[] = "0123456789abcdef";
	unsigned n = kind == VERIFY_MD5 ? 16 : kind == VERIFY_XXHASH ? 8 : 4;

	if (kind == VERIFY_MD5) {
		for (unsigned i = 0; i < n; i++) {
			*out++ = hex[c[i] >> 4];
			*out++ = hex[c[i] & 15];
		}
	} else {
		*out++ = '0';
		*out++ = 'x';
		for (unsigned i = n; i-- > 0;) {
			*out++ = hex[c[i] >> 4];
			*out++ = hex[c[i] & 15];
		}
	}
	*out = '\0';
}

const char *verify_kind_name(enum verify_kind kind)
{
	switch (kind) {
	case VERIFY_CRC32C:
		return "crc32c";
	case VERIFY_MD5:
		return "md5";
	case VERIFY_XXHASH:
		return "xxhash";
	case VERIFY_PATTERN:
		return "pattern";
	case VERIFY_META:
		return "meta";
	default:
		return "none";
	}
}

/* ------------------------------------------------------------------ */
/* Fill                                                                */

static int verify_args_ok(const struct verify_spec *spec, uint32_t len)
{
	if (spec->kind == VERIFY_NONE || spec->kind > VERIFY_META)
		return -EINVAL;
	if (spec->kind == VERIFY_PATTERN && !spec->pattern_len)
		return -EINVAL;
	if (spec->pattern_len > VERIFY_PATTERN_MAX)
		return -EINVAL;
	if (len < verify_min_len(spec))
		return -EINVAL;
	return 0;
}

/* verify_step - the bytes of a block each header covers: verify_interval
 * when it divides len into pieces that can hold a header, else len. */
static uint32_t verify_step(const struct verify_spec *spec, uint32_t len)
{
	uint32_t n = spec->interval;

	if (n && n < len && !(len % n) && n >= verify_min_len(spec))
		return n;
	return len;
}

/* verify_pieces - check the arguments and give the piece size: 0, or
 * -EINVAL as verify_args_ok(). */
static int verify_pieces(const struct verify_spec *spec, uint32_t len,
			 uint32_t *step)
{
	int ret = verify_args_ok(spec, len);

	*step = verify_step(spec, len);
	return ret;
}

static void fill_one(const struct verify_spec *spec, uint8_t *p, uint32_t len,
		     uint64_t offset, uint32_t file_id, uint64_t gen);

int verify_fill(const struct verify_spec *spec, void *buf, uint32_t len,
		uint64_t offset, uint32_t file_id, uint64_t gen)
{
	uint32_t step;
	int ret = verify_pieces(spec, len, &step);

	if (ret)
		return ret;
	for (uint32_t k = 0; k < len; k += step)
		fill_one(spec, (uint8_t *)buf + k, step, offset + k, file_id, gen);
	return 0;
}

/* fill_one - one piece of verify_step() bytes, as a block of its own. */
static void fill_one(const struct verify_spec *spec, uint8_t *p, uint32_t len,
		     uint64_t offset, uint32_t file_id, uint64_t gen)
{
	struct vhdr h;

	if (spec->kind == VERIFY_PATTERN) {
		pattern_fill(p, len, 0, spec->pattern, spec->pattern_len);
		return;
	}
	if (spec->pattern_len)
		pattern_fill(p + VERIFY_HDR_LEN, len - VERIFY_HDR_LEN,
			     VERIFY_HDR_LEN, spec->pattern, spec->pattern_len);
	else
		payload_fill_random(p + VERIFY_HDR_LEN, len - VERIFY_HDR_LEN,
				    payload_key(gen, file_id, offset));

	h.magic = VERIFY_MAGIC;
	h.kind = (uint8_t)spec->kind;
	h.version = VERIFY_VERSION;
	h.hdr_len = VERIFY_HDR_LEN;
	h.len = len;
	h.file_id = file_id;
	h.offset = offset;
	h.gen = gen;
	payload_csum(spec->kind, p + VERIFY_HDR_LEN, len - VERIFY_HDR_LEN, h.csum);
	hdr_encode(p, &h);
}

/* ------------------------------------------------------------------ */
/* Check                                                               */

/* expected_byte - what verify_fill() put at block position pos (>= 64, or
 * any position for verify=pattern). */
static uint8_t expected_byte(const struct verify_spec *spec, uint64_t key,
			     uint64_t pos)
{
	if (spec->pattern_len)
		return spec->pattern[pos % spec->pattern_len];
	return payload_byte(key, pos);
}

/* first_bad - position of the first byte from 'from' on that differs from
 * what was written, or len when none does. */
static uint32_t first_bad(const struct verify_spec *spec, const uint8_t *p,
			  uint32_t len, uint32_t from, uint64_t key)
{
	for (uint32_t i = from; i < len; i++)
		if (p[i] != expected_byte(spec, key, i))
			return i;
	return len;
}

static bool all_zero(const uint8_t *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* check_pattern - the bytes from 'from' on against verify_pattern. */
static int check_pattern(const struct verify_spec *spec, const uint8_t *p,
			 uint32_t len, uint32_t from, uint64_t offset,
			 struct diag *d)
{
	uint32_t bad = first_bad(spec, p, len, from, 0);

	if (bad == len)
		return 0;
	diag_set(d, NULL,
		 "pattern mismatch at offset %" PRIu64 " (len %u): byte +%u is 0x%02x, expected 0x%02x",
		 offset, len, bad, p[bad], expected_byte(spec, 0, bad));
	return -EILSEQ;
}

/* check_header - everything the header alone can tell. */
static int check_header(const struct verify_spec *spec, const uint8_t *p,
			const struct vhdr *h, uint32_t len, uint64_t offset,
			uint32_t file_id, uint64_t gen, struct diag *d)
{
	uint32_t crc;

	if (h->magic != VERIFY_MAGIC) {
		if (all_zero(p, VERIFY_HDR_LEN))
			diag_set(d, NULL,
				 "bad magic at offset %" PRIu64 " (len %u): the header is all zeros (block never written?)",
				 offset, len);
		else
			diag_set(d, NULL,
				 "bad magic at offset %" PRIu64 " (len %u): found 0x%08x, expected 0x%08x",
				 offset, len, h->magic, VERIFY_MAGIC);
		return -EILSEQ;
	}
	crc = crc32c(0, p, HDR_CRC);
	if (h->hdr_crc != crc) {
		diag_set(d, NULL,
			 "bad header at offset %" PRIu64 " (len %u): header crc32c is 0x%08x, expected 0x%08x",
			 offset, len, crc, h->hdr_crc);
		return -EILSEQ;
	}
	if (h->kind != spec->kind) {
		diag_set(d, NULL,
			 "block at offset %" PRIu64 " (len %u) was written with verify=%s, expected verify=%s",
			 offset, len, verify_kind_name((enum verify_kind)h->kind),
			 verify_kind_name(spec->kind));
		return -EILSEQ;
	}
	if (h->offset != offset || h->file_id != file_id || h->len != len) {
		diag_set(d, NULL,
			 "misplaced block at offset %" PRIu64 " (len %u, file %u): header is for offset %" PRIu64 " (len %u, file %u)",
			 offset, len, file_id, h->offset, h->len, h->file_id);
		return -EILSEQ;
	}
	if (gen != VERIFY_ANY_GEN && h->gen != gen) {
		diag_set(d, NULL,
			 "stale block at offset %" PRIu64 " (len %u): generation %" PRIu64 ", expected %" PRIu64 " (lost write?)",
			 offset, len, h->gen, gen);
		return -EILSEQ;
	}
	return 0;
}

static int check_one(const struct verify_spec *spec, const uint8_t *p,
		     uint32_t len, uint64_t offset, uint32_t file_id,
		     uint64_t gen, struct diag *d);

int verify_check(const struct verify_spec *spec, const void *buf, uint32_t len,
		 uint64_t offset, uint32_t file_id, uint64_t gen,
		 struct diag *d)
{
	uint32_t step;
	int ret = verify_pieces(spec, len, &step);

	if (ret)
		return ret;
	for (uint32_t k = 0; k < len; k += step) {
		ret = check_one(spec, (const uint8_t *)buf + k, step, offset + k,
				file_id, gen, d);
		if (ret)
			return ret;
	}
	return 0;
}

/* check_one - one piece of verify_step() bytes, as a block of its own. */
static int check_one(const struct verify_spec *spec, const uint8_t *p,
		     uint32_t len, uint64_t offset, uint32_t file_id,
		     uint64_t gen, struct diag *d)
{
	uint8_t csum[16];
	char got[40], want[40];
	uint64_t key;
	uint32_t bad;
	struct vhdr h;
	int ret;

	if (spec->kind == VERIFY_PATTERN)
		return check_pattern(spec, p, len, 0, offset, d);

	hdr_decode(p, &h);
	ret = check_header(spec, p, &h, len, offset, file_id, gen, d);
	if (ret)
		return ret;
	if (spec->kind == VERIFY_META)	/* the pattern, if any, as fio */
		return spec->pattern_len ?
		       check_pattern(spec, p, len, VERIFY_HDR_LEN, offset, d) : 0;
	payload_csum(spec->kind, p + VERIFY_HDR_LEN, len - VERIFY_HDR_LEN, csum);
	if (!memcmp(csum, h.csum, sizeof(csum)))
		return 0;

	/* Torn: find where the damage starts, for the message. */
	key = payload_key(h.gen, file_id, offset);
	bad = first_bad(spec, p, len, VERIFY_HDR_LEN, key);
	csum_text(spec->kind, csum, got);
	csum_text(spec->kind, h.csum, want);
	if (bad < len)
		diag_set(d, NULL,
			 "torn block at offset %" PRIu64 " (len %u): header ok but payload %s is %s, expected %s; first bad byte at +%u",
			 offset, len, verify_kind_name(spec->kind), got, want, bad);
	else
		diag_set(d, NULL,
			 "torn block at offset %" PRIu64 " (len %u): header ok but payload %s is %s, expected %s",
			 offset, len, verify_kind_name(spec->kind), got, want);
	return -EILSEQ;
}
