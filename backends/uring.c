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
 * The backend counts what it has submitted and not reaped, so a wait never
 * asks the kernel for more completions than can come.  A submission the
 * kernel cuts short (-EAGAIN, -EBUSY: no room for now) leaves the rest of
 * the SQEs in the SQ ring, where the next submission picks them up first.
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
#include "backends/trim.h"
#include "lib/array.h"
#include "lib/units.h"

struct uring_data {
	struct io_uring ring;
	bool ring_ready;
	bool fixed_files;
	bool fixed_bufs;
	bool ring_fd_registered;	/* io_uring_enter skips the fd lookup */
	unsigned setup_flags;		/* IORING_SETUP_* that took effect */
	struct io_uring_cqe **cqes;	/* scratch for peek_batch */
	unsigned queued;		/* SQEs prepared, not yet submitted */
	unsigned inflight;		/* submitted, not yet reaped */
};

/* ------------------------------------------------------------------ */
/* Setup                                                               */

/* Why io_uring is missing, in words a user can act on. */
static void uring_explain_unavailable(struct be_ctx *ctx, int err)
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
	diag_set(ctx->diag, ctx->loc,
		 "job '%s': io_uring is unavailable: %s; use ioengine=libaio",
		 ctx->job_name, why);
}

/* Ring setup with the best flags the kernel takes.  The candidates are
 * tried in order; a refusal with EINVAL means "flag not supported". */
static int uring_setup_ring(struct be_ctx *ctx, struct uring_data *ud,
			    unsigned entries)
{
	static const unsigned candidates[] = {
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN,
		IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_COOP_TASKRUN,
		IORING_SETUP_COOP_TASKRUN,
		0,
	};
	const struct uring_opts *o = ctx->uring;
	int ret = -EINVAL;

	for (size_t i = 0; i < ARRAY_SIZE(candidates); i++) {
		struct io_uring_params p;

		memset(&p, 0, sizeof(p));
		p.flags = candidates[i] | IORING_SETUP_SUBMIT_ALL;
		if (o->sqthread_poll) {
			/* The kernel refuses DEFER_TASKRUN with SQPOLL (EINVAL):
			 * that candidate falls through to the next. */
			p.flags |= IORING_SETUP_SQPOLL;
			p.sq_thread_idle = MSEC_PER_SEC;	/* 1 s, in ms */
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
	uring_explain_unavailable(ctx, ret);
	return ret;
}

static int uring_register(struct be_ctx *ctx, struct uring_data *ud)
{
	const struct uring_opts *o = ctx->uring;
	unsigned depth = ctx->depth;

	if (o->registerfiles && ctx->nr_files && ctx->files[0].fd >= 0) {
		int *fds = calloc(ctx->nr_files, sizeof(*fds));

		if (!fds)
			return -ENOMEM;
		for (unsigned i = 0; i < ctx->nr_files; i++)
			fds[i] = ctx->files[i].fd;
		if (!io_uring_register_files(&ud->ring, fds, ctx->nr_files)) {
			ud->fixed_files = true;
			for (unsigned i = 0; i < ctx->nr_files; i++)
				ctx->files[i].fixed_index = (int)i;
		}
		free(fds);
	}
	if (o->fixedbufs) {
		struct iovec *iov = calloc(depth, sizeof(*iov));

		if (!iov)
			return -ENOMEM;
		for (unsigned i = 0; i < depth; i++) {
			iov[i].iov_base = ctx->reqs[i].buf;
			iov[i].iov_len = ctx->buf_size;
		}
		/* Fails under a low RLIMIT_MEMLOCK: fall back to plain buffers. */
		ud->fixed_bufs = !io_uring_register_buffers(&ud->ring, iov, depth);
		free(iov);
	}
	return 0;
}

static int uring_init(struct be_ctx *ctx)
{
	unsigned depth = ctx->depth;
	struct uring_data *ud;
	int ret;

	ud = calloc(1, sizeof(*ud));
	if (!ud)
		return -ENOMEM;
	ctx->data = ud;
	ud->cqes = calloc(depth, sizeof(*ud->cqes));
	if (!ud->cqes)
		return -ENOMEM;
	ret = uring_setup_ring(ctx, ud, depth);
	if (ret)
		return ret;
	ret = uring_register(ctx, ud);
	if (ret)
		return ret;
	/* Kernels before 5.18 refuse it; then every enter looks the fd up. */
	ud->ring_fd_registered = io_uring_register_ring_fd(&ud->ring) == 1;
	ctx->features->registered_ring = ud->ring_fd_registered;
	ctx->features->uring_setup_flags = ud->setup_flags;
	ctx->features->fixed_files = ud->fixed_files;
	ctx->features->fixed_bufs = ud->fixed_bufs;
	return 0;
}

static void uring_exit(struct be_ctx *ctx)
{
	struct uring_data *ud = ctx->data;

	if (!ud)
		return;
	if (ud->ring_ready)
		io_uring_queue_exit(&ud->ring);
	free(ud->cqes);
	free(ud);
	ctx->data = NULL;
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
	sqe->ioprio = req->ioprio;	/* as fio: an SQPOLL thread does not
					 * inherit the job thread's */
}

static int uring_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct uring_data *ud = ctx->data;
	struct io_uring_sqe *sqe;

	if (req->ddir == DDIR_TRIM) {	/* trim.h: synchronous */
		if (ud->queued)
			return BE_Q_BUSY;
		req->result = be_trim(req);
		return BE_Q_DONE;
	}
	sqe = io_uring_get_sqe(&ud->ring);
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
	ud->queued++;
	return BE_Q_QUEUED;
}

/* uring_busy - io_uring_enter found no room for now. */
static inline bool uring_busy(int r)
{
	return r == -EAGAIN || r == -EBUSY;
}

/*
 * uring_submitted - the result of a submission: count what the kernel took
 * as in flight.  With SQPOLL, liburing reports the SQEs it made visible to
 * the kernel thread (which may include earlier ones not yet consumed), and
 * everything queued counts as submitted.  Returns the count of queued
 * requests submitted, or -errno when nothing was taken (-EAGAIN/-EBUSY
 * included: the caller reaps and retries).
 */
static int uring_submitted(struct uring_data *ud, int ret)
{
	unsigned n;

	if (ret < 0)
		return ret;
	n = (unsigned)ret;
	if (n > ud->queued || (ud->setup_flags & IORING_SETUP_SQPOLL))
		n = ud->queued;
	ud->queued -= n;
	ud->inflight += n;
	return (int)n;
}

static int uring_commit(struct be_ctx *ctx)
{
	struct uring_data *ud = ctx->data;
	int ret;

	do {
		ret = io_uring_submit(&ud->ring);
	} while (ret == -EINTR);
	return uring_submitted(ud, ret);
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
	ud->inflight -= got;
	return got;
}

static int uring_reap(struct be_ctx *ctx, unsigned min, unsigned max,
		      struct io_req **out)
{
	struct uring_data *ud = ctx->data;
	bool deferred = ud->setup_flags & IORING_SETUP_DEFER_TASKRUN;
	unsigned n = uring_harvest(ud, max, out);

	if (min > n + ud->inflight)
		min = n + ud->inflight;
	while (n < min) {
		struct io_uring_cqe *cqe;
		int ret;

		if (deferred && !n)
			ret = io_uring_get_events(&ud->ring);
		else
			ret = io_uring_wait_cqe_nr(&ud->ring, &cqe, min - n);
		if (ret < 0 && ret != -EINTR) {
			if (!uring_busy(ret))
				return n ? (int)n : ret;
			/* no room for now: return what there is, short */
			n += uring_harvest(ud, max - n, out + n);
			break;
		}
		n += uring_harvest(ud, max - n, out + n);
		deferred = false;	/* next time, block */
	}
	return (int)n;
}

static int uring_commit_reap(struct be_ctx *ctx, unsigned min, unsigned max,
			     struct io_req **out, unsigned *submitted)
{
	struct uring_data *ud = ctx->data;
	int ret;

	do {
		ret = io_uring_submit_and_wait(&ud->ring, min);
	} while (ret == -EINTR);
	ret = uring_submitted(ud, ret);
	*submitted = ret > 0 ? (unsigned)ret : 0;
	if (ret < 0 && !uring_busy(ret))
		return ret;
	/* a short submission did not wait: uring_reap waits, for no more
	 * than is in flight */
	return uring_reap(ctx, min, max, out);
}

const struct backend_ops backend_uring = {
	.name = "io_uring",
	.flags = BE_F_IOPRIO,
	.init = uring_init,
	.exit = uring_exit,
	.queue = uring_queue,
	.commit = uring_commit,
	.reap = uring_reap,
	.commit_reap = uring_commit_reap,
};
