/* SPDX-License-Identifier: MIT */
/*
 * test_wire.c - the worker protocol's stats (wire.h): a remote run merges
 * exactly like a local one.
 *
 * The same latencies are recorded by two "workers".  The local path
 * merges their job_stats directly, as the runner does with threads; the
 * remote path sends each through wire_stats_encode() and
 * wire_stats_decode(), as a worker and its host do, and merges what came
 * back.  Every percentile, every latency summary, every rate and cycles
 * figure must be equal, to the bit.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/rand.h"
#include "measure/stats.h"
#include "wire/wire.h"

static const double pcts[] = { 1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90,
			       95, 99, 99.5, 99.9, 99.95, 99.99 };
#define NPCT (sizeof(pcts) / sizeof(pcts[0]))

/* fill - n I/Os with log-spread latencies from seed, both directions,
 * with slat, plus rates, CPU and cycles that are not round numbers. */
static void fill(struct job_stats *st, uint64_t seed, unsigned n)
{
	struct rng r;

	rng_seed(&r, seed);
	for (unsigned i = 0; i < n; i++) {
		uint64_t x = rng_next(&r);
		unsigned ddir = x & 1;
		uint64_t clat = 200 + (x >> 8) % (1u << (8 + (x >> 56) % 20));
		uint64_t slat = 50 + (x >> 20) % 5000;

		stats_record(st, ddir, 4096, (x >> 40) % 97 == 0, slat, clat, true);
	}
	for (unsigned s = 0; s < 7; s++) {
		rate_stat_add(&st->rates.bw[DDIR_READ], 1000 + seed * 7 + s * 13);
		rate_stat_add(&st->rates.iops[DDIR_WRITE], 3 + seed + s);
	}
	st->runtime_ns = 1000000000ull + seed;
	st->cpu.usr_ns = 123456789 + seed;
	st->cpu.sys_ns = 987654321;
	st->cpu.ctx = 42;
	st->sync_ios = 5;
	st->features.fixed_files = true;
	st->features.uring_setup_flags = 0x1100;
	st->cycles.thread = 777777 + seed;
	st->cycles.process = 999999;
	st->cycles.system = 3333333;
	st->cycles.span_ios = n;
	st->cycles.host = 12345;
	st->cycles.tsc_hz = 2600000000ull;
	st->cycles.source = CYCLES_SRC_CPU_TIME;
	st->opens.files = 3 + seed;
	st->opens.total_ns = 104857601 + seed * 11;
	st->opens.max_ns = 99000017 + seed;
	st->opens.bytes = 3 * 33554432ull + seed;
	st->first_write_ns = 48213 + seed * 5;
	st->dir[DDIR_READ].err_ios = 7 + seed;
	st->dir[DDIR_WRITE].err_ios = 3 * seed;
	st->total_err = 10 + 4 * seed;
	st->first_error = seed == 1 ? 0 : 28;
	st->latency_depth = 4 * seed;
	st->err_read = 7 + seed;
	st->err_write = 3 * seed;
	st->err_verify = seed;
	st->nr_merged = 1;
	stats_finish(st);
}

/* through_wire - what a host gets for src: encode, decode. */
static void through_wire(const struct job_stats *src, struct job_stats *out)
{
	struct diag d = { { 0 } };
	char *text = NULL;

	assert_int_equal(job_stats_init(out), 0);
	assert_int_equal(wire_stats_encode(src, &text), 0);
	assert_non_null(text);
	/* one line: the only newline ends the document */
	assert_true(strchr(text, '\n') == text + strlen(text) - 1);
	assert_int_equal(wire_stats_decode(text, out, &d), 0);
	free(text);
}

static void assert_same(const struct job_stats *a, const struct job_stats *b)
{
	for (unsigned d = 0; d < DDIR_NR; d++) {
		const struct dir_stats *x = &a->dir[d], *y = &b->dir[d];

		assert_int_equal(x->ios, y->ios);
		assert_int_equal(x->bytes, y->bytes);
		assert_int_equal(x->short_ios, y->short_ios);
		assert_int_equal(x->err_ios, y->err_ios);
		for (unsigned k = 0; k < LAT_NR; k++) {
			uint64_t pa[NPCT], pb[NPCT];

			assert_int_equal(x->lat[k].n, y->lat[k].n);
			assert_int_equal(x->lat[k].min, y->lat[k].min);
			assert_int_equal(x->lat[k].max, y->lat[k].max);
			assert_int_equal(x->lat[k].sum, y->lat[k].sum);
			assert_true(x->lat[k].sumsq == y->lat[k].sumsq);
			assert_int_equal(x->hist[k]->total, y->hist[k]->total);
			assert_memory_equal(x->hist[k]->bins, y->hist[k]->bins,
					    sizeof(x->hist[k]->bins));
			hist_percentiles(x->hist[k], pcts, NPCT, x->lat[k].min,
					 x->lat[k].max, pa);
			hist_percentiles(y->hist[k], pcts, NPCT, y->lat[k].min,
					 y->lat[k].max, pb);
			assert_memory_equal(pa, pb, sizeof(pa));
		}
		assert_memory_equal(&a->rates.bw[d], &b->rates.bw[d], sizeof(a->rates.bw[d]));
		assert_memory_equal(&a->rates.iops[d], &b->rates.iops[d], sizeof(a->rates.iops[d]));
	}
	assert_int_equal(a->runtime_ns, b->runtime_ns);
	assert_memory_equal(&a->cpu, &b->cpu, sizeof(a->cpu));
	assert_int_equal(a->sync_ios, b->sync_ios);
	assert_memory_equal(&a->features, &b->features, sizeof(a->features));
	assert_int_equal(a->error, b->error);
	assert_int_equal(a->nr_merged, b->nr_merged);
	assert_memory_equal(&a->cycles, &b->cycles, sizeof(a->cycles));
	assert_int_equal(a->opens.files, b->opens.files);
	assert_int_equal(a->opens.total_ns, b->opens.total_ns);
	assert_int_equal(a->opens.max_ns, b->opens.max_ns);
	assert_int_equal(a->opens.bytes, b->opens.bytes);
	assert_int_equal(a->first_write_ns, b->first_write_ns);
	assert_int_equal(a->total_err, b->total_err);
	assert_int_equal(a->first_error, b->first_error);
	assert_int_equal(a->latency_depth, b->latency_depth);
	assert_int_equal(a->err_read, b->err_read);
	assert_int_equal(a->err_write, b->err_write);
	assert_int_equal(a->err_verify, b->err_verify);
}

static void test_remote_merge_equals_local(void **state)
{
	struct job_stats w1, w2, local, remote, r1, r2;

	(void)state;
	assert_int_equal(job_stats_init(&w1), 0);
	assert_int_equal(job_stats_init(&w2), 0);
	assert_int_equal(job_stats_init(&local), 0);
	assert_int_equal(job_stats_init(&remote), 0);
	fill(&w1, 1, 20000);
	fill(&w2, 2, 30000);
	w2.error = -EIO;

	job_stats_merge(&local, &w1);
	job_stats_merge(&local, &w2);

	through_wire(&w1, &r1);
	through_wire(&w2, &r2);
	job_stats_merge(&remote, &r1);
	job_stats_merge(&remote, &r2);

	assert_int_equal(local.dir[DDIR_READ].ios + local.dir[DDIR_WRITE].ios, 50000);
	/* opens add, their max and first_write_ns take the max */
	assert_int_equal(local.opens.files, 4 + 5);
	assert_int_equal(local.opens.bytes, 6 * 33554432ull + 3);
	assert_int_equal(local.opens.max_ns, 99000019);
	assert_int_equal(local.first_write_ns, 48223);
	/* error counts add; the first first_error wins */
	assert_int_equal(local.total_err, 14 + 18);
	assert_int_equal(local.first_error, 28);
	assert_int_equal(local.dir[DDIR_READ].err_ios, 8 + 9);
	assert_int_equal(local.err_write, 3 + 6);
	assert_same(&local, &remote);
	assert_same(&w2, &r2);

	job_stats_release(&w1);
	job_stats_release(&w2);
	job_stats_release(&r1);
	job_stats_release(&r2);
	job_stats_release(&local);
	job_stats_release(&remote);
}

static void test_empty_stats_round_trip(void **state)
{
	struct job_stats st, back;

	(void)state;
	assert_int_equal(job_stats_init(&st), 0);
	through_wire(&st, &back);
	assert_same(&st, &back);
	assert_int_equal(back.dir[DDIR_READ].lat[LAT_CLAT].min, UINT64_MAX);
	job_stats_release(&st);
	job_stats_release(&back);
}

/* ss_stats - st with a steady-state result of 3 samples. */
static void ss_stats(struct job_stats *st)
{
	const struct ss_spec spec = { SS_BW | SS_SLOPE | SS_PCT, 1.0 / 3.0, 3 };

	assert_int_equal(job_stats_init(st), 0);
	fill(st, 4, 100);
	st->ss = ss_result_new(&spec);
	assert_non_null(st->ss);
	st->ss->attained = true;
	st->ss->slope = -1234.5 / 7.0;
	st->ss->deviation = 0.1;
	st->ss->criterion = -0.2 / 3.0;
	for (unsigned i = 0; i < 3; i++) {
		st->ss->iops[i] = 1000 + i;
		st->ss->bw[i] = UINT64_MAX - i;
	}
}

/* A steady-state result comes back exactly, and merges as locally. */
static void test_ss_round_trip(void **state)
{
	struct job_stats st, back, merged;
	const struct ss_result *a, *b;

	(void)state;
	ss_stats(&st);
	through_wire(&st, &back);
	assert_same(&st, &back);
	a = st.ss;
	b = back.ss;
	assert_non_null(b);
	assert_int_equal(b->refs, 1);
	assert_int_equal(b->spec.flags, a->spec.flags);
	assert_int_equal(b->spec.dur, 3);
	assert_true(b->spec.limit == a->spec.limit);
	assert_true(b->attained);
	assert_true(b->slope == a->slope);
	assert_true(b->deviation == a->deviation);
	assert_true(b->criterion == a->criterion);
	assert_memory_equal(b->iops, a->iops, 3 * sizeof(*a->iops));
	assert_memory_equal(b->bw, a->bw, 3 * sizeof(*a->bw));
	/* merged: the result is shared, not copied */
	assert_int_equal(job_stats_init(&merged), 0);
	job_stats_merge(&merged, &back);
	assert_ptr_equal(merged.ss, back.ss);
	assert_int_equal(back.ss->refs, 2);
	job_stats_release(&merged);
	assert_int_equal(back.ss->refs, 1);
	job_stats_release(&st);
	job_stats_release(&back);
}

/* decode_error - the message for a document edited by replacing from
 * with to. */
static int decode_error(const char *from, const char *to, char *msg, size_t len)
{
	struct job_stats st, back;
	struct diag d = { { 0 } };
	char *text = NULL, *at, *edited;
	int ret;

	assert_int_equal(job_stats_init(&st), 0);
	fill(&st, 3, 100);
	assert_int_equal(wire_stats_encode(&st, &text), 0);
	at = strstr(text, from);
	assert_non_null(at);
	edited = malloc(strlen(text) + strlen(to) + 1);
	assert_non_null(edited);
	memcpy(edited, text, (size_t)(at - text));
	strcpy(edited + (at - text), to);
	strcat(edited, at + strlen(from));
	assert_int_equal(job_stats_init(&back), 0);
	ret = wire_stats_decode(edited, &back, &d);
	snprintf(msg, len, "%s", d.msg);
	free(edited);
	free(text);
	job_stats_release(&st);
	job_stats_release(&back);
	return ret;
}

/* A guest's disk set (an md RAID1 over two disks) comes back whole. */
static void test_disks_round_trip(void **state)
{
	struct disk_set a, b;
	struct diag d = { { 0 } };
	char *text = NULL;

	(void)state;
	diskset_init(&a);
	diskset_init(&b);
	a.nr = 3;
	a.before_ns = 1000;
	a.after_ns = 5000000000ull;
	a.have_before = a.have_after = true;
	snprintf(a.disks[0].name, DISK_NAME_MAX, "md0");
	a.disks[0].kind = DISK_MD;
	a.disks[0].major = 9;
	a.disks[0].nr_lower = 2;
	a.disks[0].lower[0] = 1;
	a.disks[0].lower[1] = 2;
	for (unsigned i = 1; i < 3; i++) {
		snprintf(a.disks[i].name, DISK_NAME_MAX, "vd%c", 'a' + i - 1);
		a.disks[i].major = 253;
		a.disks[i].minor = (i - 1) * 16;
	}
	for (unsigned i = 0; i < 3; i++) {
		a.disks[i].before.ios[1] = 10 * i;
		a.disks[i].after.ios[1] = 4096 + 10 * i;
		a.disks[i].after.sectors[1] = 32768 + i;
		a.disks[i].after.merges[0] = 7;
		a.disks[i].after.ticks[1] = 400 + i;
		a.disks[i].after.io_ticks = 900;
		a.disks[i].after.time_in_queue = UINT64_MAX - i;
	}
	assert_int_equal(wire_disks_encode(&a, &text), 0);
	assert_int_equal(wire_disks_decode(text, &b, &d), 0);
	assert_memory_equal(&a, &b, sizeof(a));
	free(text);

	/* a member index outside the set is refused, naming where */
	assert_int_equal(wire_disks_decode("{\"before_ns\":0,\"after_ns\":0,\"have_before\":true,"
					   "\"have_after\":true,\"set\":[{\"name\":\"md0\",\"major\":9,"
					   "\"minor\":0,\"kind\":2,\"lower\":[5],"
					   "\"before\":[0,0,0,0,0,0,0,0,0,0],\"after\":[0,0,0,0,0,0,0,0,0,0]}]}",
					   &b, &d), -EPROTO);
	assert_non_null(strstr(d.msg, "disks.set[0].lower"));
}

static void test_bad_documents_name_the_path(void **state)
{
	char msg[512];

	(void)state;
	assert_int_equal(decode_error("\"runtime_ns\"", "\"runtime_xx\"", msg, sizeof(msg)), -EPROTO);
	assert_string_equal(msg, "worker result: stats.runtime_ns: missing");
	assert_int_equal(decode_error("\"sumsq_hi\":", "\"sumsq_hi\":\"x\",\"y\":", msg, sizeof(msg)), -EPROTO);
	assert_string_equal(msg, "worker result: stats.dir[0].lat[0].sumsq_hi: wrong type");
	assert_int_equal(decode_error("\"hist\":[[", "\"hist\":[[99999999,", msg, sizeof(msg)), -EPROTO);
	assert_non_null(strstr(msg, "stats.dir[0].hist[0].bins: "));
	assert_int_equal(decode_error("{", "[", msg, sizeof(msg)), -EPROTO);
	assert_string_equal(msg, "worker result: stats: not a JSON document");
	assert_int_equal(decode_error("\"opens\":{", "\"ss\":{\"flags\":1,\"dur\":2,\"limit\":\"0x1p+0\",\"attained\":false,\"slope\":\"0x0p+0\",\"deviation\":\"0x0p+0\",\"criterion\":\"0x0p+0\",\"iops\":[1],\"bw\":[1,2]},\"opens\":{",
				      msg, sizeof(msg)), -EPROTO);
	assert_string_equal(msg, "worker result: stats.ss.iops: wrong length");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remote_merge_equals_local),
		cmocka_unit_test(test_empty_stats_round_trip),
		cmocka_unit_test(test_ss_round_trip),
		cmocka_unit_test(test_disks_round_trip),
		cmocka_unit_test(test_bad_documents_name_the_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
