/* SPDX-License-Identifier: MIT */
/*
 * test_cycles.c - cycles per I/O: parsing /proc/stat, merging, and the
 * real thread, process and system figures of this machine, including the
 * CPU of an io_uring sqpoll thread, which must count for the process.
 */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#ifdef HAVE_LIBURING
#include <liburing.h>
#endif

#include "measure/clock.h"
#include "measure/cpu.h"
#include "measure/cycles.h"

static int setup_clock(void **state)
{
	(void)state;
	return clock_init(false);
}

/* burn_ns - spin on this thread until it has used ns of CPU time. */
static void burn_ns(uint64_t ns)
{
	struct timespec ts;
	uint64_t start, now;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	start = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	do {
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
		now = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
	} while (now - start < ns);
}

static void sleep_ms(unsigned ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ------------------------------------------------------------------------
 * Pure functions
 */

static void test_proc_stat_busy(void **state)
{
	/* user nice system idle iowait irq softirq steal guest guest_nice */
	static const char text[] =
		"cpu  100 20 300 5000 700 11 13 17 40 2\n"
		"cpu0 50 10 150 2500 350 5 6 8 20 1\n"
		"intr 12345\n";
	uint64_t j = 0;

	(void)state;
	assert_int_equal(cycles_proc_stat_busy(text, &j), 0);
	assert_int_equal(j, 100 + 20 + 300 + 11 + 13 + 17);	/* no idle, iowait, guest */
	assert_int_equal(cycles_proc_stat_busy("intr 1\n", &j), -EINVAL);
	assert_int_equal(cycles_proc_stat_busy("cpu  1 2 3 4\n", &j), 0);
	assert_int_equal(j, 6);
	assert_int_equal(cycles_proc_stat_busy("cpu  1 2\n", &j), -EINVAL);
}

static void test_from_ns_and_per_io(void **state)
{
	(void)state;
	assert_int_equal(cycles_from_ns(1000000000ull, 2600000000ull), 2600000000ull);
	assert_int_equal(cycles_from_ns(1500, 2000000000ull), 3000);
	/* 10 hours at 5 GHz does not overflow */
	assert_int_equal(cycles_from_ns(36000000000000ull, 5000000000ull),
			 180000000000000ull);
	assert_true(cycles_per_io(1000, 0) == 0.0);
	assert_true(cycles_per_io(1000, 8) == 125.0);
}

static void test_stat_merge(void **state)
{
	struct cycles_stat a = { .thread = 10, .process = 100, .system = 300,
				 .span_ios = 7, .tsc_hz = 5, .source = CYCLES_SRC_PMU };
	struct cycles_stat b = { .thread = 20, .process = 100, .system = 300,
				 .span_ios = 7, .tsc_hz = 5, .source = CYCLES_SRC_CPU_TIME };
	struct cycles_stat z = { 0 };

	(void)state;
	cycles_stat_merge(&z, &a);		/* into an empty stat: a copy */
	assert_memory_equal(&z, &a, sizeof(a));
	cycles_stat_merge(&a, &b);		/* same phase: thread adds */
	assert_int_equal(a.thread, 30);
	assert_int_equal(a.process, 100);
	assert_int_equal(a.system, 300);
	assert_int_equal(a.span_ios, 7);
	assert_int_equal(a.source, CYCLES_SRC_CPU_TIME);	/* the weaker */

	z = (struct cycles_stat){ .thread = 4, .source = CYCLES_SRC_PMU };
	cycles_span_apply(&b, 99, &z);
	assert_int_equal(z.thread, 4);
	assert_int_equal(z.process, 100);
	assert_int_equal(z.span_ios, 99);
	assert_int_equal(z.source, CYCLES_SRC_CPU_TIME);
}

static void test_source_names(void **state)
{
	(void)state;
	assert_string_equal(cycles_source_name(CYCLES_SRC_PMU), "pmu");
	assert_string_equal(cycles_source_name(CYCLES_SRC_CPU_TIME), "cpu-time");
	assert_string_equal(cycles_source_name(CYCLES_SRC_NONE), "none");
	/* this machine: no PMU (ENVIRONMENT.md), invariant TSC */
	if (cycles_source() == CYCLES_SRC_PMU)
		print_message("# this machine exposes a PMU\n");
	else
		assert_int_equal(cycles_source(), CYCLES_SRC_CPU_TIME);
}

/* ------------------------------------------------------------------------
 * Real figures
 */

static void *burner(void *arg)
{
	burn_ns(*(uint64_t *)arg);
	return NULL;
}

/*
 * The check: thread, process and system are each positive, and
 * system >= process >= thread.  This thread burns 300 ms, a second thread
 * 200 ms more, so the process figure must exceed the thread figure by
 * about 200 ms worth of cycles; the system figure (10 ms jiffies) gets a
 * 30 ms allowance below the process figure.
 */
static void test_thread_process_system(void **state)
{
	uint64_t other_ns = 200000000ull, hz = clock_tsc_hz();
	struct cycles_thread t = { 0 };
	struct cycles_span span;
	struct cycles_stat th = { 0 }, ph = { 0 };
	pthread_t tid;

	(void)state;
	assert_true(hz > 0);
	assert_int_equal(cycles_span_begin(&span), 0);
	assert_int_equal(cycles_thread_begin(&t), 0);
	assert_int_equal(pthread_create(&tid, NULL, burner, &other_ns), 0);
	burn_ns(300000000ull);
	assert_int_equal(pthread_join(tid, NULL), 0);
	assert_int_equal(cycles_thread_end(&t, &th), 0);
	assert_int_equal(cycles_span_end(&span, &ph), 0);

	print_message("# cycles: thread %llu, process %llu, system %llu (%s, tsc %llu Hz)\n",
		      (unsigned long long)th.thread, (unsigned long long)ph.process,
		      (unsigned long long)ph.system, cycles_source_name(ph.source),
		      (unsigned long long)hz);
	assert_true(th.thread > 0 && ph.process > 0 && ph.system > 0);
	assert_int_equal(th.tsc_hz, hz);
	if (th.source == CYCLES_SRC_CPU_TIME) {
		/* 300 ms of this thread, to within 10% */
		assert_true(th.thread >= cycles_from_ns(300000000ull, hz));
		assert_true(th.thread < cycles_from_ns(330000000ull, hz));
	}
	assert_true(ph.process >= th.thread + cycles_from_ns(190000000ull, hz));
	assert_true(ph.system + cycles_from_ns(30000000ull, hz) >= ph.process);
}

static void test_thread_restart(void **state)
{
	struct cycles_thread t = { 0 };
	struct cycles_stat th = { 0 };
	uint64_t hz = clock_tsc_hz();

	(void)state;
	assert_int_equal(cycles_thread_end(&t, &th), -EINVAL);	/* never begun */
	assert_int_equal(cycles_thread_begin(&t), 0);
	burn_ns(100000000ull);
	assert_int_equal(cycles_thread_begin(&t), 0);		/* end of ramp */
	burn_ns(50000000ull);
	assert_int_equal(cycles_thread_end(&t, &th), 0);
	if (th.source == CYCLES_SRC_CPU_TIME) {
		assert_true(th.thread >= cycles_from_ns(50000000ull, hz));
		assert_true(th.thread < cycles_from_ns(90000000ull, hz));
	}
}

#ifdef HAVE_LIBURING
/* count_tasks - threads of this process whose comm starts with prefix. */
static unsigned count_tasks(const char *prefix)
{
	char path[300], comm[64];
	struct dirent *de;
	unsigned n = 0;
	DIR *d = opendir("/proc/self/task");

	if (!d)
		return 0;
	while ((de = readdir(d))) {
		FILE *f;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", de->d_name);
		f = fopen(path, "re");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && !strncmp(comm, prefix, strlen(prefix)))
			n++;
		fclose(f);
	}
	closedir(d);
	return n;
}

/*
 * An sqpoll thread spins for sq_thread_idle after its last submission.
 * While this thread sleeps, the process figure must grow by the sqpoll
 * thread's CPU: it is a thread of this process (iou-sqp-PID), not a
 * kernel thread outside it.
 */
static void test_process_counts_sqpoll(void **state)
{
	struct io_uring_params p;
	struct io_uring ring;
	struct cycles_span span;
	struct cycles_stat ph = { 0 };
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	uint64_t hz = clock_tsc_hz();
	int ret;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.flags = IORING_SETUP_SQPOLL;
	p.sq_thread_idle = 2000;	/* ms of spinning after the last sqe */
	ret = io_uring_queue_init_params(8, &ring, &p);
	if (ret < 0) {
		if (getenv("IOSTRESS_REQUIRE_ALL") &&
		    !strcmp(getenv("IOSTRESS_REQUIRE_ALL"), "1"))
			fail_msg("io_uring sqpoll unavailable: %s", strerror(-ret));
		skip();
	}
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_nop(sqe);
	assert_int_equal(io_uring_submit(&ring), 1);
	assert_int_equal(io_uring_wait_cqe(&ring, &cqe), 0);
	io_uring_cqe_seen(&ring, cqe);
	assert_int_equal(count_tasks("iou-sqp-"), 1);

	assert_int_equal(cycles_span_begin(&span), 0);
	sleep_ms(300);
	assert_int_equal(cycles_span_end(&span, &ph), 0);
	io_uring_queue_exit(&ring);
	print_message("# sqpoll: process %llu cycles in 300 ms of sleep\n",
		      (unsigned long long)ph.process);
	/* The caller slept: anything well above zero is the SQPOLL thread.
	 * Its share of 300 ms depends on load, so ask for only 50 ms. */
	assert_true(ph.process >= cycles_from_ns(50000000ull, hz));
}
#endif

/* cpu_task_sample - another thread's figures from /proc/self/task/TID agree
 * with what getrusage(RUSAGE_THREAD) says of the same thread: read for the
 * calling thread between two getrusage samples, each counter lies between
 * them (CPU time to the kernel's tick, which splits usr from sys). */
static void test_task_sample(void **state)
{
	struct cpu_usage before, task, after;
	pid_t tid = (pid_t)gettid();

	(void)state;
	do {		/* 30 ms on CPU: the thread's own time, not the wall's,
			 * which a loaded machine gives only part of */
		assert_int_equal(cpu_thread_sample(&before), 0);
	} while (before.usr_ns + before.sys_ns < 30000000);
	for (int i = 0; i < 20; i++)		/* some context switches */
		usleep(100);
	assert_int_equal(cpu_thread_sample(&before), 0);
	assert_int_equal(cpu_task_sample(tid, &task), 0);
	assert_int_equal(cpu_thread_sample(&after), 0);
	print_message("# ctx %llu <= %llu <= %llu, cpu %llu ns (rusage %llu)\n",
		      (unsigned long long)before.ctx, (unsigned long long)task.ctx,
		      (unsigned long long)after.ctx,
		      (unsigned long long)(task.usr_ns + task.sys_ns),
		      (unsigned long long)(before.usr_ns + before.sys_ns));
	assert_true(before.ctx >= 20);
	assert_in_range(task.ctx, before.ctx, after.ctx);
	assert_in_range(task.minf, before.minf, after.minf);
	assert_true(task.usr_ns + task.sys_ns >= 30000000 / 2);
	assert_int_equal(cpu_task_sample(-1, &task), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_task_sample),
		cmocka_unit_test(test_proc_stat_busy),
		cmocka_unit_test(test_from_ns_and_per_io),
		cmocka_unit_test(test_stat_merge),
		cmocka_unit_test(test_source_names),
		cmocka_unit_test(test_thread_process_system),
		cmocka_unit_test(test_thread_restart),
#ifdef HAVE_LIBURING
		cmocka_unit_test(test_process_counts_sqpoll),
#endif
	};

	return cmocka_run_group_tests(tests, setup_clock, NULL);
}
