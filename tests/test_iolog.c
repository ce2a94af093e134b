/* SPDX-License-Identifier: MIT */
/*
 * test_iolog.c - fio-format logs of iolog.h: file naming, line format,
 * per-I/O bw/iops values, log_avg_msec averaging and buffer flushing.
 * Expected lines are what fio 3.33 writes for the same samples.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "measure/iolog.h"

#define MS 1000000ull

static char tmpdir[] = "/tmp/test_iolog.XXXXXX";
static char oldcwd[4096];

static int setup(void **state)
{
	(void)state;
	if (!getcwd(oldcwd, sizeof(oldcwd)) || !mkdtemp(tmpdir) ||
	    chdir(tmpdir))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[64 + sizeof(tmpdir)];

	(void)state;
	if (chdir(oldcwd))
		return -1;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return system(cmd) ? -1 : 0;
}

/* slurp - the whole file, or NULL when it does not exist. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	long n;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	return buf;
}

static void assert_file(const char *path, const char *want)
{
	char *got = slurp(path);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static unsigned count_lines(const char *path)
{
	char *s = slurp(path);
	unsigned n = 0;

	assert_non_null(s);
	for (char *p = s; *p; p++)
		n += *p == '\n';
	free(s);
	return n;
}

/* ------------------------------------------------------------------------
 * Naming
 */

static void test_path(void **state)
{
	char *p;

	(void)state;
	p = iolog_path(IOLOG_CLAT, "x", "jb", 2);
	assert_string_equal(p, "x_clat.2.log");
	free(p);
	p = iolog_path(IOLOG_SLAT, "", "jb", 1);	/* bare: the job's name */
	assert_string_equal(p, "jb_slat.1.log");
	free(p);
	p = iolog_path(IOLOG_IOPS, "dir/p", "jb", 4);
	assert_string_equal(p, "dir/p_iops.4.log");
	free(p);
	p = iolog_path(IOLOG_BW, NULL, "jb", 3);
	assert_string_equal(p, "jb_bw.3.log");
	free(p);
	p = iolog_path(IOLOG_LAT, "q", "jb", 10);
	assert_string_equal(p, "q_lat.10.log");
	free(p);
}

/* The files a job's options create, as fio names them. */
static void test_set_files(void **state)
{
	struct iolog_set *s;
	struct diag d = { "" };
	const struct iolog_opts o = {
		.jobname = "jb", .lat_prefix = "x", .iops_prefix = "",
	};

	(void)state;
	assert_int_equal(iolog_set_open(&s, &o, 3, &d), 0);
	assert_non_null(s);
	assert_true(s->on[IOLOG_SLAT] && s->on[IOLOG_CLAT] && s->on[IOLOG_LAT]);
	assert_false(s->on[IOLOG_BW]);
	assert_true(s->on[IOLOG_IOPS]);
	assert_int_equal(iolog_set_close(s, 0, &d), 0);
	assert_int_equal(access("x_slat.3.log", F_OK), 0);
	assert_int_equal(access("x_clat.3.log", F_OK), 0);
	assert_int_equal(access("x_lat.3.log", F_OK), 0);
	assert_int_equal(access("jb_iops.3.log", F_OK), 0);
	assert_int_equal(access("x_bw.3.log", F_OK), -1);
	assert_int_equal(access("jb_bw.3.log", F_OK), -1);
}

static void test_set_none(void **state)
{
	struct iolog_set *s = (void *)1;
	const struct iolog_opts o = { .jobname = "jb" };

	(void)state;
	assert_int_equal(iolog_set_open(&s, &o, 1, NULL), 0);
	assert_null(s);
	assert_int_equal(iolog_set_close(NULL, 0, NULL), 0);
}

static void test_open_fails(void **state)
{
	struct iolog log;
	struct diag d = { "" };

	(void)state;
	assert_int_equal(iolog_open(&log, IOLOG_CLAT, "no/such/dir/x", "jb",
				    1, 0, 0, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "no/such/dir/x_clat.1.log"));
	assert_int_equal(iolog_close(&log, 0), 0);	/* released: no-op */
}

/* ------------------------------------------------------------------------
 * Per-I/O lines
 */

/* Every value printed in full; time truncated to ms since iolog_start. */
static void test_per_io_format(void **state)
{
	struct iolog log;

	(void)state;
	assert_int_equal(iolog_open(&log, IOLOG_CLAT, "f", "jb", 1, 0, 0,
				    NULL), 0);
	iolog_start(&log, 5000 * MS);
	iolog_add_io(&log, 5000 * MS + 999999, 175521, DDIR_READ, 4096, 61440, 0);
	iolog_add_io(&log, 5005 * MS, 1152, DDIR_WRITE, 4096, 8192, 0);
	iolog_add_io(&log, 4000 * MS, 7, DDIR_READ, 512, 0, 0);	/* before start */
	iolog_add_io(&log, 5000 * MS + 123456 * MS, UINT64_MAX, DDIR_WRITE,
		     1048576, 0, 0);
	assert_int_equal(iolog_close(&log, 0), 0);
	assert_file("f_clat.1.log",
		    "0, 175521, 0, 4096, 0\n"
		    "5, 1152, 1, 4096, 0\n"
		    "0, 7, 0, 512, 0\n"
		    "123456, 18446744073709551615, 1, 1048576, 0\n");
}

/* log_offset=1: the offset before prio, fio's six columns. */
static void test_offset_column(void **state)
{
	struct iolog log;

	(void)state;
	assert_int_equal(iolog_open(&log, IOLOG_LAT, "o", "jb", 1, 0,
				    IOLOG_F_OFFSET, NULL), 0);
	iolog_add_io(&log, 3 * MS, 66489, DDIR_READ, 4096, 774144, 0);
	assert_int_equal(iolog_close(&log, 0), 0);
	assert_file("o_lat.1.log", "3, 66489, 0, 4096, 774144, 0\n");
}

/* The prio column: 1 for class RT (1 << 13) else 0; with log_prio=1 the
 * whole priority as fio's 0x%04x. */
static void test_prio_column(void **state)
{
	struct iolog cls, all;

	(void)state;
	assert_int_equal(iolog_open(&cls, IOLOG_CLAT, "p", "jb", 1, 0, 0, NULL), 0);
	assert_int_equal(iolog_open(&all, IOLOG_LAT, "p", "jb", 1, 0,
				    IOLOG_F_PRIO, NULL), 0);
	iolog_add_io(&cls, 1 * MS, 5, DDIR_READ, 4096, 0, 0x2007);
	iolog_add_io(&cls, 2 * MS, 6, DDIR_READ, 4096, 0, 0x6000);
	iolog_add_io(&all, 1 * MS, 5, DDIR_READ, 4096, 0, 0x2007);
	iolog_add_io(&all, 2 * MS, 6, DDIR_WRITE, 4096, 0, 0x4abc);
	assert_int_equal(iolog_close(&cls, 0), 0);
	assert_int_equal(iolog_close(&all, 0), 0);
	assert_file("p_clat.1.log", "1, 5, 0, 4096, 1\n2, 6, 0, 4096, 0\n");
	assert_file("p_lat.1.log", "1, 5, 0, 4096, 0x2007\n2, 6, 1, 4096, 0x4abc\n");
}

/* fio's per-I/O bw is bytes * 10^6 / clat_ns; per-I/O iops is 1. */
static void test_per_io_rates(void **state)
{
	struct iolog bw, iops;

	(void)state;
	assert_int_equal(iolog_open(&bw, IOLOG_BW, "r", "jb", 1, 0, 0, NULL), 0);
	assert_int_equal(iolog_open(&iops, IOLOG_IOPS, "r", "jb", 1, 0, 0,
				    NULL), 0);
	iolog_add_io(&bw, 0, 175521, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&bw, 1 * MS, 0, DDIR_WRITE, 4096, 0, 0);
	iolog_add_io(&iops, 0, 175521, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&iops, 2 * MS, 9, DDIR_WRITE, 8192, 0, 0);
	assert_int_equal(iolog_close(&bw, 0), 0);
	assert_int_equal(iolog_close(&iops, 0), 0);
	assert_file("r_bw.1.log", "0, 23336, 0, 4096, 0\n1, 0, 1, 4096, 0\n");
	assert_file("r_iops.1.log", "0, 1, 0, 4096, 0\n2, 1, 1, 8192, 0\n");
}

/* No slat line without has_slat; lat = slat + clat. */
static void test_set_record(void **state)
{
	struct iolog_set *s;
	const struct iolog_opts o = { .jobname = "sr", .lat_prefix = "" };

	(void)state;
	assert_int_equal(iolog_set_open(&s, &o, 1, NULL), 0);
	iolog_set_start(s, 100 * MS);
	iolog_set_record(s, 102 * MS, DDIR_WRITE, 4096, 0, 0, 0, 500, false);
	iolog_set_record(s, 103 * MS, DDIR_READ, 4096, 4096, 0, 30, 700, true);
	assert_int_equal(iolog_set_close(s, 104 * MS, NULL), 0);
	assert_file("sr_slat.1.log", "3, 30, 0, 4096, 0\n");
	assert_file("sr_clat.1.log", "2, 500, 1, 4096, 0\n3, 700, 0, 4096, 0\n");
	assert_file("sr_lat.1.log", "2, 500, 1, 4096, 0\n3, 730, 0, 4096, 0\n");
}

/* ------------------------------------------------------------------------
 * Averaging
 */

/*
 * Latency windows of 100 ms per direction: a line at the first sample 100
 * ms or more into the window, with the window's rounded mean and bs 0;
 * the next window starts at that time rounded down to 100 ms; what is left
 * is written at close, stamped with the job's end.
 */
static void test_lat_average(void **state)
{
	struct iolog log;

	(void)state;
	assert_int_equal(iolog_open(&log, IOLOG_CLAT, "a", "jb", 1, 100, 0,
				    NULL), 0);
	iolog_start(&log, 1000 * MS);
	iolog_add_io(&log, 1010 * MS, 10, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&log, 1050 * MS, 11, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&log, 1060 * MS, 500, DDIR_WRITE, 4096, 0, 0);
	iolog_add_io(&log, 1099 * MS, 12, DDIR_READ, 4096, 0, 0);
	/* 100 ms in: the window closes with this sample in it */
	iolog_add_io(&log, 1101 * MS, 14, DDIR_READ, 4096, 0, 0);	/* mean 11.75 */
	iolog_add_io(&log, 1150 * MS, 3, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&log, 1199 * MS, 4, DDIR_READ, 4096, 0, 0);	/* 1199 - 1100 < 100 */
	iolog_add_io(&log, 1210 * MS, 600, DDIR_WRITE, 4096, 0, 0);	/* mean 550 */
	iolog_add_io(&log, 1205 * MS + 1, 4, DDIR_READ, 4096, 0, 0);	/* 3,4,4 */
	iolog_add_io(&log, 1250 * MS, 1, DDIR_READ, 4096, 0, 0);
	assert_int_equal(iolog_close(&log, 1300 * MS + 5), 0);
	assert_file("a_clat.1.log",
		    "101, 12, 0, 0, 0\n"
		    "210, 550, 1, 0, 0\n"
		    "205, 4, 0, 0, 0\n"
		    "300, 1, 0, 0, 0\n");
}

/* Rounding to nearest: fio's "mean + 0.50" truncated. */
static void test_lat_average_rounding(void **state)
{
	struct iolog log;

	(void)state;
	assert_int_equal(iolog_open(&log, IOLOG_LAT, "rd", "jb", 1, 10, 0,
				    NULL), 0);
	iolog_add_io(&log, 1 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&log, 10 * MS, 2, DDIR_READ, 4096, 0, 0);	/* 1.5 -> 2 */
	iolog_add_io(&log, 11 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&log, 12 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&log, 20 * MS, 2, DDIR_READ, 4096, 0, 0);	/* 1.33 -> 1 */
	assert_int_equal(iolog_close(&log, 0), 0);	/* nothing left open */
	assert_file("rd_lat.1.log", "10, 2, 0, 0, 0\n20, 1, 0, 0, 0\n");
}

/*
 * bw/iops windows: one for both directions; after 100 ms (less 1 ms of
 * slack) a line per direction that moved data, with KiB/s or IO/s over
 * the elapsed ms; the partial window at the end is not written.
 */
static void test_rate_average(void **state)
{
	struct iolog bw, iops;
	unsigned i;

	(void)state;
	assert_int_equal(iolog_open(&bw, IOLOG_BW, "w", "jb", 2, 100, 0,
				    NULL), 0);
	assert_int_equal(iolog_open(&iops, IOLOG_IOPS, "w", "jb", 2, 100, 0,
				    NULL), 0);
	/* 50 reads of 4 KiB in the first 99 ms, 10 writes of 8 KiB */
	for (i = 0; i < 50; i++) {
		iolog_add_io(&bw, (i * 98 / 50) * MS, 1, DDIR_READ, 4096, 0, 0);
		iolog_add_io(&iops, (i * 98 / 50) * MS, 1, DDIR_READ, 4096, 0, 0);
	}
	for (i = 0; i < 9; i++) {
		iolog_add_io(&bw, 50 * MS, 1, DDIR_WRITE, 8192, 0, 0);
		iolog_add_io(&iops, 50 * MS, 1, DDIR_WRITE, 8192, 0, 0);
	}
	/* the tenth write at 99 ms closes the window (slack of 1 ms) */
	iolog_add_io(&bw, 99 * MS, 1, DDIR_WRITE, 8192, 0, 0);
	iolog_add_io(&iops, 99 * MS, 1, DDIR_WRITE, 8192, 0, 0);
	/* only reads in the next: no write line; then the partial window */
	iolog_add_io(&bw, 150 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&iops, 150 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&bw, 200 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&iops, 200 * MS, 1, DDIR_READ, 4096, 0, 0);
	iolog_add_io(&bw, 210 * MS, 1, DDIR_WRITE, 4096, 0, 0);
	iolog_add_io(&iops, 210 * MS, 1, DDIR_WRITE, 4096, 0, 0);
	assert_int_equal(iolog_close(&bw, 250 * MS), 0);
	assert_int_equal(iolog_close(&iops, 250 * MS), 0);
	/* 204800 B / 99 ms = 2020 KiB/s; 81920 B / 99 ms = 808 KiB/s;
	 * 8192 B / 101 ms = 79 KiB/s */
	assert_file("w_bw.2.log",
		    "99, 2020, 0, 0, 0\n"
		    "99, 808, 1, 0, 0\n"
		    "200, 79, 0, 0, 0\n");
	assert_file("w_iops.2.log",
		    "99, 505, 0, 0, 0\n"
		    "99, 101, 1, 0, 0\n"
		    "200, 19, 0, 0, 0\n");
}

/* ------------------------------------------------------------------------
 * Buffering
 */

/* Nothing reaches the file until the buffer is full; then all of it. */
static void test_flush_when_full(void **state)
{
	struct iolog log;
	char *s, *line;
	unsigned i;

	(void)state;
	assert_int_equal(iolog_open(&log, IOLOG_CLAT, "big", "jb", 1, 0, 0,
				    NULL), 0);
	for (i = 0; i < IOLOG_BUF_RECS; i++)
		iolog_add_io(&log, i * MS, i, i & 1, 4096, 0, 0);
	assert_int_equal(count_lines("big_clat.1.log"), 0);
	iolog_add_io(&log, 1, 1, DDIR_READ, 4096, 0, 0);
	assert_int_equal(count_lines("big_clat.1.log"), IOLOG_BUF_RECS);
	for (i = 0; i < 3 * IOLOG_BUF_RECS; i++)
		iolog_add_io(&log, 0, 7, DDIR_READ, 512, 0, 0);
	assert_int_equal(iolog_close(&log, 0), 0);
	assert_int_equal(count_lines("big_clat.1.log"), 4 * IOLOG_BUF_RECS + 1);

	/* the formatting buffer wraps cleanly between writes */
	s = slurp("big_clat.1.log");
	line = s;
	for (i = 0; i < IOLOG_BUF_RECS; i++) {
		char want[64];

		snprintf(want, sizeof(want), "%u, %u, %u, 4096, 0\n", i, i, i & 1);
		assert_memory_equal(line, want, strlen(want));
		line += strlen(want);
	}
	assert_memory_equal(line, "0, 1, 0, 4096, 0\n0, 7, 0, 512, 0\n",
			    strlen("0, 1, 0, 4096, 0\n0, 7, 0, 512, 0\n"));
	free(s);
}

/* A write error sticks and is returned by close. */
static void test_write_error(void **state)
{
	struct iolog log;

	(void)state;
	if (access("/dev/full", W_OK))
		skip();
	assert_int_equal(iolog_open(&log, IOLOG_CLAT, "e", "jb", 1, 0, 0,
				    NULL), 0);
	assert_int_equal(close(log.fd), 0);
	log.fd = open("/dev/full", O_WRONLY);
	assert_true(log.fd >= 0);
	iolog_add_io(&log, 0, 1, DDIR_READ, 4096, 0, 0);
	assert_int_equal(iolog_flush(&log), -ENOSPC);
	iolog_add_io(&log, 0, 1, DDIR_READ, 4096, 0, 0);
	assert_int_equal(iolog_close(&log, 0), -ENOSPC);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path),
		cmocka_unit_test(test_set_files),
		cmocka_unit_test(test_set_none),
		cmocka_unit_test(test_open_fails),
		cmocka_unit_test(test_per_io_format),
		cmocka_unit_test(test_offset_column),
		cmocka_unit_test(test_prio_column),
		cmocka_unit_test(test_per_io_rates),
		cmocka_unit_test(test_set_record),
		cmocka_unit_test(test_lat_average),
		cmocka_unit_test(test_lat_average_rounding),
		cmocka_unit_test(test_rate_average),
		cmocka_unit_test(test_flush_when_full),
		cmocka_unit_test(test_write_error),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
