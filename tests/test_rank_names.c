/* SPDX-License-Identifier: MIT */
/*
 * test_rank_names.c - $rank, $hostname and $clientuid in filename_format,
 * resolved per rank; fio's own keywords left for the worker; the default
 * format of a many-rank run, and what stays shared.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "job/rank_names.h"

/* three jobs: a format, no names at all, a fixed filename */
static void make_jobs(struct job_list *list, const char *fmt)
{
	list->nr = 3;
	list->nr_groups = list->nr_phases = 1;
	list->jobs = calloc(3, sizeof(*list->jobs));
	assert_non_null(list->jobs);
	for (unsigned i = 0; i < 3; i++)
		job_init(&list->jobs[i]);
	list->jobs[0].filename_format = strdup(fmt);
	list->jobs[2].filename = strdup("/shared/file");
}

static void test_resolved(void **state)
{
	struct job_list list;

	(void)state;
	make_jobs(&list, "$jobname.$jobnum.$filenum.r$rank.$hostname.c$clientuid");
	assert_int_equal(rank_names_resolve(&list, 3, 4, "node7"), 0);
	assert_string_equal(list.jobs[0].filename_format,
			    "$jobname.$jobnum.$filenum.r3.node7.c3");
	assert_string_equal(list.jobs[1].filename_format, "$jobname.$jobnum.$filenum.3");
	assert_null(list.jobs[2].filename_format);	/* shared on purpose */
	job_list_release(&list);
}

static void test_alone(void **state)
{
	struct job_list list;

	(void)state;
	make_jobs(&list, "x.$rank.$hostname.$clientuid.$ranks");
	/* outside MPI: rank 0, fio's empty $clientuid left to the worker,
	 * and fio's default names */
	assert_int_equal(rank_names_resolve(&list, 0, 0, "h"), 0);
	assert_string_equal(list.jobs[0].filename_format, "x.0.h.$clientuid.0s");
	assert_null(list.jobs[1].filename_format);
	job_list_release(&list);

	/* one rank: fio's default names still */
	make_jobs(&list, "$rank");
	assert_int_equal(rank_names_resolve(&list, 0, 1, "h"), 0);
	assert_string_equal(list.jobs[0].filename_format, "0");
	assert_null(list.jobs[1].filename_format);
	job_list_release(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resolved),
		cmocka_unit_test(test_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
