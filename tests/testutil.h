/* SPDX-License-Identifier: MIT */
/*
 * testutil.h - helpers shared by the cmocka tests that use real system
 * components (loop devices, mkfs, swap): run a shell command, find a tool,
 * and skip a test that cannot run here, which is a failure when
 * IOSTRESS_REQUIRE_ALL=1 (as CI sets).
 *
 * Include after <cmocka.h>.
 */
#ifndef IOSTRESS_TESTUTIL_H
#define IOSTRESS_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>

/* require_all - true when IOSTRESS_REQUIRE_ALL=1: skips become failures. */
bool require_all(void);

/* skip_or_fail - skip this test with a reason, or fail it under
 * IOSTRESS_REQUIRE_ALL=1.  Does not return. */
#define skip_or_fail(...) do {					\
	if (require_all())					\
		fail_msg(__VA_ARGS__);				\
	print_message("# skip: " __VA_ARGS__);			\
	print_message("\n");					\
	skip();							\
} while (0)

/* run - run cmd through the shell, put the first line of its output in out
 * (may be NULL), and return its exit status, or -1 when it did not exit. */
int run(const char *cmd, char *out, size_t len);

/* have_tool - whether name is on PATH. */
bool have_tool(const char *name);

#endif
