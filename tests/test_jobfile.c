/* SPDX-License-Identifier: MIT */
/*
 * test_jobfile.c - the job-file tokenizer (jobfile.h).
 *
 * Comment handling matches fio 3.33 (checked with fio --debug=parse): a
 * ';' or '#' anywhere ends the line, so "bs=8k ; note" is "bs=8k" and
 * "description=a;b#c" is "a".
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "job/jobfile.h"

/* parse_str - tokenize a C string as "t.fio". */
static int parse_str(const char *text, struct jobfile *jf, struct diag *d)
{
	d->msg[0] = '\0';
	return jobfile_parse_buf("t.fio", text, strlen(text), jf, d);
}

/* expect_error - text must fail with -EINVAL and exactly msg. */
static void expect_error(const char *text, const char *msg)
{
	struct jobfile jf;
	struct diag d;

	assert_int_equal(parse_str(text, &jf, &d), -EINVAL);
	assert_string_equal(d.msg, msg);
	assert_null(jf.secs);
	assert_int_equal(jf.nr_secs, 0);
	assert_null(jf.path);
}

static void assert_opt(const struct jf_option *o, const char *key,
		       const char *val, unsigned line)
{
	assert_string_equal(o->key, key);
	if (val)
		assert_string_equal(o->val, val);
	else
		assert_null(o->val);
	assert_int_equal(o->loc.line, line);
	assert_string_equal(o->loc.file, "t.fio");
}

static void test_sections_and_options(void **state)
{
	const char *text =
		"[global]\n"
		"ioengine=null\n"
		"\n"
		"[job1]\n"
		"rw=randread\n"
		"bs=4k\n"
		"[job2]\n";
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_string_equal(d.msg, "");
	assert_string_equal(jf.path, "t.fio");
	assert_int_equal(jf.nr_secs, 3);
	assert_string_equal(jf.secs[0].name, "global");
	assert_int_equal(jf.secs[0].loc.line, 1);
	assert_int_equal(jf.secs[0].nr_opts, 1);
	assert_opt(&jf.secs[0].opts[0], "ioengine", "null", 2);
	assert_string_equal(jf.secs[1].name, "job1");
	assert_int_equal(jf.secs[1].loc.line, 4);
	assert_int_equal(jf.secs[1].nr_opts, 2);
	assert_opt(&jf.secs[1].opts[0], "rw", "randread", 5);
	assert_opt(&jf.secs[1].opts[1], "bs", "4k", 6);
	assert_string_equal(jf.secs[2].name, "job2");
	assert_int_equal(jf.secs[2].loc.line, 7);
	assert_int_equal(jf.secs[2].nr_opts, 0);
	assert_null(jf.secs[2].opts);
	jobfile_release(&jf);
	assert_null(jf.secs);
}

static void test_comments(void **state)
{
	const char *text =
		"; leading comment\n"
		"# another\n"
		"[j] ; section comment\n"
		"   ; indented comment\n"
		"\t# tab-indented comment\n"
		"bs=8k ; trailing\n"
		"iodepth=4 # trailing\n"
		"description=a;b#c\n"
		"direct#=1\n";
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_int_equal(jf.nr_secs, 1);
	assert_int_equal(jf.secs[0].loc.line, 3);
	assert_int_equal(jf.secs[0].nr_opts, 4);
	assert_opt(&jf.secs[0].opts[0], "bs", "8k", 6);
	assert_opt(&jf.secs[0].opts[1], "iodepth", "4", 7);
	assert_opt(&jf.secs[0].opts[2], "description", "a", 8);
	assert_opt(&jf.secs[0].opts[3], "direct", NULL, 9);
	jobfile_release(&jf);
}

static void test_spaces_and_bare_keys(void **state)
{
	const char *text =
		"  [ spaced name ]  \n"
		"  bs  =  8k  \n"
		"\tiodepth\t=\t2\t\n"
		"direct\n"
		"  time_based  \n"
		"filename=\n"
		"description = two words \n"
		"a=b=c\n";
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_int_equal(jf.nr_secs, 1);
	assert_string_equal(jf.secs[0].name, "spaced name");
	assert_int_equal(jf.secs[0].nr_opts, 7);
	assert_opt(&jf.secs[0].opts[0], "bs", "8k", 2);
	assert_opt(&jf.secs[0].opts[1], "iodepth", "2", 3);
	assert_opt(&jf.secs[0].opts[2], "direct", NULL, 4);
	assert_opt(&jf.secs[0].opts[3], "time_based", NULL, 5);
	assert_opt(&jf.secs[0].opts[4], "filename", "", 6);
	assert_opt(&jf.secs[0].opts[5], "description", "two words", 7);
	assert_opt(&jf.secs[0].opts[6], "a", "b=c", 8);
	jobfile_release(&jf);
}

static void test_crlf_and_no_final_newline(void **state)
{
	const char *text = "[j]\r\nbs=8k\r\n\r\n; c\r\nrw=write";
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_int_equal(jf.secs[0].nr_opts, 2);
	assert_opt(&jf.secs[0].opts[0], "bs", "8k", 2);
	assert_opt(&jf.secs[0].opts[1], "rw", "write", 5);
	jobfile_release(&jf);
}

static void test_bom_and_utf8(void **state)
{
	const char *text = "\xef\xbb\xbf[j]\ndescription=caf\xc3\xa9\n";
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_string_equal(jf.secs[0].name, "j");
	assert_opt(&jf.secs[0].opts[0], "description", "caf\xc3\xa9", 2);
	jobfile_release(&jf);
}

static void test_empty_input(void **state)
{
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(parse_str("", &jf, &d), 0);
	assert_int_equal(jf.nr_secs, 0);
	jobfile_release(&jf);
	assert_int_equal(parse_str("\n\n; only comments\n", &jf, &d), 0);
	assert_int_equal(jf.nr_secs, 0);
	jobfile_release(&jf);
}

static void test_long_line(void **state)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 64);
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_non_null(text);
	strcpy(text, "[j]\ndescription=");
	memset(text + strlen(text), 'x', n);
	strcpy(text + 16 + n, "\nbs=1\n");
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_int_equal(jf.secs[0].nr_opts, 2);
	assert_int_equal(strlen(jf.secs[0].opts[0].val), n);
	assert_opt(&jf.secs[0].opts[1], "bs", "1", 3);
	jobfile_release(&jf);
	free(text);
}

static void test_many_sections_and_options(void **state)
{
	size_t cap = 200000, len = 0;
	char *text = malloc(cap);
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_non_null(text);
	for (int s = 0; s < 100; s++) {
		len += (size_t)snprintf(text + len, cap - len, "[s%d]\n", s);
		for (int o = 0; o < 50; o++)
			len += (size_t)snprintf(text + len, cap - len, "k%d=%d\n", o, s);
	}
	assert_int_equal(parse_str(text, &jf, &d), 0);
	assert_int_equal(jf.nr_secs, 100);
	assert_string_equal(jf.secs[99].name, "s99");
	assert_int_equal(jf.secs[99].nr_opts, 50);
	assert_opt(&jf.secs[99].opts[49], "k49", "99", 100 * 51);
	jobfile_release(&jf);
	free(text);
}

static void test_syntax_errors(void **state)
{
	(void)state;
	expect_error("iodepth=2\n[j]\n",
		     "t.fio:1: option 'iodepth' outside of any [section]");
	expect_error("\n; c\ndirect\n",
		     "t.fio:3: option 'direct' outside of any [section]");
	expect_error("[j]\nbs=4k\n[job2\nrw=read\n",
		     "t.fio:3: unclosed section '[job2' (missing ']')");
	expect_error("[j]\n[]\n", "t.fio:2: empty section name '[]'");
	expect_error("[j]\n[   ]\n", "t.fio:2: empty section name '[]'");
	expect_error("[j] junk\n",
		     "t.fio:1: unexpected text 'junk' after section '[j]'");
	expect_error("[a[b]\n", "t.fio:1: invalid section name 'a[b'");
	expect_error("[j]\n=4k\n", "t.fio:2: missing option name before '=4k'");
	expect_error("[j]\n  =\n", "t.fio:2: missing option name before '='");
	/* '#' cuts the line before the ']' */
	expect_error("[a#b]\n", "t.fio:1: unclosed section '[a' (missing ']')");
}

static void test_binary_garbage(void **state)
{
	static const char nul[] = "[j]\nbs=4k\0\nrw=read\n";
	static const char elf[] = "\x7f" "ELF\x02\x01\x01\x00\x00";
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(jobfile_parse_buf("t.fio", nul, sizeof(nul) - 1, &jf, &d),
			 -EINVAL);
	assert_string_equal(d.msg,
			    "t.fio:2: invalid byte 0x00 in job file (is it a text file?)");
	assert_int_equal(jobfile_parse_buf("t.fio", elf, sizeof(elf) - 1, &jf, &d),
			 -EINVAL);
	assert_string_equal(d.msg,
			    "t.fio:1: invalid byte 0x7f in job file (is it a text file?)");
	expect_error("[j]\nbs=4k\rrw=read\n",
		     "t.fio:2: invalid byte 0x0d in job file (is it a text file?)");
	expect_error("[j]\n\x1b[31m\n",
		     "t.fio:2: invalid byte 0x1b in job file (is it a text file?)");
}

/* every byte value, in every position of a short file: never a crash */
static void test_fuzz_bytes(void **state)
{
	char buf[] = "[j]\nbs=4k\n[k]\nx\n";
	struct jobfile jf;
	struct diag d;

	(void)state;
	for (size_t pos = 0; pos < sizeof(buf) - 1; pos++) {
		char saved = buf[pos];

		for (int c = 0; c < 256; c++) {
			buf[pos] = (char)c;
			if (!jobfile_parse_buf("f", buf, sizeof(buf) - 1, &jf, &d))
				jobfile_release(&jf);
			else
				assert_true(d.msg[0] != '\0');
		}
		buf[pos] = saved;
	}
}

static void test_parse_file(void **state)
{
	char path[] = "/tmp/test_jobfile.XXXXXX";
	struct jobfile jf;
	struct diag d;
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("[j]\nrw=write\n", f);
	fclose(f);
	assert_int_equal(jobfile_parse(path, &jf, &d), 0);
	assert_string_equal(jf.path, path);
	assert_string_equal(jf.secs[0].opts[0].loc.file, path);
	assert_string_equal(jf.secs[0].opts[0].val, "write");
	jobfile_release(&jf);
	unlink(path);
}

static void test_parse_file_errors(void **state)
{
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(jobfile_parse("/nonexistent/x.fio", &jf, &d), -ENOENT);
	assert_string_equal(d.msg,
			    "unable to open '/nonexistent/x.fio': No such file or directory");
	assert_null(jf.path);
	assert_int_equal(jobfile_parse("/tmp", &jf, &d), -EISDIR);
	assert_string_equal(d.msg, "unable to read '/tmp': Is a directory");
	assert_null(jf.path);
}

/* ---------------------------------------------------------------------
 * include, ${VAR}, command-line jobs
 */

/* write_file - create path with text, in the current directory. */
static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static void test_include(void **state)
{
	char dir[] = "/tmp/test_jobfile.XXXXXX", old[4096];
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(mkdir("sub", 0755), 0);
	write_file("sub/inc.fio", "bs=8k\ninclude inc2.fio\n");
	write_file("sub/inc2.fio", "; nested, relative to sub/\niodepth=4\n");
	write_file("main.fio", "[global]\ninclude sub/inc.fio\n[a]\nsize=1m\n");
	assert_int_equal(jobfile_parse("main.fio", &jf, &d), 0);
	assert_int_equal(jf.nr_secs, 2);
	assert_int_equal(jf.secs[0].nr_opts, 2);
	assert_string_equal(jf.secs[0].opts[0].key, "bs");
	assert_string_equal(jf.secs[0].opts[0].loc.file, "sub/inc.fio");
	assert_int_equal(jf.secs[0].opts[0].loc.line, 1);
	assert_string_equal(jf.secs[0].opts[1].key, "iodepth");
	assert_string_equal(jf.secs[0].opts[1].loc.file, "sub/inc2.fio");
	assert_int_equal(jf.secs[0].opts[1].loc.line, 2);
	assert_string_equal(jf.secs[1].opts[0].loc.file, "main.fio");
	assert_int_equal(jf.secs[1].opts[0].loc.line, 4);
	jobfile_release(&jf);

	/* errors name the include line, or the included file's line */
	write_file("missing.fio", "[a]\n\ninclude nope.fio\n");
	assert_int_equal(jobfile_parse("missing.fio", &jf, &d), -ENOENT);
	assert_string_equal(d.msg, "missing.fio:3: unable to open include file 'nope.fio': No such file or directory");
	write_file("sub/sec.fio", "bs=4k\n[x]\n");
	write_file("sec.fio", "[a]\ninclude sub/sec.fio\n");
	assert_int_equal(jobfile_parse("sec.fio", &jf, &d), -EINVAL);
	assert_string_equal(d.msg, "sub/sec.fio:2: section '[x]' in an included file (included files hold options only)");
	write_file("loop1.fio", "iodepth=2\ninclude loop2.fio\n");
	write_file("loop2.fio", "include loop1.fio\n");
	write_file("loop.fio", "[a]\ninclude loop1.fio\n");
	assert_int_equal(jobfile_parse("loop.fio", &jf, &d), -ELOOP);
	assert_string_equal(d.msg, "loop2.fio:1: include loop: 'loop1.fio' is already being read");
	write_file("self.fio", "[a]\ninclude self.fio\n");
	assert_int_equal(jobfile_parse("self.fio", &jf, &d), -ELOOP);
	assert_string_equal(d.msg, "self.fio:2: include loop: 'self.fio' is already being read");
	write_file("outside.fio", "include sub/inc.fio\n[a]\n");
	assert_int_equal(jobfile_parse("outside.fio", &jf, &d), -EINVAL);
	assert_string_equal(d.msg, "outside.fio:1: 'include sub/inc.fio' outside of any [section]");
	write_file("dev.fio", "[a]\ninclude /dev/zero\n");
	assert_int_equal(jobfile_parse("dev.fio", &jf, &d), -EINVAL);
	assert_string_equal(d.msg, "dev.fio:2: include file '/dev/zero' is not a regular file of at most 1 MiB");

	assert_int_equal(chdir(old), 0);
	assert_int_equal(system("rm -rf /tmp/test_jobfile.*"), 0);
}

static void test_env(void **state)
{
	struct jobfile jf;
	struct diag d;

	(void)state;
	setenv("IOSTRESS_T_SIZE", "64m", 1);
	unsetenv("IOSTRESS_T_UNSET");
	assert_int_equal(parse_str("[a]\nsize=${IOSTRESS_T_SIZE}\n"
				   "description=x${IOSTRESS_T_UNSET}y\n"
				   "filename=${unclosed\n", &jf, &d), 0);
	assert_string_equal(jf.secs[0].opts[0].val, "64m");
	assert_string_equal(jf.secs[0].opts[1].val, "xy");
	assert_string_equal(jf.secs[0].opts[2].val, "${unclosed");
	/* the first unset variable of a line is kept for messages */
	assert_null(jf.secs[0].opts[0].unset_var);
	assert_string_equal(jf.secs[0].opts[1].unset_var, "IOSTRESS_T_UNSET");
	assert_null(jf.secs[0].opts[2].unset_var);
	jobfile_release(&jf);
}

static void test_from_args(void **state)
{
	char *args[] = { "--ioengine=null", "--name=a", "--rw=randread",
			 "--direct", "--name=b", "--bs=8k" };
	int argi[] = { 1, 2, 3, 4, 6, 7 };
	char *bad[] = { "--name=" };
	struct jobfile jf;
	struct diag d;

	(void)state;
	assert_int_equal(jobfile_from_args(args, argi, 6, &jf, &d), 0);
	assert_string_equal(jf.path, "<cmdline>");
	assert_int_equal(jf.nr_secs, 3);
	assert_string_equal(jf.secs[0].name, "global");
	assert_string_equal(jf.secs[0].opts[0].key, "ioengine");
	assert_string_equal(jf.secs[1].name, "a");
	assert_int_equal(jf.secs[1].nr_opts, 2);
	assert_null(jf.secs[1].opts[1].val);		/* bare --direct */
	assert_string_equal(jf.secs[2].name, "b");
	assert_int_equal(jf.secs[2].opts[0].loc.line, 7);
	jobfile_release(&jf);
	assert_int_equal(jobfile_from_args(bad, NULL, 1, &jf, &d), -EINVAL);
	assert_string_equal(d.msg, "<cmdline>:1: --name needs a job name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_options),
		cmocka_unit_test(test_comments),
		cmocka_unit_test(test_spaces_and_bare_keys),
		cmocka_unit_test(test_crlf_and_no_final_newline),
		cmocka_unit_test(test_bom_and_utf8),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test(test_long_line),
		cmocka_unit_test(test_many_sections_and_options),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_binary_garbage),
		cmocka_unit_test(test_fuzz_bytes),
		cmocka_unit_test(test_parse_file),
		cmocka_unit_test(test_parse_file_errors),
		cmocka_unit_test(test_include),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_from_args),
	};

	return cmocka_run_group_tests_name("jobfile", tests, NULL, NULL);
}
