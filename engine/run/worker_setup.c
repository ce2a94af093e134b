/* SPDX-License-Identifier: MIT */
/*
 * worker_setup.c - everything a worker does before its barrier and after
 * its run: open and lay out files, allocate requests and buffers, set up
 * the offset generators and the backend; and undo all of it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "backends/backend.h"
#include "lib/seed.h"
#include "measure/iolog.h"
#include "run/worker_impl.h"
#include "run/worker_prio.h"

#define WORKER_BUF_ALIGN 4096u

/* worker_base_seed - randseed= when given; otherwise fixed per job name and
 * clone, so randrepeat=1 (the default) repeats; randrepeat=0 mixes in the
 * time and the worker's address. */
static uint64_t worker_base_seed(const struct worker *w)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a of the name */

	if (w->job->randseed_set)
		return w->job->randseed + w->job->clone;
	for (const char *p = w->job->name; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	h ^= (uint64_t)w->job->clone << 32;
	if (!w->job->randrepeat)
		h ^= seed_mix((uint64_t)time(NULL)) ^ (uintptr_t)w;
	return h;
}

int worker_init(struct worker *w, const struct job *job, unsigned index)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->job = job;
	w->be = job->backend;
	w->index = index;
	w->seed = worker_base_seed(w);
	ret = job_stats_init(&w->stats);
	if (ret)
		return ret;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		atomic_init(&w->live_dir_ios[d], 0);
		atomic_init(&w->live_dir_clat_ns[d], 0);
		atomic_init(&w->live_dir_bytes[d], 0);
	}
	atomic_init(&w->live_start_ns, 0);
	atomic_init(&w->live_done, false);
	return 0;
}


/* worker_depth - how many requests the worker owns: iodepth (at least 1
 * by the option table), but one for a backend that completes every request
 * inside queue(), which can only ever use one. */
static unsigned worker_depth(const struct worker *w)
{
	return (w->be->flags & BE_F_SYNC) ? 1 : w->job->iodepth;
}

/* worker_check_backend - the ops table keeps backend.h's contract. */
static int worker_check_backend(struct worker *w)
{
	const struct backend_ops *be = w->be;

	if (be->init && be->exit && be->queue &&
	    ((be->flags & BE_F_SYNC) ? !be->commit && !be->reap && !be->commit_reap :
				       be->commit && be->reap))
		return 0;
	diag_set(&w->diag, &w->job->loc,
		 "job '%s': ioengine %s breaks the backend contract", w->job->name,
		 be->name);
	return -EINVAL;
}

/* worker_backend_init - show the backend this worker and start it. */
static int worker_backend_init(struct worker *w)
{
	struct be_ctx *ctx = &w->bctx;
	int ret = worker_check_backend(w);

	if (ret)
		return ret;
	ctx->files = w->files;
	ctx->nr_files = w->nr_files;
	ctx->reqs = w->reqs;
	ctx->depth = w->depth;
	ctx->buf_size = w->buf_size;
	ctx->uring = &w->job->uring;
	ctx->pvsync2 = &w->job->pvsync2;
	ctx->direct = w->job->direct;
	ctx->seed = seed_derive(w->seed, SEED_BACKEND, 0);
	ctx->job_name = w->job->name;
	ctx->loc = &w->job->loc;
	ctx->diag = &w->diag;
	ctx->features = &w->stats.features;
	ctx->inner = w->be == &backend_offload ? w->job->backend : NULL;
	ctx->data = NULL;
	return w->be->init(ctx);
}

static int worker_setup_reqs(struct worker *w)
{
	unsigned depth = worker_depth(w);
	uint64_t bs = w->max_bs;
	struct rng rng;

	/* at least a page; more when O_DIRECT asks for it (worker_open_file) */
	if (w->buf_align < WORKER_BUF_ALIGN)
		w->buf_align = WORKER_BUF_ALIGN;
	w->buf_size = (bs + w->buf_align - 1) & ~(uint64_t)(w->buf_align - 1);
	if (posix_memalign(&w->buf_mem, w->buf_align, w->buf_size * depth))
		return -ENOMEM;
	w->reqs = calloc(depth, sizeof(*w->reqs));
	w->free_reqs = calloc(depth, sizeof(*w->free_reqs));
	w->reaped = calloc(depth, sizeof(*w->reaped));
	w->uncommitted = calloc(depth, sizeof(*w->uncommitted));
	if (!w->reqs || !w->free_reqs || !w->reaped || !w->uncommitted)
		return -ENOMEM;
	w->depth = depth;

	/* Write buffers carry incompressible data, as fio's do by default;
	 * zero_buffers zeroes them; buffer_compress_percentage leaves that
	 * share of each buffer zero. */
	rng_seed(&rng, seed_derive(w->seed, SEED_BUF_INIT, 0));
	for (unsigned i = 0; i < depth; i++)
		worker_fill_buffer(w->job, &rng,
				   (char *)w->buf_mem + (uint64_t)i * w->buf_size,
				   w->buf_size);

	for (unsigned i = 0; i < depth; i++) {
		struct io_req *req = &w->reqs[i];

		req->index = i;
		req->buf = (char *)w->buf_mem + (uint64_t)i * w->buf_size;
		req->file = &w->files[0];
		w->free_reqs[w->nr_free++] = req;
	}
	return 0;
}

int worker_setup(struct worker *w)
{
	int ret;

	ret = worker_files_setup(w);
	if (ret)
		goto err_describe;
	/* offload: the worker drives submit threads that run the engine */
	if (w->job->io_submit_mode == SUBMIT_OFFLOAD)
		w->be = &backend_offload;
	{
		const struct rate_spec *rs = &w->job->rate;

		w->paced = rs->thinktime_ns != 0;
		for (unsigned d = 0; d < DDIR_NR; d++)
			w->paced |= rs->rate[d] || rs->rate_iops[d] ||
				    rs->rate_min[d] || rs->rate_iops_min[d];
	}
	ret = worker_offsets_setup(w);
	if (ret)
		goto err_describe;
	ret = worker_pass_setup(w);
	if (ret)
		goto err_describe;
	ret = worker_prep_setup(w);
	if (ret)
		goto err_describe;
	ret = worker_setup_reqs(w);
	if (ret)
		goto err_describe;
	ret = worker_prio_setup(w);	/* before the backend, as fio */
	if (ret)
		goto err_describe;
	ret = worker_verify_setup(w);
	if (!ret)
		ret = worker_verify_async_start(w);
	if (ret)
		goto err_describe;
	ret = iolog_set_open(&w->logs, &(const struct iolog_opts){
				.lat_prefix = w->job->write_lat_log,
				.bw_prefix = w->job->write_bw_log,
				.iops_prefix = w->job->write_iops_log,
				.jobname = w->job->name,
				.avg_msec = w->job->log_avg_msec,
				.log_offset = w->job->log_offset,
				.log_prio = w->job->log_prio,
			     }, w->index + 1, &w->diag);
	if (ret)
		goto err_describe;
	w->slow_complete = w->verify.on || w->logs;	/* + latency_target,
						 * set at the start of the run */
	ret = worker_backend_init(w);
	if (ret)
		goto err_describe;
	return 0;

err_describe:
	/* Everything allocated so far is freed by worker_release(); only make
	 * sure the failure has a message. */
	if (!w->diag.msg[0])
		diag_set(&w->diag, &w->job->loc, "job '%s': setup failed: %s",
			 w->job->name, strerror(-ret));
	return ret;
}

void worker_release(struct worker *w)
{
	if (w->logs) {
		struct diag d = { { 0 } };

		iolog_set_close(w->logs, 0, &d);
		w->logs = NULL;
	}
	if (w->be && w->be->exit)
		w->be->exit(&w->bctx);
	worker_offsets_release(w);
	worker_verify_release(w);
	worker_files_release(w);
	free(w->reqs);
	free(w->free_reqs);
	free(w->reaped);
	free(w->uncommitted);
	free(w->buf_mem);
	job_stats_release(&w->stats);
	w->reqs = NULL;
	w->free_reqs = w->reaped = w->uncommitted = NULL;
	w->buf_mem = NULL;
}
