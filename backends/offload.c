/* SPDX-License-Identifier: MIT */
/*
 * offload.c - io_submit_mode=offload: the worker's thread only prepares
 * requests, at the job's rate, and hands each to a submit thread of its
 * own; the submit threads run the job's real engine (ctx->inner) at depth
 * 1 and stamp the times.  As fio's rate-submit workqueue: iodepth threads,
 * each with its own engine context, so a synchronous engine has iodepth
 * I/Os in flight and a rate is kept however slowly the device completes.
 *
 * Request k of the worker always goes to thread k: a free request means an
 * idle thread, so no queue is needed.  Each thread's state word goes
 * IDLE -> WORK (worker, on commit) -> DONE (thread) -> IDLE (worker, on
 * reap); the worker waits for DONEs on a completion counter.  Both waits
 * are futexes: no lock, no allocation after init.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "backends/backend.h"
#include "measure/clock.h"
#include "measure/cpu.h"

enum {
	SUB_IDLE = 0,
	SUB_WORK = 1,
	SUB_DONE = 2,
	SUB_STATE = 0xff,	/* the state's bits */
	SUB_QUIT = 0x100,	/* set by exit(): leave when not working */
};

/* a stalled inner commit: retry every ms, for about a second */
#define SUB_STALL_MAX	1000
#define SUB_STALL_NS	1000000L

struct offload;

struct sub {
	struct offload *od;
	pthread_t thread;
	bool started;
	pid_t tid;			/* for cpu_task_sample() */
	_Atomic uint32_t state;
	struct io_req *outer;		/* the worker's request being served */
	struct io_req req;		/* the inner engine's one request */
	struct wfile *files;		/* own copy of the worker's files */
	struct be_ctx ctx;		/* the inner engine's */
	struct be_features features;	/* thread 0 reports the worker's */
	struct diag diag;
	int init_ret;
	int fail;			/* -errno: the inner engine failed */
};

struct offload {
	const struct backend_ops *inner;
	struct be_ctx *outer;
	unsigned n;
	struct sub *subs;
	unsigned *queued;		/* request indices, not yet committed */
	unsigned nr_queued;
	unsigned scan;			/* where the next reap starts looking */
	_Atomic uint32_t done_seq;	/* bumped by every completion */
	_Atomic uint32_t waiting;	/* the worker sleeps on done_seq */
	_Atomic uint32_t ready;		/* threads past their init */
};

static void futex_wait(_Atomic uint32_t *addr, uint32_t val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, NULL, NULL, 0);
}

static void futex_wake(_Atomic uint32_t *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}

static bool busy(int r)
{
	return r == -EAGAIN || r == -EBUSY;
}

/* sub_commit - submit the inner request, retrying a full kernel queue;
 * returns 0 or -errno. */
static int sub_commit(struct sub *s)
{
	const struct timespec ms = { 0, SUB_STALL_NS };

	for (unsigned tries = 0; tries < SUB_STALL_MAX; tries++) {
		int n = s->od->inner->commit(&s->ctx);

		if (n > 0)
			return 0;
		if (n < 0 && !busy(n))
			return n;
		nanosleep(&ms, NULL);
	}
	return -EAGAIN;
}

/* sub_reap - wait for the inner request; returns 0 or -errno. */
static int sub_reap(struct sub *s)
{
	struct io_req *out[1];

	for (;;) {
		int n = s->od->inner->reap(&s->ctx, 1, 1, out);

		if (n == 1)
			return 0;
		if (n < 0 && !busy(n))
			return n;
	}
}

/* sub_io - do the worker's request outer with the inner engine. */
static int sub_io(struct sub *s, struct io_req *outer)
{
	const struct backend_ops *be = s->od->inner;
	bool own_issue = be->flags & (BE_F_SYNC | BE_F_SYNC_COMMIT);
	struct io_req *r = &s->req;
	int ret;

	r->file = &s->files[outer->file - s->od->outer->files];
	r->offset = outer->offset;
	r->len = outer->len;
	r->ddir = outer->ddir;
	r->readback = outer->readback;
	r->ioprio = outer->ioprio;
	r->t_start = outer->t_start;
	r->result = 0;
	r->t_issue = clock_now_ns();
	ret = be->queue(&s->ctx, r);
	if (ret == BE_Q_QUEUED) {
		ret = sub_commit(s);
		if (!own_issue)
			r->t_issue = clock_now_ns();
		if (!ret)
			ret = sub_reap(s);
	} else if (ret == BE_Q_BUSY) {
		ret = -EBUSY;	/* nothing else is queued at depth 1 */
	}
	outer->result = r->result;
	outer->t_issue = r->t_issue;
	outer->t_done = clock_now_ns();
	return ret < 0 ? ret : 0;
}

static void *sub_main(void *arg)
{
	struct sub *s = arg;
	struct offload *od = s->od;

	s->tid = (pid_t)syscall(SYS_gettid);
	s->init_ret = od->inner->init(&s->ctx);	/* in the thread: rings are
						 * single-issuer */
	atomic_fetch_add(&od->ready, 1);
	futex_wake(&od->ready, INT_MAX);
	for (;;) {
		uint32_t st = atomic_load_explicit(&s->state, memory_order_acquire);

		if (st & SUB_QUIT)
			break;
		if ((st & SUB_STATE) != SUB_WORK) {
			futex_wait(&s->state, st);
			continue;
		}
		s->fail = sub_io(s, s->outer);
		/* WORK -> DONE, keeping a QUIT that came meanwhile */
		atomic_fetch_xor_explicit(&s->state, SUB_WORK ^ SUB_DONE,
					  memory_order_release);
		atomic_fetch_add(&od->done_seq, 1);
		if (atomic_load(&od->waiting))
			futex_wake(&od->done_seq, 1);
	}
	od->inner->exit(&s->ctx);
	return NULL;
}

/* offload_wait_ready - wait until every started thread is past init. */
static void offload_wait_ready(struct offload *od, unsigned started)
{
	uint32_t r;

	while ((r = atomic_load(&od->ready)) < started)
		futex_wait(&od->ready, r);
}

static void offload_exit(struct be_ctx *ctx)
{
	struct offload *od = ctx->data;

	if (!od)
		return;
	for (unsigned k = 0; od->subs && k < od->n; k++) {
		struct sub *s = &od->subs[k];

		if (!s->started)
			continue;
		atomic_fetch_or(&s->state, SUB_QUIT);
		futex_wake(&s->state, 1);
		pthread_join(s->thread, NULL);
	}
	for (unsigned k = 0; od->subs && k < od->n; k++)
		free(od->subs[k].files);
	free(od->subs);
	free(od->queued);
	free(od);
	ctx->data = NULL;
}

/* offload_sub_setup - thread k's copy of the files and its inner context:
 * request 0 uses the buffer of the worker's request k, so an engine that
 * registers buffers registers that one. */
static int offload_sub_setup(struct offload *od, struct be_ctx *ctx, unsigned k)
{
	struct sub *s = &od->subs[k];

	s->od = od;
	atomic_init(&s->state, SUB_IDLE);
	s->files = calloc(ctx->nr_files ? ctx->nr_files : 1, sizeof(*s->files));
	if (!s->files)
		return -ENOMEM;
	memcpy(s->files, ctx->files, ctx->nr_files * sizeof(*s->files));
	s->req.index = 0;
	s->req.buf = ctx->reqs[k].buf;
	s->req.file = s->files;
	s->ctx = (struct be_ctx){
		.files = s->files,
		.nr_files = ctx->nr_files,
		.reqs = &s->req,
		.depth = 1,
		.buf_size = ctx->buf_size,
		.uring = ctx->uring,
		.pvsync2 = ctx->pvsync2,
		.direct = ctx->direct,
		.seed = ctx->seed + 0x9e3779b97f4a7c15ull * (k + 1),
		.job_name = ctx->job_name,
		.loc = ctx->loc,
		.diag = &s->diag,
		.features = k ? &s->features : ctx->features,
	};
	return 0;
}

static int offload_init(struct be_ctx *ctx)
{
	struct offload *od;
	unsigned started = 0;
	int ret = 0;

	if (!ctx->inner) {
		diag_set(ctx->diag, ctx->loc, "job '%s': offload without an engine",
			 ctx->job_name);
		return -EINVAL;
	}
	od = calloc(1, sizeof(*od));
	if (!od)
		return -ENOMEM;
	ctx->data = od;
	od->inner = ctx->inner;
	od->outer = ctx;
	od->n = ctx->depth;
	od->subs = calloc(od->n, sizeof(*od->subs));
	od->queued = calloc(od->n, sizeof(*od->queued));
	if (!od->subs || !od->queued)
		return -ENOMEM;
	for (unsigned k = 0; k < od->n && !ret; k++) {
		ret = offload_sub_setup(od, ctx, k);
		if (!ret)
			ret = -pthread_create(&od->subs[k].thread, NULL, sub_main,
					      &od->subs[k]);
		if (!ret) {
			od->subs[k].started = true;
			started++;
		}
	}
	offload_wait_ready(od, started);
	for (unsigned k = 0; k < started && !ret; k++) {
		ret = od->subs[k].init_ret;
		if (ret)
			*ctx->diag = od->subs[k].diag;
	}
	if (ret && !ctx->diag->msg[0])
		diag_set(ctx->diag, ctx->loc, "job '%s': starting %u submit threads: %s",
			 ctx->job_name, od->n, strerror(-ret));
	return ret;
}

static int offload_queue(struct be_ctx *ctx, struct io_req *req)
{
	struct offload *od = ctx->data;

	od->queued[od->nr_queued++] = req->index;
	return BE_Q_QUEUED;
}

static int offload_commit(struct be_ctx *ctx)
{
	struct offload *od = ctx->data;
	unsigned n = od->nr_queued;

	for (unsigned i = 0; i < n; i++) {
		struct sub *s = &od->subs[od->queued[i]];

		s->outer = &ctx->reqs[od->queued[i]];
		atomic_store_explicit(&s->state, SUB_WORK, memory_order_release);
		futex_wake(&s->state, 1);
	}
	od->nr_queued = 0;
	return (int)n;
}

/* offload_collect - up to max finished requests into out[], starting
 * where the last call stopped; -errno when an inner engine failed. */
static int offload_collect(struct offload *od, struct be_ctx *ctx,
			   struct io_req **out, unsigned max)
{
	unsigned got = 0;

	for (unsigned i = 0; i < od->n && got < max; i++) {
		unsigned k = (od->scan + i) % od->n;
		struct sub *s = &od->subs[k];

		if ((atomic_load_explicit(&s->state, memory_order_acquire) &
		     SUB_STATE) != SUB_DONE)
			continue;
		if (s->fail) {
			*ctx->diag = s->diag;
			return s->fail;
		}
		atomic_store_explicit(&s->state, SUB_IDLE, memory_order_relaxed);
		out[got++] = s->outer;
		od->scan = k + 1;
	}
	return (int)got;
}

static int offload_reap(struct be_ctx *ctx, unsigned min, unsigned max,
			struct io_req **out)
{
	struct offload *od = ctx->data;
	unsigned got = 0;

	for (;;) {
		uint32_t seq = atomic_load(&od->done_seq);
		int n = offload_collect(od, ctx, out + got, max - got);

		if (n < 0)
			return n;
		got += (unsigned)n;
		if (got >= min || got >= max)
			return (int)got;
		/* sleep until a thread finishes one: it sees waiting, or the
		 * counter moved before the futex looks */
		atomic_store(&od->waiting, 1);
		if (atomic_load(&od->done_seq) == seq)
			futex_wait(&od->done_seq, seq);
		atomic_store(&od->waiting, 0);
	}
}

static int offload_thread_cpu(struct be_ctx *ctx, struct cpu_usage *u)
{
	struct offload *od = ctx->data;

	for (unsigned k = 0; od && k < od->n; k++) {
		struct cpu_usage t;
		int ret;

		if (!od->subs[k].started)
			continue;
		ret = cpu_task_sample(od->subs[k].tid, &t);
		if (ret)
			return ret;
		cpu_usage_add(u, &t);
	}
	return 0;
}

const struct backend_ops backend_offload = {
	.name = "offload",
	.flags = BE_F_TIMED,
	.init = offload_init,
	.exit = offload_exit,
	.queue = offload_queue,
	.commit = offload_commit,
	.reap = offload_reap,
	.thread_cpu = offload_thread_cpu,
};
