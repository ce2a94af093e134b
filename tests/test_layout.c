/* SPDX-License-Identifier: MIT */
/*
 * test_layout.c - laying out data files on a real filesystem (/var/tmp):
 * what each fallocate= mode allocates and what size it leaves, the random
 * fill for jobs that read, and that an existing file is never truncated.
 */
#include <errno.h>
#include <fcntl.h>
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

#include "testutil.h"
#include "workload/layout.h"

#define NEED (8u << 20)

static char path[64];

static int setup(void **state)
{
	(void)state;
	snprintf(path, sizeof(path), "/var/tmp/iostress-layout-%d", (int)getpid());
	unlink(path);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* lay out path with mode; *size and *allocated (bytes) afterwards */
static void lay(enum fallocate_mode mode, bool fill, uint64_t *size,
		uint64_t *allocated)
{
	struct diag d = { "" };
	struct stat st;
	uint64_t out = 0;
	int ret = layout_file(path, NEED, fill, mode, 7, &out, &d);

	if (ret == -EOPNOTSUPP)
		skip_or_fail("/var/tmp cannot preallocate: %s", d.msg);
	assert_int_equal(ret, 0);
	assert_int_equal(stat(path, &st), 0);
	*size = (uint64_t)st.st_size;
	*allocated = (uint64_t)st.st_blocks * 512;
	assert_int_equal(out, *size);
}

static void test_none_is_sparse_and_empty(void **state)
{
	uint64_t size, alloc;

	lay(FALLOC_NONE, false, &size, &alloc);
	assert_int_equal(size, 0);		/* fio: grows as it writes */
	assert_true(alloc < NEED / 8);
	teardown(state);
}

static void test_native_and_posix_allocate(void **state)
{
	uint64_t size, alloc;

	lay(FALLOC_NATIVE, false, &size, &alloc);
	assert_int_equal(size, NEED);
	assert_true(alloc >= NEED);
	teardown(state);
	lay(FALLOC_POSIX, false, &size, &alloc);
	assert_int_equal(size, NEED);
	assert_true(alloc >= NEED);
	teardown(state);
}

static void test_keep_allocates_without_size(void **state)
{
	uint64_t size, alloc;

	lay(FALLOC_KEEP, false, &size, &alloc);
	assert_int_equal(size, 0);
	assert_true(alloc >= NEED);
	teardown(state);
}

static void test_truncate_sizes_sparse(void **state)
{
	uint64_t size, alloc;

	lay(FALLOC_TRUNCATE, false, &size, &alloc);
	assert_int_equal(size, NEED);
	assert_true(alloc < NEED / 8);
	teardown(state);
}

/* a job that reads gets real, incompressible data whatever the mode */
static void test_fill_writes_random_data(void **state)
{
	unsigned char buf[4096];
	uint64_t size, alloc;
	unsigned zeros = 0;
	int fd;

	lay(FALLOC_NONE, true, &size, &alloc);
	assert_int_equal(size, NEED);
	assert_true(alloc >= NEED);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(pread(fd, buf, sizeof(buf), NEED - sizeof(buf)), sizeof(buf));
	close(fd);
	for (size_t i = 0; i < sizeof(buf); i++)
		zeros += !buf[i];
	assert_true(zeros < 64);		/* ~16 expected from random bytes */
	teardown(state);
}

static void test_existing_file_is_not_truncated(void **state)
{
	struct diag d = { "" };
	uint64_t out = 0;
	int fd = open(path, O_CREAT | O_WRONLY, 0644);

	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, 2 * NEED), 0);
	close(fd);
	assert_int_equal(layout_file(path, NEED, false, FALLOC_TRUNCATE, 7, &out, &d), 0);
	assert_int_equal(out, 2 * NEED);
	teardown(state);
}

static void test_missing_directory_names_the_path(void **state)
{
	struct diag d = { "" };
	uint64_t out;

	(void)state;
	assert_int_equal(layout_file("/nonexistent-dir/x", NEED, false, FALLOC_NATIVE,
				     7, &out, &d), -ENOENT);
	assert_string_equal(d.msg,
			    "unable to create '/nonexistent-dir/x': No such file or directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_none_is_sparse_and_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_native_and_posix_allocate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keep_allocates_without_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_truncate_sizes_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fill_writes_random_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_existing_file_is_not_truncated, setup, teardown),
		cmocka_unit_test(test_missing_directory_names_the_path),
	};

	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
