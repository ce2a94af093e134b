/* SPDX-License-Identifier: MIT */
/*
 * test_json.c - the JSON writer, and the text and JSON reports built from a
 * hand-made run_result.  JSON documents are read back with json-c.
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

#include "lib/json.h"
#include "report/report.h"
#include "run/result.h"

#include "jsondoc.h"

/* ------------------------------------------------------------------------
 * Capturing output
 */

struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
}

/* capture_close - the text written, owned by c until capture_free. */
static const char *capture_close(struct capture *c)
{
	assert_int_equal(fclose(c->f), 0);
	c->f = NULL;
	return c->buf;
}

static void capture_free(struct capture *c)
{
	free(c->buf);
	c->buf = NULL;
}

static unsigned count_substr(const char *s, const char *needle)
{
	unsigned n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

#define assert_contains(hay, needle) do {				\
	if (!strstr((hay), (needle)))					\
		fail_msg("missing '%s' in:\n%s", (needle), (hay));	\
} while (0)

#define assert_not_contains(hay, needle) do {				\
	if (strstr((hay), (needle)))					\
		fail_msg("unexpected '%s' in:\n%s", (needle), (hay));	\
} while (0)

#define assert_valid_json(doc)	jsondoc_put(jsondoc_parse(doc))

/* ------------------------------------------------------------------------
 * JSON writer
 */

static void test_json_nesting_and_commas(void **state)
{
	struct json_writer w;
	struct capture c;
	struct json_object *doc;

	(void)state;
	capture_open(&c);
	json_init(&w, c.f);
	json_obj_begin(&w, NULL);
	json_str(&w, "name", "x");
	json_u64(&w, "n", 18446744073709551615ull);
	json_i64(&w, "neg", -3);
	json_bool(&w, "yes", true);
	json_arr_begin(&w, "list");
	json_u64(&w, NULL, 1);
	json_obj_begin(&w, NULL);
	json_bool(&w, "no", false);
	json_obj_end(&w);
	json_arr_end(&w);
	json_obj_begin(&w, "empty");
	json_obj_end(&w);
	json_arr_begin(&w, "none");
	json_arr_end(&w);
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(capture_close(&c),
		"{\n"
		"  \"name\" : \"x\",\n"
		"  \"n\" : 18446744073709551615,\n"
		"  \"neg\" : -3,\n"
		"  \"yes\" : true,\n"
		"  \"list\" : [\n"
		"    1,\n"
		"    {\n"
		"      \"no\" : false\n"
		"    }\n"
		"  ],\n"
		"  \"empty\" : {},\n"
		"  \"none\" : []\n"
		"}\n");
	doc = jsondoc_parse(c.buf);
	assert_json(doc, "/n", "18446744073709551615");
	assert_json(doc, "/neg", "-3");
	assert_json(doc, "/list", "[1,{\"no\":false}]");
	assert_keys(doc, "", "name n neg yes list empty none");
	jsondoc_put(doc);
	capture_free(&c);
}

/* write_one_string - a document holding one string value, as written. */
static void check_string_escape(const char *in, const char *expected)
{
	struct json_writer w;
	struct capture c;
	char want[256];

	capture_open(&c);
	json_init(&w, c.f);
	json_obj_begin(&w, NULL);
	json_str(&w, "s", in);
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	snprintf(want, sizeof(want), "{\n  \"s\" : %s\n}\n", expected);
	assert_string_equal(capture_close(&c), want);
	assert_valid_json(c.buf);
	capture_free(&c);
}

static void test_json_escapes_specials(void **state)
{
	(void)state;
	check_string_escape("plain", "\"plain\"");
	check_string_escape("a\"b\\c/d", "\"a\\\"b\\\\c/d\"");
	check_string_escape("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"");
	check_string_escape("\x01\x1f\x7f", "\"\\u0001\\u001f\x7f\"");
	check_string_escape("", "\"\"");
	check_string_escape(NULL, "null");
}

static void test_json_escapes_invalid_utf8(void **state)
{
	(void)state;
	/* valid 2-, 3- and 4-byte sequences pass through */
	check_string_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
			    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	/* stray bytes, continuation without lead, truncated sequence */
	check_string_escape("a\xff" "b\x80" "c\xc3", "\"a\\u00ffb\\u0080c\\u00c3\"");
	/* overlong encoding of '/' and of NUL */
	check_string_escape("\xc0\xaf\xe0\x80\xaf", "\"\\u00c0\\u00af\\u00e0\\u0080\\u00af\"");
	/* UTF-16 surrogate U+D800 and a code point above U+10FFFF */
	check_string_escape("\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"");
	check_string_escape("\xf4\x90\x80\x80", "\"\\u00f4\\u0090\\u0080\\u0080\"");
	/* a lead byte followed by a valid character: only the lead is bad */
	check_string_escape("\xe2" "A", "\"\\u00e2A\"");
}

static void test_json_escapes_keys(void **state)
{
	struct json_writer w;
	struct capture c;

	(void)state;
	capture_open(&c);
	json_init(&w, c.f);
	json_obj_begin(&w, NULL);
	json_u64(&w, "k\"\n\xff", 1);
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(capture_close(&c), "{\n  \"k\\\"\\n\\u00ff\" : 1\n}\n");
	capture_free(&c);
}

static void test_json_doubles(void **state)
{
	struct json_writer w;
	struct capture c;

	(void)state;
	capture_open(&c);
	json_init(&w, c.f);
	json_arr_begin(&w, NULL);
	json_double(&w, NULL, 1.5);
	json_double(&w, NULL, 71.428571428);
	json_double(&w, NULL, NAN);
	json_double(&w, NULL, INFINITY);
	json_double(&w, NULL, -INFINITY);
	json_arr_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_string_equal(capture_close(&c),
		"[\n  1.500000,\n  71.428571,\n  0.000000,\n  0.000000,\n  0.000000\n]\n");
	capture_free(&c);
}

typedef void (*json_misuse_fn)(struct json_writer *w);

static void misuse_left_open(struct json_writer *w)
{
	json_obj_begin(w, NULL);
	json_arr_begin(w, "a");
}

static void misuse_extra_end(struct json_writer *w)
{
	json_obj_begin(w, NULL);
	json_obj_end(w);
	json_obj_end(w);
}

static void misuse_key_in_array(struct json_writer *w)
{
	json_arr_begin(w, NULL);
	json_u64(w, "k", 1);
	json_arr_end(w);
}

static void misuse_no_key_in_object(struct json_writer *w)
{
	json_obj_begin(w, NULL);
	json_u64(w, NULL, 1);
	json_obj_end(w);
}

static void misuse_wrong_end(struct json_writer *w)
{
	json_obj_begin(w, NULL);
	json_arr_end(w);
}

static void misuse_two_documents(struct json_writer *w)
{
	json_obj_begin(w, NULL);
	json_obj_end(w);
	json_obj_begin(w, NULL);
	json_obj_end(w);
}

static void misuse_nothing(struct json_writer *w)
{
	(void)w;
}

static void misuse_too_deep(struct json_writer *w)
{
	for (unsigned i = 0; i < JSON_MAX_DEPTH + 5; i++)
		json_arr_begin(w, NULL);
	json_u64(w, NULL, 1);
	for (unsigned i = 0; i < JSON_MAX_DEPTH + 5; i++)
		json_arr_end(w);
}

static void test_json_finish_einval(void **state)
{
	static const json_misuse_fn cases[] = {
		misuse_left_open, misuse_extra_end, misuse_key_in_array,
		misuse_no_key_in_object, misuse_wrong_end, misuse_two_documents,
		misuse_nothing, misuse_too_deep,
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_writer w;
		struct capture c;

		capture_open(&c);
		json_init(&w, c.f);
		cases[i](&w);
		if (json_finish(&w) != -EINVAL)
			fail_msg("misuse case %zu was not reported", i);
		capture_close(&c);
		capture_free(&c);
	}
}

static void test_json_deepest_allowed(void **state)
{
	struct json_writer w;
	struct capture c;

	(void)state;
	capture_open(&c);
	json_init(&w, c.f);
	for (unsigned i = 0; i < JSON_MAX_DEPTH - 1; i++)
		json_arr_begin(&w, NULL);
	for (unsigned i = 0; i < JSON_MAX_DEPTH - 1; i++)
		json_arr_end(&w);
	assert_int_equal(json_finish(&w), 0);
	assert_valid_json(capture_close(&c));
	capture_free(&c);
}

static void test_json_finish_eio(void **state)
{
	struct json_writer w;
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	json_init(&w, f);
	json_obj_begin(&w, NULL);
	json_str(&w, "k", "v");
	json_obj_end(&w);
	assert_int_equal(json_finish(&w), -EIO);
	fclose(f);
}

/* ------------------------------------------------------------------------
 * Output formats
 */

static void test_parse_formats(void **state)
{
	struct diag d = { "" };
	unsigned f = 0;

	(void)state;
	assert_int_equal(report_parse_formats("normal", &f, &d), 0);
	assert_int_equal(f, REPORT_NORMAL);
	assert_int_equal(report_parse_formats("json", &f, &d), 0);
	assert_int_equal(f, REPORT_JSON);
	assert_int_equal(report_parse_formats("json+", &f, &d), 0);
	assert_int_equal(f, REPORT_JSON_PLUS);
	assert_int_equal(report_parse_formats("json,normal", &f, &d), 0);
	assert_int_equal(f, REPORT_JSON | REPORT_NORMAL);
	assert_int_equal(report_parse_formats("terse,json+", &f, &d), 0);
	assert_int_equal(f, REPORT_TERSE | REPORT_JSON_PLUS);
	assert_string_equal(d.msg, "");
}

static void check_bad_format(const char *s, const char *msg)
{
	struct diag d = { "" };
	unsigned f = 12345;

	assert_int_equal(report_parse_formats(s, &f, &d), -EINVAL);
	assert_int_equal(f, 12345);
	assert_string_equal(d.msg, msg);
}

static void test_parse_formats_errors(void **state)
{
	(void)state;
	check_bad_format("xml", "invalid output format 'xml' (expected normal, json, json+ or terse)");
	check_bad_format("json,terse,tersex", "invalid output format 'tersex' (expected normal, json, json+ or terse)");
	check_bad_format("", "invalid output format '' (expected normal, json, json+ or terse)");
	check_bad_format("json,", "invalid output format '' (expected normal, json, json+ or terse)");
	check_bad_format("JSON", "invalid output format 'JSON' (expected normal, json, json+ or terse)");
	check_bad_format("jsonx", "invalid output format 'jsonx' (expected normal, json, json+ or terse)");
}

static void test_default_percentiles(void **state)
{
	static const double fio[] = {
		1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 99, 99.5, 99.9,
		99.95, 99.99,
	};

	(void)state;
	assert_int_equal(report_nr_default_percentiles, 17);
	for (unsigned i = 0; i < 17; i++)
		assert_true(report_default_percentiles[i] == fio[i]);
}

/* ------------------------------------------------------------------------
 * Reports from a hand-built run
 *
 * alpha reads 3 x 4 KiB in 1 s: slat 100 ns, clat 1000/2000/3000 ns,
 *       0.5 s user CPU.
 * beta  writes 2 x 8 KiB in 2 s: clat 500/1500 ns, no slat (sync backend),
 *       0.5 s user CPU, 0.25 s system CPU.
 */

struct fixture {
	struct job jobs[2];
	struct job_list list;
	struct run_result res;
};

static int fixture_setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct job_stats *a, *b;

	if (!fx)
		return -1;
	fx->jobs[0].name = "alpha";
	fx->jobs[1].name = "beta";
	fx->jobs[0].clat_percentiles = true;	/* job_init()'s default */
	fx->jobs[1].clat_percentiles = true;
	fx->list = (struct job_list){ .jobs = fx->jobs, .nr = 2, .nr_groups = 1,
				      .nr_phases = 1 };
	if (run_result_init(&fx->res, &fx->list)) {
		free(fx);
		return -1;
	}
	fx->res.clock_source = "tsc";
	fx->res.start_time = 1795301731;
	fx->res.start_ms = 1795301731054ull;

	a = &fx->res.job_stats[0];
	stats_record(a, DDIR_READ, 4096, false, 100, 1000, true);
	stats_record(a, DDIR_READ, 4096, false, 100, 2000, true);
	stats_record(a, DDIR_READ, 4096, false, 100, 3000, true);
	a->runtime_ns = 1000000000ull;
	a->cpu.usr_ns = 500000000ull;
	a->cpu.ctx = 7;
	a->cpu.minf = 10;

	b = &fx->res.job_stats[1];
	stats_record(b, DDIR_WRITE, 8192, false, 0, 500, false);
	stats_record(b, DDIR_WRITE, 8192, true, 0, 1500, false);
	stats_finish(b);	/* as a worker does at the end of its run */
	b->runtime_ns = 2000000000ull;
	b->cpu.usr_ns = 500000000ull;
	b->cpu.sys_ns = 250000000ull;
	b->cpu.ctx = 3;
	b->cpu.minf = 2;

	run_result_merge_groups(&fx->res);
	*state = fx;
	return 0;
}

static int fixture_teardown(void **state)
{
	struct fixture *fx = *state;

	run_result_release(&fx->res);
	free(fx);
	return 0;
}

/* report_doc - report_json()'s document for res, parsed; put it. */
static struct json_object *report_doc(const struct run_result *res, bool plus)
{
	struct capture c;
	struct json_object *root;

	capture_open(&c);
	assert_int_equal(report_json(c.f, res, plus), 0);
	root = jsondoc_parse(capture_close(&c));
	capture_free(&c);
	return root;
}

static char *render_text(const struct run_result *res)
{
	struct capture c;

	capture_open(&c);
	assert_int_equal(report_text(c.f, res), 0);
	capture_close(&c);
	return c.buf;
}

static void test_result_merge_groups(void **state)
{
	struct fixture *fx = *state;
	const struct job_stats *g = &fx->res.group_stats[0];

	assert_int_equal(g->nr_merged, 2);
	assert_int_equal(g->dir[DDIR_READ].ios, 3);
	assert_int_equal(g->dir[DDIR_WRITE].ios, 2);
	assert_int_equal(g->dir[DDIR_WRITE].short_ios, 1);
	assert_int_equal(g->runtime_ns, 2000000000ull);
	assert_int_equal(g->cpu.usr_ns, 1000000000ull);
	assert_int_equal(g->dir[DDIR_READ].hist[LAT_CLAT]->total, 3);

	/* merging again rebuilds rather than adds */
	run_result_merge_groups(&fx->res);
	assert_int_equal(g->nr_merged, 2);
	assert_int_equal(g->dir[DDIR_READ].ios, 3);
	assert_int_equal(g->cpu.ctx, 10);
}

/* fio's keys, in fio's order. */
#define DOC_KEYS	"iostress version timestamp timestamp_ms time jobs"
#define JOB_KEYS	"jobname groupid error read write trim job_runtime " \
			"usr_cpu sys_cpu ctx majf minf iostress"
#define DIR_KEYS	"io_bytes io_kbytes bw_bytes bw iops runtime total_ios " \
			"short_ios drop_ios slat_ns clat_ns lat_ns bw_min bw_max " \
			"bw_agg bw_mean bw_dev bw_samples iops_min iops_max " \
			"iops_mean iops_stddev iops_samples"
#define LAT_KEYS	"min max mean stddev N"
#define PCT_KEYS	"1.000000 5.000000 10.000000 20.000000 30.000000 " \
			"40.000000 50.000000 60.000000 70.000000 80.000000 " \
			"90.000000 95.000000 99.000000 99.500000 99.900000 " \
			"99.950000 99.990000"

static void test_report_json_jobs(void **state)
{
	struct fixture *fx = *state;
	struct json_object *doc = report_doc(&fx->res, false);

	assert_keys(doc, "", DOC_KEYS);
	assert_json(doc, "/iostress version", "\"iostress-" PACKAGE_VERSION "\"");
	assert_json(doc, "/timestamp", "1795301731");
	assert_json(doc, "/timestamp_ms", "1795301731054");
	assert_int_equal(jsondoc_array_len(doc, "/jobs"), 2);
	assert_keys(doc, "/jobs/0", JOB_KEYS);
	assert_keys(doc, "/jobs/1", JOB_KEYS);

	assert_json(doc, "/jobs/0/jobname", "\"alpha\"");
	assert_json(doc, "/jobs/0/groupid", "0");
	assert_json(doc, "/jobs/0/error", "0");
	assert_keys(doc, "/jobs/0/read", DIR_KEYS);
	assert_json(doc, "/jobs/0/read/io_bytes", "12288");
	assert_json(doc, "/jobs/0/read/io_kbytes", "12");
	assert_json(doc, "/jobs/0/read/bw_bytes", "12288");
	assert_json(doc, "/jobs/0/read/bw", "12");
	assert_json(doc, "/jobs/0/read/iops", "3.000000");
	assert_json(doc, "/jobs/0/read/runtime", "1000");
	assert_json(doc, "/jobs/0/read/total_ios", "3");
	assert_json(doc, "/jobs/0/read/short_ios", "0");
	assert_json(doc, "/jobs/0/read/drop_ios", "0");
	assert_keys(doc, "/jobs/0/read/clat_ns", LAT_KEYS " percentile");
	assert_json(doc, "/jobs/0/read/clat_ns/min", "1000");
	assert_json(doc, "/jobs/0/read/clat_ns/max", "3000");
	assert_json(doc, "/jobs/0/read/clat_ns/mean", "2000.000000");
	assert_json(doc, "/jobs/0/read/clat_ns/stddev", "1000.000000");
	assert_json(doc, "/jobs/0/read/clat_ns/N", "3");
	assert_keys(doc, "/jobs/0/read/clat_ns/percentile", PCT_KEYS);
	assert_json(doc, "/jobs/0/read/clat_ns/percentile/1.000000", "1000");
	assert_json(doc, "/jobs/0/read/clat_ns/percentile/30.000000", "1000");
	assert_json(doc, "/jobs/0/read/clat_ns/percentile/40.000000", "2000");
	assert_json(doc, "/jobs/0/read/clat_ns/percentile/50.000000", "2000");
	assert_json(doc, "/jobs/0/read/clat_ns/percentile/99.990000", "3000");
	/* percentiles for clat only; lat = slat + clat */
	assert_json(doc, "/jobs/0/read/slat_ns",
		    "{\"min\":100,\"max\":100,\"mean\":100.000000,\"stddev\":0.000000,\"N\":3}");
	assert_json(doc, "/jobs/0/read/lat_ns",
		    "{\"min\":1100,\"max\":3100,\"mean\":2100.000000,\"stddev\":1000.000000,\"N\":3}");
	assert_int_equal(jsondoc_count_key(doc, "", "bins"), 0);

	/* alpha did not write: runtime 0 and no percentiles */
	assert_keys(doc, "/jobs/0/write", DIR_KEYS);
	assert_json(doc, "/jobs/0/write/runtime", "0");
	assert_json(doc, "/jobs/0/write/total_ios", "0");
	assert_json(doc, "/jobs/0/write/iops", "0.000000");
	assert_int_equal(jsondoc_count_key(doc, "/jobs/0/write", "percentile"), 0);
	assert_keys(doc, "/jobs/0/trim", DIR_KEYS);

	assert_json(doc, "/jobs/1/jobname", "\"beta\"");
	assert_json(doc, "/jobs/1/write/io_bytes", "16384");
	assert_json(doc, "/jobs/1/write/bw_bytes", "8192");
	assert_json(doc, "/jobs/1/write/bw", "8");
	assert_json(doc, "/jobs/1/write/iops", "1.000000");
	assert_json(doc, "/jobs/1/write/runtime", "2000");
	assert_json(doc, "/jobs/1/write/short_ios", "1");
	assert_json(doc, "/jobs/1/write/slat_ns",
		    "{\"min\":0,\"max\":0,\"mean\":0.000000,\"stddev\":0.000000,\"N\":0}");
	assert_json(doc, "/jobs/1/write/clat_ns/N", "2");
	assert_json(doc, "/jobs/1/write/lat_ns/N", "2");

	assert_json(doc, "/jobs/0/job_runtime", "1000");
	assert_json(doc, "/jobs/0/usr_cpu", "50.000000");
	assert_json(doc, "/jobs/0/sys_cpu", "0.000000");
	assert_json(doc, "/jobs/0/ctx", "7");
	assert_json(doc, "/jobs/0/majf", "0");
	assert_json(doc, "/jobs/0/minf", "10");
	assert_json(doc, "/jobs/1/usr_cpu", "25.000000");
	assert_json(doc, "/jobs/1/sys_cpu", "12.500000");
	assert_json(doc, "/jobs/1/ctx", "3");
	assert_json(doc, "/jobs/1/minf", "2");
	assert_json(doc, "/jobs/0/iostress/clock_source", "\"tsc\"");
	assert_json(doc, "/jobs/0/iostress/interrupted", "false");
	assert_json(doc, "/jobs/1/iostress/interrupted", "false");
	jsondoc_put(doc);
}

/* Rates as a user reads them: 1000 reads of 4 KiB in 0.5 s. */
static void test_report_json_rates(void **state)
{
	struct fixture *fx = *state;
	struct job_stats *a = &fx->res.job_stats[0];
	struct json_object *doc;

	job_stats_reset(a);
	for (unsigned i = 0; i < 1000; i++)
		stats_record(a, DDIR_READ, 4096, false, 0, 100, false);
	stats_finish(a);
	a->runtime_ns = 500000000ull;
	run_result_merge_groups(&fx->res);
	doc = report_doc(&fx->res, false);
	assert_json(doc, "/jobs/0/read/io_bytes", "4096000");
	assert_json(doc, "/jobs/0/read/bw_bytes", "8192000");
	assert_json(doc, "/jobs/0/read/bw", "8000");
	assert_json(doc, "/jobs/0/read/iops", "2000.000000");
	assert_json(doc, "/jobs/0/read/runtime", "500");
	assert_json(doc, "/jobs/0/read/total_ios", "1000");
	jsondoc_put(doc);
}

static void test_report_json_plus_bins(void **state)
{
	struct fixture *fx = *state;
	struct json_object *doc = report_doc(&fx->res, true);

	assert_keys(doc, "/jobs/0/read/clat_ns", LAT_KEYS " percentile bins");
	assert_json(doc, "/jobs/0/read/clat_ns/bins",
		    "{\"1000\":1,\"2000\":1,\"3000\":1}");
	/* slat and lat bins too; no bins where there are no samples */
	assert_json(doc, "/jobs/0/read/slat_ns/bins", "{\"100\":3}");
	assert_json(doc, "/jobs/0/read/lat_ns/bins",
		    "{\"1100\":1,\"2100\":1,\"3100\":1}");
	assert_json(doc, "/jobs/1/write/clat_ns/bins", "{\"500\":1,\"1500\":1}");
	assert_json(doc, "/jobs/1/write/lat_ns/bins", "{\"500\":1,\"1500\":1}");
	assert_int_equal(jsondoc_count_key(doc, "", "bins"), 3 + 2);
	jsondoc_put(doc);
}

/* A bin above the exact range is reported by its midpoint, and percentile
 * values are clamped to the recorded max. */
static void test_report_json_plus_log_bins(void **state)
{
	struct fixture *fx = *state;
	struct job_stats *a = &fx->res.job_stats[0];
	uint64_t v = 1000000;	/* 1 ms: bin width 2^(19-10) = 512 ns */
	unsigned idx = hist_index(v);
	char bins[64];
	struct json_object *doc;

	job_stats_reset(a);
	stats_record(a, DDIR_READ, 4096, false, 0, v, false);
	stats_finish(a);
	snprintf(bins, sizeof(bins), "{\"%llu\":1}",
		 (unsigned long long)hist_bin_value(idx));
	assert_true(hist_bin_value(idx) > v);
	doc = report_doc(&fx->res, true);
	assert_json(doc, "/jobs/0/read/clat_ns/bins", bins);
	assert_json(doc, "/jobs/0/read/clat_ns/percentile/99.990000", "1000000");
	jsondoc_put(doc);
}

static void test_report_json_group_reporting(void **state)
{
	struct fixture *fx = *state;
	struct json_object *doc;

	fx->jobs[0].group_reporting = true;
	fx->jobs[1].group_reporting = true;
	doc = report_doc(&fx->res, false);

	assert_int_equal(jsondoc_array_len(doc, "/jobs"), 1);
	assert_json(doc, "/jobs/0/jobname", "\"alpha\"");
	assert_json(doc, "/jobs/0/read/total_ios", "3");
	assert_json(doc, "/jobs/0/read/runtime", "2000");	/* the longest job */
	assert_json(doc, "/jobs/0/read/bw_bytes", "6144");
	assert_json(doc, "/jobs/0/write/total_ios", "2");
	assert_json(doc, "/jobs/0/write/clat_ns/N", "2");
	/* fio: job_runtime and the CPU divisor are the sum over the jobs */
	assert_json(doc, "/jobs/0/job_runtime", "3000");
	assert_json(doc, "/jobs/0/usr_cpu", "33.333333");
	assert_json(doc, "/jobs/0/ctx", "10");
	assert_json(doc, "/jobs/0/iostress/jobs", "2");
	jsondoc_put(doc);
}

static void test_report_json_error_and_interrupt(void **state)
{
	struct fixture *fx = *state;
	struct json_object *doc;

	fx->res.job_stats[1].error = -EIO;
	fx->res.interrupted = true;
	doc = report_doc(&fx->res, false);
	assert_json(doc, "/jobs/0/error", "0");
	assert_json(doc, "/jobs/1/error", "5");
	assert_json(doc, "/jobs/0/iostress/interrupted", "true");
	assert_json(doc, "/jobs/1/iostress/interrupted", "true");
	assert_int_equal(jsondoc_count_key(doc, "", "interrupted"), 2);
	jsondoc_put(doc);
}

static void test_report_text(void **state)
{
	struct fixture *fx = *state;
	char *out = render_text(&fx->res);

	assert_contains(out, "alpha: (groupid=0, jobs=1): err= 0: pid=");
	assert_contains(out, "\n  read: IOPS=3, BW=12.0KiB/s (12.3kB/s)(12.0KiB/1000msec)\n");
	assert_contains(out, "\n    slat (nsec): min=100, max=100, avg=100.00, stdev= 0.00\n");
	assert_contains(out, "\n    clat (nsec): min=1000, max=3000, avg=2000.00, stdev=1000.00\n");
	assert_contains(out, "\n     lat (nsec): min=1100, max=3100, avg=2100.00, stdev=1000.00\n");
	assert_contains(out, "\n    clat percentiles (nsec):\n"
			     "     |  1.00th=[ 1000],  5.00th=[ 1000], 10.00th=[ 1000], 20.00th=[ 1000],\n"
			     "     | 30.00th=[ 1000], 40.00th=[ 2000], 50.00th=[ 2000], 60.00th=[ 2000],\n");
	assert_contains(out, "| 99.99th=[ 3000]\n");
	assert_contains(out, "\n  lat (usec)   : 2=33.33%, 4=66.67%\n");
	assert_contains(out, "\n  cpu          : usr=50.00%, sys=0.00%, ctx=7, majf=0, minf=10\n");
	assert_contains(out, "issued rwts: total=3,0,0,0 short=0,0,0,0");

	assert_contains(out, "beta: (groupid=0, jobs=1): err= 0: pid=");
	assert_contains(out, "\n  write: IOPS=1, BW=8192B/s (8192B/s)(16.0KiB/2000msec)\n");
	assert_contains(out, "\n  lat (nsec)   : 750=50.00%\n  lat (usec)   : 2=50.00%\n");
	assert_contains(out, "usr=25.00%, sys=12.50%");
	assert_contains(out, "issued rwts: total=0,2,0,0 short=0,1,0,0");

	assert_contains(out, "\nRun status group 0 (all jobs):\n"
			     "   READ: bw=12.0KiB/s (12.3kB/s), 12.0KiB/s-12.0KiB/s (12.3kB/s-12.3kB/s), "
			     "io=12.0KiB (12.3kB), run=1000-1000msec\n"
			     "  WRITE: bw=8192B/s (8192B/s), 8192B/s-8192B/s (8192B/s-8192B/s), "
			     "io=16.0KiB (16.4kB), run=2000-2000msec\n");
	assert_not_contains(out, "interrupted");
	free(out);
}

static void test_report_text_group_reporting(void **state)
{
	struct fixture *fx = *state;
	char *out;

	fx->jobs[0].group_reporting = true;
	fx->jobs[1].group_reporting = true;
	out = render_text(&fx->res);
	assert_contains(out, "alpha: (groupid=0, jobs=2): err= 0: pid=");
	assert_not_contains(out, "beta");
	assert_contains(out, "\n  read: IOPS=1, BW=6144B/s (6144B/s)(12.0KiB/2000msec)\n");
	assert_contains(out, "usr=33.33%, sys=8.33%, ctx=10");
	assert_contains(out, "   READ: bw=6144B/s (6144B/s), 6144B/s-6144B/s");
	free(out);
}

static void test_report_text_units(void **state)
{
	struct fixture *fx = *state;
	struct job_stats *a = &fx->res.job_stats[0];
	char *out;

	/* 1M reads of 4 KiB, clat 1..3 ms spread: usec lines, k/M suffixes */
	job_stats_reset(a);
	for (unsigned i = 0; i < 1000; i++)
		stats_record(a, DDIR_READ, 4096, false, 0,
			     1000000 + (uint64_t)i * 2000, false);
	stats_finish(a);
	a->dir[DDIR_READ].ios = 1020000;
	a->dir[DDIR_READ].bytes = 4177920000ull;
	a->runtime_ns = 1000000000ull;
	run_result_merge_groups(&fx->res);
	out = render_text(&fx->res);
	assert_contains(out, "  read: IOPS=1020k, BW=3984MiB/s (4178MB/s)(3984MiB/1000msec)\n");
	assert_contains(out, "    clat (usec): min=1000, max=2998, avg=1999.00, stdev=577.64\n");
	assert_contains(out, "    clat percentiles (usec):\n     |  1.00th=[ 1019],  5.00th=[ 1099],");
	assert_contains(out, "  lat (msec)   : 2=50.00%, 4=50.00%\n");
	free(out);
}

static void test_report_text_error_and_interrupt(void **state)
{
	struct fixture *fx = *state;
	char *out;

	fx->res.job_stats[1].error = -EIO;
	fx->res.interrupted = true;
	out = render_text(&fx->res);
	assert_contains(out, "beta: (groupid=0, jobs=1): err= 5 (error=Input/output error): pid=");
	assert_int_equal(count_substr(out, "run interrupted"), 2);
	free(out);
}

static void test_report_write_json_then_text(void **state)
{
	struct fixture *fx = *state;
	struct json_object *doc;
	struct capture c;
	const char *out;
	size_t end;

	capture_open(&c);
	assert_int_equal(report_write(c.f, REPORT_NORMAL | REPORT_JSON_PLUS, &fx->res), 0);
	out = capture_close(&c);
	/* one JSON document first, then the text report */
	doc = jsondoc_parse_prefix(out, &end);
	assert_true(jsondoc_has(doc, "/jobs/0/read/clat_ns/bins"));
	assert_true(end && out[end - 1] == '}');
	if (strncmp(out + end, "\nalpha: (groupid=0", 18))
		fail_msg("no text report right after the JSON:\n%s", out + end);
	assert_contains(out + end, "Run status group 0");
	jsondoc_put(doc);
	capture_free(&c);
}

static void test_report_write_eio(void **state)
{
	struct fixture *fx = *state;
	FILE *f = fopen("/dev/full", "w");

	if (!f)
		skip();
	assert_int_equal(report_write(f, REPORT_NORMAL | REPORT_JSON, &fx->res), -EIO);
	fclose(f);
}

/* Two groups: each gets its own summary, a job outside group 0 is not in
 * group 0's figures. */
static void test_report_text_two_groups(void **state)
{
	struct fixture *fx = *state;
	char *out;

	run_result_release(&fx->res);
	fx->jobs[1].groupid = 1;
	fx->list.nr_groups = 2;
	assert_int_equal(run_result_init(&fx->res, &fx->list), 0);
	stats_record(&fx->res.job_stats[0], DDIR_READ, 4096, false, 0, 1000, false);
	fx->res.job_stats[0].runtime_ns = 1000000000ull;
	stats_record(&fx->res.job_stats[1], DDIR_WRITE, 4096, false, 0, 1000, false);
	fx->res.job_stats[1].runtime_ns = 1000000000ull;
	run_result_merge_groups(&fx->res);
	out = render_text(&fx->res);
	assert_contains(out, "beta: (groupid=1, jobs=1)");
	assert_contains(out, "\nRun status group 0 (all jobs):\n   READ: bw=4096B/s");
	assert_contains(out, "\nRun status group 1 (all jobs):\n  WRITE: bw=4096B/s");
	assert_int_equal(count_substr(out, "WRITE:"), 1);
	free(out);
}

/* ------------------------------------------------------------------------
 * Measurements: per-second samples, cycles per I/O, disk_util
 *
 * alpha gets bw samples of 2 and 4 KiB/s and IOPS samples of 1 and 1;
 * its thread spent 3000 cycles (1000 per I/O); the phase (alpha + beta,
 * 5 I/Os) cost the process 10000 and the system 40000 cycles.  The disks
 * are a RAID1 md0 over vdb and vdc, 2 s apart.
 */

static struct disk_set *measure(struct fixture *fx)
{
	struct job_stats *a = &fx->res.job_stats[0];
	struct cycles_stat span = { .process = 10000, .system = 40000,
				    .tsc_hz = 2600000000ull,
				    .source = CYCLES_SRC_CPU_TIME };
	struct disk_set *set = calloc(1, sizeof(*set));

	assert_non_null(set);
	rate_stat_add(&a->rates.bw[DDIR_READ], 2);
	rate_stat_add(&a->rates.bw[DDIR_READ], 4);
	rate_stat_add(&a->rates.iops[DDIR_READ], 1);
	rate_stat_add(&a->rates.iops[DDIR_READ], 1);
	a->cycles = (struct cycles_stat){ .thread = 3000, .tsc_hz = 2600000000ull,
					  .source = CYCLES_SRC_CPU_TIME };
	for (unsigned i = 0; i < 2; i++)
		cycles_span_apply(&span, 5, &fx->res.job_stats[i].cycles);
	run_result_merge_groups(&fx->res);

	diskset_init(set);
	set->nr = 3;
	snprintf(set->disks[0].name, DISK_NAME_MAX, "md0");
	set->disks[0].kind = DISK_MD;
	set->disks[0].nr_lower = 2;
	set->disks[0].lower[0] = 1;
	set->disks[0].lower[1] = 2;
	snprintf(set->disks[1].name, DISK_NAME_MAX, "vdb");
	snprintf(set->disks[2].name, DISK_NAME_MAX, "vdc");
	set->before_ns = 1000000000ull;
	set->after_ns = 3000000000ull;
	set->have_before = set->have_after = true;
	set->disks[0].after = (struct disk_counters){ .ios = { 1000, 500 },
		.sectors = { 8000, 4000 }, .io_ticks = 1900, .time_in_queue = 900 };
	set->disks[1].after = (struct disk_counters){ .ios = { 600, 500 },
		.sectors = { 4800, 4000 }, .ticks = { 300, 400 }, .io_ticks = 1000,
		.time_in_queue = 700 };
	set->disks[2].after = (struct disk_counters){ .ios = { 400, 500 },
		.sectors = { 3200, 4000 }, .ticks = { 200, 300 }, .io_ticks = 1500,
		.time_in_queue = 500 };
	fx->res.disks = set;
	return set;
}

static void test_report_json_measurements(void **state)
{
	struct fixture *fx = *state;
	struct disk_set *set = measure(fx);
	struct json_object *doc = report_doc(&fx->res, false);

	/* fio's keys, after lat_ns; bw_agg: mean 3 of the group's 6 KiB/s */
	assert_keys(doc, "", DOC_KEYS " disk_util");
	assert_keys(doc, "/jobs/0/read", DIR_KEYS);
	assert_json(doc, "/jobs/0/read/bw_min", "2");
	assert_json(doc, "/jobs/0/read/bw_max", "4");
	assert_json(doc, "/jobs/0/read/bw_agg", "50.000000");
	assert_json(doc, "/jobs/0/read/bw_mean", "3.000000");
	assert_json(doc, "/jobs/0/read/bw_dev", "1.414214");
	assert_json(doc, "/jobs/0/read/bw_samples", "2");
	assert_json(doc, "/jobs/0/read/iops_min", "1");
	assert_json(doc, "/jobs/0/read/iops_max", "1");
	assert_json(doc, "/jobs/0/read/iops_mean", "1.000000");
	assert_json(doc, "/jobs/0/read/iops_stddev", "0.000000");
	assert_json(doc, "/jobs/0/read/iops_samples", "2");
	assert_json(doc, "/jobs/0/write/bw_samples", "0");
	assert_int_equal(jsondoc_count_key(doc, "", "iops_samples"), 2 * 3);

	assert_json(doc, "/jobs/0/iostress/cpu",
		    "{\"cycles_per_io\":{\"thread\":1000.000000,"
		    "\"process\":2000.000000,\"system\":8000.000000},"
		    "\"cycles_source\":\"cpu-time\",\"tsc_hz\":2600000000}");

	assert_int_equal(jsondoc_array_len(doc, "/disk_util"), 3);
	assert_keys(doc, "/disk_util/0",
		    "name read_ios write_ios read_sectors write_sectors "
		    "read_merges write_merges read_ticks write_ticks in_queue "
		    "util aggr_read_ios aggr_write_ios aggr_read_sectors "
		    "aggr_write_sectors aggr_read_merges aggr_write_merge "
		    "aggr_read_ticks aggr_write_ticks aggr_in_queue aggr_util "
		    "iostress");
	assert_json(doc, "/disk_util/0/name", "\"md0\"");
	assert_json(doc, "/disk_util/0/read_ios", "1000");
	assert_json(doc, "/disk_util/0/write_ios", "500");
	assert_json(doc, "/disk_util/0/read_sectors", "8000");
	assert_json(doc, "/disk_util/0/in_queue", "900");
	assert_json(doc, "/disk_util/0/util", "95.000000");
	assert_json(doc, "/disk_util/0/aggr_read_ios", "500");
	assert_json(doc, "/disk_util/0/aggr_write_ios", "500");
	assert_json(doc, "/disk_util/0/aggr_write_merge", "0");
	assert_json(doc, "/disk_util/0/aggr_read_ticks", "250");
	assert_json(doc, "/disk_util/0/aggr_write_ticks", "350");
	assert_json(doc, "/disk_util/0/aggr_in_queue", "600");
	assert_json(doc, "/disk_util/0/aggr_util", "75.000000");
	assert_json(doc, "/disk_util/0/iostress",
		    "{\"kind\":\"md\",\"members\":[\"vdb\",\"vdc\"]}");
	assert_json(doc, "/disk_util/1/name", "\"vdb\"");
	assert_json(doc, "/disk_util/1/read_ios", "600");
	assert_json(doc, "/disk_util/1/util", "50.000000");
	assert_json(doc, "/disk_util/2/name", "\"vdc\"");
	assert_json(doc, "/disk_util/2/util", "75.000000");
	assert_int_equal(jsondoc_count_key(doc, "/disk_util", "aggr_util"), 1);
	jsondoc_put(doc);
	fx->res.disks = NULL;
	free(set);
}

static void test_report_text_measurements(void **state)
{
	struct fixture *fx = *state;
	struct disk_set *set = measure(fx);
	char *out = render_text(&fx->res);

	assert_contains(out, "   bw (  KiB/s): min=    2, max=    4, per=50.00%, "
			     "avg= 3.00, stdev= 1.41, samples=2\n"
			     "   iops        : min=    1, max=    1, avg= 1.00, "
			     "stdev= 0.00, samples=2\n");
	assert_contains(out, "  cycles/io    : thread=1000, process=2000, system=8000 "
			     "(estimated: CPU time x TSC 2.60 GHz; no PMU)\n");
	assert_contains(out, "\nDisk stats (read/write):\n"
			     "  md0: ios=1000/500, sectors=8000/4000, merge=0/0, "
			     "ticks=0/0, in_queue=900, util=95.00%, aggrios=500/500, "
			     "aggsectors=4000/4000, aggrmerge=0/0, aggrticks=250/350, "
			     "aggrin_queue=600, aggrutil=75.00%\n"
			     "    member       read_ios  write_ios     read_KiB    write_KiB    rticks    wticks     util\n"
			     "    vdb               600        500         2400         2000       300       400   50.00%\n"
			     "    vdc               400        500         1600         2000       200       300   75.00%\n"
			     "  vdb: ios=600/500");
	/* the PMU is not claimed when cycles were estimated, and nothing is
	 * said about cycles when none were measured */
	assert_not_contains(out, "counted by the PMU");
	assert_int_equal(count_substr(out, "cycles/io"), 2);
	free(out);
	fx->res.disks = NULL;
	free(set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_nesting_and_commas),
		cmocka_unit_test(test_json_escapes_specials),
		cmocka_unit_test(test_json_escapes_invalid_utf8),
		cmocka_unit_test(test_json_escapes_keys),
		cmocka_unit_test(test_json_doubles),
		cmocka_unit_test(test_json_finish_einval),
		cmocka_unit_test(test_json_deepest_allowed),
		cmocka_unit_test(test_json_finish_eio),
		cmocka_unit_test(test_parse_formats),
		cmocka_unit_test(test_parse_formats_errors),
		cmocka_unit_test(test_default_percentiles),
#define FX(t) cmocka_unit_test_setup_teardown(t, fixture_setup, fixture_teardown)
		FX(test_result_merge_groups),
		FX(test_report_json_jobs),
		FX(test_report_json_rates),
		FX(test_report_json_plus_bins),
		FX(test_report_json_plus_log_bins),
		FX(test_report_json_group_reporting),
		FX(test_report_json_error_and_interrupt),
		FX(test_report_text),
		FX(test_report_text_group_reporting),
		FX(test_report_text_units),
		FX(test_report_text_error_and_interrupt),
		FX(test_report_write_json_then_text),
		FX(test_report_write_eio),
		FX(test_report_text_two_groups),
		FX(test_report_json_measurements),
		FX(test_report_text_measurements),
#undef FX
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
