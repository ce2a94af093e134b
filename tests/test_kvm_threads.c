/* SPDX-License-Identifier: MIT */
/*
 * test_kvm_threads.c - the QEMU process's CPU split by thread class, on
 * this test's own threads named as QEMU names its own: a busy "CPU 0/TCG"
 * thread shows as the vCPUs' share, an idle "IO iothread1" as none, and
 * a process that is gone is -ESRCH.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "targets/kvm/qemu_threads.h"

static atomic_bool done;

static void *spin(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "CPU 0/TCG");
	while (!atomic_load(&done))
		;
	return NULL;
}

static void *idle(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "IO iothread1");
	while (!atomic_load(&done))
		usleep(1000);
	return NULL;
}

static void test_split(void **state)
{
	static struct qemu_threads a, b;
	struct timespec t0, now;
	pthread_t s, i;
	char text[160];
	double vcpus = 0.0;

	(void)state;
	atomic_store(&done, false);
	assert_int_equal(pthread_create(&s, NULL, spin, NULL), 0);
	assert_int_equal(pthread_create(&i, NULL, idle, NULL), 0);
	usleep(20000);	/* both named */
	assert_int_equal(qemu_threads_read(getpid(), &a), 0);
	assert_true(a.nr >= 3);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {		/* at least a few clock ticks of the spinner */
		usleep(10000);
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - t0.tv_sec) * 1000000000L + (now.tv_nsec - t0.tv_nsec) < 300000000L);
	assert_int_equal(qemu_threads_read(getpid(), &b), 0);
	atomic_store(&done, true);
	pthread_join(s, NULL);
	pthread_join(i, NULL);
	assert_int_equal(qemu_threads_split(&a, &b, text, sizeof(text)), 0);
	print_message("# %s\n", text);
	assert_int_equal(sscanf(text, "vcpus %lf%%", &vcpus), 1);
	assert_true(vcpus > 80.0);
	assert_non_null(strstr(text, ", iothreads "));
	assert_non_null(strstr(text, ", main loop "));
	assert_non_null(strstr(text, ", other "));
	/* no time between one reading and itself */
	assert_int_equal(qemu_threads_split(&b, &b, text, sizeof(text)), -ENODATA);
}

static void test_gone(void **state)
{
	static struct qemu_threads a;

	(void)state;
	/* pid_max is at most 4194304: this one cannot exist */
	assert_int_equal(qemu_threads_read(4194305, &a), -ESRCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
