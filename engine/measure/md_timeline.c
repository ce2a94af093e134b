/* SPDX-License-Identifier: MIT */
/*
 * md_timeline.c - windows of an md RAID1's failure timeline
 * (md_timeline.h).
 */
#include "measure/md_timeline.h"

#include <string.h>

static const char *const mark_names[MD_MARK_NR] = {
	[MD_MARK_START] = "start",
	[MD_MARK_FAIL] = "fail",
	[MD_MARK_READD] = "re-add",
	[MD_MARK_REBUILT] = "rebuilt",
	[MD_MARK_END] = "end",
};


const char *md_mark_name(enum md_mark_kind kind)
{
	return (unsigned)kind < MD_MARK_NR ? mark_names[kind] : NULL;
}

/* state - the array's state after marks[0..i]. */
static const char *state(const struct md_timeline *t, unsigned i)
{
	const char *s = "healthy";

	for (unsigned k = 0; k <= i; k++) {
		if (t->marks[k].kind == MD_MARK_FAIL)
			s = "degraded";
		else if (t->marks[k].kind == MD_MARK_READD)
			s = "rebuilding";
		else if (t->marks[k].kind == MD_MARK_REBUILT)
			s = "rebuilt";
	}
	return s;
}

struct md_mark *md_timeline_mark(struct md_timeline *t, enum md_mark_kind kind,
				 uint64_t ns)
{
	bool phase_mark = kind == MD_MARK_START || kind == MD_MARK_END;
	struct md_mark *m;

	if (t->nr >= MD_MARKS_MAX ||
	    (phase_mark && t->nr >= MD_MARKS_MAX - MD_MARKS_EVENTS)) {
		t->dropped++;
		return NULL;
	}
	m = &t->marks[t->nr++];
	memset(m, 0, sizeof(*m));
	m->kind = kind;
	m->ns = ns;
	return m;
}

/* delta - b - a of a counter that only grows; 0 if it went back (a
 * device that disappeared reads as zeroes). */
static uint64_t delta(uint64_t a, uint64_t b)
{
	return b >= a ? b - a : 0;
}

/* ms_delta - of the kernel's ms counters, which are 32 bits wide there
 * and wrap. */
static uint64_t ms_delta(uint64_t a, uint64_t b)
{
	return (uint32_t)(b - a);
}

bool md_timeline_window(const struct md_timeline *t, unsigned i,
			struct md_window *w)
{
	const struct md_mark *a = &t->marks[i], *b = &t->marks[i + 1];
	double secs = (double)delta(a->ns, b->ns) / 1e9;
	double ms = secs * 1e3;

	memset(w, 0, sizeof(*w));
	w->from = a->kind;
	w->to = b->kind;
	w->state = state(t, i);
	w->phase = a->phase;
	w->start_s = (double)delta(t->marks[0].ns, a->ns) / 1e9;
	w->end_s = (double)delta(t->marks[0].ns, b->ns) / 1e9;
	w->have_jobs = a->have_jobs && b->have_jobs && a->phase == b->phase;
	for (unsigned d = 0; w->have_jobs && d < 2; d++) {
		uint64_t ios = delta(a->jobs.ios[d], b->jobs.ios[d]);

		w->iops[d] = secs > 0 ? (double)ios / secs : 0.0;
		w->bw[d] = secs > 0 ?
			(double)delta(a->jobs.bytes[d], b->jobs.bytes[d]) / secs : 0.0;
		w->clat_ns[d] = ios ?
			(double)delta(a->jobs.clat_ns[d], b->jobs.clat_ns[d]) / (double)ios : 0.0;
	}
	for (unsigned k = 0; k < MD_DEVS; k++) {
		const struct disk_counters *x = &a->dev[k], *y = &b->dev[k];
		struct md_dev_delta *dd = &w->dev[k];
		uint64_t busy = ms_delta(x->io_ticks, y->io_ticks);

		for (unsigned d = 0; d < 2; d++) {
			dd->ios[d] = delta(x->ios[d], y->ios[d]);
			dd->sectors[d] = delta(x->sectors[d], y->sectors[d]);
			dd->ticks[d] = ms_delta(x->ticks[d], y->ticks[d]);
		}
		dd->util = ms > 0 ? 100.0 * (double)busy / ms : 0.0;
		if (dd->util > 100.0)
			dd->util = 100.0;
	}
	return a->kind != MD_MARK_END;
}
