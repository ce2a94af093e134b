/* SPDX-License-Identifier: MIT */
/*
 * test_options.c - the option table (options.h) and job lifecycle (job.h).
 *
 * Expected values follow fio 3.33 where fio has an opinion (checked with
 * fio --debug=parse --parse-only): bs "8k," sets reads only and ",8k"
 * writes only; rwmixwrite=30 is rwmixread=70; iodepth=0, rwmixread=101,
 * direct=2 and kb_base=512 are refused.
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

#include "backends/backend.h"
#include "job/job.h"
#include "job/options.h"

static const struct srcloc loc7 = { .file = "t.fio", .line = 7 };

static int set(struct job *job, const char *key, const char *val,
	       struct diag *d)
{
	d->msg[0] = '\0';
	return options_apply(job, key, val, &loc7, d);
}

/* ok - apply key=val and expect success with no message. */
static void ok(struct job *job, const char *key, const char *val)
{
	struct diag d;

	print_message("# %s=%s\n", key, val ? val : "(bare)");
	assert_int_equal(set(job, key, val, &d), 0);
	assert_string_equal(d.msg, "");
}

/* bad - apply key=val to a fresh job and expect exactly msg. */
static void bad(const char *key, const char *val, const char *msg)
{
	struct job job;
	struct diag d;

	job_init(&job);
	print_message("# %s=%s\n", key, val ? val : "(bare)");
	assert_int_equal(set(&job, key, val, &d), -EINVAL);
	assert_string_equal(d.msg, msg);
	job_release(&job);
}

static int setup_job(void **state)
{
	struct job *job = malloc(sizeof(*job));

	if (!job)
		return -1;
	job_init(job);
	*state = job;
	return 0;
}

static int teardown_job(void **state)
{
	job_release(*state);
	free(*state);
	return 0;
}

/* ---------------------------------------------------------------------
 * job.h
 */

static void test_job_defaults(void **state)
{
	struct job *job = *state;

	assert_null(job->name);
	assert_null(job->description);
	assert_string_equal(job->ioengine, "psync");
	assert_null(job->backend);
	assert_int_equal(job->iodepth, 1);
	assert_false(job->direct);
	assert_true(job->invalidate);
	assert_false(job->thread);
	assert_int_equal(job->rw, RW_READ);
	assert_int_equal(job->rwmixread, 50);
	assert_int_equal(job->bs[DDIR_READ], 4096);
	assert_int_equal(job->bs[DDIR_WRITE], 4096);
	assert_int_equal(job->size, 0);
	assert_null(job->filename);
	assert_null(job->directory);
	assert_int_equal(job->kb_base, 1024);
	assert_int_equal(job->runtime_ns, 0);
	assert_false(job->time_based);
	assert_int_equal(job->ramp_time_ns, 0);
	assert_int_equal(job->numjobs, 1);
	assert_false(job->stonewall);
	assert_false(job->new_group);
	assert_false(job->group_reporting);
	assert_int_equal(job->groupid, 0);
	assert_int_equal(job->phase, 0);
	assert_int_equal(job->clone, 0);
}

static void test_job_copy(void **state)
{
	struct job *job = *state, copy;

	ok(job, "name", "n");
	ok(job, "description", "d");
	ok(job, "filename", "/dev/null");
	ok(job, "directory", "/tmp");
	ok(job, "iodepth", "32");
	assert_int_equal(job_copy(&copy, job), 0);
	assert_ptr_not_equal(copy.name, job->name);
	assert_string_equal(copy.name, "n");
	assert_ptr_not_equal(copy.description, job->description);
	assert_string_equal(copy.description, "d");
	assert_ptr_not_equal(copy.ioengine, job->ioengine);
	assert_string_equal(copy.ioengine, "psync");
	assert_string_equal(copy.filename, "/dev/null");
	assert_string_equal(copy.directory, "/tmp");
	assert_int_equal(copy.iodepth, 32);
	job_release(&copy);
	assert_null(copy.name);
	assert_null(copy.ioengine);
}

static void test_job_rw_name(void **state)
{
	(void)state;
	assert_string_equal(job_rw_name(RW_READ), "read");
	assert_string_equal(job_rw_name(RW_WRITE), "write");
	assert_string_equal(job_rw_name(RW_READ | RW_RANDOM), "randread");
	assert_string_equal(job_rw_name(RW_WRITE | RW_RANDOM), "randwrite");
	assert_string_equal(job_rw_name(RW_READ | RW_WRITE), "rw");
	assert_string_equal(job_rw_name(RW_READ | RW_WRITE | RW_RANDOM), "randrw");
	assert_string_equal(job_rw_name(0), "invalid");
	assert_string_equal(job_rw_name(RW_RANDOM), "invalid");
}

/* ---------------------------------------------------------------------
 * Each option's effect
 */

static void test_strings(void **state)
{
	struct job *job = *state;

	ok(job, "name", "seq-read");
	assert_string_equal(job->name, "seq-read");
	ok(job, "name", "again");		/* replaces, no leak */
	assert_string_equal(job->name, "again");
	ok(job, "description", "a long text");
	assert_string_equal(job->description, "a long text");
	ok(job, "filename", "/dev/md0");
	assert_string_equal(job->filename, "/dev/md0");
	ok(job, "directory", "/mnt/vol");
	assert_string_equal(job->directory, "/mnt/vol");
	bad("filename", NULL, "t.fio:7: option 'filename' needs a value");
}

static void test_ioengine(void **state)
{
	struct job *job = *state;
	char msg[DIAG_MSG_MAX];

	ok(job, "ioengine", "null");
	assert_string_equal(job->ioengine, "null");
	assert_ptr_equal(job->backend, backend_find("null"));
	ok(job, "ioengine", "psync");
	assert_ptr_equal(job->backend, backend_find("psync"));
	snprintf(msg, sizeof(msg),
		 "t.fio:7: 'ioengine=rbd' is a fio engine iostress does not support (available engines: %s)",
		 backend_names());
	bad("ioengine", "rbd", msg);
	snprintf(msg, sizeof(msg),
		 "t.fio:7: 'ioengine=http' is a fio engine iostress does not support (available engines: %s)",
		 backend_names());
	bad("ioengine", "http", msg);
	/* fio's external example engines are fio engines, not bad values */
	snprintf(msg, sizeof(msg),
		 "t.fio:7: 'ioengine=cpp_null' is a fio engine iostress does not support: fio's engines/null.c built as an external C++ engine (available engines: %s)",
		 backend_names());
	bad("ioengine", "cpp_null", msg);
	snprintf(msg, sizeof(msg),
		 "t.fio:7: invalid value 'warp' for option 'ioengine' (available engines: %s)",
		 backend_names());
	bad("ioengine", "warp", msg);
	bad("ioengine", NULL, "t.fio:7: option 'ioengine' needs a value");
}

static void test_rw(void **state)
{
	static const struct { const char *s; unsigned rw; } cases[] = {
		{ "read", RW_READ },
		{ "write", RW_WRITE },
		{ "randread", RW_READ | RW_RANDOM },
		{ "randwrite", RW_WRITE | RW_RANDOM },
		{ "rw", RW_READ | RW_WRITE },
		{ "readwrite", RW_READ | RW_WRITE },
		{ "randrw", RW_READ | RW_WRITE | RW_RANDOM },
	};
	struct job *job = *state;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ok(job, "rw", cases[i].s);
		assert_int_equal(job->rw, cases[i].rw);
	}
	ok(job, "readwrite", "randwrite");	/* fio's alias of rw */
	assert_int_equal(job->rw, RW_WRITE | RW_RANDOM);
	bad("rw", "fast",
	    "t.fio:7: invalid value 'fast' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N')");
	bad("rw", "RandRead",
	    "t.fio:7: invalid value 'RandRead' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N')");
	/* fio's ':N' modifier: a hole after each sequential I/O, or I/Os
	 * per random offset; each rw= resets both */
	ok(job, "rw", "read:8k");
	assert_int_equal(job->rw, RW_READ);
	assert_int_equal(job->rw_seq_add, 8192);
	assert_int_equal(job->rw_seq_nr, 1);
	ok(job, "rw", "randread:8");
	assert_int_equal(job->rw, RW_READ | RW_RANDOM);
	assert_int_equal(job->rw_seq_nr, 8);
	assert_int_equal(job->rw_seq_add, 0);
	ok(job, "rw", "randrw");
	assert_int_equal(job->rw_seq_nr, 1);
	ok(job, "rw", "write:(2*4k)");
	assert_int_equal(job->rw_seq_add, 8192);
	bad("rw", "randread:0",
	    "t.fio:7: invalid value 'randread:0' for option 'rw' (the count after ':' must be 1 or more)");
	bad("rw", "read:4q",
	    "t.fio:7: invalid value 'read:4q' for option 'rw' (expected a size after ':' such as 'read:8k')");
	bad("rw", "readx",
	    "t.fio:7: invalid value 'readx' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N')");
	ok(job, "rw", "trim");
	assert_int_equal(job->rw, RW_TRIM);
	ok(job, "rw", "randtrim");
	assert_int_equal(job->rw, RW_TRIM | RW_RANDOM);
	ok(job, "rw", "trimwrite");
	assert_int_equal(job->rw, RW_TRIM | RW_WRITE);
	ok(job, "rw", "randtrimwrite");
	assert_int_equal(job->rw, RW_TRIM | RW_WRITE | RW_RANDOM);
	bad("rw", "trimx",
	    "t.fio:7: invalid value 'trimx' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N')");
	bad("rw", NULL, "t.fio:7: option 'rw' needs a value");
}

static void test_rwmix(void **state)
{
	struct job *job = *state;

	ok(job, "rwmixread", "70");
	assert_int_equal(job->rwmixread, 70);
	ok(job, "rwmixread", "0");
	assert_int_equal(job->rwmixread, 0);
	ok(job, "rwmixread", "100");
	assert_int_equal(job->rwmixread, 100);
	ok(job, "rwmixwrite", "30");
	assert_int_equal(job->rwmixread, 70);
	ok(job, "rwmixwrite", "100");
	assert_int_equal(job->rwmixread, 0);
	bad("rwmixread", "101",
	    "t.fio:7: invalid value '101' for option 'rwmixread' (must be 0 to 100)");
	bad("rwmixwrite", "101",
	    "t.fio:7: invalid value '101' for option 'rwmixwrite' (must be 0 to 100)");
	bad("rwmixread", "50%",
	    "t.fio:7: invalid value '50%' for option 'rwmixread' (expected a whole number)");
}

static void test_bs(void **state)
{
	struct job *job = *state;

	ok(job, "bs", "8k");
	assert_int_equal(job->bs[DDIR_READ], 8192);
	assert_int_equal(job->bs[DDIR_WRITE], 8192);
	ok(job, "bs", "4k,16k");		/* the last value sets trims */
	assert_int_equal(job->bs[DDIR_READ], 4096);
	assert_int_equal(job->bs[DDIR_WRITE], 16384);
	assert_int_equal(job->bs[DDIR_TRIM], 16384);
	ok(job, "bs", "512,");			/* reads only */
	assert_int_equal(job->bs[DDIR_READ], 512);
	assert_int_equal(job->bs[DDIR_WRITE], 16384);
	assert_int_equal(job->bs[DDIR_TRIM], 16384);
	ok(job, "bs", ",1m");			/* writes and trims */
	assert_int_equal(job->bs[DDIR_READ], 512);
	assert_int_equal(job->bs[DDIR_WRITE], 1048576);
	assert_int_equal(job->bs[DDIR_TRIM], 1048576);
	ok(job, "bs", ",,8k");			/* trims only */
	assert_int_equal(job->bs[DDIR_WRITE], 1048576);
	assert_int_equal(job->bs[DDIR_TRIM], 8192);
	ok(job, "blocksize", "0x200");		/* fio's alias */
	assert_int_equal(job->bs[DDIR_READ], 512);
	assert_int_equal(job->bs[DDIR_WRITE], 512);
	bad("bs", "0", "t.fio:7: invalid value '0' for option 'bs' (must be 1 to 4294967295)");
	bad("bs", "4k,0", "t.fio:7: invalid value '4k,0' for option 'bs' (must be 1 to 4294967295)");
	bad("bs", "8g", "t.fio:7: invalid value '8g' for option 'bs' (must be 1 to 4294967295)");
	bad("bs", "4q",
	    "t.fio:7: invalid value '4q' for option 'bs' (expected a size such as 4096, 4k, 1m or 1GiB)");
	bad("bs", "4k,8q",
	    "t.fio:7: invalid value '4k,8q' for option 'bs' (expected a size such as 4096, 4k, 1m or 1GiB)");
	bad("bs", "",
	    "t.fio:7: invalid value '' for option 'bs' (expected 'value' or 'read,write[,trim]')");
	bad("bs", ",",
	    "t.fio:7: invalid value ',' for option 'bs' (expected 'value' or 'read,write[,trim]')");
	ok(job, "bs", "4k,8k,16k");		/* read, write, trim */
	assert_int_equal(job->bs[DDIR_READ], 4096);
	assert_int_equal(job->bs[DDIR_WRITE], 8192);
	assert_int_equal(job->bs[DDIR_TRIM], 16384);
	bad("bs", "4k,8k,x",
	    "t.fio:7: invalid value '4k,8k,x' for option 'bs' (expected a size such as 4096, 4k, 1m or 1GiB)");
	bad("bs", "4k,8k,16k,32k",
	    "t.fio:7: invalid value '4k,8k,16k,32k' for option 'bs' (expected at most three values: 'read,write,trim')");
}

static void test_size_and_kb_base(void **state)
{
	struct job *job = *state;

	ok(job, "size", "1g");
	assert_int_equal(job->size, 1073741824ull);
	ok(job, "size", "1GiB");		/* fio: 1000^3 under kb_base 1024 */
	assert_int_equal(job->size, 1000000000ull);
	ok(job, "kb_base", "1000");
	assert_int_equal(job->kb_base, 1000);
	assert_int_equal(job->size, 1000000000ull);	/* not re-read */
	ok(job, "size", "1g");
	assert_int_equal(job->size, 1000000000ull);
	ok(job, "size", "1GiB");
	assert_int_equal(job->size, 1073741824ull);
	ok(job, "bs", "4k,4KiB");
	assert_int_equal(job->bs[DDIR_READ], 4000);
	assert_int_equal(job->bs[DDIR_WRITE], 4096);
	ok(job, "kb_base", "1024");
	ok(job, "size", "0x1000");
	assert_int_equal(job->size, 4096);
	bad("kb_base", "512",
	    "t.fio:7: invalid value '512' for option 'kb_base' (expected 1024, 1000)");
	bad("size", "1.5g",
	    "t.fio:7: invalid value '1.5g' for option 'size' (expected a size such as 4k, 1g or 50%)");
	bad("size", "16384p", "t.fio:7: invalid value '16384p' for option 'size' (size out of range)");
	bad("size", "", "t.fio:7: invalid value '' for option 'size' (expected a size such as 4k, 1g or 50%)");
	/* fio's N% of the file or device */
	ok(job, "size", "50%");
	assert_int_equal(job->size_pct, 50);
	assert_int_equal(job->size, 0);
	ok(job, "size", "1m");
	assert_int_equal(job->size_pct, 0);
	assert_int_equal(job->size, 1048576);
	bad("size", "0%", "t.fio:7: invalid value '0%' for option 'size' (a percentage must be 1% to 100%)");
	bad("size", "101%", "t.fio:7: invalid value '101%' for option 'size' (a percentage must be 1% to 100%)");
	bad("size", "x%", "t.fio:7: invalid value 'x%' for option 'size' (expected a size such as 4k, 1g or 50%)");
	/* arithmetic */
	ok(job, "size", "(1g/2)");
	assert_int_equal(job->size, 536870912);
	ok(job, "bs", "(4*1024)");
	assert_int_equal(job->bs[DDIR_READ], 4096);
	ok(job, "offset", "(1+2)*4k");
	assert_int_equal(job->offset, 12288);
	ok(job, "offset", "25%");
	assert_int_equal(job->offset_pct, 25);
}

static void test_uints(void **state)
{
	struct job *job = *state;

	ok(job, "iodepth", "128");
	assert_int_equal(job->iodepth, 128);
	ok(job, "iodepth", "4294967295");
	assert_int_equal(job->iodepth, 4294967295u);
	ok(job, "numjobs", "4");
	assert_int_equal(job->numjobs, 4);
	bad("iodepth", "0",
	    "t.fio:7: invalid value '0' for option 'iodepth' (must be 1 to 4294967295)");
	bad("iodepth", "4294967296",
	    "t.fio:7: invalid value '4294967296' for option 'iodepth' (must be 1 to 4294967295)");
	bad("iodepth", "99999999999999999999",
	    "t.fio:7: invalid value '99999999999999999999' for option 'iodepth' (out of range)");
	bad("iodepth", "-1", "t.fio:7: invalid value '-1' for option 'iodepth' (expected a whole number)");
	bad("iodepth", NULL, "t.fio:7: option 'iodepth' needs a value");
	bad("numjobs", "0", "t.fio:7: invalid value '0' for option 'numjobs' (must be 1 to 4096)");
	bad("numjobs", "4097", "t.fio:7: invalid value '4097' for option 'numjobs' (must be 1 to 4096)");
	/* fio 3.33 reads integers as sizes (--debug=parse: iodepth=1k is
	 * 1024, verify_interval=4k 4096, iodepth=4KiB 4000) */
	ok(job, "iodepth", "1k");
	assert_int_equal(job->iodepth, 1024);
	ok(job, "verify_interval", "4k");
	assert_int_equal(job->verify.interval, 4096);
	ok(job, "iodepth", "4KiB");
	assert_int_equal(job->iodepth, 4000);
	bad("numjobs", "5k", "t.fio:7: invalid value '5k' for option 'numjobs' (must be 1 to 4096)");
	bad("iodepth", "4q", "t.fio:7: invalid value '4q' for option 'iodepth' (expected a whole number)");
}

static void test_bools(void **state)
{
	static const struct { const char *name; size_t off; } opts[] = {
		{ "direct", offsetof(struct job, direct) },
		{ "invalidate", offsetof(struct job, invalidate) },
		{ "thread", offsetof(struct job, thread) },
		{ "time_based", offsetof(struct job, time_based) },
		{ "stonewall", offsetof(struct job, stonewall) },
		{ "wait_for_previous", offsetof(struct job, stonewall) },
		{ "new_group", offsetof(struct job, new_group) },
		{ "group_reporting", offsetof(struct job, group_reporting) },
	};
	struct job *job = *state;

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		bool *field = (bool *)((char *)job + opts[i].off);

		ok(job, opts[i].name, NULL);
		assert_true(*field);
		ok(job, opts[i].name, "0");
		assert_false(*field);
		ok(job, opts[i].name, "yes");
		assert_true(*field);
		ok(job, opts[i].name, "off");
		assert_false(*field);
	}
	bad("direct", "2",
	    "t.fio:7: invalid value '2' for option 'direct' (expected 0/1, true/false, yes/no or on/off)");
}

static void test_buffered(void **state)
{
	struct job *job = *state;

	ok(job, "buffered", "0");
	assert_true(job->direct);
	ok(job, "buffered", NULL);
	assert_false(job->direct);
	ok(job, "direct", "1");
	ok(job, "buffered", "1");
	assert_false(job->direct);
}

static void test_times(void **state)
{
	struct job *job = *state;

	ok(job, "runtime", "30");		/* default unit: seconds */
	assert_int_equal(job->runtime_ns, 30000000000ull);
	ok(job, "runtime", "1500ms");
	assert_int_equal(job->runtime_ns, 1500000000ull);
	ok(job, "runtime", "2m");
	assert_int_equal(job->runtime_ns, 120000000000ull);
	ok(job, "timeout", "1h");		/* fio's alias */
	assert_int_equal(job->runtime_ns, 3600000000000ull);
	ok(job, "ramp_time", "5");
	assert_int_equal(job->ramp_time_ns, 5000000000ull);
	ok(job, "ramp_time", "250us");
	assert_int_equal(job->ramp_time_ns, 250000ull);
	bad("runtime", "soon",
	    "t.fio:7: invalid value 'soon' for option 'runtime' (expected a time such as 30, 500ms, 10s or 2m)");
	bad("runtime", "1.5s",
	    "t.fio:7: invalid value '1.5s' for option 'runtime' (expected a time such as 30, 500ms, 10s or 2m)");
	bad("ramp_time", "300000000d",
	    "t.fio:7: invalid value '300000000d' for option 'ramp_time' (time out of range)");
	bad("runtime", NULL, "t.fio:7: option 'runtime' needs a value");
	/* fio 3.33 reads rate_cycle (ms) and flow_sleep (us) as plain
	 * numbers (--debug=parse: "2s" is 2, "1ms" 1048576): no unit */
	ok(job, "rate_cycle", "250");
	ok(job, "flow_sleep", "1000");
	assert_int_equal(job->rate.rate_cycle_ns, 250000000ull);
	assert_int_equal(job->flow_sleep_ns, 1000000ull);
	ok(job, "ratecycle", "2000");		/* fio's alias */
	assert_int_equal(job->rate.rate_cycle_ns, 2000000000ull);
	bad("rate_cycle", "2s",
	    "t.fio:7: invalid value '2s' for option 'rate_cycle' (expected a whole number of milliseconds: fio reads no time unit here)");
	bad("flow_sleep", "1ms",
	    "t.fio:7: invalid value '1ms' for option 'flow_sleep' (expected a whole number of microseconds: fio reads no time unit here)");
}

/* ---------------------------------------------------------------------
 * Unknown and unsupported names
 */

static void test_unknown_options(void **state)
{
	(void)state;
	bad("iodepht", "4", "t.fio:7: unknown option 'iodepht' (did you mean 'iodepth'?)");
	bad("runtim", "4", "t.fio:7: unknown option 'runtim' (did you mean 'runtime'?)");
	bad("numjob", "4", "t.fio:7: unknown option 'numjob' (did you mean 'numjobs'?)");
	bad("blocksze", "4", "t.fio:7: unknown option 'blocksze' (did you mean 'blocksize'?)");
	bad("sizee", "4", "t.fio:7: unknown option 'sizee' (did you mean 'size'?)");
	bad("rq", "read", "t.fio:7: unknown option 'rq' (did you mean 'rw'?)");
	bad("IODEPTH", "4", "t.fio:7: unknown option 'IODEPTH'");	/* fio: case matters */
	bad("frobnicate", "4", "t.fio:7: unknown option 'frobnicate'");
	bad("", "4", "t.fio:7: unknown option ''");
}

static void test_fio_unsupported(void **state)
{
	(void)state;
	bad("verify", "sha256", "t.fio:7: 'verify=sha256' is a fio option iostress does not support (use crc32c, md5, xxhash or pattern)");
	bad("zonemode", "zbd", "t.fio:7: 'zonemode=zbd' is a fio option iostress does not support: zoned devices are not supported yet");
	bad("io_submit_mode", "thread", "t.fio:7: invalid value 'thread' for option 'io_submit_mode' (expected inline, offload)");
	bad("zonecapacity", "1g", "t.fio:7: 'zonecapacity' is a fio option iostress does not support");
	bad("exec_prerun", "x", "t.fio:7: 'exec_prerun' is a fio option iostress does not support");
	bad("bs_unaligned", NULL, "t.fio:7: 'bs_unaligned' is a fio option iostress does not support");
	/* options of fio engines iostress lacks name the engines */
	bad("hostname", "x", "t.fio:7: 'hostname' is an option of fio's libhdfs, net and rdma engines, which iostress does not support");
	bad("rbdname", "x", "t.fio:7: 'rbdname' is an option of fio's rbd engine, which iostress does not support");
	bad("nfs_url", "nfs://h/x", "t.fio:7: 'nfs_url' is an option of fio's nfs engine, which iostress does not support");
	bad("http_host", "h", "t.fio:7: 'http_host' is an option of fio's http engine, which iostress does not support");
	/* an option of an engine iostress has stays a plain fio option */
	bad("userspace_reap", NULL, "t.fio:7: 'userspace_reap' is a fio option iostress does not support");
}

/* continue_on_error, ignore_error: fio's names, numbers and lists */
static void test_errors(void **state)
{
	struct job *job = *state;
	const struct error_policy *p = &job->errors;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	assert_int_equal(p->continue_on, 0);
	assert_true(job_error_nonfatal(job, ERR_TYPE_READ, EIO) == false);
	ok(job, "continue_on_error", "read");
	assert_int_equal(p->continue_on, ERR_TYPE_BIT(ERR_TYPE_READ));
	/* fio's default list: EIO and EILSEQ only */
	assert_true(job_error_nonfatal(job, ERR_TYPE_READ, EIO));
	assert_false(job_error_nonfatal(job, ERR_TYPE_READ, ENOSPC));
	assert_false(job_error_nonfatal(job, ERR_TYPE_WRITE, EIO));
	ok(job, "continue_on_error", "io");
	assert_int_equal(p->continue_on, ERR_TYPE_BIT(ERR_TYPE_READ) | ERR_TYPE_BIT(ERR_TYPE_WRITE));
	ok(job, "continue_on_error", "1");
	assert_int_equal(p->continue_on, ERR_TYPE_ALL);
	ok(job, "continue_on_error", "0");
	assert_int_equal(p->continue_on, 0);
	/* a list replaces the default and turns its type on */
	ok(job, "ignore_error", ",ENOSPC:5:-84");
	assert_int_equal(p->continue_on, ERR_TYPE_BIT(ERR_TYPE_WRITE));
	assert_int_equal(p->nr_ignore[ERR_TYPE_READ], 0);
	assert_int_equal(p->nr_ignore[ERR_TYPE_WRITE], 3);
	assert_true(job_error_nonfatal(job, ERR_TYPE_WRITE, ENOSPC));
	assert_true(job_error_nonfatal(job, ERR_TYPE_WRITE, EIO));
	assert_true(job_error_nonfatal(job, ERR_TYPE_WRITE, EILSEQ));
	assert_false(job_error_nonfatal(job, ERR_TYPE_WRITE, EINVAL));
	assert_int_equal(job_error_type(DDIR_READ, EILSEQ), ERR_TYPE_VERIFY);
	assert_int_equal(job_error_type(DDIR_READ, EIO), ERR_TYPE_READ);
	assert_int_equal(job_error_type(DDIR_SYNC, EIO), ERR_TYPE_WRITE);

	out = open_memstream(&text, &len);
	assert_non_null(out);
	options_dump(job, out);
	fclose(out);
	assert_non_null(strstr(text, "\ncontinue_on_error=write\nignore_error=,28:5:84\n"));
	free(text);

	bad("ignore_error", "EWHAT", "t.fio:7: invalid value 'EWHAT' for option 'ignore_error' (unknown error 'EWHAT': use a number or EPERM..ERANGE)");
	bad("ignore_error", "EIO,EIO,EIO,EIO", "t.fio:7: invalid value 'EIO,EIO,EIO,EIO' for option 'ignore_error' (at most three lists: read,write,verify)");
	bad("continue_on_error", "sometimes", "t.fio:7: invalid value 'sometimes' for option 'continue_on_error' (expected none, read, write, io, verify, all, 0, 1)");
}

/* zonemode, zonesize, zonerange: fio's fix-ups */
static void test_zones(void **state)
{
	struct job *job = *state;
	struct diag d = { "" };

	job->name = strdup("j");
	job->loc = (struct srcloc){ .file = "t.fio", .line = 3 };
	ok(job, "zonesize", "64k");	/* fio: not without zonemode=strided */
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': zonemode=none and zonesize are not compatible");
	ok(job, "zonemode", "strided");
	assert_int_equal(options_validate(job, &d), 0);
	assert_int_equal(job->zonemode, ZONE_MODE_STRIDED);
	assert_int_equal(job->zonerange, 65536);		/* = zonesize */
	ok(job, "zonesize", "0");
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': zonemode=strided needs zonesize");
	ok(job, "zonesize", "16k");
	ok(job, "zonerange", "1m");
	ok(job, "nrfiles", "2");	/* fio: strided only with one file */
	assert_int_equal(options_validate(job, &d), 0);
	assert_int_equal(job->zonemode, ZONE_MODE_NONE);
	assert_int_equal(job->zonesize, 0);
}

/* dedupe_mode=working_set: fio's checks */
static void test_dedupe(void **state)
{
	struct job *job = *state;
	struct diag d = { "" };

	job->name = strdup("j");
	job->loc = (struct srcloc){ .file = "t.fio", .line = 3 };
	ok(job, "dedupe_percentage", "60");
	ok(job, "dedupe_mode", "working_set");
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': dedupe_mode=working_set needs size=");
	ok(job, "size", "16m");
	ok(job, "dedupe_working_set_percentage", "50");
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': dedupe_percentage and dedupe_working_set_percentage add up to more than 100");
	ok(job, "dedupe_working_set_percentage", "40");
	assert_int_equal(options_validate(job, &d), 0);
}

/* prio, prioclass and cmdprio_*: fio's ranges, cmdprio_bssplit's forms */
static void test_prio(void **state)
{
	struct job *job = *state;
	const struct cmdprio_split *r = &job->cmdprio_split[DDIR_READ];
	struct diag d = { "" };

	job->name = strdup("j");
	job->loc = (struct srcloc){ .file = "t.fio", .line = 3 };
	assert_false(job->prio_set);
	ok(job, "prioclass", "3");
	assert_true(job->prio_set);
	assert_int_equal(job->prioclass, 3);
	ok(job, "cmdprio_percentage", "20,30");
	assert_int_equal(job->cmdprio_percentage[DDIR_WRITE], 30);
	ok(job, "cmdprio_class", "2");
	assert_int_equal(job->cmdprio_class[DDIR_WRITE], 2);
	bad("cmdprio_class", "0", "t.fio:7: invalid value '0' for option 'cmdprio_class' (expected a class 1 to 3)");
	bad("cmdprio", "8", "t.fio:7: invalid value '8' for option 'cmdprio' (expected a level 0 to 7)");
	bad("prio", "8", "t.fio:7: invalid value '8' for option 'prio' (must be 0 to 7)");
	/* sorted by bs, 0% dropped, the same bs in the order given */
	ok(job, "cmdprio_bssplit", "1m/0:64k/25/1/1:4k/10:64k/75/3/2,1m/0");
	assert_int_equal(r->nr, 3);
	assert_int_equal(r->e[0].bs, 4096);
	assert_int_equal(r->e[0].prio, -1);
	assert_int_equal(r->e[1].prio, 0x2001);
	assert_int_equal(r->e[2].perc, 75);
	assert_int_equal(r->e[2].prio, 0x6002);
	assert_int_equal(job->cmdprio_split[DDIR_WRITE].nr, 0);
	bad("cmdprio_bssplit", "4k/60:4k/50", "t.fio:7: invalid value '4k/60:4k/50' for option 'cmdprio_bssplit' (percentages for bs 4096 add up to 110, more than 100)");
	bad("cmdprio_bssplit", "4k/60/1", "t.fio:7: invalid value '4k/60/1' for option 'cmdprio_bssplit' (expected bs/perc or bs/perc/class/level entries)");
	ok(job, "ioengine", "libaio");
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': cmdprio_percentage and cmdprio_bssplit options are mutually exclusive");
	ok(job, "cmdprio_percentage", "0");
	assert_int_equal(options_validate(job, &d), 0);
}

/* io_submit_mode=offload: each request goes to its submit thread at once
 * (batch 1, whatever direct says); refused with io_uring, as fio does. */
static void test_offload(void **state)
{
	struct job *job = *state;
	struct diag d = { "" };

	job->name = strdup("j");
	job->loc = (struct srcloc){ .file = "t.fio", .line = 3 };
	assert_int_equal(job->io_submit_mode, SUBMIT_INLINE);
	ok(job, "io_submit_mode", "offload");
	assert_int_equal(job->io_submit_mode, SUBMIT_OFFLOAD);
	ok(job, "ioengine", "psync");
	ok(job, "iodepth", "8");
	assert_int_equal(options_validate(job, &d), 0);
	assert_int_equal(job->iodepth, 8);
	assert_int_equal(job->iodepth_batch_submit, 1);
	ok(job, "ioengine", "io_uring");
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': io_submit_mode=offload cannot be used with ioengine=io_uring (as in fio): use a synchronous engine or libaio");
}

/* latency_target and friends */
/* ss (steadystate): METRIC:LIMIT as fio reads it; ss_dur and ss_ramp
 * are times in seconds. */
static void test_steadystate(void **state)
{
	struct job *job = *state;

	assert_int_equal(job->ss_flags, SS_IOPS | SS_SLOPE | SS_PCT);
	assert_true(job->ss_limit == 0.01);
	ok(job, "ss", "bw:10m");
	assert_int_equal(job->ss_flags, SS_BW);
	assert_true(job->ss_limit == 10485760.0);
	ok(job, "steadystate", "iops:2.5%");
	assert_int_equal(job->ss_flags, SS_IOPS | SS_PCT);
	assert_true(job->ss_limit == 2.5);
	ok(job, "ss", "iops_slope:1500");
	assert_int_equal(job->ss_flags, SS_IOPS | SS_SLOPE);
	assert_true(job->ss_limit == 1500.0);
	ok(job, "ss", "bw_slope:0.5%");
	assert_int_equal(job->ss_flags, SS_BW | SS_SLOPE | SS_PCT);
	ok(job, "ss_dur", "30");
	assert_int_equal(job->ss_dur_ns, 30000000000ull);
	ok(job, "steadystate_ramp_time", "1500ms");
	assert_int_equal(job->ss_ramp_ns, 1500000000ull);
	ok(job, "steadystate_duration", "2m");
	assert_int_equal(job->ss_dur_ns, 120000000000ull);
	bad("ss", "iops", "t.fio:7: invalid value 'iops' for option 'ss' (the limit is missing: expected METRIC:LIMIT such as iops:10%)");
	bad("ss", "lat:1%", "t.fio:7: invalid value 'lat:1%' for option 'ss' (expected iops, iops_slope, bw or bw_slope, then :LIMIT)");
	bad("ss", "iops:ten%", "t.fio:7: invalid value 'iops:ten%' for option 'ss' (expected METRIC:LIMIT with LIMIT a number or a percentage such as 1%)");
	bad("steadystate", "bw:fast", "t.fio:7: invalid value 'bw:fast' for option 'steadystate' (expected a size such as 4096, 4k, 1m or 1GiB)");
}

static void test_latency(void **state)
{
	struct job *job = *state;

	assert_true(job->latency_percentile == 100.0);
	ok(job, "latency_target", "500000");	/* µs, as fio */
	assert_int_equal(job->latency_target_ns, 500000000ull);
	ok(job, "latency_window", "5s");
	assert_int_equal(job->latency_window_ns, 5000000000ull);
	ok(job, "latency_percentile", "99.9");
	assert_true(job->latency_percentile == 99.9);
	ok(job, "latency_run", "1");
	assert_true(job->latency_run);
	bad("latency_percentile", "101", "t.fio:7: invalid value '101' for option 'latency_percentile' (expected a percentage from 0 to 100)");
}

/* numa_cpu_nodes, numa_mem_policy: node lists and modes (libnuma) */
static void test_numa(void **state)
{
	struct job *job = *state;

#ifdef HAVE_LIBNUMA
	ok(job, "numa_cpu_nodes", "0-1,3");
	assert_int_equal(job->numa_cpu_nodes, 0xb);
	ok(job, "numa_cpu_nodes", "all");
	assert_true(job->numa_cpu_nodes == UINT64_MAX);
	ok(job, "numa_mem_policy", "interleave:0-1");
	assert_int_equal(job->numa_mem_mode, NUMA_MEM_INTERLEAVE);
	assert_int_equal(job->numa_mem_nodes, 3);
	ok(job, "numa_mem_policy", "local");
	assert_int_equal(job->numa_mem_mode, NUMA_MEM_LOCAL);
	bad("numa_cpu_nodes", "0-", "t.fio:7: invalid value '0-' for option 'numa_cpu_nodes' (expected all, or nodes 0-63 as N, N-M, separated by ',')");
	bad("numa_mem_policy", "prefer:0-1", "t.fio:7: invalid value 'prefer:0-1' for option 'numa_mem_policy' (prefer takes one node)");
	bad("numa_mem_policy", "bind", "t.fio:7: invalid value 'bind' for option 'numa_mem_policy' (bind needs nodes, e.g. bind:0)");
	bad("numa_mem_policy", "local:0", "t.fio:7: invalid value 'local:0' for option 'numa_mem_policy' (local takes no nodes)");
#else
	(void)job;
	bad("numa_cpu_nodes", "0", "t.fio:7: 'numa_cpu_nodes' is a fio option iostress does not support: this iostress was built without libnuma");
#endif
}

static void test_long_unknown_name(void **state)
{
	char *key = malloc(100001);

	(void)state;
	assert_non_null(key);
	memset(key, 'z', 100000);
	key[100000] = '\0';
	{
		struct job job;
		struct diag d;

		job_init(&job);
		assert_int_equal(set(&job, key, "1", &d), -EINVAL);
		assert_int_equal(strncmp(d.msg, "t.fio:7: unknown option 'zzzz", 29), 0);
		assert_int_equal(strlen(d.msg), DIAG_MSG_MAX - 1);	/* truncated */
		job_release(&job);
	}
	free(key);
}

/* ---------------------------------------------------------------------
 * Validation and dump
 */

static void test_validate(void **state)
{
	struct job *job = *state;
	struct diag d = { "" };

	job->name = strdup("j");
	job->loc = (struct srcloc){ .file = "t.fio", .line = 3 };
	assert_int_equal(options_validate(job, &d), 0);
	assert_ptr_equal(job->backend, backend_find("psync"));

	free(job->ioengine);
	job->ioengine = strdup("nope");
	job->backend = NULL;
	assert_int_equal(options_validate(job, &d), -EINVAL);
	{
		char msg[DIAG_MSG_MAX];

		snprintf(msg, sizeof(msg),
			 "t.fio:3: job 'j': unknown ioengine 'nope' (available engines: %s)",
			 backend_names());
		assert_string_equal(d.msg, msg);
	}
	ok(job, "ioengine", "null");
	assert_int_equal(options_validate(job, &d), 0);

	job->iodepth = 0;
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': iodepth must be at least 1");
	job->iodepth = 1;
	job->bs[DDIR_WRITE] = 0;
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': bs must be at least 1");
	job->bs[DDIR_WRITE] = 1;
	job->numjobs = 0;
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': numjobs must be at least 1");
	job->numjobs = 1;
	job->rwmixread = 101;
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': rwmixread must be at most 100");
	job->rwmixread = 50;
	job->bs[DDIR_WRITE] = 4096;

	/* verify_backlog: fine for writes and mixed jobs; verify is refused
	 * (not misread) with trims */
	ok(job, "rw", "randwrite");
	ok(job, "verify", "crc32c");
	ok(job, "verify_backlog", "16");
	assert_int_equal(options_validate(job, &d), 0);
	ok(job, "rw", "randrw");
	assert_int_equal(options_validate(job, &d), 0);
	ok(job, "rw", "trimwrite");
	assert_int_equal(options_validate(job, &d), -EINVAL);
	assert_string_equal(d.msg, "t.fio:3: job 'j': verify with a trim workload is not supported by iostress");
	ok(job, "rw", "randrw");

	/* unset batch options resolve per workload; set ones are kept */
	ok(job, "verify", "0");
	ok(job, "iodepth", "32");
	job->iodepth_batch_submit = JOB_BATCH_AUTO;
	job->iodepth_batch_complete_max = 0;
	ok(job, "direct", "1");
	assert_int_equal(options_validate(job, &d), 0);
	assert_int_equal(job->iodepth_batch_submit, 1);
	assert_int_equal(job->iodepth_batch_complete_max, 1);
	job->iodepth_batch_submit = JOB_BATCH_AUTO;
	job->iodepth_batch_complete_max = 0;
	ok(job, "direct", "0");
	assert_int_equal(options_validate(job, &d), 0);
	assert_int_equal(job->iodepth_batch_submit, 32);
	assert_int_equal(job->iodepth_batch_complete_max, 32);
	ok(job, "iodepth_batch_submit", "4");
	ok(job, "iodepth_batch_complete_max", "8");
	ok(job, "direct", "1");
	assert_int_equal(options_validate(job, &d), 0);
	assert_int_equal(job->iodepth_batch_submit, 4);
	assert_int_equal(job->iodepth_batch_complete_max, 8);
}

static char *dump(const struct job *job)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	options_dump(job, f);
	fclose(f);
	return buf;
}

static void test_dump(void **state)
{
	struct job *job = *state;
	char *text;

	ok(job, "name", "j");
	ok(job, "ioengine", "null");
	ok(job, "rw", "randrw");
	ok(job, "rwmixwrite", "25");
	ok(job, "bs", "4k,64k");
	ok(job, "size", "1g");
	ok(job, "runtime", "90");
	ok(job, "ramp_time", "1500ms");
	ok(job, "buffered", "0");
	ok(job, "iodepth", "32");
	text = dump(job);
	assert_string_equal(text,
		"name=j\n"
		"target=native\n"
		"docker_memory=0\n"
		"kvm_disk_size=0\n"
		"kvm_disk_prealloc=0\n"
		"kvm_disk_bus=virtio-blk\n"
		"kvm_disk_cache=none\n"
		"kvm_disk_io=auto\n"
		"kvm_iothreads=0\n"
		"kvm_vcpus=2\n"
		"kvm_memory=1073741824\n"
		"kvm_fs=ext4\n"
		"kvm_accel=auto\n"
		"kvm_raid1=0\n"
		"raid1_resync=0\n"
		"raid1_fail_at=0s\n"
		"raid1_rebuild=0\n"
		"kvm_boot_timeout=120s\n"
		"ioengine=null\n"
		"iodepth=32\n"
		"iodepth_batch_complete_min=1\n"
		"iodepth_batch_complete_max=0\n"
		"iodepth_low=0\n"
		"io_submit_mode=inline\n"
		"direct=1\n"
		"invalidate=1\n"
		"thread=0\n"
		"registerfiles=1\n"
		"fixedbufs=1\n"
		"sqthread_poll=0\n"
		"hipri=0\n"
		"nonvectored=1\n"
		"hipri_percentage=100\n"
		"uncached=0\n"
		"rw=randrw\n"
		"rw_sequencer=sequential\n"
		"rwmixread=75\n"
		"bs=4096,65536,65536\n"
		"size=1073741824\n"
		"io_size=0\n"
		"offset=0\n"
		"offset_increment=0\n"
		"number_ios=0\n"
		"loops=1\n"
		"nrfiles=1\n"
		"file_service_type=roundrobin\n"
		"fallocate=native\n"
		"kb_base=1024\n"
		"fsync=0\n"
		"fdatasync=0\n"
		"end_fsync=0\n"
		"fsync_on_close=0\n"
		"sync=none\n"
		"runtime=90s\n"
		"time_based=0\n"
		"ramp_time=1500ms\n"
		"startdelay=0s\n"
		"rate_process=linear\n"
		"rate_cycle=1000\n"
		"thinktime=0s\n"
		"thinktime_spin=0s\n"
		"thinktime_blocks=1\n"
		"thinktime_blocks_type=complete\n"
		"norandommap=0\n"
		"randrepeat=1\n"
		"randseed=137\n"
		"random_generator=tausworthe\n"
		"random_distribution=random\n"
		"percentage_random=100,100,100\n"
		"numjobs=1\n"
		"stonewall=0\n"
		"new_group=0\n"
		"group_reporting=0\n"
		"cpus_allowed_policy=shared\n"
		"verify=0\n"
		"verify_fatal=0\n"
		"do_verify=1\n"
		"verify_interval=0\n"
		"verify_backlog=0\n"
		"verify_dump=0\n"
		"verify_async=0\n"
		"verify_backlog_batch=0\n"
		"zero_buffers=0\n"
		"refill_buffers=0\n"
		"buffer_compress_percentage=0\n"
		"dedupe_percentage=0\n"
		"dedupe_mode=repeat\n"
		"dedupe_working_set_percentage=5\n"
		"dedupe_global=0\n"
		"log_avg_msec=0\n"
		"log_offset=0\n"
		"log_prio=0\n"
		"prio=0\n"
		"prioclass=0\n"
		"cmdprio_percentage=0,0\n"
		"cmdprio_class=1,1\n"
		"cmdprio=0,0\n"
		"clat_percentiles=1\n"
		"lat_percentiles=0\n"
		"slat_percentiles=0\n"
		"unified_rw_reporting=none\n"
		"gtod_reduce=0\n"
		"allow_mounted_write=0\n"
		"continue_on_error=none\n"
		"error_dump=0\n"
		"exitall=0\n"
		"exitall_on_error=0\n"
		"exit_what=group\n"
		"latency_target=0s\n"
		"latency_window=0s\n"
		"latency_percentile=100\n"
		"steadystate=iops_slope:0.01%\n"
		"steadystate_duration=0s\n"
		"steadystate_ramp_time=0s\n"
		"latency_run=0\n"
		"flow_id=0\n"
		"flow=0\n"
		"flow_sleep=0\n"
		"create_on_open=0\n"
		"allow_file_create=1\n"
		"create_serialize=1\n"
		"fill_device=0\n"
		"zonemode=none\n"
		"zonesize=0\n"
		"zonerange=0\n"
		"zoneskip=0\n");
	free(text);
}

/* what options_dump() prints reads back as the same job */
static void test_dump_round_trip(void **state)
{
	struct job *job = *state, again;
	char *text, *line, *save;

	ok(job, "name", "rt");
	ok(job, "description", "round trip");
	ok(job, "filename", "/tmp/f");
	ok(job, "directory", "/tmp");
	ok(job, "kb_base", "1000");
	ok(job, "bs", ",8k");
	ok(job, "ramp_time", "250us");
	ok(job, "numjobs", "3");
	ok(job, "stonewall", NULL);
	text = dump(job);
	job_init(&again);
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');

		assert_non_null(eq);
		*eq = '\0';
		ok(&again, line, eq + 1);
	}
	assert_string_equal(again.name, "rt");
	assert_string_equal(again.description, "round trip");
	assert_string_equal(again.filename, "/tmp/f");
	assert_string_equal(again.directory, "/tmp");
	assert_int_equal(again.kb_base, 1000);
	assert_int_equal(again.bs[DDIR_READ], 4096);
	assert_int_equal(again.bs[DDIR_WRITE], 8000);
	assert_int_equal(again.ramp_time_ns, 250000);
	assert_int_equal(again.numjobs, 3);
	assert_true(again.stonewall);
	job_release(&again);
	free(text);
}

#define JOB_TEST(f) cmocka_unit_test_setup_teardown(f, setup_job, teardown_job)

int main(void)
{
	const struct CMUnitTest tests[] = {
		JOB_TEST(test_job_defaults),
		JOB_TEST(test_job_copy),
		cmocka_unit_test(test_job_rw_name),
		JOB_TEST(test_strings),
		JOB_TEST(test_ioengine),
		JOB_TEST(test_rw),
		JOB_TEST(test_rwmix),
		JOB_TEST(test_bs),
		JOB_TEST(test_size_and_kb_base),
		JOB_TEST(test_uints),
		JOB_TEST(test_bools),
		JOB_TEST(test_buffered),
		JOB_TEST(test_times),
		cmocka_unit_test(test_unknown_options),
		cmocka_unit_test(test_fio_unsupported),
		JOB_TEST(test_errors),
		JOB_TEST(test_zones),
		JOB_TEST(test_numa),
		JOB_TEST(test_prio),
		JOB_TEST(test_latency),
		JOB_TEST(test_offload),
		JOB_TEST(test_steadystate),
		JOB_TEST(test_dedupe),
		cmocka_unit_test(test_long_unknown_name),
		JOB_TEST(test_validate),
		JOB_TEST(test_dump),
		JOB_TEST(test_dump_round_trip),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
