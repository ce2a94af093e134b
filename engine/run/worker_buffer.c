/* SPDX-License-Identifier: MIT */
/*
 * worker_buffer.c - what a write carries: random data (incompressible, as
 * fio's by default), buffer_pattern repeated, zeros (zero_buffers), or random data with
 * buffer_compress_percentage of each buffer zero.  The same fill serves
 * the buffers at setup and refill_buffers before each write.
 */
#include <string.h>

#include "run/worker_prep.h"

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
