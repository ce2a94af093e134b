/* SPDX-License-Identifier: MIT */
/*
 * worker_verify_async.c - verify_async=N: N threads of a worker check its
 * completed reads, as fio's verify_async threads do.
 *
 * The worker hands a completed read (its request, buffer and all) over and
 * does not reuse the request until a verify thread has checked it and
 * handed it back.  Only the check itself (and verify_dump's files) runs on
 * a verify thread; the worker takes the requests back in its loop in the
 * order it handed them over (the order they completed in) and accounts a
 * failure with worker_verify_failed(), the same function inline
 * verification uses, so failures read, count and come first exactly as
 * inline, and everything they change stays the worker's own.
 *
 * One mutex guards the work ring and the checked flags, at most iodepth
 * entries each, allocated at setup.  None of this exists, and the loop
 * takes no lock, without verify_async.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "run/worker_impl.h"

/* The outcome of one request's check (indexed by request). */
struct wverify_check {
	uint64_t gen;			/* the generation expected, fixed at
					 * hand-over as inline */
	bool checked;			/* under the lock */
	int ret;			/* 0 or -EILSEQ */
	struct diag d;			/* why, when ret */
};

struct wverify_async {
	struct worker *w;
	pthread_mutex_t lock;
	pthread_cond_t work_cv;		/* work queued, or exit */
	pthread_cond_t done_cv;		/* a request checked */
	struct io_req **work;		/* ring of depth slots: to check */
	unsigned work_head, work_nr;
	struct io_req **order;		/* ring of depth slots: handed over,
					 * not taken back, oldest first (the
					 * worker's own) */
	unsigned order_head, held;
	struct io_req **taken;		/* the worker's scratch for a collect */
	struct wverify_check *checks;	/* per request index */
	unsigned depth;
	bool exit;
	pthread_t *threads;
	unsigned nr_threads;		/* started */
};

static void *verify_thread(void *arg)
{
	struct wverify_async *a = arg;

	pthread_mutex_lock(&a->lock);
	for (;;) {
		struct io_req *req;
		struct wverify_check *c;

		while (!a->work_nr && !a->exit)
			pthread_cond_wait(&a->work_cv, &a->lock);
		if (!a->work_nr)
			break;		/* exit, and nothing left to check */
		req = a->work[a->work_head];
		a->work_head = (a->work_head + 1) % a->depth;
		a->work_nr--;
		pthread_mutex_unlock(&a->lock);

		c = &a->checks[req->index];
		memset(&c->d, 0, sizeof(c->d));
		c->ret = worker_verify_check(a->w, req, c->gen, &c->d);

		pthread_mutex_lock(&a->lock);
		c->checked = true;
		pthread_cond_signal(&a->done_cv);
	}
	pthread_mutex_unlock(&a->lock);
	return NULL;
}

/* async_free - free a, whose threads have all been joined. */
static void async_free(struct wverify_async *a)
{
	pthread_cond_destroy(&a->work_cv);
	pthread_cond_destroy(&a->done_cv);
	pthread_mutex_destroy(&a->lock);
	free(a->work);
	free(a->order);
	free(a->taken);
	free(a->checks);
	free(a->threads);
	free(a);
}

/* async_alloc - the state and its queues for depth requests. */
static struct wverify_async *async_alloc(struct worker *w, unsigned nr_threads)
{
	struct wverify_async *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	pthread_mutex_init(&a->lock, NULL);
	pthread_cond_init(&a->work_cv, NULL);
	pthread_cond_init(&a->done_cv, NULL);
	a->w = w;
	a->depth = w->depth;
	a->work = calloc(a->depth, sizeof(*a->work));
	a->order = calloc(a->depth, sizeof(*a->order));
	a->taken = calloc(a->depth, sizeof(*a->taken));
	a->checks = calloc(a->depth, sizeof(*a->checks));
	a->threads = calloc(nr_threads, sizeof(*a->threads));
	if (!a->work || !a->order || !a->taken || !a->checks || !a->threads) {
		async_free(a);
		return NULL;
	}
	return a;
}

int worker_verify_async_start(struct worker *w)
{
	const struct job *job = w->job;
	struct wverify_async *a;
	pthread_attr_t attr;
	int r = 0;

	if (!w->verify.on || !job->verify_async)
		return 0;
	a = async_alloc(w, job->verify_async);
	if (!a)
		return -ENOMEM;
	w->verify.async = a;
	pthread_attr_init(&attr);
	if (job->nr_verify_async_cpus)
		r = pthread_attr_setaffinity_np(&attr, sizeof(job->verify_async_cpus),
						&job->verify_async_cpus);
	for (unsigned i = 0; !r && i < job->verify_async; i++) {
		r = pthread_create(&a->threads[i], &attr, verify_thread, a);
		if (!r)
			a->nr_threads++;
	}
	pthread_attr_destroy(&attr);
	if (r) {
		diag_set(&w->diag, &job->loc,
			 "job '%s': cannot start verify_async thread %u of %u: %s",
			 job->name, a->nr_threads + 1, job->verify_async, strerror(r));
		return -r;	/* worker_verify_release() stops the others */
	}
	return 0;
}

void worker_verify_async_put(struct worker *w, struct io_req *req)
{
	struct wverify_async *a = w->verify.async;

	a->checks[req->index].gen = worker_verify_gen(w);
	a->order[(a->order_head + a->held++) % a->depth] = req;
	pthread_mutex_lock(&a->lock);
	a->work[(a->work_head + a->work_nr) % a->depth] = req;
	a->work_nr++;
	pthread_cond_signal(&a->work_cv);
	pthread_mutex_unlock(&a->lock);
}

void worker_verify_async_collect(struct worker *w, bool wait)
{
	struct wverify_async *a = w->verify.async;
	unsigned n = 0;

	if (!a->held)
		return;
	pthread_mutex_lock(&a->lock);
	for (;;) {
		/* the oldest first: a later one waits for those before it */
		while (n < a->held) {
			struct io_req *req = a->order[(a->order_head + n) % a->depth];

			if (!a->checks[req->index].checked)
				break;
			a->checks[req->index].checked = false;
			a->taken[n++] = req;
		}
		if (n || !wait)
			break;
		pthread_cond_wait(&a->done_cv, &a->lock);
	}
	pthread_mutex_unlock(&a->lock);
	a->order_head = (a->order_head + n) % a->depth;
	for (unsigned i = 0; i < n; i++) {
		struct io_req *req = a->taken[i];
		const struct wverify_check *c = &a->checks[req->index];

		if (c->ret)
			worker_verify_failed(w, req, &c->d);
		w->free_reqs[w->nr_free++] = req;
	}
	a->held -= n;
}

void worker_verify_async_drain(struct worker *w)
{
	while (w->verify.async->held)
		worker_verify_async_collect(w, true);
}

void worker_verify_async_stop(struct worker *w)
{
	struct wverify_async *a = w->verify.async;

	if (!a)
		return;
	pthread_mutex_lock(&a->lock);
	a->exit = true;
	pthread_cond_broadcast(&a->work_cv);
	pthread_mutex_unlock(&a->lock);
	for (unsigned i = 0; i < a->nr_threads; i++)
		pthread_join(a->threads[i], NULL);
	async_free(a);
	w->verify.async = NULL;
}
