/* SPDX-License-Identifier: MIT */
/*
 * test_number.c - sizes, times, integers and booleans (number.h).
 *
 * The size values were cross-checked once against fio 3.33 with
 *   fio --debug=parse --parse-only x.fio   ([j] kb_base=N size=S)
 * and are hard-coded here.  Where fio is laxer ("4q" -> 4, "1.5k" -> 1,
 * "0x10k" -> 16, "1ki" -> 1024) iostress refuses, and the tests say so.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "job/number.h"

struct size_case {
	const char *s;
	uint64_t v1024;		/* fio 3.33, kb_base=1024 */
	uint64_t v1000;		/* fio 3.33, kb_base=1000 */
};

static const struct size_case size_cases[] = {
	{ "1",		1,			1 },
	{ "16384",	16384,			16384 },
	{ "010",	10,			10 },		/* decimal, not octal */
	{ "1b",		1,			1 },
	{ "1B",		1,			1 },
	{ "1k",		1024,			1000 },
	{ "1K",		1024,			1000 },
	{ "1kb",	1024,			1000 },
	{ "1KB",	1024,			1000 },
	{ "1Kb",	1024,			1000 },
	{ "1KiB",	1000,			1024 },
	{ "1kib",	1000,			1024 },
	{ "1kIB",	1000,			1024 },
	{ "1m",		1048576,		1000000 },
	{ "1MB",	1048576,		1000000 },
	{ "1MiB",	1000000,		1048576 },
	{ "1g",		1073741824,		1000000000 },
	{ "1GiB",	1000000000,		1073741824 },
	{ "1t",		1099511627776ull,	1000000000000ull },
	{ "1TiB",	1000000000000ull,	1099511627776ull },
	{ "1p",		1125899906842624ull,	1000000000000000ull },
	{ "1PiB",	1000000000000000ull,	1125899906842624ull },
	{ "4k",		4096,			4000 },
	{ "0x10",	16,			16 },
	{ "0X10",	16,			16 },
	{ "0xff",	255,			255 },
	{ "0xFFFFFFFFFFFFFFFF", UINT64_MAX,	UINT64_MAX },
	{ "18446744073709551615", UINT64_MAX,	UINT64_MAX },
};

static void test_size_suffixes(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(size_cases) / sizeof(size_cases[0]); i++) {
		const struct size_case *c = &size_cases[i];
		uint64_t v = 12345;

		print_message("# size '%s'\n", c->s);
		assert_int_equal(parse_size(c->s, 1024, &v), 0);
		assert_int_equal(v, c->v1024);
		assert_int_equal(parse_size(c->s, 1000, &v), 0);
		assert_int_equal(v, c->v1000);
	}
}

static void test_size_garbage(void **state)
{
	/* fio 3.33 accepts most of these (e.g. "4q" as 4); iostress is strict */
	static const char *const bad[] = {
		"", "4q", "1.5k", "4 k", " 4k", "4k ", "1kk", "1ki", "1i",
		"-1", "+1", "k", "0x", "0x10k", "0xg", "1e", "1E", "1kbb",
		"1kibb", "1bb", "1x",
	};
	uint64_t v = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("# size '%s'\n", bad[i]);
		assert_int_equal(parse_size(bad[i], 1024, &v), -EINVAL);
		assert_int_equal(v, 7);		/* untouched on error */
	}
	assert_int_equal(parse_size(NULL, 1024, &v), -EINVAL);
}

static void test_size_overflow(void **state)
{
	uint64_t v = 7;

	(void)state;
	/* fio 3.33 wraps 16777216t to 0 under kb_base 1024; we refuse */
	assert_int_equal(parse_size("18446744073709551616", 1024, &v), -ERANGE);
	assert_int_equal(parse_size("0x10000000000000000", 1024, &v), -ERANGE);
	assert_int_equal(parse_size("16777216t", 1024, &v), -ERANGE);
	assert_int_equal(parse_size("16384p", 1024, &v), -ERANGE);
	assert_int_equal(parse_size("18446744073709551615k", 1024, &v), -ERANGE);
	assert_int_equal(v, 7);
	/* 16383p = 2^64 - 2^50 fits; 18446744073709551615b is the max */
	assert_int_equal(parse_size("16383p", 1024, &v), 0);
	assert_int_equal(v, 18445618173802708992ull);
	assert_int_equal(parse_size("16777215t", 1024, &v), 0);
	assert_int_equal(v, 18446742974197923840ull);
}

static void test_size_kb_base(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_size("1k", 512, &v), -EINVAL);
	assert_int_equal(parse_size("1k", 0, &v), -EINVAL);
	assert_int_equal(parse_size("1", 1023, &v), -EINVAL);
}

static void test_uint(void **state)
{
	uint64_t v = 7;

	(void)state;
	assert_int_equal(parse_uint("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse_uint("42", &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(parse_uint("007", &v), 0);
	assert_int_equal(v, 7);
	assert_int_equal(parse_uint("0x1F", &v), 0);
	assert_int_equal(v, 31);
	assert_int_equal(parse_uint("18446744073709551615", &v), 0);
	assert_int_equal(v, UINT64_MAX);
	v = 3;
	assert_int_equal(parse_uint("18446744073709551616", &v), -ERANGE);
	assert_int_equal(parse_uint("99999999999999999999999", &v), -ERANGE);
	assert_int_equal(parse_uint("", &v), -EINVAL);
	assert_int_equal(parse_uint("-1", &v), -EINVAL);
	assert_int_equal(parse_uint("4k", &v), -EINVAL);
	assert_int_equal(parse_uint("1 ", &v), -EINVAL);
	assert_int_equal(parse_uint("0x", &v), -EINVAL);
	assert_int_equal(parse_uint(NULL, &v), -EINVAL);
	assert_int_equal(v, 3);
}

struct time_case {
	const char *s;
	uint64_t ns;
};

static void test_time_units(void **state)
{
	static const struct time_case cases[] = {
		{ "10",		10000000000ull },	/* unit s */
		{ "0",		0 },
		{ "10s",	10000000000ull },
		{ "10S",	10000000000ull },
		{ "10sec",	10000000000ull },	/* fio 3.33: 10 us (a fio bug) */
		{ "10ms",	10000000ull },
		{ "10MS",	10000000ull },
		{ "10msec",	10000000ull },
		{ "10us",	10000ull },
		{ "10usec",	10000ull },
		{ "2m",		120000000000ull },
		{ "2min",	120000000000ull },	/* fio 3.33: 2 us (a fio bug) */
		{ "1h",		3600000000000ull },
		{ "1d",		86400000000000ull },
		{ "0x10",	16000000000ull },
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		print_message("# time '%s'\n", cases[i].s);
		assert_int_equal(parse_time_ns(cases[i].s, 1000000000ull, &v), 0);
		assert_int_equal(v, cases[i].ns);
	}
}

static void test_time_default_unit(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(parse_time_ns("250", 1000ull, &v), 0);	/* us */
	assert_int_equal(v, 250000ull);
	assert_int_equal(parse_time_ns("250", 1000000ull, &v), 0);	/* ms */
	assert_int_equal(v, 250000000ull);
	assert_int_equal(parse_time_ns("3s", 1000ull, &v), 0);
	assert_int_equal(v, 3000000000ull);
	assert_int_equal(parse_time_ns("1", 0, &v), -EINVAL);
}

static void test_time_garbage(void **state)
{
	static const char *const bad[] = {
		"", "1.5s", "10ns", "10x", "s", "-1", "10 s", "1hr", "0x10s",
		"10secs", "1y",
	};
	uint64_t v = 9;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("# time '%s'\n", bad[i]);
		assert_int_equal(parse_time_ns(bad[i], 1000000000ull, &v), -EINVAL);
	}
	assert_int_equal(parse_time_ns("18446744073709551615", 1000000000ull, &v), -ERANGE);
	assert_int_equal(parse_time_ns("213504d", 1000000000ull, &v), -ERANGE);
	assert_int_equal(parse_time_ns("213503d", 1000000000ull, &v), 0);
	assert_int_equal(v, 18446659200000000000ull);
	v = 9;
	assert_int_equal(parse_time_ns(NULL, 1000000000ull, &v), -EINVAL);
	assert_int_equal(v, 9);
}

static void test_bool(void **state)
{
	static const char *const yes[] = { "1", "true", "TRUE", "yes", "Yes", "on", "ON" };
	static const char *const no[] = { "0", "false", "False", "no", "NO", "off", "Off" };
	static const char *const bad[] = { "", "2", "y", "n", "maybe", "01", "true " };
	bool v;

	(void)state;
	v = false;
	assert_int_equal(parse_bool(NULL, &v), 0);	/* bare */
	assert_true(v);
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		v = false;
		assert_int_equal(parse_bool(yes[i], &v), 0);
		assert_true(v);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		v = true;
		assert_int_equal(parse_bool(no[i], &v), 0);
		assert_false(v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = true;
		assert_int_equal(parse_bool(bad[i], &v), -EINVAL);
		assert_true(v);
	}
}

/* fio arithmetic (numexpr.h): precedence as in fio's grammar, where a
 * unit suffix binds between '+' and '*' */
static void test_expressions(void **state)
{
	static const struct { const char *s; uint64_t v; } sizes[] = {
		{ "(4*1024)", 4096 }, { "(1g/2)", 536870912 },
		{ "(1+2)*4k", 12288 }, { "(8/2k)", 4096 }, { "(1+2k)", 2049 },
		{ "(2*7%4)", 6 }, { "(2^3^2)", 512 }, { "(-2^2)", 4 },
		{ "(1.5k)", 1536 }, { "(0x10)", 16 }, { "( 1 + 1 )", 2 },
		{ "(1KiB)", 1000 }, { "(1m)", 1048576 }, { "((((1))))", 1 },
	};
	static const char *const bad[] = {
		"(1/0)", "(1-2)", "(4k", "(4q)", "(1ms)", "(2)x", "()", "(7.5%2)",
		"(99999999999999999999)", "(2^64)",
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		print_message("# expr '%s'\n", sizes[i].s);
		assert_int_equal(parse_size(sizes[i].s, 1024, &v), 0);
		assert_int_equal(v, sizes[i].v);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		print_message("# bad expr '%s'\n", bad[i]);
		assert_int_not_equal(parse_size(bad[i], 1024, &v), 0);
	}
	/* times: a unitless expression is in the option's unit, one with a
	 * unit is in µs from the units */
	assert_int_equal(parse_time_ns("(10)", 1000000000ull, &v), 0);
	assert_int_equal(v, 10000000000ull);
	assert_int_equal(parse_time_ns("(1m)", 1000000000ull, &v), 0);
	assert_int_equal(v, 60000000000ull);
	assert_int_equal(parse_time_ns("(1500ms)", 1000000000ull, &v), 0);
	assert_int_equal(v, 1500000000ull);
	assert_int_equal(parse_time_ns("(1s+500)", 1000000000ull, &v), 0);
	assert_int_equal(v, 1000500000ull);
	assert_int_equal(parse_time_ns("(100)", 1000ull, &v), 0);	/* thinktime */
	assert_int_equal(v, 100000ull);
	/* a unitless fraction is kept to the ns, one with a unit to the µs */
	assert_int_equal(parse_time_ns("(1.5)", 1000000000ull, &v), 0);
	assert_int_equal(v, 1500000000ull);
	assert_int_equal(parse_time_ns("(1.5us)", 1000000000ull, &v), 0);
	assert_int_equal(v, 1000ull);
	assert_int_not_equal(parse_time_ns("(1k)", 1000ull, &v), 0);
	assert_int_equal(parse_uint("(2*8)", &v), 0);
	assert_int_equal(v, 16);
}

static void test_percent_and_double(void **state)
{
	uint64_t v;
	unsigned pct;
	double x;

	(void)state;
	assert_int_equal(parse_size_pct("50%", 1024, &v, &pct), 0);
	assert_int_equal(pct, 50);
	assert_int_equal(v, 0);
	assert_int_equal(parse_size_pct("4k", 1024, &v, &pct), 0);
	assert_int_equal(pct, 0);
	assert_int_equal(v, 4096);
	assert_int_equal(parse_size_pct("0%", 1024, &v, &pct), -ERANGE);
	assert_int_equal(parse_size_pct("101%", 1024, &v, &pct), -ERANGE);
	assert_int_equal(parse_size_pct("%", 1024, &v, &pct), -EINVAL);
	assert_int_equal(parse_size_pct("1.5%", 1024, &v, &pct), -EINVAL);
	assert_int_equal(parse_double("99.95", &x), 0);
	assert_true(x > 99.949 && x < 99.951);
	assert_int_equal(parse_double("-1", &x), -EINVAL);
	assert_int_equal(parse_double("1x", &x), -EINVAL);
	assert_int_equal(parse_double("", &x), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_suffixes),
		cmocka_unit_test(test_size_garbage),
		cmocka_unit_test(test_size_overflow),
		cmocka_unit_test(test_size_kb_base),
		cmocka_unit_test(test_uint),
		cmocka_unit_test(test_time_units),
		cmocka_unit_test(test_time_default_unit),
		cmocka_unit_test(test_time_garbage),
		cmocka_unit_test(test_bool),
		cmocka_unit_test(test_expressions),
		cmocka_unit_test(test_percent_and_double),
	};

	return cmocka_run_group_tests_name("number", tests, NULL, NULL);
}
