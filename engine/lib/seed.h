/* SPDX-License-Identifier: MIT */
/*
 * seed.h - one seed stream per purpose.
 *
 * A worker has one base seed (randseed=, or fixed per job name and clone
 * under randrepeat=1, as in fio).  Every random generator it owns is seeded
 * from that base through seed_derive() with its own stream and an index
 * (a file, a direction, a pass), so generators never share a sequence and
 * the same job gives the same numbers run to run.  seed_mix() is the one
 * 64-bit mixer of the tree: the splitmix64 finalizer.
 */
#ifndef IOSTRESS_SEED_H
#define IOSTRESS_SEED_H

#include <stdint.h>

/* splitmix64's increment (2^64 / golden ratio) and its two multipliers. */
#define SEED_GAMMA	UINT64_C(0x9e3779b97f4a7c15)
#define SEED_MUL1	UINT64_C(0xbf58476d1ce4e5b9)
#define SEED_MUL2	UINT64_C(0x94d049bb133111eb)

/* What a derived seed is for.  Add new purposes at the end: the values
 * take part in the derivation. */
enum seed_stream {
	SEED_DDIR = 1,		/* read or write (rwmixread) */
	SEED_BS,		/* block sizes (bsrange, bssplit) */
	SEED_OFFSET_CHOICE,	/* distributions, percentage_random */
	SEED_FILE_SERVICE,	/* which file next (file_service_type) */
	SEED_FILESEL,		/* the skew of zipf/pareto/gauss file service */
	SEED_BUF_REFILL,	/* refill_buffers, buffer_compress_percentage */
	SEED_BUF_INIT,		/* the initial contents of write buffers */
	SEED_RATE,		/* rate_process=poisson gaps */
	SEED_FILE_SIZE,		/* random file sizes in a filesize range */
	SEED_LAYOUT,		/* data laid out in new files; index: the
				 * byte offset where a fill starts */
	SEED_PASS,		/* the seed of a pass; index: pass */
	SEED_FILE_RESTART,	/* a file restarted by skewed file service;
				 * index: I/Os issued */
	SEED_OFFSETS,		/* a random offset generator; from a pass
				 * seed, index: file * DDIR_NR + direction */
	SEED_DISTRIBUTION,	/* a random_distribution; index: file */
	SEED_BACKEND,		/* the backend's own choices (be_ctx.seed) */
	SEED_DEDUPE,		/* dedupe: which writes repeat (index 0),
				 * which working-set block (1), the working
				 * set's contents (index: 2 + block) */
	SEED_PRIO,		/* cmdprio: which I/Os get a priority */
	SEED_START_DELAY,	/* the delay drawn from a startdelay range */
};

/* seed_mix - the splitmix64 finalizer: a bijection of 64-bit values whose
 * every output bit depends on every input bit. */
static inline uint64_t seed_mix(uint64_t z)
{
	z = (z ^ (z >> 30)) * SEED_MUL1;
	z = (z ^ (z >> 27)) * SEED_MUL2;
	return z ^ (z >> 31);
}

/* seed_derive - the seed of item index of stream s under base.  Distinct
 * (stream, index) pairs give unrelated seeds. */
static inline uint64_t seed_derive(uint64_t base, enum seed_stream s,
				   uint64_t index)
{
	return seed_mix(seed_mix(base ^ ((uint64_t)s * SEED_GAMMA)) + index * SEED_GAMMA);
}

#endif
