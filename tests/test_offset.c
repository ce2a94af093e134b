/* SPDX-License-Identifier: MIT */
/*
 * test_offset.c - the block generators of offset.h: sequential order,
 * permutations that touch every block exactly once per pass, and uniform
 * draws that stay in range; and blockmap.h, fio's map of used blocks.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "workload/blockmap.h"
#include "workload/offset.h"

/* ------------------------------------------------------------------------
 * Helpers: a bitmap of the blocks seen in one pass
 */

struct bitmap {
	uint64_t nbits;
	uint64_t *words;
};

static void bitmap_init(struct bitmap *b, uint64_t nbits)
{
	b->nbits = nbits;
	b->words = calloc((nbits + 63) / 64, sizeof(uint64_t));
	assert_non_null(b->words);
}

static void bitmap_release(struct bitmap *b)
{
	free(b->words);
	b->words = NULL;
}

/* bitmap_set_once - set bit i; false when it was already set. */
static int bitmap_set_once(struct bitmap *b, uint64_t i)
{
	uint64_t m = 1ull << (i % 64);

	if (b->words[i / 64] & m)
		return 0;
	b->words[i / 64] |= m;
	return 1;
}

/*
 * check_one_pass - draw one pass from g and assert that it is a permutation
 * of [0, n): every value in range and none twice.  order, when non-NULL,
 * receives the sequence.
 */
static void check_one_pass(struct offset_gen *g, uint64_t n, uint64_t *order)
{
	struct bitmap seen;

	bitmap_init(&seen, n);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t b = offset_next(g);

		assert_in_range(b, 0, n - 1);
		assert_true(bitmap_set_once(&seen, b));
		if (order)
			order[i] = b;
	}
	bitmap_release(&seen);
}

/* ------------------------------------------------------------------------
 * Init
 */

static void test_init_rejects_zero_blocks(void **state)
{
	struct offset_gen g;

	(void)state;
	assert_int_equal(offset_init(&g, OFFSET_SEQ, 0, 1), -EINVAL);
	assert_int_equal(offset_init(&g, OFFSET_RANDMAP, 0, 1), -EINVAL);
	assert_int_equal(offset_init(&g, OFFSET_RANDOM, 0, 1), -EINVAL);
}

static void test_domain_is_next_power_of_two(void **state)
{
	static const struct { uint64_t n; unsigned bits; } cases[] = {
		{ 1, 0 }, { 2, 1 }, { 3, 2 }, { 4, 2 }, { 5, 3 },
		{ 1024, 10 }, { 1025, 11 }, { 1ull << 40, 40 },
		{ (1ull << 40) + 1, 41 }, { UINT64_MAX, 64 },
	};
	struct offset_gen g;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(offset_init(&g, OFFSET_RANDMAP, cases[i].n, 7), 0);
		assert_int_equal(g.bits, cases[i].bits);
		/* the domain [0, 2^bits) covers every block */
		assert_true(g.bits == 64 || (1ull << g.bits) >= cases[i].n);
	}
}

/* ------------------------------------------------------------------------
 * Sequential
 */

static void test_seq_in_order_every_pass(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 7, 64, 1000 };
	struct offset_gen g;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint64_t n = sizes[s];

		assert_int_equal(offset_init(&g, OFFSET_SEQ, n, 1), 0);
		for (unsigned pass = 0; pass < 3; pass++) {
			assert_int_equal(g.passes, pass);
			for (uint64_t i = 0; i < n; i++) {
				assert_int_equal(g.pos, i);
				assert_int_equal(offset_next(&g), i);
			}
		}
		assert_int_equal(g.passes, 3);
	}
}

/* ------------------------------------------------------------------------
 * Random with a map: a permutation per pass
 */

static void test_randmap_every_small_n(void **state)
{
	struct offset_gen g;

	(void)state;
	for (uint64_t n = 1; n <= 5000; n++) {
		assert_int_equal(offset_init(&g, OFFSET_RANDMAP, n, n * 31 + 5), 0);
		check_one_pass(&g, n, NULL);
		assert_int_equal(g.passes, 1);
		assert_int_equal(g.pos, 0);
		check_one_pass(&g, n, NULL);
		assert_int_equal(g.passes, 2);
	}
}

static void test_randmap_edge_sizes(void **state)
{
	static const uint64_t sizes[] = {
		(1u << 16) - 1, 1u << 16, (1u << 16) + 1,
		(1u << 17) + 1, 1000003,
	};
	struct offset_gen g;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		assert_int_equal(offset_init(&g, OFFSET_RANDMAP, sizes[s], 99), 0);
		check_one_pass(&g, sizes[s], NULL);
		check_one_pass(&g, sizes[s], NULL);
	}
}

static void test_randmap_large(void **state)
{
	const uint64_t n = (1u << 20) + 7;
	struct offset_gen g;

	(void)state;
	assert_int_equal(offset_init(&g, OFFSET_RANDMAP, n, 12345), 0);
	check_one_pass(&g, n, NULL);
	assert_int_equal(g.passes, 1);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* 2^40 blocks cannot be enumerated in a unit test; check that draws stay
 * in range and that a prefix of the pass has no repeats. */
static void test_randmap_huge_in_range(void **state)
{
	const uint64_t n = (1ull << 40) + 1;
	const unsigned draws = 100000;
	uint64_t *v = malloc(draws * sizeof(*v));
	struct offset_gen g;

	(void)state;
	assert_non_null(v);
	assert_int_equal(offset_init(&g, OFFSET_RANDMAP, n, 3), 0);
	for (unsigned i = 0; i < draws; i++) {
		v[i] = offset_next(&g);
		assert_true(v[i] < n);
	}
	qsort(v, draws, sizeof(*v), cmp_u64);
	for (unsigned i = 1; i < draws; i++)
		assert_true(v[i - 1] != v[i]);
	free(v);
}

static void test_randmap_passes_differ(void **state)
{
	const uint64_t n = 1000;
	uint64_t a[1000], b[1000];
	struct offset_gen g;

	(void)state;
	assert_int_equal(offset_init(&g, OFFSET_RANDMAP, n, 42), 0);
	check_one_pass(&g, n, a);
	check_one_pass(&g, n, b);
	assert_memory_not_equal(a, b, sizeof(a));
}

static void test_randmap_is_not_sequential(void **state)
{
	const uint64_t n = 4096;
	uint64_t a[4096];
	unsigned in_place = 0, ascending = 0;
	struct offset_gen g;

	(void)state;
	assert_int_equal(offset_init(&g, OFFSET_RANDMAP, n, 42), 0);
	check_one_pass(&g, n, a);
	for (uint64_t i = 0; i < n; i++) {
		in_place += a[i] == i;
		ascending += i && a[i] == a[i - 1] + 1;
	}
	/* A random permutation has about one fixed point and about one
	 * ascending neighbour pair; allow plenty of slack. */
	assert_true(in_place < 20);
	assert_true(ascending < 20);
}

static void test_randmap_same_seed_same_sequence(void **state)
{
	const uint64_t n = 777;
	struct offset_gen g1, g2, g3;
	unsigned differ = 0;

	(void)state;
	assert_int_equal(offset_init(&g1, OFFSET_RANDMAP, n, 2024), 0);
	assert_int_equal(offset_init(&g2, OFFSET_RANDMAP, n, 2024), 0);
	assert_int_equal(offset_init(&g3, OFFSET_RANDMAP, n, 2025), 0);
	for (unsigned i = 0; i < 3 * n; i++) {
		uint64_t v = offset_next(&g1);

		assert_int_equal(v, offset_next(&g2));
		differ += v != offset_next(&g3);
	}
	assert_true(differ > n);
}

/* ------------------------------------------------------------------------
 * Random without a map: uniform draws
 */

static void test_random_in_range_and_uniform(void **state)
{
	static const uint64_t sizes[] = { 1, 2, 3, 10, 97, 1000 };
	const unsigned per_bucket = 200;
	struct offset_gen g;

	(void)state;
	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		uint64_t n = sizes[s], draws = n * per_bucket;
		uint64_t *count = calloc(n, sizeof(*count));
		double chi2 = 0, expect = per_bucket, df, bound;

		assert_non_null(count);
		assert_int_equal(offset_init(&g, OFFSET_RANDOM, n, 5 + s), 0);
		for (uint64_t i = 0; i < draws; i++) {
			uint64_t b = offset_next(&g);

			assert_in_range(b, 0, n - 1);
			count[b]++;
		}
		for (uint64_t i = 0; i < n; i++)
			chi2 += (count[i] - expect) * (count[i] - expect) / expect;
		/* Loose: mean df, sd sqrt(2 df); allow 6 sd (plus slack for
		 * tiny df). */
		df = n > 1 ? (double)(n - 1) : 0;
		bound = df + 6 * sqrt(2 * df) + 10;
		assert_true(chi2 < bound);
		free(count);
	}
}

static void test_random_repeats_allowed(void **state)
{
	const uint64_t n = 100;
	struct offset_gen g;
	unsigned seen[100] = { 0 }, repeats = 0;

	(void)state;
	assert_int_equal(offset_init(&g, OFFSET_RANDOM, n, 8), 0);
	for (uint64_t i = 0; i < n; i++)
		repeats += seen[offset_next(&g)]++ > 0;
	/* About n/e blocks are missed in n uniform draws. */
	assert_true(repeats > 10);
}

/* fio's axmap_set_nr: marking stops at the first used block and at the
 * end; axmap_next_free: the block itself, else the next free, wrapping. */
static void test_blockmap_mark_and_next_free(void **state)
{
	struct blockmap m;

	(void)state;
	assert_int_equal(blockmap_init(&m, 0), -EINVAL);
	assert_int_equal(blockmap_init(&m, 130), 0);	/* over three words */
	assert_int_equal(blockmap_free_at(&m, 5), 5);
	assert_int_equal(blockmap_mark(&m, 5, 3), 3);		/* 5, 6, 7 */
	assert_int_equal(blockmap_free_at(&m, 5), 8);
	assert_int_equal(blockmap_mark(&m, 6, 2), 0);		/* 6 is used */
	assert_int_equal(blockmap_mark(&m, 4, 3), 1);		/* 4, not 5 */
	assert_int_equal(blockmap_mark(&m, 120, 20), 10);	/* to the end */
	assert_int_equal(blockmap_free_at(&m, 125), 0);		/* wraps */
	assert_int_equal(m.used, 14);
	/* fill the rest but block 63: found across a word boundary */
	assert_int_equal(blockmap_mark(&m, 0, 4), 4);
	assert_int_equal(blockmap_mark(&m, 8, 55), 55);
	assert_int_equal(blockmap_mark(&m, 64, 56), 56);
	assert_false(blockmap_full(&m));
	assert_int_equal(blockmap_free_at(&m, 0), 63);
	assert_int_equal(blockmap_free_at(&m, 100), 63);
	assert_int_equal(blockmap_mark(&m, 63, 9), 1);
	assert_true(blockmap_full(&m));
	assert_int_equal(blockmap_free_at(&m, 0), UINT64_MAX);
	blockmap_clear(&m);
	assert_int_equal(m.used, 0);
	assert_int_equal(blockmap_free_at(&m, 129), 129);
	blockmap_release(&m);
	assert_null(m.bits);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_rejects_zero_blocks),
		cmocka_unit_test(test_domain_is_next_power_of_two),
		cmocka_unit_test(test_seq_in_order_every_pass),
		cmocka_unit_test(test_randmap_every_small_n),
		cmocka_unit_test(test_randmap_edge_sizes),
		cmocka_unit_test(test_randmap_large),
		cmocka_unit_test(test_randmap_huge_in_range),
		cmocka_unit_test(test_randmap_passes_differ),
		cmocka_unit_test(test_randmap_is_not_sequential),
		cmocka_unit_test(test_randmap_same_seed_same_sequence),
		cmocka_unit_test(test_random_in_range_and_uniform),
		cmocka_unit_test(test_random_repeats_allowed),
		cmocka_unit_test(test_blockmap_mark_and_next_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
