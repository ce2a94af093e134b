/* SPDX-License-Identifier: MIT */
/*
 * worker_buffer.c - what a write carries: random data (incompressible, as
 * fio's by default), buffer_pattern repeated, zeros (zero_buffers), or
 * random data with buffer_compress_percentage of each buffer zero.  The
 * same fill serves the buffers at setup and refill_buffers before each
 * write.  With dedupe_percentage each write is filled, from a seed that is
 * fresh or repeats an earlier write's, so that share of the blocks written
 * are duplicates (fio's dedupe_mode=repeat and working_set).
 */
#include <string.h>

#include "lib/seed.h"
#include "run/worker_prep.h"

/* dedupe_seed - the seed of the next write's data (fio's get_buf_state()):
 * a fresh one, or, for dedupe_percentage of the writes once there is an
 * earlier one, the last unique write's (repeat) or a working-set block's
 * (working_set; the set is dedupe_working_set_percentage of size, in
 * blocks of the smallest write). */
/* The base of dedupe_global's seeds: the same in every job, so that job
 * t's k-th unique write has the same data wherever it is made. */
#define DEDUPE_GLOBAL_BASE	UINT64_C(0x64656475706521)

/* global_page - dedupe_global: the seed of job t's k-th unique write. */
static uint64_t global_page(const struct job *job, uint64_t t, uint64_t k)
{
	uint64_t base = job->randseed_set ? job->randseed : DEDUPE_GLOBAL_BASE;

	return seed_derive(base, SEED_DEDUPE, 2 + (t << 40) + k);
}

/* ws_block - working-set block i.  Alone: the i-th unique write's data.
 * dedupe_global (fio's init_dedupe_working_set_seeds()): the set is in
 * runs of dd_blocks / jobs blocks, the first run this job's first unique
 * writes, the next the following job's, and so on round all the jobs of
 * the run. */
static uint64_t ws_block(const struct worker *w, uint64_t i)
{
	uint64_t pps, n = w->nr_jobs ? w->nr_jobs : 1;

	if (!w->job->dedupe_global)
		return seed_derive(w->seed, SEED_DEDUPE, 2 + i);
	pps = w->dd_blocks / n ? w->dd_blocks / n : 1;
	return global_page(w->job, (w->index + i / pps) % n, i % pps);
}

static uint64_t dedupe_seed(struct worker *w)
{
	const struct job *job = w->job;

	if (w->dd_any && rng_below(&w->dd_rng, 100) < job->dedupe_percentage) {
		if (job->dedupe_mode == DEDUPE_REPEAT || !w->dd_blocks)
			return w->dd_prev;
		return ws_block(w, rng_below(&w->dd_rng, w->dd_blocks));
	}
	/* the k-th unique write: as in fio, the working set is the first
	 * dd_blocks unique writes' data (of every job with dedupe_global) */
	if (job->dedupe_global && job->dedupe_mode == DEDUPE_WORKING_SET)
		w->dd_prev = global_page(job, w->index, w->dd_unique++);
	else
		w->dd_prev = seed_derive(w->seed, SEED_DEDUPE, 2 + w->dd_unique++);
	w->dd_any = true;
	return w->dd_prev;
}

void worker_fill_write(struct worker *w, void *buf, uint64_t len)
{
	struct rng r;

	if (!w->job->dedupe_percentage) {
		worker_fill_buffer(w->job, &w->buf_rng, buf, len);
		return;
	}
	rng_seed(&r, dedupe_seed(w));
	worker_fill_buffer(w->job, &r, buf, len);
}

void worker_fill_buffer(const struct job *job, struct rng *rng, void *buf,
			uint64_t len)
{
	unsigned pct = job->buffer_compress_percentage;

	if (job->buffer_pattern_len && !pct) {	/* fio: before zero_buffers */
		for (uint64_t o = 0; o < len; o += job->buffer_pattern_len) {
			uint64_t n = len - o < job->buffer_pattern_len ?
				     len - o : job->buffer_pattern_len;

			memcpy((char *)buf + o, job->buffer_pattern, n);
		}
	} else if (job->zero_buffers) {
		memset(buf, 0, len);
	} else if (pct) {
		uint64_t rnd = len * (100 - (pct > 100 ? 100 : pct)) / 100;

		rng_fill(rng, buf, rnd);
		memset((char *)buf + rnd, 0, len - rnd);
	} else {
		rng_fill(rng, buf, len);
	}
}
