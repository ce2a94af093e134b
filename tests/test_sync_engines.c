/* SPDX-License-Identifier: MIT */
/*
 * test_sync_engines.c - the sync, vsync, pvsync, pvsync2 and posixaio
 * backends on a temporary file, through their ops tables alone: each
 * request gets the bytes of the file at its offset (reads) or puts its
 * bytes there (writes); vsync holds contiguous requests of one file and
 * direction and refuses (BE_Q_BUSY) the others and one past iodepth, and
 * shares a short transfer out in order; sync seeks only when it must, yet
 * lands every request right; posixaio keeps iodepth requests in flight
 * and hands each back once.
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
#include <unistd.h>

#include <cmocka.h>

#include "backends/backend.h"

#define DEPTH		8
#define BS		4096u
#define FILE_SIZE	(64u * BS)

struct rig {
	char path[64];
	struct wfile file;
	struct io_req reqs[DEPTH];
	unsigned char *bufs;
	struct diag diag;
	struct be_features features;
	struct uring_opts uring;
	struct pvsync2_opts pvsync2;
	struct be_ctx ctx;
	const struct backend_ops *be;
};

/* pattern - the byte the file holds at off before any write. */
static unsigned char pattern(uint64_t off)
{
	return (unsigned char)(off * 7 + off / BS);
}

static void rig_open(struct rig *r, const char *engine, unsigned depth)
{
	unsigned char *data = malloc(FILE_SIZE);

	memset(r, 0, sizeof(*r));
	snprintf(r->path, sizeof(r->path), "/tmp/test_sync_engines.XXXXXX");
	r->file.fd = mkstemp(r->path);
	assert_true(r->file.fd >= 0);
	r->file.path = r->path;
	r->file.fixed_index = -1;
	assert_non_null(data);
	for (uint64_t i = 0; i < FILE_SIZE; i++)
		data[i] = pattern(i);
	assert_int_equal(pwrite(r->file.fd, data, FILE_SIZE, 0), FILE_SIZE);
	free(data);
	r->bufs = aligned_alloc(4096, (size_t)DEPTH * BS);
	assert_non_null(r->bufs);
	for (unsigned i = 0; i < DEPTH; i++) {
		r->reqs[i].index = i;
		r->reqs[i].buf = r->bufs + (size_t)i * BS;
		r->reqs[i].file = &r->file;
	}
	r->pvsync2.hipri_percentage = 100;
	r->be = backend_find(engine);
	assert_non_null(r->be);
	r->ctx = (struct be_ctx){
		.files = &r->file, .nr_files = 1, .reqs = r->reqs,
		.depth = depth, .buf_size = BS, .uring = &r->uring,
		.pvsync2 = &r->pvsync2, .job_name = "t", .diag = &r->diag,
		.features = &r->features, .seed = 42,
	};
}

static void rig_init(struct rig *r)
{
	if (r->be->init(&r->ctx))
		fail_msg("%s init: %s", r->be->name, r->diag.msg);
}

static void rig_close(struct rig *r)
{
	r->be->exit(&r->ctx);
	assert_null(r->ctx.data);
	close(r->file.fd);
	unlink(r->path);
	free(r->bufs);
}

static struct io_req *prep(struct rig *r, unsigned i, unsigned ddir,
			   uint64_t off, uint32_t len)
{
	struct io_req *req = &r->reqs[i];

	req->ddir = (uint8_t)ddir;
	req->offset = off;
	req->len = len;
	req->result = INT64_MIN;
	if (ddir == DDIR_WRITE)
		memset(req->buf, 0xa0 + (int)i, len);
	return req;
}

/* check_read - req read n bytes of the original pattern at its offset. */
static void check_read(const struct io_req *req, int64_t n)
{
	const unsigned char *b = req->buf;

	assert_int_equal(req->result, n);
	for (int64_t i = 0; i < n; i++)
		if (b[i] != pattern(req->offset + (uint64_t)i))
			fail_msg("byte %lld of the read at %llu is wrong", (long long)i,
				 (unsigned long long)req->offset);
}

/* check_file - the file holds byte v at [off, off + len). */
static void check_file(struct rig *r, uint64_t off, uint32_t len, unsigned char v)
{
	unsigned char b[BS];

	assert_true(len <= BS);
	assert_int_equal(pread(r->file.fd, b, len, (off_t)off), len);
	for (uint32_t i = 0; i < len; i++)
		assert_int_equal(b[i], v);
}

/* One synchronous engine: reads out of order, a write, a flush. */
static void check_sync_engine(const char *engine)
{
	static const uint64_t blocks[] = { 0, 1, 2, 9, 3, 3, 63, 0 };
	struct rig r;

	rig_open(&r, engine, 1);
	assert_true(r.be->flags & BE_F_SYNC);
	rig_init(&r);
	for (unsigned i = 0; i < sizeof(blocks) / sizeof(blocks[0]); i++) {
		struct io_req *req = prep(&r, 0, DDIR_READ, blocks[i] * BS, BS);

		assert_int_equal(r.be->queue(&r.ctx, req), BE_Q_DONE);
		check_read(req, BS);
	}
	/* a write where the last read ended, then one elsewhere */
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_WRITE, BS, BS)), BE_Q_DONE);
	assert_int_equal(r.reqs[0].result, BS);
	check_file(&r, BS, BS, 0xa0);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_WRITE, 40 * BS, 100)), BE_Q_DONE);
	assert_int_equal(r.reqs[0].result, 100);
	check_file(&r, 40 * BS, 100, 0xa0);
	/* a read that runs past the end of the file is short */
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_READ, FILE_SIZE - 100, BS)), BE_Q_DONE);
	check_read(&r.reqs[0], 100);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_SYNC, 0, 0)), BE_Q_DONE);
	assert_int_equal(r.reqs[0].result, 0);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_DATASYNC, 0, 0)), BE_Q_DONE);
	assert_int_equal(r.reqs[0].result, 0);
	rig_close(&r);
}

static void test_sync(void **state)
{
	(void)state;
	check_sync_engine("sync");
}

static void test_pvsync(void **state)
{
	(void)state;
	check_sync_engine("pvsync");
}

static void test_pvsync2(void **state)
{
	(void)state;
	check_sync_engine("pvsync2");
}

/* hipri on a buffered file, on every I/O and on some: the kernel takes
 * the flag and ignores it there. */
static void test_pvsync2_hipri(void **state)
{
	static const unsigned pcts[] = { 100, 50, 0 };
	struct rig r;

	(void)state;
	for (unsigned p = 0; p < 3; p++) {
		rig_open(&r, "pvsync2", 1);
		r.uring.hipri = true;
		r.pvsync2.hipri_percentage = pcts[p];
		rig_init(&r);
		for (unsigned i = 0; i < 16; i++) {
			struct io_req *req = prep(&r, 0, DDIR_READ, (uint64_t)i * BS, BS);

			assert_int_equal(r.be->queue(&r.ctx, req), BE_Q_DONE);
			check_read(req, BS);
		}
		rig_close(&r);
	}
}

/* uncached: RWF_DONTCACHE moves the right bytes where the kernel and the
 * file system take it, and fails each I/O with EOPNOTSUPP (not the
 * backend) where they do not. */
static void test_pvsync2_uncached(void **state)
{
	struct io_req *req;
	struct rig r;

	(void)state;
	rig_open(&r, "pvsync2", 1);
	r.pvsync2.uncached = 1;
	rig_init(&r);
	req = prep(&r, 0, DDIR_READ, 5 * BS, BS);
	assert_int_equal(r.be->queue(&r.ctx, req), BE_Q_DONE);
	if (req->result == -EOPNOTSUPP) {
		print_message("# RWF_DONTCACHE refused here (EOPNOTSUPP)\n");
	} else {
		check_read(req, BS);
		req = prep(&r, 0, DDIR_WRITE, 6 * BS, BS);
		assert_int_equal(r.be->queue(&r.ctx, req), BE_Q_DONE);
		assert_int_equal(req->result, BS);
		check_file(&r, 6 * BS, BS, 0xa0);
	}
	rig_close(&r);
}

/* commit_all - commit, then reap everything committed. */
static unsigned commit_all(struct rig *r, struct io_req **out, unsigned n)
{
	int got;

	assert_int_equal(r->be->commit(&r->ctx), (int)n);
	got = r->be->reap(&r->ctx, n, n, out);
	assert_int_equal(got, (int)n);
	return (unsigned)got;
}

static void test_vsync_coalesces(void **state)
{
	struct io_req *out[DEPTH];
	struct rig r;

	(void)state;
	rig_open(&r, "vsync", 4);
	assert_true(r.be->flags & BE_F_SYNC_COMMIT);
	rig_init(&r);
	/* four contiguous reads are held; a fifth is one too many */
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(r.be->queue(&r.ctx, prep(&r, i, DDIR_READ, (8 + i) * BS, BS)),
				 BE_Q_QUEUED);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 4, DDIR_READ, 12 * BS, BS)), BE_Q_BUSY);
	assert_int_equal(r.reqs[0].result, INT64_MIN);	/* not done before commit */
	commit_all(&r, out, 4);
	for (unsigned i = 0; i < 4; i++)
		check_read(&r.reqs[i], BS);

	/* a gap, another direction: not part of the run */
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_READ, 0, BS)), BE_Q_QUEUED);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 1, DDIR_READ, 2 * BS, BS)), BE_Q_BUSY);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 1, DDIR_WRITE, BS, BS)), BE_Q_BUSY);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 1, DDIR_SYNC, 0, 0)), BE_Q_BUSY);
	commit_all(&r, out, 1);
	check_read(&r.reqs[0], BS);

	/* nothing held: a flush is done at once */
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 0, DDIR_SYNC, 0, 0)), BE_Q_DONE);
	assert_int_equal(r.reqs[0].result, 0);

	/* a run of writes lands in order */
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(r.be->queue(&r.ctx, prep(&r, i, DDIR_WRITE, (20 + i) * BS, BS)),
				 BE_Q_QUEUED);
	commit_all(&r, out, 3);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(r.reqs[i].result, BS);
		check_file(&r, (20 + i) * BS, BS, (unsigned char)(0xa0 + i));
	}
	assert_int_equal(r.be->commit(&r.ctx), 0);	/* nothing held */
	rig_close(&r);
}

/* A run that reaches the end of the file: the first requests are whole,
 * the next one short, the last empty. */
static void test_vsync_short(void **state)
{
	struct io_req *out[DEPTH];
	struct rig r;

	(void)state;
	rig_open(&r, "vsync", DEPTH);
	rig_init(&r);
	for (unsigned i = 0; i < 4; i++)
		assert_int_equal(r.be->queue(&r.ctx, prep(&r, i, DDIR_READ,
							  FILE_SIZE - 2 * BS + 100 + i * BS, BS)),
				 BE_Q_QUEUED);
	commit_all(&r, out, 4);
	check_read(&r.reqs[0], BS);
	check_read(&r.reqs[1], BS - 100);
	assert_int_equal(r.reqs[2].result, 0);
	assert_int_equal(r.reqs[3].result, 0);
	rig_close(&r);
}

static void test_posixaio(void **state)
{
	struct io_req *out[DEPTH];
	unsigned seen = 0;
	struct rig r;
	int got;

	(void)state;
	rig_open(&r, "posixaio", DEPTH);
	rig_init(&r);
	for (unsigned i = 0; i < DEPTH; i++)
		assert_int_equal(r.be->queue(&r.ctx, prep(&r, i, DDIR_READ, (uint64_t)(7 * i % 64) * BS, BS)),
				 BE_Q_QUEUED);
	assert_int_equal(r.be->commit(&r.ctx), DEPTH);
	/* reap one at least, then the rest */
	got = r.be->reap(&r.ctx, 1, DEPTH, out);
	assert_true(got >= 1 && got <= DEPTH);
	for (int i = 0; i < got; i++)
		seen |= 1u << out[i]->index;
	got += r.be->reap(&r.ctx, DEPTH - (unsigned)got, DEPTH, out + got);
	assert_int_equal(got, DEPTH);
	for (int i = 0; i < got; i++)
		seen |= 1u << out[i]->index;
	assert_int_equal(seen, (1u << DEPTH) - 1);
	for (unsigned i = 0; i < DEPTH; i++)
		check_read(&r.reqs[i], BS);
	assert_int_equal(r.be->reap(&r.ctx, 0, DEPTH, out), 0);

	/* writes and an fsync */
	for (unsigned i = 0; i < 3; i++)
		assert_int_equal(r.be->queue(&r.ctx, prep(&r, i, DDIR_WRITE, (30 + i) * BS, BS)),
				 BE_Q_QUEUED);
	assert_int_equal(r.be->queue(&r.ctx, prep(&r, 3, DDIR_SYNC, 0, 0)), BE_Q_QUEUED);
	commit_all(&r, out, 4);
	for (unsigned i = 0; i < 3; i++) {
		assert_int_equal(r.reqs[i].result, BS);
		check_file(&r, (30 + i) * BS, BS, (unsigned char)(0xa0 + i));
	}
	assert_int_equal(r.reqs[3].result, 0);

	/* exit with requests in flight: cancelled or finished, then freed */
	for (unsigned i = 0; i < DEPTH; i++)
		assert_int_equal(r.be->queue(&r.ctx, prep(&r, i, DDIR_READ, (uint64_t)i * BS, BS)),
				 BE_Q_QUEUED);
	assert_int_equal(r.be->commit(&r.ctx), DEPTH);
	rig_close(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sync),
		cmocka_unit_test(test_pvsync),
		cmocka_unit_test(test_pvsync2),
		cmocka_unit_test(test_pvsync2_hipri),
		cmocka_unit_test(test_pvsync2_uncached),
		cmocka_unit_test(test_vsync_coalesces),
		cmocka_unit_test(test_vsync_short),
		cmocka_unit_test(test_posixaio),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
