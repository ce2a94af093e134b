/* SPDX-License-Identifier: MIT */
/*
 * verify.h - data written so that a later read can prove it intact:
 * verify, verify_pattern, verify_fatal, do_verify, verify_backlog.
 *
 * Block format (checksum kinds: crc32c, md5, xxhash).  Every block written
 * starts with a 64-byte header, followed by the payload:
 *
 *   offset  size  field
 *        0     4  magic        VERIFY_MAGIC
 *        4     1  kind         enum verify_kind used to write it
 *        5     1  version      VERIFY_VERSION
 *        6     2  hdr_len      64
 *        8     4  len          bytes in the block, header included
 *       12     4  file_id      which of the job's files
 *       16     8  offset       byte offset of the block in that file
 *       24     8  gen          generation (write pass / seed) of the write
 *       32    16  csum         payload checksum: crc32c in the first 4
 *                              bytes, xxh64 in the first 8, md5 all 16;
 *                              the rest zero
 *       48    12  reserved     zero
 *       60     4  hdr_crc      crc32c of bytes 0..59
 *
 * All fields little-endian.  The payload is pseudo-random bytes derived
 * from (gen, file_id, offset), or verify_pattern repeated from the start
 * of the block when a pattern is set (as in fio, the header then overwrites
 * the first 64 bytes of the pattern).  Because the payload is reproducible,
 * a failed check can say where in the block the damage starts.
 *
 * verify=meta (fio's) writes the header with a zero csum: a read checks
 * the place and generation only, and the payload against verify_pattern
 * when one is set.
 *
 * verify_interval=N (fio's) splits each block into pieces of N bytes, each
 * written and checked as a block of its own at its own offset (header,
 * then the pattern from the piece's start), when N divides the block.
 *
 * verify=pattern (fio semantics) writes no header: the whole block is the
 * pattern, and a read checks every byte against it.  It cannot tell a
 * misplaced block from a good one.
 *
 * What a read can find (verify_check() returns -EILSEQ and says which):
 *   bad magic   the header is not ours: never written, zeroed, or garbage
 *   bad header  magic ok but hdr_crc wrong: the header itself is damaged
 *   misplaced   header intact but for another offset or file: a write that
 *               landed in the wrong place, or a read of the wrong block
 *   stale       header intact and in place but from another generation
 *               (a lost write), when the caller knows the generation
 *   torn        header intact and in place but the payload checksum does
 *               not match: part of the block is old or damaged
 *
 * fio semantics the worker honours (HOWTO "Verification"):
 *   - A job whose rw includes writes, with verify set and do_verify=1 (the
 *     default), writes with verify_fill() and then, after the write phase
 *     (when size or io_size is used up, after every loop), reads back every
 *     block it wrote, with the length it was written with, and checks it.
 *     The verify reads COUNT in the job's read statistics, as in fio 3.33:
 *     rw=write bs=4k size=1m verify=crc32c reports read io_bytes=1048576,
 *     total_ios=256 and the same for write; loops=2 doubles both;
 *     do_verify=0 reports no reads.  time_based jobs never reach the end
 *     of the write phase, so they verify only through the backlog.
 *   - verify_backlog=N: after every N blocks written, read back and check
 *     those N (verify_backlog_batch of them, default N) before writing
 *     more; at the end only what is left is checked, so every block is
 *     still read exactly once (fio: randwrite size=1m verify_backlog=16
 *     reports 256 reads).
 *   - A job whose rw is read only, with verify set, checks every block it
 *     reads (data written by an earlier job or run), passing VERIFY_ANY_GEN.
 *   - verify_fatal=1 stops the job at the first failure; otherwise the job
 *     goes on checking, counts failures, and fails at the end with the
 *     first message.
 *   - do_verify=0 keeps the headers on writes but skips the read-back.
 *   - For a header the block must be longer than 64 bytes; with bsrange or
 *     bssplit the read-back uses the length each block was written with.
 */
#ifndef IOSTRESS_VERIFY_H
#define IOSTRESS_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

struct diag;

enum verify_kind {
	VERIFY_NONE = 0,
	VERIFY_CRC32C,		/* also fio's crc32c-intel */
	VERIFY_MD5,
	VERIFY_XXHASH,		/* XXH64 (libxxhash), seed 0 */
	VERIFY_PATTERN,		/* no header, pattern only */
	VERIFY_META,		/* fio's meta: the header only (place,
				 * generation), no payload checksum; the
				 * payload checked against verify_pattern
				 * when there is one */
};

/* fio's MAX_PATTERN_SIZE. */
#define VERIFY_PATTERN_MAX 512

#define VERIFY_MAGIC	0x76736f69u	/* "iosv" read little-endian */
#define VERIFY_VERSION	1
#define VERIFY_HDR_LEN	64

/* verify_check()'s gen argument when any generation is acceptable. */
#define VERIFY_ANY_GEN	UINT64_MAX

/*
 * What the job file asked for.  job_init() should set do_verify = true; the
 * rest defaults to zero.
 *
 * The parser turns verify_pattern into bytes as fio does:
 *   0x1234abcd   hex digits, two per byte, in the order written (an odd
 *                count gets a leading 0 nibble): 12 34 ab cd
 *   "text"       the bytes of text, quotes removed
 *   255          a decimal number: its bytes, least significant first,
 *                as few as hold the value (255 -> ff, 256 -> 00 01)
 * and fio's concatenations of these (0xff"abcd").  fio's %o (the block
 * offset) is not supported: refuse it.
 */
struct verify_spec {
	enum verify_kind kind;		/* verify=; VERIFY_NONE = off */
	uint8_t pattern[VERIFY_PATTERN_MAX];	/* verify_pattern= */
	unsigned pattern_len;		/* 0 = no pattern (random payload) */
	bool fatal;			/* verify_fatal= */
	bool do_verify;			/* do_verify=, default true */
	uint64_t backlog;		/* verify_backlog=: blocks; 0 = verify
					 * after the write phase */
	uint64_t backlog_batch;		/* verify_backlog_batch=; 0 = backlog */
	uint32_t interval;		/* verify_interval=: a header every this
					 * many bytes of a block (each piece
					 * checked as a block of its own); 0 =
					 * one per block */
};

/* verify_has_header - blocks of this kind carry the 64-byte header. */
static inline bool verify_has_header(const struct verify_spec *spec)
{
	return spec->kind != VERIFY_NONE && spec->kind != VERIFY_PATTERN;
}

/*
 * verify_min_len - the smallest block verify_fill() accepts for spec:
 * VERIFY_HDR_LEN + 1 with a header, 1 for a pattern, 0 for none.  The
 * worker's setup should refuse a smaller minimum block size.
 */
static inline uint32_t verify_min_len(const struct verify_spec *spec)
{
	if (verify_has_header(spec))
		return VERIFY_HDR_LEN + 1;
	return spec->kind == VERIFY_PATTERN ? 1 : 0;
}

/*
 * verify_fill - fill the len bytes at buf with the block to write at
 * offset of file file_id, generation gen.  Returns 0, or -EINVAL when the
 * kind is VERIFY_NONE, len is below verify_min_len(), or verify=pattern
 * has no pattern.  buf needs no alignment.  Costs one pass of the payload
 * generator plus one checksum pass.
 */
int verify_fill(const struct verify_spec *spec, void *buf, uint32_t len,
		uint64_t offset, uint32_t file_id, uint64_t gen);

/*
 * verify_check - check the len bytes at buf read from offset of file
 * file_id.  gen is the generation the block should carry, or VERIFY_ANY_GEN.
 * Returns 0 when the block is intact; -EILSEQ with a message in d (may be
 * NULL) saying what is wrong (see the list above), e.g.
 *   "torn block at offset 8192 (len 4096): header ok but payload crc32c is
 *    0x1c291ca3, expected 0x3ce21ba1; first bad byte at +512"
 * or -EINVAL for arguments verify_fill() would refuse.  The message names
 * no job or file; the caller prefixes those.
 */
int verify_check(const struct verify_spec *spec, const void *buf, uint32_t len,
		 uint64_t offset, uint32_t file_id, uint64_t gen,
		 struct diag *d);

/* verify_kind_name - "crc32c", "md5", "xxhash", "pattern" or "none". */
const char *verify_kind_name(enum verify_kind kind);

#endif
