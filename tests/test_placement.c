/* SPDX-License-Identifier: MIT */
/*
 * test_placement.c - placement specs (job/placement.h) and the facts a
 * placement reports about where it is (lib/fsname.h).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "job/placement.h"
#include "lib/fsname.h"

static void test_specs(void **state)
{
	struct placement p;
	struct diag d = { { 0 } };

	(void)state;
	assert_int_equal(placement_parse("native", &p, NULL, &d), 0);
	assert_int_equal(p.kind, PLACE_NATIVE);
	assert_string_equal(p.kind_name, "native");
	assert_string_equal(p.name, "native");
	assert_null(p.args);
	placement_release(&p);

	assert_int_equal(placement_parse("process", &p, NULL, &d), 0);
	assert_int_equal(p.kind, PLACE_PROCESS);
	assert_string_equal(p.spec, "process");
	placement_release(&p);
	placement_release(&p);		/* twice is harmless */
}

static void test_refusals(void **state)
{
	static const struct srcloc loc = { .file = "a.job", .line = 7 };
	struct placement p;
	struct diag d = { { 0 } };
	char want[256];

	(void)state;
	assert_int_equal(placement_parse("kvmx", &p, &loc, &d), -EINVAL);
	snprintf(want, sizeof(want), "a.job:7: unknown target kind 'kvmx' in 'target=kvmx' (this build has: %s)",
		 placement_kinds());
	assert_string_equal(d.msg, want);
	assert_int_equal(placement_parse("native:x", &p, NULL, &d), -EINVAL);
	assert_string_equal(d.msg, "target 'native' takes no arguments, got 'target=native:x'");
	assert_int_equal(placement_parse("", &p, NULL, &d), -EINVAL);
	snprintf(want, sizeof(want), "empty target (this build has: %s)", placement_kinds());
	assert_string_equal(d.msg, want);
	assert_non_null(strstr(placement_kinds(), "native, process"));
}

static void test_lists(void **state)
{
	struct placement *list;
	struct diag d = { { 0 } };
	unsigned n;

	(void)state;
	assert_int_equal(placement_list_parse("native,process", &list, &n, &d), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0].name, "native");
	assert_string_equal(list[1].name, "process");
	placement_list_release(list, n);

	assert_int_equal(placement_list_parse("native,native", &list, &n, &d), -EINVAL);
	assert_string_equal(d.msg, "--target lists 'native' twice");
	assert_null(list);
	assert_int_equal(n, 0);
	assert_int_equal(placement_list_parse(",", &list, &n, &d), -EINVAL);
	assert_non_null(strstr(d.msg, "--target needs at least one target (this build has: native, process"));
	assert_int_equal(placement_list_parse("native,bogus", &list, &n, &d), -EINVAL);
	assert_non_null(strstr(d.msg, "unknown target kind 'bogus'"));
}

static void test_fsname(void **state)
{
	char fs[64];

	(void)state;
	assert_int_equal(fsname_of("/proc/self", fs, sizeof(fs)), 0);
	assert_string_equal(fs, "proc");
	assert_int_equal(fsname_of("/sys/kernel", fs, sizeof(fs)), 0);
	assert_string_equal(fs, "sysfs");
	/* a file that does not exist yet: the filesystem it will land on */
	assert_int_equal(fsname_of("/proc/no/such/file", fs, sizeof(fs)), 0);
	assert_string_equal(fs, "proc");
	assert_int_equal(fsname_of("/dev/shm/iostress-none/x.dat", fs, sizeof(fs)), 0);
	assert_string_equal(fs, "tmpfs");
}

static void test_docker_specs(void **state)
{
	struct placement p;
	struct diag d = { { 0 } };

	(void)state;
#ifdef USE_DOCKER
	assert_int_equal(placement_parse("docker:bind=/var/tmp/x", &p, NULL, &d), 0);
	assert_int_equal(p.kind, PLACE_DOCKER);
	assert_string_equal(p.args, "bind=/var/tmp/x");
	assert_string_equal(p.name, "docker-bind-var-tmp-x");
	placement_release(&p);
	assert_int_equal(placement_parse("docker:volume", &p, NULL, &d), 0);
	assert_string_equal(p.name, "docker-volume");
	placement_release(&p);
	assert_int_equal(placement_parse("docker:bind=rel", &p, NULL, &d), -EINVAL);
	assert_string_equal(d.msg, "'target=docker:bind=rel': docker takes layer, copyup, volume, volume=NAME, bind=/HOSTDIR or exec=CONTAINER");
	assert_int_equal(placement_parse("docker", &p, NULL, &d), -EINVAL);
#else
	assert_int_equal(placement_parse("docker:layer", &p, NULL, &d), -EINVAL);
	assert_non_null(strstr(d.msg, "is not in this build"));
#endif
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_specs),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_lists),
		cmocka_unit_test(test_fsname),
		cmocka_unit_test(test_docker_specs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
