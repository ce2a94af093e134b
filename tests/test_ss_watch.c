/* SPDX-License-Identifier: MIT */
/*
 * test_ss_watch.c - steady-state checks over fake workers' live counters
 * at chosen times: ss_ramp's first counted second, the rates that go into
 * the window, the stop flags of a job and of a group_reporting group
 * (and of no one else), a ramp_time restart, and the results handed to
 * the workers' stats.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "job/job.h"
#include "run/ss_watch.h"
#include "run/worker.h"

#define SEC 1000000000ull
#define T0 (100 * SEC)

static void ss_job(struct job *j, unsigned flags, double limit, unsigned dur,
		   uint64_t ramp_ns)
{
	job_init(j);
	j->ss_flags = flags;
	j->ss_limit = limit;
	j->ss_dur_ns = dur * SEC;
	j->ss_ramp_ns = ramp_ns;
}

/* writes - the worker's live totals: ios writes of 4 KiB. */
static void writes(struct worker *w, uint64_t ios)
{
	atomic_store(&w->live_dir_ios[DDIR_WRITE], ios);
	atomic_store(&w->live_dir_bytes[DDIR_WRITE], ios * 4096);
}

static bool stopped(const struct worker *w)
{
	return atomic_load(w->ss_stop);
}

/* iops:5%, ss_dur=2, ss_ramp=1: the check at 1 s is inside the ramp (it
 * ends at ss_ramp + 1 s), the ones at 2 s and 3 s count the second before
 * each: 1000 and 1050 IOPS, mean 1025, deviation 25 = 2.44%: attained. */
static void test_one_job(void **state)
{
	struct job j;
	struct worker w;
	struct ss_watch s;
	const struct ss_result *r;

	(void)state;
	memset(&w, 0, sizeof(w));
	ss_job(&j, SS_IOPS | SS_PCT, 5.0, 2, SEC);
	w.job = &j;
	assert_int_equal(ss_watch_init(&s, &w, 1), 0);
	assert_non_null(w.ss_stop);
	assert_int_equal(ss_watch_tick(&s, T0), UINT64_MAX);	/* not started */
	atomic_store(&w.live_start_ns, T0);
	assert_int_equal(ss_watch_tick(&s, T0), T0 + SEC);
	writes(&w, 1000);
	assert_int_equal(ss_watch_tick(&s, T0 + SEC), T0 + 2 * SEC);
	writes(&w, 2000);
	ss_watch_tick(&s, T0 + 2 * SEC);
	assert_int_equal(s.units[0].win.nr, 1);
	assert_false(stopped(&w));
	writes(&w, 3050);
	assert_int_equal(ss_watch_tick(&s, T0 + 3 * SEC), UINT64_MAX);	/* over */
	assert_true(stopped(&w));
	assert_int_equal(ss_watch_finish(&s), 0);
	r = w.stats.ss;
	assert_non_null(r);
	assert_true(r->attained);
	assert_int_equal(r->iops[0], 1000);
	assert_int_equal(r->iops[1], 1050);
	assert_int_equal(r->bw[0], 1000 * 4096);
	assert_int_equal(r->bw[1], 1050 * 4096);
	ss_result_put(w.stats.ss);
	ss_watch_release(&s);
	job_release(&j);
}

/* Four workers: two of group 0 with group_reporting, watched as one (their
 * IOPS add up), one without ss, and one of group 1 on its own.  The group's
 * window fills with 300, 300 (100 + 200 each second): deviation 0, and
 * both its workers stop, the others do not.  Both get the same result. */
static void test_group(void **state)
{
	struct job g, plain, other;
	struct worker w[4];
	struct ss_watch s;

	(void)state;
	memset(w, 0, sizeof(w));
	ss_job(&g, SS_IOPS | SS_PCT, 1.0, 2, 0);
	g.group_reporting = true;
	ss_job(&other, SS_IOPS | SS_PCT, 1.0, 2, 0);
	other.group_reporting = true;
	other.groupid = 1;
	job_init(&plain);
	w[0].job = &g;
	w[1].job = &plain;
	w[2].job = &g;
	w[3].job = &other;
	assert_int_equal(ss_watch_init(&s, w, 4), 0);
	assert_int_equal(s.nr_units, 2);
	assert_null(w[1].ss_stop);
	for (unsigned k = 0; k < 4; k++)
		atomic_store(&w[k].live_start_ns, T0);
	for (uint64_t t = 1; t <= 2; t++) {
		writes(&w[0], 100 * t);
		writes(&w[2], 200 * t);
		writes(&w[3], t * t * 1000);	/* 1000, then 3000 a second */
		ss_watch_tick(&s, T0 + t * SEC);
	}
	assert_true(stopped(&w[0]));
	assert_true(stopped(&w[2]));
	assert_false(stopped(&w[3]));
	assert_int_equal(ss_watch_finish(&s), 0);
	assert_ptr_equal(w[0].stats.ss, w[2].stats.ss);
	assert_int_equal(w[0].stats.ss->iops[0], 300);
	assert_int_equal(w[0].stats.ss->iops[1], 300);
	assert_true(w[0].stats.ss->attained);
	assert_null(w[1].stats.ss);
	assert_false(w[3].stats.ss->attained);
	assert_int_equal(w[3].stats.ss->iops[1], 3000);
	ss_result_put(w[0].stats.ss);
	ss_result_put(w[2].stats.ss);
	ss_result_put(w[3].stats.ss);
	ss_watch_release(&s);
	job_release(&g);
	job_release(&plain);
	job_release(&other);
}

/* The end of ramp_time restarts live_start_ns and zeroes the counters:
 * the next check counts from the new start, and ss_ramp runs again from
 * it.  A window under one second watches nothing. */
static void test_ramp_restart(void **state)
{
	struct job j, none;
	struct worker w[2];
	struct ss_watch s;

	(void)state;
	memset(w, 0, sizeof(w));
	ss_job(&j, SS_IOPS | SS_PCT, 50.0, 2, SEC);
	ss_job(&none, SS_IOPS | SS_PCT, 50.0, 0, 0);
	none.ss_dur_ns = SEC - 1;
	w[0].job = &j;
	w[1].job = &none;
	assert_int_equal(ss_watch_init(&s, w, 2), 0);
	assert_int_equal(s.nr_units, 1);
	assert_null(w[1].ss_stop);
	atomic_store(&w[0].live_start_ns, T0);
	ss_watch_tick(&s, T0);
	writes(&w[0], 5000);
	ss_watch_tick(&s, T0 + SEC);
	/* ramp_time ends at 1.5 s */
	writes(&w[0], 0);
	atomic_store(&w[0].live_start_ns, T0 + 3 * SEC / 2);
	writes(&w[0], 500);
	ss_watch_tick(&s, T0 + 2 * SEC);	/* restart; ramp until 3.5 s */
	writes(&w[0], 1500);
	ss_watch_tick(&s, T0 + 3 * SEC);
	assert_int_equal(s.units[0].win.nr, 0);
	writes(&w[0], 2500);
	ss_watch_tick(&s, T0 + 4 * SEC);	/* 1000 in the last second */
	assert_int_equal(s.units[0].win.nr, 1);
	assert_int_equal(s.units[0].win.iops[0], 1000);
	ss_watch_release(&s);
	job_release(&j);
	job_release(&none);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_job),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_ramp_restart),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
