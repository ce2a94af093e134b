/* SPDX-License-Identifier: MIT */
/*
 * test_rate.c - rate caps over simulated time: a linear schedule moves
 * exactly the rate, poisson gaps have the right mean, mixed directions each
 * keep their own cap, a late job catches up, rate_min fails a slow job,
 * and thinktime stalls every thinktime_blocks I/Os.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "measure/clock.h"
#include "lib/diag.h"
#include "workload/rate.h"

#define SEC 1000000000ull
#define T0 (5 * SEC)		/* an arbitrary start on the clock */

static const uint64_t bs4k[DDIR_NR] = { 4096, 4096 };
static const bool no_split[DDIR_NR] = { false, false };

static struct rate_spec spec_zero(void)
{
	struct rate_spec s;

	memset(&s, 0, sizeof(s));
	return s;
}

/*
 * run_one_dir - issue bs-byte I/Os in ddir as fast as the schedule allows
 * for 'span' ns of simulated time; returns the bytes issued.
 */
static uint64_t run_one_dir(struct rate_state *s, unsigned ddir, uint64_t bs,
			    uint64_t span)
{
	uint64_t now = T0, bytes = 0, wait;

	for (;;) {
		unsigned d = rate_pick(s, ddir, false, now, &wait);

		assert_int_equal(d, ddir);
		now += wait;
		if (now >= T0 + span)
			return bytes;
		rate_issued(s, d, bs);
		bytes += bs;
	}
}

static void test_disabled_is_trivial(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	uint64_t wait = 1;

	(void)state;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_false(rate_active(&s));
	assert_false(think_active(&s));
	assert_false(s.floor);
	assert_false(think_due(&s, 1));
	assert_int_equal(rate_pick(&s, DDIR_WRITE, true, T0, &wait), DDIR_WRITE);
	assert_int_equal(wait, 0);
}

/* rate=1m: the I/O after k blocks of 4k is due at k/256 s, so 10 s of
 * simulated time move exactly 10 MiB. */
static void test_linear_exact(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;

	(void)state;
	spec.rate[DDIR_READ] = 1048576;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_true(rate_active(&s));
	assert_int_equal(run_one_dir(&s, DDIR_READ, 4096, 10 * SEC), 10 * 1048576);
	/* the first I/O goes at once, the second 1/256 s later */
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_int_equal(rate_due_ns(&s, DDIR_READ), T0);
	rate_issued(&s, DDIR_READ, 4096);
	assert_int_equal(rate_due_ns(&s, DDIR_READ), T0 + SEC / 256);
}

/* A rate that does not divide evenly: 3 s at 1000 B/s with 4k blocks is
 * 3000 bytes due, so I/Os at 0, 4.096 s... only the first goes. */
static void test_linear_uneven(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;

	(void)state;
	spec.rate[DDIR_WRITE] = 1000;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_int_equal(run_one_dir(&s, DDIR_WRITE, 4096, 3 * SEC), 4096);
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_int_equal(run_one_dir(&s, DDIR_WRITE, 4096, 4096 * SEC / 1000 + 1), 8192);
}

/* rate_iops=100 with 4k blocks: 409600 B/s, one I/O every 10 ms.  With
 * bssplit and no rate=, fio spaces I/Os by 1/iops whatever their size. */
static void test_rate_iops(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	const bool split[DDIR_NR] = { true, false };
	uint64_t now = T0, wait, n = 0;

	(void)state;
	spec.rate_iops[DDIR_READ] = 100;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_int_equal(s.bps[DDIR_READ], 409600);
	assert_int_equal(run_one_dir(&s, DDIR_READ, 4096, SEC), 100 * 4096);

	assert_int_equal(rate_state_init(&s, &spec, bs4k, split, T0, 1, NULL), 0);
	for (;;) {
		rate_pick(&s, DDIR_READ, false, now, &wait);
		now += wait;
		if (now >= T0 + SEC)
			break;
		rate_issued(&s, DDIR_READ, n % 2 ? 65536 : 4096);
		n++;
	}
	assert_int_equal(n, 100);
}

/* Mixed: reads capped at 1 MiB/s, writes at 512 KiB/s, the mix choosing
 * 50/50.  Each direction moves its own rate over 10 s, to within a block. */
static void test_mixed_directions(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	struct rng mix;
	uint64_t now = T0, wait, bytes[DDIR_NR] = { 0, 0 };

	(void)state;
	spec.rate[DDIR_READ] = 1048576;
	spec.rate[DDIR_WRITE] = 524288;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	rng_seed(&mix, 2);
	for (;;) {
		unsigned want = rng_below(&mix, 100) < 50 ? DDIR_READ : DDIR_WRITE;
		unsigned d = rate_pick(&s, want, true, now, &wait);

		now += wait;
		if (now >= T0 + 10 * SEC)
			break;
		rate_issued(&s, d, 4096);
		bytes[d] += 4096;
	}
	assert_in_range(bytes[DDIR_READ], 10 * 1048576 - 4096, 10 * 1048576);
	assert_in_range(bytes[DDIR_WRITE], 5 * 1048576 - 4096, 5 * 1048576);
}

/* A direction with no cap is always due, even next to a capped one. */
static void test_uncapped_direction_never_waits(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	uint64_t wait;

	(void)state;
	spec.rate[DDIR_READ] = 4096;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	rate_issued(&s, DDIR_READ, 4096);
	/* reads are 1 s ahead: the other direction goes instead */
	assert_int_equal(rate_pick(&s, DDIR_READ, true, T0, &wait), DDIR_WRITE);
	assert_int_equal(wait, 0);
	for (int i = 0; i < 100; i++)
		rate_issued(&s, DDIR_WRITE, 1 << 20);
	assert_int_equal(rate_pick(&s, DDIR_WRITE, true, T0, &wait), DDIR_WRITE);
	assert_int_equal(wait, 0);
	/* without a mix the read waits out its second */
	assert_int_equal(rate_pick(&s, DDIR_READ, false, T0 + SEC / 4, &wait), DDIR_READ);
	assert_int_equal(wait, 3 * SEC / 4);
}

/* After a stall the schedule is behind: the job catches up without
 * waiting (fio's default, rate_ignore_thinktime=0). */
static void test_catch_up(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	uint64_t wait, now = T0 + SEC;	/* woke up 1 s late */
	unsigned free_ios = 0;

	(void)state;
	spec.rate[DDIR_READ] = 1048576;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	for (;;) {
		rate_pick(&s, DDIR_READ, false, now, &wait);
		if (wait)
			break;
		rate_issued(&s, DDIR_READ, 4096);
		free_ios++;
	}
	assert_int_equal(free_ios, 257);	/* due at 0, 1/256, ..., 256/256 s */
}

/* poisson: gaps are exponential with mean 1/IOPS. */
static void test_poisson_mean(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	uint64_t prev = 0;
	double sum = 0, sum2 = 0, mean, sd;
	const int n = 200000;

	(void)state;
	spec.rate_iops[DDIR_READ] = 1000;
	spec.process = RATE_POISSON;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 9, NULL), 0);
	for (int i = 0; i < n; i++) {
		uint64_t gap;

		rate_issued(&s, DDIR_READ, 4096);
		gap = s.next_ns[DDIR_READ] - prev;
		prev = s.next_ns[DDIR_READ];
		sum += (double)gap;
		sum2 += (double)gap * (double)gap;
	}
	mean = sum / n;
	sd = sqrt(sum2 / n - mean * mean);
	assert_true(fabs(mean - 1e6) < 0.01 * 1e6);
	assert_true(fabs(sd / mean - 1.0) < 0.02);	/* exponential: sd == mean */
}

/* rate_min: nothing in the first 2 s, then a sample per cycle. */
static void test_rate_min(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	struct diag d;
	uint64_t bytes[DDIR_NR] = { 0, 0 }, ios[DDIR_NR] = { 0, 0 };

	(void)state;
	spec.rate_min[DDIR_READ] = 1048576;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_true(s.floor);
	assert_int_equal(rate_check_min(&s, T0 + SEC, bytes, ios, &d), 0);
	assert_int_equal(rate_check_min(&s, T0 + 2 * SEC, bytes, ios, &d), 0);	/* starts */
	bytes[DDIR_READ] = 2 << 20;
	assert_int_equal(rate_check_min(&s, T0 + 2 * SEC + SEC / 2, bytes, ios, &d), 0);	/* mid-cycle */
	assert_int_equal(rate_check_min(&s, T0 + 3 * SEC, bytes, ios, &d), 0);	/* 2 MiB/s */
	bytes[DDIR_READ] += 512 << 10;
	assert_int_equal(rate_check_min(&s, T0 + 4 * SEC, bytes, ios, &d), -EIO);
	assert_string_equal(d.msg, "read rate_min=1048576B/s not met, got 524288B/s");

	spec = spec_zero();
	spec.rate_iops_min[DDIR_WRITE] = 100;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_int_equal(rate_check_min(&s, T0 + 2 * SEC, bytes, ios, &d), 0);
	ios[DDIR_WRITE] = 99;
	assert_int_equal(rate_check_min(&s, T0 + 3 * SEC, bytes, ios, &d), -EIO);
	assert_string_equal(d.msg, "write rate_iops_min=100 not met, got 99 IOPS");
}

static void test_thinktime(void **state)
{
	struct rate_spec spec = spec_zero();
	struct rate_state s;
	struct diag d;
	uint64_t spin, sleep_ns;
	unsigned stalls = 0;

	(void)state;
	spec.thinktime_ns = 1000000;
	spec.thinktime_spin_ns = 250000;
	spec.thinktime_blocks = 4;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_true(think_active(&s));
	assert_false(rate_active(&s));
	for (uint64_t blocks = 0; blocks <= 20; blocks++) {
		if (!think_due(&s, blocks))
			continue;
		assert_int_equal(blocks % 4, 0);
		think_take(&s, blocks, &spin, &sleep_ns);
		assert_int_equal(spin, 250000);
		assert_int_equal(sleep_ns, 750000);	/* the spin is part of it */
		stalls++;
	}
	assert_int_equal(stalls, 5);

	/* default thinktime_blocks is 1 */
	spec.thinktime_blocks = 0;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, NULL), 0);
	assert_false(think_due(&s, 0));
	assert_true(think_due(&s, 1));

	spec.thinktime_spin_ns = 2000000;
	assert_int_equal(rate_state_init(&s, &spec, bs4k, no_split, T0, 1, &d), -EINVAL);
	assert_string_equal(d.msg, "thinktime_spin (2000 us) is longer than thinktime (1000 us)");
}

/* The spin and sleep helpers wait at least as long as asked. */
static void test_spin_and_sleep(void **state)
{
	uint64_t t;

	(void)state;
	clock_init(true);
	t = clock_now_ns();
	rate_spin_ns(200000);
	assert_true(clock_now_ns() - t >= 200000);
	t = clock_now_ns();
	assert_int_equal(rate_sleep_ns(1000000), 0);
	assert_true(clock_now_ns() - t >= 1000000);
	assert_int_equal(rate_sleep_ns(0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disabled_is_trivial),
		cmocka_unit_test(test_linear_exact),
		cmocka_unit_test(test_linear_uneven),
		cmocka_unit_test(test_rate_iops),
		cmocka_unit_test(test_mixed_directions),
		cmocka_unit_test(test_uncapped_direction_never_waits),
		cmocka_unit_test(test_catch_up),
		cmocka_unit_test(test_poisson_mean),
		cmocka_unit_test(test_rate_min),
		cmocka_unit_test(test_thinktime),
		cmocka_unit_test(test_spin_and_sleep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
