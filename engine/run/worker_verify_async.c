/* SPDX-License-Identifier: MIT */
/*
 * worker_verify_async.c - verify_async=N: N threads of a worker check its
 * completed reads, as fio's verify_async threads do.
 *
 * The worker hands a completed read (its request, buffer and all) over and
 * does not reuse the request until a verify thread has checked it and
 * handed it back.  Only the check itself (and verify_dump's files) runs on
 * a verify thread; the worker takes each request back in its loop and
 * accounts a failure with worker_verify_failed(), the same function inline
 * verification uses, so a failure reads and counts exactly the same and
 * everything it changes stays the worker's own.
 *
 * One mutex guards two queues of at most iodepth requests each (the work
 * ring and the checked list); neither is allocated after setup.  None of
 * this exists, and the loop takes no lock, without verify_async.
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
	int ret;			/* 0 or -EILSEQ */
	struct diag d;			/* why, when ret */
};

struct wverify_async {
	struct worker *w;
	pthread_mutex_t lock;
	pthread_cond_t work_cv;		/* work queued, or exit */
	pthread_cond_t done_cv;		/* a request checked */
	struct io_req **work;		/* ring of depth slots */
	unsigned work_head, work_nr;
	struct io_req **done;		/* checked, not yet taken back */
	unsigned done_nr;
	struct io_req **taken;		/* the worker's scratch for a collect */
	struct wverify_check *checks;	/* per request index */
	unsigned depth;
	unsigned held;			/* handed over, not taken back (the
					 * worker's own count) */
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
		a->done[a->done_nr++] = req;
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
	free(a->done);
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
	a->done = calloc(a->depth, sizeof(*a->done));
	a->taken = calloc(a->depth, sizeof(*a->taken));
	a->checks = calloc(a->depth, sizeof(*a->checks));
	a->threads = calloc(nr_threads, sizeof(*a->threads));
	if (!a->work || !a->done || !a->taken || !a->checks || !a->threads) {
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
	a->held++;
	pthread_mutex_lock(&a->lock);
	a->work[(a->work_head + a->work_nr) % a->depth] = req;
	a->work_nr++;
	pthread_cond_signal(&a->work_cv);
	pthread_mutex_unlock(&a->lock);
}

void worker_verify_async_collect(struct worker *w, bool wait)
{
	struct wverify_async *a = w->verify.async;
	unsigned n;

	if (!a->held)
		return;
	pthread_mutex_lock(&a->lock);
	while (wait && !a->done_nr)
		pthread_cond_wait(&a->done_cv, &a->lock);
	n = a->done_nr;
	memcpy(a->taken, a->done, n * sizeof(*a->taken));
	a->done_nr = 0;
	pthread_mutex_unlock(&a->lock);
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
