/* SPDX-License-Identifier: MIT */
/*
 * report_raid1.c - a guest's RAID1 timeline in the reports
 * (report_raid1.h).
 */
#include "report/report_raid1.h"

#include <inttypes.h>
#include <string.h>

#include "lib/json.h"

static const char *const dir_names[2] = { "read", "write" };

/* find - the first mark of kind, or NULL. */
static const struct md_mark *find(const struct md_timeline *t, enum md_mark_kind kind)
{
	for (unsigned i = 0; i < t->nr; i++)
		if (t->marks[i].kind == kind)
			return &t->marks[i];
	return NULL;
}

/* ms_between - from a to b in ms; -1 when either is missing. */
static double ms_between(const struct md_mark *a, const struct md_mark *b)
{
	if (!a || !b || b->ns < a->ns)
		return -1.0;
	return (double)(b->ns - a->ns) / 1e6;
}

/* failure_text - what became of the planned failure, in a few words. */
static const char *failure_text(const struct md_timeline *t)
{
	if (!t->failed)
		return "none planned";
	if (!find(t, MD_MARK_FAIL))
		return "not reached: the jobs ended before it was due";
	return t->error ? strerror(-t->error) : "ok";
}

static void text_events(FILE *out, const struct md_timeline *t)
{
	const struct md_mark *start = find(t, MD_MARK_START);
	const struct md_mark *fail = find(t, MD_MARK_FAIL);
	double rebuild = ms_between(find(t, MD_MARK_READD), find(t, MD_MARK_REBUILT));

	fprintf(out, "\nRAID1 in the guest: %s over %s and %s, ", t->dev[0], t->dev[1],
		t->dev[2]);
	if (t->resync_ms)
		fprintf(out, "resynced in %" PRIu64 " ms\n", t->resync_ms);
	else
		fprintf(out, "assumed clean (no initial resync)\n");
	if (!t->failed)
		return;
	if (!fail) {
		fprintf(out, "  %s was to fail at %" PRIu64 " ms: %s\n", t->dev[t->failed],
			t->fail_at_ms, failure_text(t));
		return;
	}
	fprintf(out, "  %s marked faulty %.0f ms into the jobs (%s): array %s, degraded %s\n",
		t->dev[t->failed], ms_between(start, fail), failure_text(t),
		t->state_failed, t->degraded);
	if (rebuild >= 0)
		fprintf(out, "  %s added back and rebuilt in %.0f ms\n", t->dev[t->failed],
			rebuild);
	else if (t->rebuild && find(t, MD_MARK_READD))
		fprintf(out, "  %s added back, still rebuilding when the jobs ended\n",
			t->dev[t->failed]);
	fprintf(out, "  array at the end: %s\n", t->state_end);
}

/* text_dropped - the phase marks that found no room, said once. */
static void text_dropped(FILE *out, const struct md_timeline *t)
{
	if (t->dropped)
		fprintf(out, "  %u later event%s not kept (the timeline holds %u): "
			"the stretches after the last one below are not shown\n",
			t->dropped, t->dropped == 1 ? "" : "s", MD_MARKS_MAX);
}

static void text_window(FILE *out, const struct md_window *w)
{
	fprintf(out, "\n  %.2f-%.2f s  %s", w->start_s, w->end_s, w->state);
	if (!w->have_jobs) {
		fprintf(out, " (jobs' figures unknown)\n");
	} else {
		fprintf(out, ", phase %u:", w->phase);
		for (unsigned d = 0; d < 2; d++)
			if (w->iops[d] > 0)
				fprintf(out, " %s %.0f IOPS, %.0f KiB/s, clat mean %.1f us;",
					dir_names[d], w->iops[d], w->bw[d] / 1024.0,
					w->clat_ns[d] / 1e3);
		if (w->iops[0] <= 0 && w->iops[1] <= 0)
			fprintf(out, " no I/O completed");
		fputc('\n', out);
	}
	fprintf(out, "    %-8s %10s %10s %10s %10s %9s %9s %7s\n", "device", "read_ios",
		"write_ios", "read_KiB", "write_KiB", "rticks", "wticks", "util");
}

void report_raid1_text(FILE *out, const struct md_timeline *t)
{
	text_events(out, t);
	text_dropped(out, t);
	for (unsigned i = 0; i + 1 < t->nr; i++) {
		struct md_window w;

		if (!md_timeline_window(t, i, &w))
			continue;
		text_window(out, &w);
		for (unsigned k = 0; k < MD_DEVS; k++) {
			const struct md_dev_delta *dd = &w.dev[k];

			fprintf(out, "    %-8s %10" PRIu64 " %10" PRIu64 " %10" PRIu64 " %10"
				PRIu64 " %9" PRIu64 " %9" PRIu64 " %6.1f%%%s\n", t->dev[k],
				dd->ios[0], dd->ios[1], dd->sectors[0] / 2, dd->sectors[1] / 2,
				dd->ticks[0], dd->ticks[1], dd->util,
				t->failed == k && !strcmp(w.state, "degraded") ? "  (faulty)" : "");
		}
	}
}

static void json_window(struct json_writer *w, const struct md_timeline *t,
			const struct md_window *win)
{
	json_obj_begin(w, NULL);
	json_str(w, "state", win->state);
	json_double(w, "start_ms", win->start_s * 1e3);
	json_double(w, "end_ms", win->end_s * 1e3);
	if (win->have_jobs) {
		json_u64(w, "phase", win->phase);
		for (unsigned d = 0; d < 2; d++) {
			json_obj_begin(w, dir_names[d]);
			json_double(w, "iops", win->iops[d]);
			json_double(w, "bw_bytes", win->bw[d]);
			json_double(w, "clat_mean_ns", win->clat_ns[d]);
			json_obj_end(w);
		}
	}
	json_arr_begin(w, "devices");
	for (unsigned k = 0; k < MD_DEVS; k++) {
		const struct md_dev_delta *dd = &win->dev[k];

		json_obj_begin(w, NULL);
		json_str(w, "name", t->dev[k]);
		json_u64(w, "read_ios", dd->ios[0]);
		json_u64(w, "write_ios", dd->ios[1]);
		json_u64(w, "read_sectors", dd->sectors[0]);
		json_u64(w, "write_sectors", dd->sectors[1]);
		json_u64(w, "read_ticks", dd->ticks[0]);
		json_u64(w, "write_ticks", dd->ticks[1]);
		json_double(w, "util", dd->util);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

void report_raid1_json(struct json_writer *w, const char *key,
		       const struct md_timeline *t)
{
	const struct md_mark *start = find(t, MD_MARK_START);
	double failed_after = ms_between(start, find(t, MD_MARK_FAIL));
	double rebuild = ms_between(find(t, MD_MARK_READD), find(t, MD_MARK_REBUILT));

	json_obj_begin(w, key);
	json_str(w, "array", t->dev[0]);
	json_arr_begin(w, "members");
	for (unsigned k = 1; k < MD_DEVS; k++)
		json_str(w, NULL, t->dev[k]);
	json_arr_end(w);
	json_u64(w, "resync_ms", t->resync_ms);
	if (t->failed) {
		json_str(w, "failed_member", t->dev[t->failed]);
		json_u64(w, "fail_at_ms", t->fail_at_ms);
		json_str(w, "failure", failure_text(t));
		if (failed_after >= 0) {
			json_double(w, "failed_after_ms", failed_after);
			json_str(w, "state_after_failure", t->state_failed);
			json_str(w, "degraded_after_failure", t->degraded);
		}
		if (rebuild >= 0)
			json_double(w, "rebuild_ms", rebuild);
	}
	json_str(w, "state_at_end", t->state_end);
	json_u64(w, "events_dropped", t->dropped);
	json_arr_begin(w, "events");
	for (unsigned i = 0; i < t->nr; i++) {
		json_obj_begin(w, NULL);
		json_str(w, "event", md_mark_name(t->marks[i].kind));
		json_double(w, "at_ms", start && t->marks[i].ns >= start->ns ?
			    (double)(t->marks[i].ns - start->ns) / 1e6 : 0.0);
		if (t->marks[i].have_jobs)
			json_u64(w, "phase", t->marks[i].phase);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_arr_begin(w, "windows");
	for (unsigned i = 0; i + 1 < t->nr; i++) {
		struct md_window win;

		if (md_timeline_window(t, i, &win))
			json_window(w, t, &win);
	}
	json_arr_end(w);
	json_obj_end(w);
}
