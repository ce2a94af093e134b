/* SPDX-License-Identifier: MIT */
/*
 * sampler.c - per-second bandwidth/IOPS samples and the status line
 * (sampler.h).
 */
#include "run/sampler.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/units.h"
#include "measure/clock.h"
#include "run/ss_watch.h"
#include "run/worker.h"

#define SLACK_NS	NS_PER_MSEC	/* fio's LOG_MSEC_SLACK: 1 ms early is due */
#define POLL_NS		50000000ull	/* look for workers starting this often */

/* ------------------------------------------------------------------------
 * Samples
 */

static void slot_restart(struct sampler_slot *sl, uint64_t start, uint64_t interval)
{
	memset(sl, 0, sizeof(*sl));
	sl->start_ns = start;
	sl->last_ns = start;
	sl->next_ns = start + interval;
}

/* slot_sample - one interval of worker w ending at now. */
static void slot_sample(struct sampler_slot *sl, struct worker *w, uint64_t now)
{
	uint64_t ios[DDIR_NR], bytes[DDIR_NR], spent = now - sl->last_ns;

	for (unsigned d = 0; d < DDIR_NR; d++) {
		ios[d] = atomic_load_explicit(&w->live_dir_ios[d], memory_order_relaxed);
		bytes[d] = atomic_load_explicit(&w->live_dir_bytes[d], memory_order_relaxed);
		if (ios[d] < sl->last_ios[d] || bytes[d] < sl->last_bytes[d])
			return;		/* a ramp reset is being published */
	}
	for (unsigned d = 0; d < DDIR_NR && spent; d++) {
		uint64_t db = bytes[d] - sl->last_bytes[d];
		uint64_t di = ios[d] - sl->last_ios[d];

		if (!db && !di)
			continue;	/* no entries for this interval */
		rate_stat_add(&sl->rates.bw[d],
			      (uint64_t)((unsigned __int128)db * NS_PER_SEC / spent / 1024));
		rate_stat_add(&sl->rates.iops[d],
			      (uint64_t)((unsigned __int128)di * NS_PER_SEC / spent));
		sl->last_ios[d] = ios[d];
		sl->last_bytes[d] = bytes[d];
	}
	sl->last_ns = now;
}

uint64_t sampler_tick(struct sampler *s, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	for (unsigned k = 0; k < s->nr; k++) {
		struct sampler_slot *sl = &s->slots[k];
		struct worker *w = &s->workers[k];
		uint64_t start = atomic_load_explicit(&w->live_start_ns, memory_order_acquire);

		if (!start)
			continue;
		if (start != sl->start_ns)	/* started, or ramp over */
			slot_restart(sl, start, s->interval_ns);
		if (sl->done)
			continue;
		if (atomic_load_explicit(&w->live_done, memory_order_acquire)) {
			sl->done = true;	/* the partial last interval is dropped */
			continue;
		}
		if (now + SLACK_NS >= sl->next_ns) {
			/* a late tick samples the longer interval it saw and
			 * keeps the cadence */
			slot_sample(sl, w, now);
			do
				sl->next_ns += s->interval_ns;
			while (sl->next_ns <= now + SLACK_NS);
		}
		if (sl->next_ns < next)
			next = sl->next_ns;
	}
	return next;
}

/* ------------------------------------------------------------------------
 * The status line
 */

/* worker_progress - fraction done (0..1) and, when it can be estimated,
 * the time left of a running worker. */
static double worker_progress(const struct worker *w, uint64_t start, uint64_t now,
			      bool *eta_known, uint64_t *eta_ns)
{
	const struct job *job = w->job;
	double frac = 0.0, f;
	uint64_t span = job ? job->ramp_time_ns + job->runtime_ns : 0;

	*eta_known = false;
	if (w->deadline_ns && span) {
		uint64_t left = w->deadline_ns > now ? w->deadline_ns - now : 0;

		frac = 1.0 - (double)left / (double)span;
		*eta_known = true;
		*eta_ns = left;
	}
	if (w->bytes_budget) {
		uint64_t done = 0;

		for (unsigned d = 0; d < DDIR_NR; d++)
			done += atomic_load_explicit(&w->live_dir_bytes[d], memory_order_relaxed);
		f = (double)done / (double)w->bytes_budget;
		/* a time-based job loops past its budget: its deadline tells */
		if (f > 0.0 && f < 1.0 && now > start && !w->deadline_ns) {
			uint64_t left = (uint64_t)((double)(now - start) * (1.0 - f) / f);

			if (!*eta_known || left < *eta_ns)
				*eta_ns = left;
			*eta_known = true;
		}
		if (f > frac)
			frac = f;
	}
	if (frac < 0.0)
		frac = 0.0;
	return frac > 1.0 ? 1.0 : frac;
}

void sampler_snapshot(struct sampler *s, uint64_t now, struct status_snapshot *snap)
{
	uint64_t ios[DDIR_NR] = { 0 }, bytes[DDIR_NR] = { 0 };
	uint64_t spent = now > s->status_last_ns ? now - s->status_last_ns : 0;
	double pct = 0.0;

	memset(snap, 0, sizeof(*snap));
	snap->total = s->nr;
	for (unsigned k = 0; k < s->nr; k++) {
		struct worker *w = &s->workers[k];
		uint64_t start = atomic_load_explicit(&w->live_start_ns, memory_order_acquire);
		bool done = atomic_load_explicit(&w->live_done, memory_order_acquire);
		bool known;
		uint64_t left = 0;

		for (unsigned d = 0; d < DDIR_NR; d++) {
			ios[d] += atomic_load_explicit(&w->live_dir_ios[d], memory_order_relaxed);
			bytes[d] += atomic_load_explicit(&w->live_dir_bytes[d], memory_order_relaxed);
		}
		if (done) {
			pct += 1.0;
			continue;
		}
		if (!start)
			continue;
		snap->running++;
		pct += worker_progress(w, start, now, &known, &left);
		if (known && (!snap->eta_known || left > snap->eta_ns)) {
			snap->eta_ns = left;
			snap->eta_known = true;
		}
	}
	snap->pct_done = s->nr ? 100.0 * pct / s->nr : 0.0;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		/* a ramp reset makes the sums drop: show 0 for that second */
		if (spent && ios[d] >= s->status_ios[d] && bytes[d] >= s->status_bytes[d]) {
			snap->iops[d] = (double)(ios[d] - s->status_ios[d]) * (double)NS_PER_SEC / (double)spent;
			snap->bw[d] = (double)(bytes[d] - s->status_bytes[d]) * (double)NS_PER_SEC / (double)spent;
		}
		s->status_ios[d] = ios[d];
		s->status_bytes[d] = bytes[d];
	}
	s->status_last_ns = now;
}

static void status_print(struct sampler *s, uint64_t now)
{
	struct status_snapshot snap;
	char line[256];

	sampler_snapshot(s, now, &snap);
	if (s->emit) {
		s->emit(&snap, s->emit_arg);
		return;
	}
	status_format(&snap, line, sizeof(line));
	fprintf(s->status, "\r%-100s", line);
	fflush(s->status);
	s->status_shown = true;
}

static void status_clear(struct sampler *s)
{
	if (!s->status || !s->status_shown)
		return;
	fprintf(s->status, "\r%-100s\r", "");
	fflush(s->status);
	s->status_shown = false;
}

/* ------------------------------------------------------------------------
 * The thread
 */

/* wait_until - sleep on the condition until clock_now_ns() reaches t or a
 * stop request.  Called with the lock held. */
static void wait_until(struct sampler *s, uint64_t t)
{
	uint64_t now = clock_now_ns(), abs_ns;
	struct timespec ts;

	if (t <= now)
		return;
	abs_ns = clock_monotonic_ns() + (t - now);
	ts.tv_sec = (time_t)(abs_ns / NS_PER_SEC);
	ts.tv_nsec = (long)(abs_ns % NS_PER_SEC);
	pthread_cond_timedwait(&s->wake, &s->lock, &ts);
}

static void *sampler_main(void *arg)
{
	struct sampler *s = arg;

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		uint64_t now = clock_now_ns();
		uint64_t next = sampler_tick(s, now);

		if (s->ss) {
			uint64_t t = ss_watch_tick(s->ss, now);

			if (t < next)
				next = t;
		}
		if (s->status || s->emit) {
			if (now + SLACK_NS >= s->next_status_ns) {
				status_print(s, now);
				s->next_status_ns += s->interval_ns;
				if (s->next_status_ns <= now)
					s->next_status_ns = now + s->interval_ns;
			}
			if (s->next_status_ns < next)
				next = s->next_status_ns;
		}
		if (next > now + POLL_NS)
			next = now + POLL_NS;	/* notice workers starting */
		wait_until(s, next);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int sampler_init(struct sampler *s, struct worker *workers, unsigned nr,
		 const struct sampler_opts *opts)
{
	memset(s, 0, sizeof(*s));
	s->workers = workers;
	s->nr = nr;
	s->interval_ns = opts && opts->interval_ns ? opts->interval_ns : NS_PER_SEC;
	s->status = opts ? opts->status : NULL;
	s->emit = opts ? opts->emit : NULL;
	s->emit_arg = opts ? opts->emit_arg : NULL;
	s->ss = opts ? opts->ss : NULL;
	if (s->emit)
		s->status = NULL;
	s->slots = calloc(nr ? nr : 1, sizeof(*s->slots));
	if (!s->slots)
		return -ENOMEM;
	s->status_last_ns = clock_now_ns();
	s->next_status_ns = s->status_last_ns + s->interval_ns;
	return 0;
}

void sampler_release(struct sampler *s)
{
	if (!s->slots)
		return;
	for (unsigned k = 0; k < s->nr; k++)
		s->workers[k].stats.rates = s->slots[k].rates;
	free(s->slots);
	s->slots = NULL;
}

int sampler_start(struct sampler *s, struct worker *workers, unsigned nr,
		  const struct sampler_opts *opts)
{
	int ret = sampler_init(s, workers, nr, opts);

	if (ret)
		return ret;
	ret = -pthread_mutex_init(&s->lock, NULL);
	if (ret)
		goto err_free_slots;
	{
		pthread_condattr_t attr;

		pthread_condattr_init(&attr);
		pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
		ret = -pthread_cond_init(&s->wake, &attr);
		pthread_condattr_destroy(&attr);
	}
	if (ret)
		goto err_destroy_lock;
	ret = -pthread_create(&s->thread, NULL, sampler_main, s);
	if (ret)
		goto err_destroy_cond;
	s->running = true;
	return 0;

err_destroy_cond:
	pthread_cond_destroy(&s->wake);
err_destroy_lock:
	pthread_mutex_destroy(&s->lock);
err_free_slots:
	free(s->slots);
	s->slots = NULL;
	return ret;
}

void sampler_stop(struct sampler *s)
{
	if (s->running) {
		pthread_mutex_lock(&s->lock);
		s->stop = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->thread, NULL);
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		s->running = false;
	}
	status_clear(s);
	sampler_release(s);
}

void sampler_live_sum(const struct worker *workers, unsigned n,
		      uint64_t ios[DDIR_NR], uint64_t bytes[DDIR_NR],
		      uint64_t clat_ns[DDIR_NR])
{
	for (unsigned d = 0; d < DDIR_NR; d++)
		ios[d] = bytes[d] = clat_ns[d] = 0;
	for (unsigned k = 0; k < n; k++) {
		const struct worker *w = &workers[k];

		for (unsigned d = 0; d < DDIR_NR; d++) {
			ios[d] += atomic_load_explicit(&w->live_dir_ios[d], memory_order_relaxed);
			bytes[d] += atomic_load_explicit(&w->live_dir_bytes[d], memory_order_relaxed);
			clat_ns[d] += atomic_load_explicit(&w->live_dir_clat_ns[d],
							   memory_order_relaxed);
		}
	}
}
