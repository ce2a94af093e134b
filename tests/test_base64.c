/* SPDX-License-Identifier: MIT */
/*
 * test_base64.c - RFC 4648's test vectors both ways, a round trip of
 * every byte value at every length up to 300, and the refusals.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/base64.h"

static void test_vectors(void **state)
{
	static const char *const plain[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
	static const char *const coded[] = { "", "Zg==", "Zm8=", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };

	(void)state;
	for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
		char text[16];
		unsigned char back[16];
		size_t n = 99;

		assert_int_equal(base64_encoded_len(strlen(plain[i])), strlen(coded[i]));
		base64_encode(plain[i], strlen(plain[i]), text);
		assert_string_equal(text, coded[i]);
		assert_int_equal(base64_decode(coded[i], strlen(coded[i]), back, &n), 0);
		assert_int_equal(n, strlen(plain[i]));
		assert_memory_equal(back, plain[i], n);
	}
}

static void test_round_trip(void **state)
{
	unsigned char in[300], back[300];
	char text[404];

	(void)state;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 37 + 11);
	for (size_t n = 0; n <= sizeof(in); n++) {
		size_t got = 0;

		base64_encode(in, n, text);
		assert_int_equal(strlen(text), base64_encoded_len(n));
		assert_int_equal(base64_decode(text, strlen(text), back, &got), 0);
		assert_int_equal(got, n);
		assert_memory_equal(back, in, n);
	}
}

static void test_refused(void **state)
{
	static const char *const bad[] = {
		"Zm9", "Zm9v!A==", "Z===", "Zg==Zg==", "Zg=a", "=Zg=", "Zm9vY===",
	};
	unsigned char out[16];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(base64_decode(bad[i], strlen(bad[i]), out, &n), -EINVAL);
	/* line breaks, as some encoders add, are fine */
	assert_int_equal(base64_decode("Zm9v\nYmFy\n", 10, out, &n), 0);
	assert_int_equal(n, 6);
	assert_memory_equal(out, "foobar", 6);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
