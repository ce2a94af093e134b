/* SPDX-License-Identifier: MIT */
/*
 * ss_watch.c - steady-state detection over a phase's workers
 * (ss_watch.h).
 */
#include "run/ss_watch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/units.h"
#include "run/worker.h"

#define SLACK_NS	NS_PER_MSEC	/* 1 ms early is due, as the sampler */

static bool watched(const struct job *job)
{
	return job->ss_dur_ns >= NS_PER_SEC;
}

/* assign_units - unit_of[k], the unit of each watched worker (UINT32_MAX:
 * not watched); returns the number of units.  A group_reporting job shares the unit of
 * the first earlier worker of its group. */
static unsigned assign_units(const struct worker *workers, unsigned n,
			     unsigned *unit_of)
{
	unsigned units = 0;

	for (unsigned k = 0; k < n; k++) {
		const struct job *job = workers[k].job;

		unit_of[k] = UINT32_MAX;
		if (!watched(job))
			continue;
		if (job->group_reporting) {
			for (unsigned i = 0; i < k; i++) {
				if (unit_of[i] != UINT32_MAX &&
				    workers[i].job->group_reporting &&
				    workers[i].job->groupid == job->groupid) {
					unit_of[k] = unit_of[i];
					break;
				}
			}
		}
		if (unit_of[k] == UINT32_MAX)
			unit_of[k] = units++;
	}
	return units;
}

/* unit_setup - the window of unit u, whose first worker runs job. */
static int unit_setup(struct ss_unit *u, const struct job *job)
{
	const struct ss_spec spec = {
		.flags = job->ss_flags,
		.limit = job->ss_limit,
		.dur = (unsigned)(job->ss_dur_ns / NS_PER_SEC),
	};

	u->ramp_ns = job->ss_ramp_ns;
	return ss_window_init(&u->win, &spec);
}

int ss_watch_init(struct ss_watch *s, struct worker *workers, unsigned n)
{
	unsigned *unit_of = calloc(n ? n : 1, sizeof(*unit_of));
	unsigned nr = 0;
	int ret = -ENOMEM;

	memset(s, 0, sizeof(*s));
	s->interval_ns = NS_PER_SEC;
	if (!unit_of)
		return -ENOMEM;
	s->nr_units = assign_units(workers, n, unit_of);
	if (!s->nr_units) {
		free(unit_of);
		return 0;
	}
	for (unsigned k = 0; k < n; k++)
		nr += unit_of[k] != UINT32_MAX;
	s->units = calloc(s->nr_units, sizeof(*s->units));
	s->members = calloc(nr, sizeof(*s->members));
	s->stops = calloc(nr, sizeof(*s->stops));
	if (!s->units || !s->members || !s->stops)
		goto err_release;
	s->nr_members = nr;
	/* members grouped by unit: count, then place */
	for (unsigned k = 0; k < n; k++)
		if (unit_of[k] != UINT32_MAX)
			s->units[unit_of[k]].nr++;
	for (unsigned u = 1; u < s->nr_units; u++)
		s->units[u].first = s->units[u - 1].first + s->units[u - 1].nr;
	for (unsigned u = 0; u < s->nr_units; u++)
		s->units[u].nr = 0;
	for (unsigned k = 0; k < n; k++) {
		struct ss_unit *u;
		unsigned m;

		if (unit_of[k] == UINT32_MAX)
			continue;
		u = &s->units[unit_of[k]];
		if (!u->nr && (ret = unit_setup(u, workers[k].job)))
			goto err_release;
		m = u->first + u->nr++;
		s->members[m].w = &workers[k];
		atomic_init(&s->stops[m], false);
		workers[k].ss_stop = &s->stops[m];
	}
	free(unit_of);
	return 0;

err_release:
	for (unsigned k = 0; k < n; k++)
		workers[k].ss_stop = NULL;
	ss_watch_release(s);
	free(unit_of);
	return ret;
}

/* member_rates - add member m's I/Os and bytes per second since the
 * previous check to *iops and *bw, when its ss_ramp is over; returns
 * whether it counted. */
static bool member_rates(struct ss_member *m, const struct ss_unit *u,
			 uint64_t interval, uint64_t now, uint64_t *iops,
			 uint64_t *bw)
{
	struct worker *w = m->w;
	uint64_t start = atomic_load_explicit(&w->live_start_ns, memory_order_acquire);
	uint64_t ios = 0, bytes = 0, spent;
	bool counted = false;

	if (!start || atomic_load_explicit(&w->live_done, memory_order_acquire))
		return false;	/* fio skips a job not running */
	if (start != m->start_ns) {	/* started, or its ramp_time ended */
		m->start_ns = m->prev_ns = start;
		m->prev_ios = m->prev_bytes = 0;
		m->ramp_over = !u->ramp_ns;
	}
	/* as a tick, a check up to SLACK_NS early counts as on time */
	if (!m->ramp_over && now + SLACK_NS - start >= u->ramp_ns + interval)
		m->ramp_over = true;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		ios += atomic_load_explicit(&w->live_dir_ios[d], memory_order_relaxed);
		bytes += atomic_load_explicit(&w->live_dir_bytes[d], memory_order_relaxed);
	}
	if (ios < m->prev_ios || bytes < m->prev_bytes)
		return false;	/* a ramp reset is being published */
	spent = now > m->prev_ns ? now - m->prev_ns : 0;
	if (m->ramp_over && spent) {
		*iops += (uint64_t)((unsigned __int128)(ios - m->prev_ios) * NS_PER_SEC / spent);
		*bw += (uint64_t)((unsigned __int128)(bytes - m->prev_bytes) * NS_PER_SEC / spent);
		counted = true;
	}
	m->prev_ns = now;
	m->prev_ios = ios;
	m->prev_bytes = bytes;
	return counted;
}

/* unit_check - one check of unit u at now. */
static void unit_check(struct ss_watch *s, struct ss_unit *u, uint64_t now)
{
	uint64_t iops = 0, bw = 0;
	unsigned counted = 0, running = 0;

	for (unsigned i = u->first; i < u->first + u->nr; i++) {
		struct worker *w = s->members[i].w;

		running += !atomic_load_explicit(&w->live_done, memory_order_acquire);
		counted += member_rates(&s->members[i], u, s->interval_ns, now,
					&iops, &bw);
	}
	if (!running) {
		u->over = true;
		return;
	}
	if (!counted || !ss_window_add(&u->win, iops, bw))
		return;
	u->over = true;
	for (unsigned i = u->first; i < u->first + u->nr; i++)
		atomic_store_explicit(&s->stops[i], true, memory_order_relaxed);
}

/* unit_first_start - the earliest live_start_ns of u's members, 0 when
 * none has started. */
static uint64_t unit_first_start(const struct ss_watch *s, const struct ss_unit *u)
{
	uint64_t first = 0;

	for (unsigned i = u->first; i < u->first + u->nr; i++) {
		uint64_t t = atomic_load_explicit(&s->members[i].w->live_start_ns,
						  memory_order_acquire);

		if (t && (!first || t < first))
			first = t;
	}
	return first;
}

uint64_t ss_watch_tick(struct ss_watch *s, uint64_t now)
{
	uint64_t next = UINT64_MAX;

	for (unsigned k = 0; k < s->nr_units; k++) {
		struct ss_unit *u = &s->units[k];

		if (u->over)
			continue;
		if (!u->next_ns) {
			uint64_t start = unit_first_start(s, u);

			if (!start)
				continue;
			u->next_ns = start + s->interval_ns;
		}
		if (now + SLACK_NS >= u->next_ns) {
			unit_check(s, u, now);
			do	/* a late tick keeps the cadence */
				u->next_ns += s->interval_ns;
			while (u->next_ns <= now + SLACK_NS);
		}
		if (!u->over && u->next_ns < next)
			next = u->next_ns;
	}
	return next;
}

int ss_watch_finish(struct ss_watch *s)
{
	int ret = 0;

	for (unsigned k = 0; k < s->nr_units; k++) {
		struct ss_unit *u = &s->units[k];
		struct ss_result *r = ss_window_result(&u->win);

		if (!r) {
			ret = -ENOMEM;
			continue;
		}
		for (unsigned i = u->first; i < u->first + u->nr; i++) {
			struct job_stats *st = &s->members[i].w->stats;

			ss_result_put(st->ss);
			st->ss = ss_result_get(r);
		}
		ss_result_put(r);
	}
	return ret;
}

void ss_watch_release(struct ss_watch *s)
{
	for (unsigned k = 0; s->units && k < s->nr_units; k++)
		ss_window_release(&s->units[k].win);
	free(s->units);
	free(s->members);
	free(s->stops);
	memset(s, 0, sizeof(*s));
}
