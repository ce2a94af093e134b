/* SPDX-License-Identifier: MIT */
/*
 * test_jobs.c - [global] inheritance, numjobs clones, groups and phases
 * (jobs.h).
 *
 * Every groupid list below was produced by fio 3.33 from the same job text
 * (with ioengine=null size=4k in [global]) and read back from
 * --output-format=json "jobs[].groupid"; they are hard-coded here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "job/jobfile.h"
#include "job/jobs.h"

#define MAX_FILES 4

/* build - tokenize up to MAX_FILES texts (NULL-terminated list) and build. */
static int build_files(const char *const *texts, struct job_list *list,
		       struct diag *d)
{
	static const char *const names[MAX_FILES] = { "a.fio", "b.fio", "c.fio", "d.fio" };
	struct jobfile files[MAX_FILES] = { { 0 } };
	unsigned n = 0;
	int ret;

	d->msg[0] = '\0';
	for (; texts[n]; n++) {
		assert_true(n < MAX_FILES);
		assert_int_equal(jobfile_parse_buf(names[n], texts[n],
						   strlen(texts[n]), &files[n], d), 0);
	}
	ret = jobs_build(files, n, list, d);
	for (unsigned i = 0; i < n; i++)
		jobfile_release(&files[i]);
	return ret;
}

static void build_ok(const char *text, struct job_list *list)
{
	const char *const texts[] = { text, NULL };
	struct diag d;

	assert_int_equal(build_files(texts, list, &d), 0);
	assert_string_equal(d.msg, "");
}

static void build_bad(const char *text, int err, const char *msg)
{
	const char *const texts[] = { text, NULL };
	struct job_list list;
	struct diag d;

	assert_int_equal(build_files(texts, &list, &d), err);
	assert_string_equal(d.msg, msg);
	assert_null(list.jobs);
	assert_int_equal(list.nr, 0);
}

/* expect_groups - names, groupids and phases of the whole list. */
static void expect_groups(const struct job_list *list, const char *names,
			  const unsigned *groups, const unsigned *phases)
{
	assert_int_equal(list->nr, strlen(names));
	for (unsigned i = 0; i < list->nr; i++) {
		print_message("# job %u\n", i);
		assert_int_equal(list->jobs[i].name[0], names[i]);
		assert_int_equal(list->jobs[i].name[1], '\0');
		assert_int_equal(list->jobs[i].groupid, groups[i]);
		assert_int_equal(list->jobs[i].phase, phases[i]);
	}
	assert_int_equal(list->nr_groups, groups[list->nr - 1] + 1);
	assert_int_equal(list->nr_phases, phases[list->nr - 1] + 1);
}

#define HDR "[global]\nioengine=null\nsize=4k\n"

/* ---------------------------------------------------------------------
 * Groups and phases, against fio
 */

static void test_groups_plain(void **state)
{
	struct job_list l;

	(void)state;
	build_ok(HDR "[a]\n[b]\n[c]\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 0, 0 }, (unsigned[]){ 0, 0, 0 });
	job_list_release(&l);
}

static void test_groups_stonewall(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a=0 b=1 c=1 */
	build_ok(HDR "[a]\n[b]\nstonewall\n[c]\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 1, 1 }, (unsigned[]){ 0, 1, 1 });
	job_list_release(&l);
	/* wait_for_previous is stonewall; fio: same groups */
	build_ok(HDR "[a]\n[b]\nwait_for_previous\n[c]\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 1, 1 }, (unsigned[]){ 0, 1, 1 });
	job_list_release(&l);
}

static void test_groups_new_group(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a=0 b=1 c=1, all in one phase */
	build_ok(HDR "[a]\n[b]\nnew_group\n[c]\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 1, 1 }, (unsigned[]){ 0, 0, 0 });
	job_list_release(&l);
}

static void test_groups_bump_needs_jobs(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a=0 b=1 c=1: new_group on the first job does nothing */
	build_ok(HDR "[a]\nnew_group\n[b]\nnew_group\n[c]\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 1, 1 }, (unsigned[]){ 0, 0, 0 });
	job_list_release(&l);
	/* fio: a=0 b=0: nor does stonewall */
	build_ok(HDR "[a]\nstonewall\n[b]\n", &l);
	expect_groups(&l, "ab", (unsigned[]){ 0, 0 }, (unsigned[]){ 0, 0 });
	job_list_release(&l);
}

static void test_groups_mixed(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a=0 b=1 c=2: stonewall + new_group bump once */
	build_ok(HDR "[a]\n[b]\nstonewall\nnew_group\n[c]\nnew_group\nstonewall\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 1, 2 }, (unsigned[]){ 0, 1, 2 });
	job_list_release(&l);
	/* fio: a=0 b=1 c=2 d=3 */
	build_ok(HDR "[a]\n[b]\nstonewall\n[c]\nstonewall\n[d]\nnew_group\n", &l);
	expect_groups(&l, "abcd", (unsigned[]){ 0, 1, 2, 3 }, (unsigned[]){ 0, 1, 2, 2 });
	job_list_release(&l);
	/* stonewall in [global] applies to every job after it */
	build_ok(HDR "stonewall\n[a]\n[b]\n[c]\n", &l);
	expect_groups(&l, "abc", (unsigned[]){ 0, 1, 2 }, (unsigned[]){ 0, 1, 2 });
	job_list_release(&l);
}

static void test_numjobs_clones(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a a b b c c c -> 0 0 1 1 2 2 2 */
	build_ok(HDR "[a]\nnumjobs=2\n[b]\nnumjobs=2\nnew_group\n"
		 "[c]\nstonewall\nnumjobs=3\n", &l);
	expect_groups(&l, "aabbccc", (unsigned[]){ 0, 0, 1, 1, 2, 2, 2 },
		      (unsigned[]){ 0, 0, 0, 0, 1, 1, 1 });
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(l.jobs[i].clone, i);
		assert_int_equal(l.jobs[2 + i].clone, i);
	}
	for (unsigned i = 0; i < 3; i++) {
		const struct job *j = &l.jobs[4 + i];

		assert_int_equal(j->clone, i);
		assert_int_equal(j->numjobs, 3);
		assert_string_equal(j->loc.file, "a.fio");
		assert_int_equal(j->loc.line, 9);
		assert_ptr_equal(j->loc.file, j->loc_file);	/* owned */
		if (i)						/* own copies */
			assert_ptr_not_equal(j->name, l.jobs[4].name);
	}
	job_list_release(&l);
	assert_null(l.jobs);
	assert_int_equal(l.nr, 0);
}

/* ---------------------------------------------------------------------
 * [global] inheritance
 */

static void test_global_in_order(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a gets bs=4k (4 ios of 16k), b bs=8k (2 ios) */
	build_ok("[a]\nioengine=null\n[global]\nbs=8k\n[b]\n", &l);
	assert_int_equal(l.nr, 2);
	assert_int_equal(l.jobs[0].bs[DDIR_READ], 4096);
	assert_string_equal(l.jobs[0].ioengine, "null");
	assert_int_equal(l.jobs[1].bs[DDIR_READ], 8192);
	assert_string_equal(l.jobs[1].ioengine, "psync");	/* not a's */
	assert_ptr_not_equal(l.jobs[1].backend, l.jobs[0].backend);
	job_list_release(&l);
}

static void test_global_stacking(void **state)
{
	struct job_list l;

	(void)state;
	build_ok("[global]\nbs=8k\niodepth=2\n"
		 "[a]\n"
		 "[global]\niodepth=4\nrw=randwrite\n"
		 "[b]\niodepth=16\n"
		 "[c]\n", &l);
	assert_int_equal(l.nr, 3);
	assert_int_equal(l.jobs[0].bs[DDIR_WRITE], 8192);
	assert_int_equal(l.jobs[0].iodepth, 2);
	assert_int_equal(l.jobs[0].rw, RW_READ);
	assert_int_equal(l.jobs[1].bs[DDIR_WRITE], 8192);
	assert_int_equal(l.jobs[1].iodepth, 16);
	assert_int_equal(l.jobs[1].rw, RW_WRITE | RW_RANDOM);
	assert_int_equal(l.jobs[2].iodepth, 4);
	assert_int_equal(l.jobs[2].rw, RW_WRITE | RW_RANDOM);
	job_list_release(&l);
}

static void test_names(void **state)
{
	struct job_list l;

	(void)state;
	/* fio: a name= in [global] does not rename jobs (jobname "j") */
	build_ok("[global]\nname=foo\ndescription=shared\n[j]\n[k]\nname=kk\n", &l);
	assert_string_equal(l.jobs[0].name, "j");
	assert_string_equal(l.jobs[0].description, "shared");
	assert_int_equal(l.jobs[0].loc.line, 4);
	assert_string_equal(l.jobs[1].name, "kk");
	assert_int_equal(l.jobs[1].loc.line, 5);
	job_list_release(&l);
}

static void test_kb_base_priority(void **state)
{
	struct job_list l;

	(void)state;
	/* fio 3.33 applies kb_base before the rest of its section: 1000 */
	build_ok("[j]\nsize=1k\nkb_base=1000\nbs=4k\n", &l);
	assert_int_equal(l.jobs[0].size, 1000);
	assert_int_equal(l.jobs[0].bs[DDIR_READ], 4000);
	job_list_release(&l);
	/* inherited from [global]: 1000 */
	build_ok("[global]\nkb_base=1000\n[j]\nsize=1k\n[k]\nkb_base=1024\nsize=1k\n", &l);
	assert_int_equal(l.jobs[0].size, 1000);
	assert_int_equal(l.jobs[1].size, 1024);
	job_list_release(&l);
	/* a size in [global] is read with the [global]'s kb_base */
	build_ok("[global]\nsize=1k\n[j]\nkb_base=1000\n", &l);
	assert_int_equal(l.jobs[0].size, 1024);
	job_list_release(&l);
}

static void test_bsrange_wins_over_bs(void **state)
{
	static const char *const texts[] = {
		"[global]\nbsrange=4k-16k\n[j]\nbs=8k\n",
		"[j]\nbsrange=4k-16k\nbs=8k\n",
		"[j]\nbs=8k\nbsrange=4k-16k\n",
	};
	struct job_list l;

	(void)state;
	/* fio 3.33 (--debug=parse, fixup_options): bs= fills min_bs and
	 * max_bs only where bsrange= left them unset, whatever the order */
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		print_message("# %s", texts[i]);
		build_ok(texts[i], &l);
		for (int d = 0; d < DDIR_NR; d++) {
			assert_int_equal(l.jobs[0].bs_spec[d].min, 4096);
			assert_int_equal(l.jobs[0].bs_spec[d].max, 16384);
			assert_int_equal(l.jobs[0].bs[d], 4096);
		}
		job_list_release(&l);
	}
	/* without a range, the last bs= is every I/O's size */
	build_ok("[global]\nbs=4k\n[j]\nbs=8k,16k\n", &l);
	assert_int_equal(l.jobs[0].bs_spec[DDIR_READ].min, 8192);
	assert_int_equal(l.jobs[0].bs_spec[DDIR_READ].max, 8192);
	assert_int_equal(l.jobs[0].bs_spec[DDIR_WRITE].min, 16384);
	assert_int_equal(l.jobs[0].bs_spec[DDIR_WRITE].max, 16384);
	job_list_release(&l);
}

/* ---------------------------------------------------------------------
 * Several files
 */

static void test_files_stonewall_and_reset(void **state)
{
	const char *const texts[] = {
		"[global]\nioengine=null\nbs=8k\n[a]\n[b]\n",
		"[c]\n[d]\n",
		NULL,
	};
	struct job_list l;
	struct diag d;

	(void)state;
	/* fio: a=0 b=0 c=1 d=1, and c/d do not inherit a.fio's bs=8k */
	assert_int_equal(build_files(texts, &l, &d), 0);
	expect_groups(&l, "abcd", (unsigned[]){ 0, 0, 1, 1 }, (unsigned[]){ 0, 0, 1, 1 });
	assert_true(l.jobs[2].stonewall);
	assert_false(l.jobs[3].stonewall);
	assert_int_equal(l.jobs[1].bs[DDIR_READ], 8192);
	assert_int_equal(l.jobs[2].bs[DDIR_READ], 4096);
	assert_string_equal(l.jobs[2].ioengine, "psync");
	assert_string_equal(l.jobs[2].loc.file, "b.fio");
	job_list_release(&l);
}

static void test_unset_variable(void **state)
{
	(void)state;
	/* fio examples/xnvme-compare.fio without FIO_RW in the environment:
	 * the message says why the value is empty */
	unsetenv("IOSTRESS_T_UNSET_RW");
	build_bad("[j]\nrw=${IOSTRESS_T_UNSET_RW}\n", -EINVAL,
		  "a.fio:2: invalid value '' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N') (${IOSTRESS_T_UNSET_RW} is not set in the environment)");
	setenv("IOSTRESS_T_UNSET_RW", "bogus", 1);
	build_bad("[j]\nrw=${IOSTRESS_T_UNSET_RW}\n", -EINVAL,
		  "a.fio:2: invalid value 'bogus' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N')");
	unsetenv("IOSTRESS_T_UNSET_RW");
}

static void test_files_errors(void **state)
{
	const char *const texts[] = { "[a]\n", "[global]\nbs=8k\n", NULL };
	struct job_list l;
	struct diag d;

	(void)state;
	assert_int_equal(build_files(texts, &l, &d), -EINVAL);
	assert_string_equal(d.msg, "b.fio: no job sections (only [global] or nothing)");
	assert_null(l.jobs);
	assert_int_equal(jobs_build(NULL, 0, &l, &d), -EINVAL);
	assert_string_equal(d.msg, "no job files given");
}

/* ---------------------------------------------------------------------
 * Errors carry the option's own line
 */

static void test_errors(void **state)
{
	(void)state;
	build_bad("", -EINVAL, "a.fio: no job sections (only [global] or nothing)");
	build_bad("[global]\nbs=4k\n", -EINVAL,
		  "a.fio: no job sections (only [global] or nothing)");
	build_bad("[global]\nbs=4k\n[j]\niodepht=4\n", -EINVAL,
		  "a.fio:4: unknown option 'iodepht' (did you mean 'iodepth'?)");
	build_bad("[global]\nrw=fast\n[j]\n", -EINVAL,
		  "a.fio:2: invalid value 'fast' for option 'rw' (expected read, write, trim, randread, randwrite, randtrim, rw, readwrite, randrw, trimwrite or randtrimwrite, optionally with ':N')");
	build_bad("[a]\nnumjobs=3\n[b]\n\n\nzonecapacity=1g\n", -EINVAL,
		  "a.fio:6: 'zonecapacity' is a fio option iostress does not support");
	build_bad("[a]\nsize=1k\nkb_base=999\n", -EINVAL,
		  "a.fio:3: invalid value '999' for option 'kb_base' (expected 1024, 1000)");
}

/* fio rejects a reporting group whose jobs differ in steady state; a
 * window under a second is none at all, and new_group separates. */
static void test_steadystate_groups(void **state)
{
	struct job_list list;

	(void)state;
	build_bad("[a]\nss_dur=3\n[b]\nsize=1m\n", -EINVAL,
		  "a.fio:3: job 'b': its steadystate options (ss, ss_dur, ss_ramp) differ from those of job 'a' in the same reporting group");
	build_bad("[global]\nss_dur=3\n[a]\n[b]\nss=bw:1%\n", -EINVAL,
		  "a.fio:4: job 'b': its steadystate options (ss, ss_dur, ss_ramp) differ from those of job 'a' in the same reporting group");
	build_ok("[a]\nss_dur=3\nnumjobs=2\n[b]\nnew_group\n[c]\nss=bw:1%\nss_dur=500ms\n", &list);
	assert_int_equal(list.nr, 4);
	job_list_release(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_plain),
		cmocka_unit_test(test_groups_stonewall),
		cmocka_unit_test(test_groups_new_group),
		cmocka_unit_test(test_groups_bump_needs_jobs),
		cmocka_unit_test(test_groups_mixed),
		cmocka_unit_test(test_numjobs_clones),
		cmocka_unit_test(test_global_in_order),
		cmocka_unit_test(test_global_stacking),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_kb_base_priority),
		cmocka_unit_test(test_bsrange_wins_over_bs),
		cmocka_unit_test(test_files_stonewall_and_reset),
		cmocka_unit_test(test_unset_variable),
		cmocka_unit_test(test_files_errors),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_steadystate_groups),
	};

	return cmocka_run_group_tests_name("jobs", tests, NULL, NULL);
}
