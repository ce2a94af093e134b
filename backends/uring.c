/* SPDX-License-Identifier: MIT */
/*
 * uring.c - the io_uring engine (liburing).
 *
 * One ring per worker, created in the worker thread.  Requests become
 * non-vectored READ/WRITE SQEs (READ_FIXED/WRITE_FIXED when the buffers
 * are registered) on registered files, are submitted in batches on commit,
 * and are reaped straight from the CQ ring; io_uring_enter() is called only
 * to submit, or to wait when no completion is there yet.
 *
 * Setup flags are probed from the most to the least ambitious set and
 * dropped quietly when the kernel refuses them; job_stats.features records
 * what took effect, for the report.
 */
#include <errno.h>
#include <limits.h>
#include <liburing.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#include "backends/backend.h"
#include "run/worker.h"

struct uring_data {
	struct io_uring ring;
	bool ring_ready;
	bool fixed_files;
	bool fixed_bufs;
	bool ring_fd_registered;	/* io_uring_enter skips the fd lookup */
	unsigned setup_flags;		/* IORING_SETUP_* that took effect */
	struct io_uring_cqe **cqes;	/* scratch for peek_batch */
};

/* ------------------------------------------------------------------ */
/* Setup                                                               */

/* Why io_uring is missing, in words a user can act on. */
static void uring_explain_unavailable(struct worker *w, int err)
{
	char why[160];
	FILE *f = fopen("/proc/sys/kernel/io_uring_disabled", "r");
	int disabled = 0;

	if (f) {
		if (fscanf(f, "%d", &disabled) != 1)
			disabled = 0;
		fclose(f);
	}
	if (disabled)
		snprintf(why, sizeof(why), "the sysctl kernel.io_uring_disabled is %d", disabled);
	else if (err == -ENOSYS)
		snprintf(why, sizeof(why), "the kernel has no io_uring (ENOSYS)");
	else if (err == -EPERM)
		snprintf(why, sizeof(why),
			 "permission denied (EPERM): a seccomp profile, e.g. a container's, blocks it");
	else
		snprintf(why, sizeof(why), "%s", strerror(-err));
	diag_set(&w->diag, &w->job->loc,
		 "job '%s': io_uring is unavailable: %s; use ioengine=libaio",
		 w->job->name, why);
}

/* Ring setup with the best flags the kernel takes.  The candidates are
 * tried in order; a refusal with EINVAL means "flag not supported". */
static int uring_setup_ring(struct worker *w, struct uring_data *ud,
			    unsigned entries)
{
	static const unsigned candidates[] = {
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN,
		IORING_SETUP_COOP_TASKRUN,
		0,
	};
	const struct uring_opts *o = &w->job->uring;
	int ret = -EINVAL;

	for (size_t i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		struct io_uring_params p;

		memset(&p, 0, sizeof(p));
		p.flags = candidates[i] | IORING_SETUP_SUBMIT_ALL;
		if (o->sqthread_poll) {
			/* The kernel refuses DEFER_TASKRUN with SQPOLL (EINVAL):
			 * that candidate falls through to the next. */
			p.flags |= IORING_SETUP_SQPOLL;
			p.sq_thread_idle = 1000;
			if (o->sqthread_poll_cpu != UINT_MAX) {
				p.flags |= IORING_SETUP_SQ_AFF;
				p.sq_thread_cpu = o->sqthread_poll_cpu;
			}
		}
		if (o->hipri)
			p.flags |= IORING_SETUP_IOPOLL;
		ret = io_uring_queue_init_params(entries, &ud->ring, &p);
		if (!ret) {
			ud->ring_ready = true;
			ud->setup_flags = p.flags;
			return 0;
		}
		if (ret != -EINVAL)
			break;
	}
	uring_explain_unavailable(w, ret);
	return ret;
}

static int uring_register(struct worker *w, struct uring_data *ud)
{
	const struct uring_opts *o = &w->job->uring;
	unsigned depth = w->job->iodepth;

	if (o->registerfiles && w->nr_files && w->files[0].fd >= 0) {
		int *fds = calloc(w->nr_files, sizeof(*fds));

		if (!fds)
			return -ENOMEM;
		for (unsigned i = 0; i < w->nr_files; i++)
			fds[i] = w->files[i].fd;
		if (!io_uring_register_files(&ud->ring, fds, w->nr_files)) {
			ud->fixed_files = true;
			for (unsigned i = 0; i < w->nr_files; i++)
				w->files[i].fixed_index = (int)i;
		}
		free(fds);
	}
	if (o->fixedbufs) {
		struct iovec *iov = calloc(depth, sizeof(*iov));

		if (!iov)
			return -ENOMEM;
		for (unsigned i = 0; i < depth; i++) {
			iov[i].iov_base = w->reqs[i].buf;
			iov[i].iov_len = w->buf_size;
		}
		/* Fails under a low RLIMIT_MEMLOCK: fall back to plain buffers. */
		ud->fixed_bufs = !io_uring_register_buffers(&ud->ring, iov, depth);
		free(iov);
	}
	return 0;
}

static int uring_init(struct worker *w)
{
	unsigned depth = w->job->iodepth ? w->job->iodepth : 1;
	struct uring_data *ud;
	int ret;

	ud = calloc(1, sizeof(*ud));
	if (!ud)
		return -ENOMEM;
	w->be_data = ud;
	ud->cqes = calloc(depth, sizeof(*ud->cqes));
	if (!ud->cqes)
		return -ENOMEM;
	ret = uring_setup_ring(w, ud, depth);
	if (ret)
		return ret;
	ret = uring_register(w, ud);
	if (ret)
		return ret;
	/* Kernels before 5.18 refuse it; then every enter looks the fd up. */
	ud->ring_fd_registered = io_uring_register_ring_fd(&ud->ring) == 1;
	w->stats.features.registered_ring = ud->ring_fd_registered;
	w->stats.features.uring_setup_flags = ud->setup_flags;
	w->stats.features.fixed_files = ud->fixed_files;
	w->stats.features.fixed_bufs = ud->fixed_bufs;
	return 0;
}

static void uring_exit(struct worker *w)
{
	struct uring_data *ud = w->be_data;

	if (!ud)
		return;
	if (ud->ring_ready)
		io_uring_queue_exit(&ud->ring);
	free(ud->cqes);
	free(ud);
	w->be_data = NULL;
}

/* ------------------------------------------------------------------ */
/* I/O path                                                            */

static void uring_prep_data(struct uring_data *ud, struct io_uring_sqe *sqe,
			    struct io_req *req)
{
	const struct wfile *f = req->file;
	int fd = ud->fixed_files ? f->fixed_index : f->fd;

	if (ud->fixed_bufs) {
		if (req->ddir == DDIR_READ)
			io_uring_prep_read_fixed(sqe, fd, req->buf, req->len,
						 req->offset, (int)req->index);
		else
			io_uring_prep_write_fixed(sqe, fd, req->buf, req->len,
						  req->offset, (int)req->index);
	} else if (req->ddir == DDIR_READ) {
		io_uring_prep_read(sqe, fd, req->buf, req->len, req->offset);
	} else {
		io_uring_prep_write(sqe, fd, req->buf, req->len, req->offset);
	}
	if (ud->fixed_files)
		sqe->flags |= IOSQE_FIXED_FILE;
}

static int uring_queue(struct worker *w, struct io_req *req)
{
	struct uring_data *ud = w->be_data;
	struct io_uring_sqe *sqe = io_uring_get_sqe(&ud->ring);

	if (!sqe)
		return BE_Q_BUSY;
	if (req->ddir < DDIR_NR) {
		uring_prep_data(ud, sqe, req);
	} else {
		const struct wfile *f = req->file;

		io_uring_prep_fsync(sqe, ud->fixed_files ? f->fixed_index : f->fd,
				    req->ddir == DDIR_DATASYNC ? IORING_FSYNC_DATASYNC : 0);
		if (ud->fixed_files)
			sqe->flags |= IOSQE_FIXED_FILE;
	}
	io_uring_sqe_set_data(sqe, req);
	return BE_Q_QUEUED;
}

static int uring_commit(struct worker *w)
{
	struct uring_data *ud = w->be_data;
	int ret;

	do {
		ret = io_uring_submit(&ud->ring);
	} while (ret == -EINTR);
	return ret < 0 ? ret : 0;
}

/* Move up to max ready completions into out[]; no syscall. */
static unsigned uring_harvest(struct uring_data *ud, unsigned max,
			      struct io_req **out)
{
	unsigned got = io_uring_peek_batch_cqe(&ud->ring, ud->cqes, max);

	for (unsigned i = 0; i < got; i++) {
		struct io_req *req = io_uring_cqe_get_data(ud->cqes[i]);

		req->result = ud->cqes[i]->res;
		out[i] = req;
	}
	io_uring_cq_advance(&ud->ring, got);
	return got;
}

static int uring_reap(struct worker *w, unsigned min, unsigned max,
		      struct io_req **out)
{
	struct uring_data *ud = w->be_data;
	bool deferred = ud->setup_flags & IORING_SETUP_DEFER_TASKRUN;
	unsigned n = uring_harvest(ud, max, out);

	while (n < min) {
		struct io_uring_cqe *cqe;
		int ret;

		if (deferred && !n)
			ret = io_uring_get_events(&ud->ring);
		else
			ret = io_uring_wait_cqe_nr(&ud->ring, &cqe, min - n);
		if (ret < 0 && ret != -EINTR && ret != -EAGAIN && ret != -EBUSY)
			return ret;
		n += uring_harvest(ud, max - n, out + n);
		deferred = false;	/* next time, block */
	}
	return (int)n;
}

static int uring_commit_reap(struct worker *w, unsigned min, unsigned max,
			     struct io_req **out)
{
	struct uring_data *ud = w->be_data;
	int ret;

	do {
		ret = io_uring_submit_and_wait(&ud->ring, min);
	} while (ret == -EINTR);
	if (ret < 0 && ret != -EAGAIN && ret != -EBUSY)
		return ret;
	return uring_reap(w, min, max, out);
}

const struct backend_ops backend_uring = {
	.name = "io_uring",
	.flags = 0,
	.init = uring_init,
	.exit = uring_exit,
	.queue = uring_queue,
	.commit = uring_commit,
	.reap = uring_reap,
	.commit_reap = uring_commit_reap,
};
