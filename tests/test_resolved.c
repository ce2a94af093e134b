/* SPDX-License-Identifier: MIT */
/*
 * test_resolved.c - the resolved job text a host sends its worker
 * (job/resolved.h) reads back into the same jobs.
 *
 * Every job file of the test suite and jobs/ is built, written as
 * resolved text, read back and written again: the two texts and the
 * --dump-jobs output of both lists must be identical.  A phase sent on
 * its own is counted from group and phase 0.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "job/jobfile.h"
#include "job/jobs.h"
#include "job/resolved.h"

/* text_of - resolved_write() of list[first, first + nr) as a string. */
static char *text_of(const struct job_list *list, unsigned first, unsigned nr)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(resolved_write(list, first, nr, f), 0);
	fclose(f);
	return buf;
}

static char *dump_of(const struct job_list *list)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	jobs_dump(list, f);
	fclose(f);
	return buf;
}

static int read_back(const char *text, struct job_list *out, struct diag *d)
{
	struct jobfile jf;
	int ret = jobfile_parse_buf("<resolved>", text, strlen(text), &jf, d);

	if (ret)
		return ret;
	ret = resolved_build(&jf, out, d);
	jobfile_release(&jf);
	return ret;
}

/* round_trip - path's jobs survive the text; returns false when the file
 * does not build (nothing to compare). */
static bool round_trip(const char *path)
{
	struct job_list list, back;
	struct jobfile jf;
	struct diag d = { { 0 } };
	char *t1, *t2, *d1, *d2;

	if (jobfile_parse(path, &jf, &d))
		return false;
	if (jobs_build(&jf, 1, &list, &d)) {
		jobfile_release(&jf);
		return false;
	}
	jobfile_release(&jf);
	t1 = text_of(&list, 0, list.nr);
	if (read_back(t1, &back, &d))
		fail_msg("%s: resolved text does not read back: %s", path, d.msg);
	t2 = text_of(&back, 0, back.nr);
	assert_string_equal(t1, t2);
	d1 = dump_of(&list);
	d2 = dump_of(&back);
	assert_string_equal(d1, d2);
	assert_int_equal(list.nr_groups, back.nr_groups);
	assert_int_equal(list.nr_phases, back.nr_phases);
	free(t1);
	free(t2);
	free(d1);
	free(d2);
	job_list_release(&list);
	job_list_release(&back);
	return true;
}

static unsigned round_trip_dir(const char *dir)
{
	struct dirent *e;
	unsigned n = 0;
	DIR *dh = opendir(dir);

	assert_non_null(dh);
	while ((e = readdir(dh))) {
		size_t len = strlen(e->d_name);
		char path[4096];

		if (len < 5 || strcmp(e->d_name + len - 4, ".job"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		n += round_trip(path);
	}
	closedir(dh);
	return n;
}

static void test_every_job_file_round_trips(void **state)
{
	const char *src = getenv("SRCDIR");
	char dir[4096];
	unsigned n;

	(void)state;
	if (!src)
		src = ".";
	snprintf(dir, sizeof(dir), "%s/tests/jobs", src);
	n = round_trip_dir(dir);
	snprintf(dir, sizeof(dir), "%s/jobs", src);
	n += round_trip_dir(dir);
	print_message("# %u job files round-tripped\n", n);
	assert_true(n >= 30);
}

static void test_one_phase_counts_from_zero(void **state)
{
	static const char text[] =
		"[a]\nioengine=null\nsize=1m\nnumjobs=2\n"
		"[b]\nstonewall\nioengine=null\nsize=1m\ntarget=process\n"
		"[c]\nnew_group\nioengine=null\nsize=1m\n";
	struct job_list list, back;
	struct jobfile jf;
	struct diag d = { { 0 } };
	char *t;

	(void)state;
	assert_int_equal(jobfile_parse_buf("x.job", text, sizeof(text) - 1, &jf, &d), 0);
	assert_int_equal(jobs_build(&jf, 1, &list, &d), 0);
	jobfile_release(&jf);
	assert_int_equal(list.nr, 4);
	/* phase 1 is jobs 2 (b, group 1) and 3 (c, group 2) */
	t = text_of(&list, 2, 2);
	assert_non_null(strstr(t, "[b]\ngroupid=0\nphase=0\nclone=0\n"));
	assert_non_null(strstr(t, "[c]\ngroupid=1\nphase=0\nclone=0\n"));
	assert_non_null(strstr(t, "\ntarget=process\n"));
	assert_int_equal(read_back(t, &back, &d), 0);
	assert_int_equal(back.nr, 2);
	assert_int_equal(back.nr_groups, 2);
	assert_int_equal(back.nr_phases, 1);
	assert_string_equal(back.jobs[1].name, "c");
	free(t);
	job_list_release(&back);
	job_list_release(&list);
}

static void test_bad_resolved_text(void **state)
{
	struct job_list back;
	struct diag d = { { 0 } };

	(void)state;
	assert_int_equal(read_back("[a]\ngroupid=0\nphase=0\nioengine=null\n", &back, &d), -EINVAL);
	assert_string_equal(d.msg, "<resolved>:1: resolved job 'a' has no 'clone'");
	assert_int_equal(read_back("[a]\ngroupid=1\nphase=0\nclone=0\n", &back, &d), -EINVAL);
	assert_non_null(strstr(d.msg, "out of order"));
	assert_int_equal(read_back("[a]\ngroupid=x\nphase=0\nclone=0\n", &back, &d), -EINVAL);
	assert_string_equal(d.msg, "<resolved>:2: invalid value 'x' for 'groupid'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_job_file_round_trips),
		cmocka_unit_test(test_one_phase_counts_from_zero),
		cmocka_unit_test(test_bad_resolved_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
