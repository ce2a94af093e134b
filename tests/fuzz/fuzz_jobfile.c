/* SPDX-License-Identifier: MIT */
/*
 * fuzz_jobfile.c - libFuzzer harness over the job-file path: tokenizer
 * (jobfile_parse_buf), option table and expansion (jobs_build), and the
 * resolved dump (options_dump).  Any input must either parse or be refused
 * with a message; a crash, leak or sanitizer report is a bug.
 *
 * An input whose first byte is 0x01 is read instead as NUL-separated
 * command-line job options ("--name=a", "--rw=read", ...), which goes
 * through jobfile_from_args().
 *
 * Built and run by tests/fuzz/run-fuzz.sh.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "job/jobfile.h"
#include "job/jobs.h"
#include "job/options.h"

static FILE *sink;

static int from_args(const uint8_t *data, size_t size, struct jobfile *jf,
		     struct diag *d)
{
	char *copy = malloc(size + 1), **args;
	unsigned nr = 0;
	int ret;

	if (!copy)
		return -ENOMEM;
	memcpy(copy, data, size);
	copy[size] = '\0';
	args = calloc(size + 1, sizeof(*args));
	if (!args) {
		free(copy);
		return -ENOMEM;
	}
	for (size_t i = 0; i < size; i += strlen(copy + i) + 1)
		args[nr++] = copy + i;
	ret = jobfile_from_args(args, NULL, nr, jf, d);
	free(args);
	free(copy);
	return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct job_list list;
	struct jobfile jf;
	struct diag d = { { 0 } };
	int ret;

	if (!sink)
		sink = fopen("/dev/null", "w");
	if (size && data[0] == 1)
		ret = from_args(data + 1, size - 1, &jf, &d);
	else
		ret = jobfile_parse_buf("fuzz.fio", (const char *)data, size, &jf, &d);
	if (ret) {
		if (!d.msg[0])
			abort();	/* every refusal must say why */
		return 0;
	}
	ret = jobs_build(&jf, 1, &list, &d);
	if (!ret) {
		for (unsigned i = 0; i < list.nr; i++)
			options_dump(&list.jobs[i], sink);
		jobs_dump(&list, sink);
		job_list_release(&list);
	} else if (!d.msg[0]) {
		abort();
	}
	jobfile_release(&jf);
	return 0;
}
