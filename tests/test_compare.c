/* SPDX-License-Identifier: MIT */
/*
 * test_compare.c - `iostress compare`'s model (report/compare.h) on small
 * documents written here: what is read from fio's and iostress's keys,
 * what is refused and the JSON pointer named, labels, and the groups'
 * medians, ranges, ratios and noise verdicts worked out by hand.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "report/compare.h"

/* doc - a fio-shaped document of one job "j" reading at iops, with
 * p50/p99 and optionally iostress's cycles, target and setup time. */
static char *doc(double iops, const char *target, double process_cycles,
		 double setup_ms)
{
	char *text = NULL, extra[512] = "";

	if (target)
		snprintf(extra, sizeof(extra),
			 ",\"iostress\":{\"cpu\":{\"cycles_per_io\":{\"thread\":%g,"
			 "\"process\":%g,\"system\":1}},\"target\":{\"kind\":\"native\","
			 "\"placement\":\"%s\",\"name\":\"%s\",\"setup_ms\":%g}}",
			 process_cycles / 2, process_cycles, target, target, setup_ms);
	assert_true(asprintf(&text,
		"{\"jobs\":[{\"jobname\":\"j\",\"groupid\":0,"
		"\"read\":{\"iops\":%g,\"bw_bytes\":%g,\"total_ios\":%g,"
		"\"clat_ns\":{\"percentile\":{\"50.000000\":%.17g,\"99.000000\":%.17g}}},"
		"\"write\":{\"iops\":0,\"bw_bytes\":0,\"total_ios\":0,\"clat_ns\":{}}%s}]}",
		iops, iops * 4096, iops, 1e9 / iops, 2e9 / iops, extra) > 0);
	return text;
}

static void parse(const char *text, const char *file, const char *label,
		  struct cmp_doc *d)
{
	struct diag dg = { { 0 } };

	memset(d, 0, sizeof(*d));
	assert_int_equal(cmp_doc_parse(text, strlen(text), file, label, d, &dg), 0);
}

static void test_reads_fio_keys(void **state)
{
	char *text = doc(1000, NULL, 0, 0);
	struct cmp_doc d;

	(void)state;
	parse(text, "out/run-3.json", NULL, &d);
	assert_string_equal(d.label, "run");
	assert_int_equal(d.nr_jobs, 1);
	assert_string_equal(d.jobs[0].name, "j");
	assert_true(d.jobs[0].dir[CMP_READ].moved);
	assert_false(d.jobs[0].dir[CMP_WRITE].moved);
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_IOPS] == 1000.0);
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_BW] == 4096000.0);
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_P50] == 1e6);
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_P99] == 2e6);
	/* what the document does not hold is not invented */
	assert_true(isnan(d.jobs[0].dir[CMP_READ].v[CMP_P999]));
	assert_true(isnan(d.jobs[0].dir[CMP_READ].v[CMP_CYC_PROCESS]));
	assert_true(isnan(d.jobs[0].dir[CMP_READ].v[CMP_SETUP]));
	cmp_doc_release(&d);
	free(text);
}

static void test_reads_iostress_keys(void **state)
{
	char *text = doc(500, "docker-volume", 3000, 370);
	struct cmp_doc d;

	(void)state;
	parse(text, "r-docker-volume-1.json", NULL, &d);
	assert_string_equal(d.label, "docker-volume");
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_CYC_PROCESS] == 3000.0);
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_CYC_THREAD] == 1500.0);
	assert_true(isnan(d.jobs[0].dir[CMP_READ].v[CMP_CYC_HOST]));
	assert_true(d.jobs[0].dir[CMP_READ].v[CMP_SETUP] == 370.0);
	cmp_doc_release(&d);
	/* LABEL=FILE's label wins over the target's */
	parse(text, "x.json", "mine", &d);
	assert_string_equal(d.label, "mine");
	cmp_doc_release(&d);
	free(text);
}

/* refused - text is refused naming file and pointer. */
static void refused(const char *text, const char *want)
{
	struct cmp_doc d;
	struct diag dg = { { 0 } };

	memset(&d, 0, sizeof(d));
	assert_int_equal(cmp_doc_parse(text, strlen(text), "bad.json", NULL, &d, &dg), -EINVAL);
	cmp_doc_release(&d);
	if (!strstr(dg.msg, want))
		fail_msg("'%s' does not hold '%s'", dg.msg, want);
}

static void test_refuses_with_pointer(void **state)
{
	(void)state;
	refused("{}", "compare: bad.json: /jobs: missing");
	refused("[1]", "compare: bad.json: /: expected an object");
	refused("{\"jobs\":[]}", "bad.json: /jobs: no jobs");
	refused("{\"jobs\":[{\"jobname\":\"a\",\"read\":{\"iops\":\"x\",\"bw_bytes\":1}}]}",
		"bad.json: /jobs/0/read/iops: expected a number");
	refused("{\"jobs\":[{\"jobname\":\"a\",\"read\":{\"iops\":1}}]}",
		"/jobs/0/read/bw_bytes: missing");
	refused("{\"jobs\":[{\"jobname\":7}]}", "/jobs/0/jobname: expected a string");
	refused("{\"jobs\":[{\"jobname\":\"a\",\"read\":{\"iops\":1,\"bw_bytes\":1,"
		"\"clat_ns\":{\"percentile\":{\"half\":3}}}}]}",
		"/jobs/0/read/clat_ns/percentile/half");
	refused("{\"jobs\":[", "bad.json");
}

static void test_labels_of_files(void **state)
{
	static const char *const cases[][2] = {
		{ "out/fio-2.json", "fio" },
		{ "r_native.3.json", "r_native" },
		{ "volume.json", "volume" },
		{ "2024.json", "2024" },
		{ "a/b/run10", "run10" },	/* no separator: a name */
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *l = cmp_label_of_file(cases[i][0]);

		assert_non_null(l);
		assert_string_equal(l, cases[i][1]);
		free(l);
	}
}

/* Five runs of a base at 1000..1040 IOPS and five of another at half:
 * medians, ranges, ratio 0.5 beyond the noise (U = 0, p = 2/252); the
 * same against itself within it; one run a side cannot tell. */
static void test_groups_medians_and_verdicts(void **state)
{
	static const double base[] = { 1030, 1000, 1040, 1010, 1020 };
	struct cmp_doc docs[15];
	struct cmp_set set;
	char *text;
	unsigned n = 0;

	(void)state;
	for (unsigned i = 0; i < 5; i++) {
		text = doc(base[i], "native", 100 + i, 1);
		parse(text, "a.json", NULL, &docs[n++]);
		free(text);
	}
	for (unsigned i = 0; i < 5; i++) {
		text = doc(base[i] / 2, "half", 200, 2);
		parse(text, "b.json", NULL, &docs[n++]);
		free(text);
	}
	for (unsigned i = 0; i < 5; i++) {
		text = doc(base[(i + 2) % 5] + 1, "same", 100, 1);
		parse(text, "c.json", NULL, &docs[n++]);
		free(text);
	}
	assert_int_equal(cmp_set_build(docs, n, &set), 0);
	assert_int_equal(set.nr_groups, 3);
	assert_string_equal(set.groups[0].label, "native");
	assert_int_equal(set.groups[1].nr, 5);
	assert_int_equal(set.nr_rows, 1);	/* j read; write moved nothing */
	assert_int_equal(set.rows[0].dir, CMP_READ);
	{
		const struct cmp_stat *b = &set.rows[0].cells[0].col[CMP_IOPS];
		const struct cmp_stat *h = &set.rows[0].cells[1].col[CMP_IOPS];
		const struct cmp_stat *s = &set.rows[0].cells[2].col[CMP_IOPS];

		assert_int_equal(b->nr, 5);
		assert_true(b->med == 1020.0 && b->min == 1000.0 && b->max == 1040.0);
		assert_true(fabs(b->spread - 20.0 / 1020.0) < 1e-12);
		assert_true(h->med == 510.0 && fabs(h->ratio - 0.5) < 1e-12);
		assert_int_equal(h->verdict, NOISE_BEYOND);
		assert_true(fabs(h->p - 2.0 / 252.0) < 1e-9);
		assert_int_equal(s->verdict, NOISE_WITHIN);
		/* latency doubles at half the rate: ratio 2 */
		assert_true(fabs(set.rows[0].cells[1].col[CMP_P50].ratio - 2.0) < 1e-9);
		assert_true(isnan(set.rows[0].cells[1].col[CMP_P999].med));
	}
	cmp_set_release(&set);
	/* one run a side */
	assert_int_equal(cmp_set_build((struct cmp_doc[]){ docs[0], docs[5] }, 2, &set), 0);
	assert_int_equal(set.rows[0].cells[1].col[CMP_IOPS].verdict, NOISE_CANNOT_TELL);
	cmp_set_release(&set);
	for (unsigned i = 0; i < n; i++)
		cmp_doc_release(&docs[i]);
}

/* A job only one placement ran is a row whose other cells are absent. */
static void test_missing_job(void **state)
{
	char *a = doc(100, "native", 1, 1), *b = doc(100, "other", 1, 1);
	struct cmp_doc docs[2];
	struct cmp_set set;

	(void)state;
	strstr(b, "\"jobname\":\"j\"")[11] = 'k';	/* the other's job is "k" */
	parse(a, "a.json", NULL, &docs[0]);
	parse(b, "b.json", NULL, &docs[1]);
	assert_int_equal(cmp_set_build(docs, 2, &set), 0);
	assert_int_equal(set.nr_rows, 2);
	assert_true(set.rows[0].cells[0].present);
	assert_false(set.rows[0].cells[1].present);
	assert_false(set.rows[1].cells[0].present);
	assert_true(set.rows[1].cells[1].present);
	cmp_set_release(&set);
	cmp_doc_release(&docs[0]);
	cmp_doc_release(&docs[1]);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_fio_keys),
		cmocka_unit_test(test_reads_iostress_keys),
		cmocka_unit_test(test_refuses_with_pointer),
		cmocka_unit_test(test_labels_of_files),
		cmocka_unit_test(test_groups_medians_and_verdicts),
		cmocka_unit_test(test_missing_job),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
