/* SPDX-License-Identifier: MIT */
/*
 * test_runner_sync.c - the runner's contract with other processes
 * (struct runner_sync, run/runner.h), with a scripted partner instead of
 * MPI: start and end called once per phase, in order, whatever happens; a
 * failure agreed at the start means no I/O at all; a stop seen by the poll
 * ends the phase; only what was agreed ends the run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "job/jobfile.h"
#include "job/jobs.h"
#include "measure/clock.h"
#include "run/result.h"
#include "run/runner.h"

/* The partner: what it answers and what it was told. */
struct partner {
	bool fail_start;	/* the others failed at phase 0's start */
	bool stop_poll;		/* the others stopped while a phase runs */
	unsigned starts, ends, polls;
	unsigned start_phase[4], end_phase[4];
	bool start_failed[4], end_failed[4];
};

static bool p_start(unsigned phase, bool failed, void *arg)
{
	struct partner *p = arg;

	p->start_phase[p->starts] = phase;
	p->start_failed[p->starts++] = failed;
	return failed || (p->fail_start && phase == 0);
}

static bool p_poll(bool stopped, void *arg)
{
	struct partner *p = arg;

	(void)stopped;
	p->polls++;
	return p->stop_poll;
}

static bool p_end(unsigned phase, bool failed, void *arg)
{
	struct partner *p = arg;

	p->end_phase[p->ends] = phase;
	p->end_failed[p->ends++] = failed;
	return failed;
}

static const char two_phases[] =
	"[a]\nioengine=null\nrw=read\nbs=4k\nsize=1m\n"
	"[b]\nstonewall\nioengine=null\nrw=read\nbs=4k\nsize=1m\n";
static const char long_phase[] =
	"[spin]\nioengine=null\nrw=read\nbs=4k\nsize=1m\ntime_based=1\nruntime=20s\n"
	"[after]\nstonewall\nioengine=null\nrw=read\nbs=4k\nsize=1m\n";

/* run - text's jobs with partner p (stop set beforehand when stopped);
 * returns the I/Os of each job into ios[2] and runner_run()'s value. */
static int run(const char *text, struct partner *p, bool stopped,
	       uint64_t ios[2])
{
	struct runner_sync sync = {
		.start = p_start, .poll = p_poll, .end = p_end, .arg = p,
	};
	struct runner_opts opts = { .sync = &sync, .no_disks = true };
	struct diag d = { { 0 } };
	struct run_result res;
	struct job_list list;
	struct jobfile jf;
	atomic_bool stop;
	int ret;

	assert_int_equal(jobfile_parse_buf("test", text, strlen(text), &jf, &d), 0);
	if (jobs_build(&jf, 1, &list, &d))
		fail_msg("%s", d.msg);
	jobfile_release(&jf);
	assert_int_equal(list.nr, 2);
	assert_int_equal(run_result_init(&res, &list), 0);
	atomic_init(&stop, stopped);
	ret = runner_run(&res, &stop, &opts, &d);
	for (unsigned i = 0; i < 2; i++)
		ios[i] = res.job_stats[i].dir[0].ios + res.job_stats[i].dir[1].ios;
	run_result_release(&res);
	job_list_release(&list);
	return ret;
}

static void test_agreed(void **state)
{
	struct partner p = { 0 };
	uint64_t ios[2];

	(void)state;
	assert_int_equal(run(two_phases, &p, false, ios), 0);
	assert_int_equal(ios[0], 256);
	assert_int_equal(ios[1], 256);
	assert_int_equal(p.starts, 2);
	assert_int_equal(p.ends, 2);
	for (unsigned k = 0; k < 2; k++) {
		assert_int_equal(p.start_phase[k], k);
		assert_int_equal(p.end_phase[k], k);
		assert_false(p.start_failed[k]);
		assert_false(p.end_failed[k]);
	}
}

static void test_failed_elsewhere(void **state)
{
	struct partner p = { .fail_start = true };
	uint64_t ios[2];

	(void)state;
	/* another process failed before phase 0: no I/O here either, the
	 * phase still ends in step, and the run ends after it */
	run(two_phases, &p, false, ios);
	assert_int_equal(ios[0], 0);
	assert_int_equal(ios[1], 0);
	assert_int_equal(p.starts, 1);
	assert_int_equal(p.ends, 1);
	assert_true(p.end_failed[0]);
}

static void test_stopped_here(void **state)
{
	struct partner p = { 0 };
	uint64_t ios[2];

	(void)state;
	/* a stop seen here before the run still meets the others at phase
	 * 0, says so, and ends the run there for everyone */
	run(two_phases, &p, true, ios);
	assert_int_equal(ios[0], 0);
	assert_int_equal(p.starts, 1);
	assert_true(p.start_failed[0]);
	assert_int_equal(p.ends, 1);
	assert_true(p.end_failed[0]);
}

static void test_stopped_elsewhere(void **state)
{
	struct partner p = { .stop_poll = true };
	struct timespec t0, t1;
	uint64_t ios[2];

	(void)state;
	/* another process stops while a 20 s phase runs: this one stops at
	 * the next poll, and no further phase runs */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	run(long_phase, &p, false, ios);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 5);
	assert_true(p.polls >= 1);
	assert_int_equal(ios[1], 0);
	assert_int_equal(p.starts, 1);
	assert_int_equal(p.ends, 1);
	assert_true(p.end_failed[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreed),
		cmocka_unit_test(test_failed_elsewhere),
		cmocka_unit_test(test_stopped_here),
		cmocka_unit_test(test_stopped_elsewhere),
	};

	clock_init(true);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
