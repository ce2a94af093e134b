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
#include <unistd.h>

#include "backend.h"
#include "layout.h"
#include "native.h"
#include "worker.h"

#define WORKER_BUF_ALIGN 4096u

int worker_init(struct worker *w, const struct job *job, unsigned index)
{
	int ret;

	memset(w, 0, sizeof(*w));
	w->job = job;
	w->be = job->backend;
	w->index = index;
	ret = job_stats_init(&w->stats);
	if (ret)
		return ret;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		atomic_init(&w->live_dir_ios[d], 0);
		atomic_init(&w->live_dir_bytes[d], 0);
	}
	atomic_init(&w->live_start_ns, 0);
	atomic_init(&w->live_done, false);
	return 0;
}

/* The job's seed: fixed per job name and clone, like fio's randrepeat=1. */
static uint64_t worker_seed(const struct worker *w)
{
	uint64_t h = 0xcbf29ce484222325ull;	/* FNV-1a of the name */

	for (const char *p = w->job->name; p && *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001b3ull;
	return h ^ ((uint64_t)w->job->clone << 32);
}

char *worker_file_path(const struct job *job)
{
	char *path = NULL;
	int r;

	if (job->filename && job->directory && job->filename[0] != '/')
		r = asprintf(&path, "%s/%s", job->directory, job->filename);
	else if (job->filename)
		r = asprintf(&path, "%s", job->filename);
	else if (job->directory)
		r = asprintf(&path, "%s/%s.%u.0", job->directory, job->name, job->clone);
	else
		r = asprintf(&path, "%s.%u.0", job->name, job->clone);
	return r < 0 ? NULL : path;
}

static int worker_open_file(struct worker *w, struct wfile *f)
{
	const struct job *job = w->job;
	bool fill = job->rw & RW_READ;
	uint64_t size = job->size;
	int flags, ret;

	if (!size) {
		ret = layout_path_size(f->path, &size);
		if (ret) {
			diag_set(&w->diag, &job->loc, "unable to stat '%s': %s",
				 f->path, strerror(-ret));
			return ret;
		}
		if (!size) {
			diag_set(&w->diag, &job->loc,
				 "job '%s' has no size and '%s' does not exist (set size=)",
				 job->name, f->path);
			return -EINVAL;
		}
	}
	if (job->rw & RW_WRITE) {
		ret = native_check_write_safe(f->path, job->allow_mounted_write, &w->diag);
		if (ret)
			return ret;
	}
	ret = layout_file(f->path, size, fill, worker_seed(w), &f->real_size, &w->diag);
	if (ret)
		return ret;

	flags = (job->rw & RW_WRITE) ? O_RDWR : O_RDONLY;
	if (job->direct)
		flags |= O_DIRECT;
	f->fd = open(f->path, flags | O_CLOEXEC);
	if (f->fd < 0) {
		ret = -errno;
		diag_set(&w->diag, &job->loc, "unable to open '%s': %s",
			 f->path, strerror(errno));
		return ret;
	}
	f->io_offset = 0;
	f->io_size = size;
	if (job->direct) {
		struct native_dio a;

		ret = native_dio_align(f->fd, f->path, &a);
		if (ret == -EINVAL) {
			diag_set(&w->diag, &job->loc, "job '%s': %s", job->name, a.source);
			return ret;
		}
		ret = native_check_dio(job, f->io_offset, &a, &w->diag);
		if (ret)
			return ret;
		if (a.mem_align > w->buf_align)
			w->buf_align = a.mem_align;
	}
	if (job->invalidate && !job->direct)
		posix_fadvise(f->fd, 0, 0, POSIX_FADV_DONTNEED);
	return 0;
}

static int worker_setup_files(struct worker *w)
{
	struct wfile *f;

	w->files = calloc(1, sizeof(*w->files));
	if (!w->files)
		return -ENOMEM;
	w->nr_files = 1;
	f = &w->files[0];
	f->fd = -1;
	f->fixed_index = -1;

	if (w->be->flags & BE_F_NOIO) {
		if (!w->job->size) {
			diag_set(&w->diag, &w->job->loc,
				 "job '%s' uses ioengine=%s and needs size=",
				 w->job->name, w->be->name);
			return -EINVAL;
		}
		f->io_size = f->real_size = w->job->size;
		return 0;
	}
	f->path = worker_file_path(w->job);
	if (!f->path)
		return -ENOMEM;
	return worker_open_file(w, f);
}

static int worker_setup_reqs(struct worker *w)
{
	unsigned depth = w->job->iodepth ? w->job->iodepth : 1;
	uint64_t bs = w->job->bs[DDIR_READ] > w->job->bs[DDIR_WRITE] ?
		      w->job->bs[DDIR_READ] : w->job->bs[DDIR_WRITE];
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

	/* Write buffers carry incompressible data, as fio's do by default. */
	rng_seed(&rng, worker_seed(w) ^ 0x5eedull);
	rng_fill(&rng, w->buf_mem, w->buf_size * depth);

	for (unsigned i = 0; i < depth; i++) {
		struct io_req *req = &w->reqs[i];

		req->index = i;
		req->buf = (char *)w->buf_mem + (uint64_t)i * w->buf_size;
		req->file = &w->files[0];
		w->free_reqs[w->nr_free++] = req;
	}
	return 0;
}

/* Blocks of bs that fit in the file's I/O region, or an error if none. */
static int worker_nr_blocks(struct worker *w, unsigned ddir, uint64_t *nr)
{
	const struct wfile *f = &w->files[0];

	*nr = f->io_size / w->job->bs[ddir];
	if (*nr)
		return 0;
	diag_set(&w->diag, &w->job->loc,
		 "job '%s': size %llu is smaller than bs %llu",
		 w->job->name, (unsigned long long)f->io_size,
		 (unsigned long long)w->job->bs[ddir]);
	return -EINVAL;
}

static int worker_setup_offsets(struct worker *w)
{
	const struct job *job = w->job;
	bool random = job->rw & RW_RANDOM;
	enum offset_mode mode = random ? OFFSET_RANDMAP : OFFSET_SEQ;
	uint64_t seed = worker_seed(w), nr, budget = 0;
	int ret;

	w->shared_gen = random && job->bs[DDIR_READ] == job->bs[DDIR_WRITE];
	for (unsigned d = 0; d < DDIR_NR; d++) {
		unsigned dirflag = d == DDIR_READ ? RW_READ : RW_WRITE;

		if (!(job->rw & dirflag) && !(w->shared_gen && d == DDIR_READ))
			continue;
		ret = worker_nr_blocks(w, d, &nr);
		if (ret)
			return ret;
		ret = offset_init(&w->gen[d], mode, nr, seed + d);
		if (ret)
			return ret;
		if (job->rw & dirflag)
			budget = budget > nr * job->bs[d] ? budget : nr * job->bs[d];
	}
	rng_seed(&w->rng, seed ^ 0xd1bull);
	/* A pure job moves whole blocks; a mixed one moves size bytes. */
	if ((job->rw & (RW_READ | RW_WRITE)) == (RW_READ | RW_WRITE))
		budget = w->files[0].io_size;
	w->bytes_budget = job->time_based ? 0 : budget;
	return 0;
}

int worker_setup(struct worker *w)
{
	int ret;

	ret = worker_setup_files(w);
	if (ret)
		goto fail;
	ret = worker_setup_reqs(w);
	if (ret)
		goto fail;
	ret = worker_setup_offsets(w);
	if (ret)
		goto fail;
	ret = w->be->init(w);
	if (ret)
		goto fail;
	return 0;

fail:
	if (!w->diag.msg[0])
		diag_set(&w->diag, &w->job->loc, "job '%s': setup failed: %s",
			 w->job->name, strerror(-ret));
	return ret;
}

void worker_release(struct worker *w)
{
	if (w->be && w->be->exit)
		w->be->exit(w);
	for (unsigned i = 0; w->files && i < w->nr_files; i++) {
		if (w->files[i].fd >= 0)
			close(w->files[i].fd);
		free(w->files[i].path);
	}
	free(w->files);
	free(w->reqs);
	free(w->free_reqs);
	free(w->reaped);
	free(w->uncommitted);
	free(w->buf_mem);
	job_stats_release(&w->stats);
	w->files = NULL;
	w->reqs = NULL;
	w->free_reqs = w->reaped = w->uncommitted = NULL;
	w->buf_mem = NULL;
}
