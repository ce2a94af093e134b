/* SPDX-License-Identifier: MIT */
/*
 * test_md_timeline.c - a RAID1's failure timeline (measure/md_timeline.h):
 * the windows between its marks, and the timeline through the worker's
 * wire (wire.h) and back whole.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "measure/md_timeline.h"
#include "report/report_raid1.h"
#include "wire/wire.h"

#define MS	1000000ull

/* add - a mark at ms with the jobs' write totals and per-device write
 * I/Os (array, vda, vdb) and io_ticks. */
static void add(struct md_timeline *t, enum md_mark_kind kind, uint64_t ms,
		unsigned phase, bool jobs, uint64_t ios, uint64_t clat_ms,
		const uint64_t dev_ios[MD_DEVS], uint64_t io_ticks)
{
	struct md_mark *m = md_timeline_mark(t, kind, 1000 * MS + ms * MS);

	assert_non_null(m);
	m->phase = phase;
	m->have_jobs = jobs;
	m->jobs.ios[1] = ios;
	m->jobs.bytes[1] = ios * 4096;
	m->jobs.clat_ns[1] = clat_ms * MS;
	for (unsigned k = 0; k < MD_DEVS; k++) {
		m->dev[k].ios[1] = dev_ios[k];
		m->dev[k].sectors[1] = dev_ios[k] * 8;
		m->dev[k].io_ticks = io_ticks;
	}
}

/* A failure at 2 s with a rebuild, then a second phase. */
static void timeline(struct md_timeline *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->dev[0], "md0");
	strcpy(t->dev[1], "vda");
	strcpy(t->dev[2], "vdb");
	t->failed = 2;
	t->fail_at_ms = 2000;
	t->rebuild = true;
	t->resync_ms = 87;
	strcpy(t->state_failed, "active");
	strcpy(t->degraded, "1");
	strcpy(t->state_end, "clean");
	add(t, MD_MARK_START, 0, 0, true, 0, 0, (uint64_t[]){ 0, 5, 5 }, 10);
	add(t, MD_MARK_FAIL, 2000, 0, true, 2000, 2000, (uint64_t[]){ 2000, 2005, 2005 }, 1010);
	add(t, MD_MARK_READD, 2500, 0, true, 2400, 2600, (uint64_t[]){ 2400, 2405, 2007 }, 1510);
	add(t, MD_MARK_REBUILT, 4500, 0, true, 3000, 4600, (uint64_t[]){ 3000, 3005, 6000 }, 3510);
	add(t, MD_MARK_END, 5000, 0, true, 3500, 5100, (uint64_t[]){ 3500, 3505, 6500 }, 4010);
	add(t, MD_MARK_START, 5100, 1, true, 0, 0, (uint64_t[]){ 3500, 3505, 6500 }, 4110);
	add(t, MD_MARK_END, 6100, 1, false, 0, 0, (uint64_t[]){ 3500, 3505, 6500 }, 4210);
}

static void test_windows(void **state)
{
	struct md_timeline t;
	struct md_window w;

	(void)state;
	timeline(&t);
	/* healthy: 2000 writes in 2 s, 1 ms each; both members wrote them */
	assert_true(md_timeline_window(&t, 0, &w));
	assert_string_equal(w.state, "healthy");
	assert_true(w.have_jobs);
	assert_int_equal(w.phase, 0);
	assert_true(w.iops[1] > 999.9 && w.iops[1] < 1000.1);
	assert_true(w.bw[1] > 4095999.0 && w.bw[1] < 4096001.0);
	assert_true(w.clat_ns[1] > 999999.0 && w.clat_ns[1] < 1000001.0);
	assert_int_equal(w.dev[1].ios[1], 2000);
	assert_int_equal(w.dev[2].ios[1], 2000);
	assert_int_equal(w.dev[2].sectors[1], 16000);
	assert_true(w.dev[0].util > 49.9 && w.dev[0].util < 50.1);
	assert_true(w.start_s == 0.0 && w.end_s > 1.99 && w.end_s < 2.01);
	/* degraded: the failed member took 2 writes of 400 */
	assert_true(md_timeline_window(&t, 1, &w));
	assert_string_equal(w.state, "degraded");
	assert_int_equal(w.dev[2].ios[1], 2);
	assert_true(w.clat_ns[1] > 1499999.0 && w.clat_ns[1] < 1500001.0);
	/* rebuilding, then rebuilt; util never above 100% */
	assert_true(md_timeline_window(&t, 2, &w));
	assert_string_equal(w.state, "rebuilding");
	assert_int_equal(w.dev[2].ios[1], 3993);
	assert_true(w.dev[0].util <= 100.0);
	assert_true(md_timeline_window(&t, 3, &w));
	assert_string_equal(w.state, "rebuilt");
	/* between the phases: nothing to report */
	assert_false(md_timeline_window(&t, 4, &w));
	/* the second phase's end mark read no workers: no jobs' figures */
	assert_true(md_timeline_window(&t, 5, &w));
	assert_false(w.have_jobs);
	assert_string_equal(w.state, "rebuilt");
	assert_string_equal(md_mark_name(MD_MARK_READD), "re-add");
	assert_null(md_mark_name(MD_MARK_NR));
}

/* A counter that went back (a device gone) gives 0, not 2^64 - n. */
static void test_counter_going_back(void **state)
{
	struct md_timeline t = { 0 };
	struct md_window w;

	(void)state;
	add(&t, MD_MARK_START, 0, 0, true, 10, 10, (uint64_t[]){ 100, 100, 100 }, 50);
	add(&t, MD_MARK_END, 1000, 0, true, 20, 20, (uint64_t[]){ 150, 150, 0 }, 60);
	assert_true(md_timeline_window(&t, 0, &w));
	assert_int_equal(w.dev[2].ios[1], 0);
	assert_int_equal(w.dev[1].ios[1], 50);
}

/* Many phases: their marks stop short of the room kept for the failure's
 * own, which still fit; what found no room is counted and said. */
static void test_full(void **state)
{
	struct md_timeline t = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	(void)state;
	for (unsigned i = 0; i < MD_MARKS_MAX - MD_MARKS_EVENTS; i++)
		assert_non_null(md_timeline_mark(&t, i % 2 ? MD_MARK_END : MD_MARK_START, i));
	assert_null(md_timeline_mark(&t, MD_MARK_START, 99));
	assert_null(md_timeline_mark(&t, MD_MARK_END, 100));
	assert_int_equal(t.dropped, 2);
	assert_non_null(md_timeline_mark(&t, MD_MARK_FAIL, 101));
	assert_non_null(md_timeline_mark(&t, MD_MARK_READD, 102));
	assert_non_null(md_timeline_mark(&t, MD_MARK_REBUILT, 103));
	assert_int_equal(t.nr, MD_MARKS_MAX);
	assert_null(md_timeline_mark(&t, MD_MARK_FAIL, 104));
	assert_int_equal(t.dropped, 3);

	f = open_memstream(&text, &len);
	assert_non_null(f);
	report_raid1_text(f, &t);
	assert_int_equal(fclose(f), 0);
	assert_non_null(strstr(text, "  3 later events not kept (the timeline holds 64)"));
	free(text);
}

static void test_wire_round_trip(void **state)
{
	struct md_timeline a, b;
	struct diag d = { { 0 } };
	char *text = NULL;

	(void)state;
	timeline(&a);
	a.error = -EBUSY;
	a.dropped = 5;
	a.marks[3].dev[2].time_in_queue = UINT64_MAX;
	assert_int_equal(wire_md_encode(&a, &text), 0);
	assert_int_equal(wire_md_decode(text, &b, &d), 0);
	free(text);
	assert_int_equal(b.nr, a.nr);
	assert_int_equal(b.failed, 2);
	assert_int_equal(b.fail_at_ms, 2000);
	assert_true(b.rebuild);
	assert_int_equal(b.resync_ms, 87);
	assert_int_equal(b.error, -EBUSY);
	assert_int_equal(b.dropped, 5);
	assert_string_equal(b.state_failed, "active");
	assert_string_equal(b.degraded, "1");
	assert_string_equal(b.state_end, "clean");
	for (unsigned k = 0; k < MD_DEVS; k++)
		assert_string_equal(b.dev[k], a.dev[k]);
	for (unsigned i = 0; i < a.nr; i++) {
		assert_int_equal(b.marks[i].kind, a.marks[i].kind);
		assert_int_equal(b.marks[i].ns, a.marks[i].ns);
		assert_int_equal(b.marks[i].phase, a.marks[i].phase);
		assert_int_equal(b.marks[i].have_jobs, a.marks[i].have_jobs);
		assert_memory_equal(&b.marks[i].jobs, &a.marks[i].jobs, sizeof(a.marks[i].jobs));
		assert_memory_equal(b.marks[i].dev, a.marks[i].dev, sizeof(a.marks[i].dev));
	}
}

static void test_bad_timeline_names_the_path(void **state)
{
	struct md_timeline t;
	struct diag d = { { 0 } };
	char *text = NULL, *p;

	(void)state;
	timeline(&t);
	assert_int_equal(wire_md_encode(&t, &text), 0);
	p = strstr(text, "\"kind\":2");
	assert_non_null(p);
	p[7] = '9';		/* no such mark */
	assert_int_equal(wire_md_decode(text, &t, &d), -EPROTO);
	assert_non_null(strstr(d.msg, "raid1.marks[2].kind"));
	free(text);
	assert_int_equal(wire_md_decode("{\"dev\":[\"md0\"]}", &t, &d), -EPROTO);
	assert_non_null(strstr(d.msg, "raid1.dev"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_counter_going_back),
		cmocka_unit_test(test_full),
		cmocka_unit_test(test_wire_round_trip),
		cmocka_unit_test(test_bad_timeline_names_the_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
