/* SPDX-License-Identifier: MIT */
/*
 * test_worker_loop.c - the real worker loop against a scripted fake
 * backend: BUSY from queue, commits that submit fewer than were queued,
 * -EAGAIN/-EBUSY from commit, commit_reap and reap, short reaps, and
 * iodepth_low.  Every run must complete exactly size / bs I/Os, return
 * every request exactly once, and never ask the backend to wait for more
 * completions than it has submitted: a real kernel would wait for ever
 * there (the libaio drain hang), so the fake fails the test instead.  An
 * alarm turns any other hang into a failure.  Also: a BE_F_SYNC backend
 * gets one request and no commit or reap, an ops table that breaks the
 * contract is refused, and randrepeat repeats the offsets run to run.
 */
#include <errno.h>
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
#include "job/jobfile.h"
#include "job/jobs.h"
#include "run/gate.h"
#include "run/worker.h"

#define TEST_TIMEOUT_S	20
#define FAKE_MAX_DEPTH	64

/* What the fake does, call by call.  Every "every" is a period in calls of
 * that kind (0 = never); a period n fires on calls n, 2n, 3n, ... */
struct fake_script {
	unsigned busy_every;		/* queue(): BE_Q_BUSY */
	unsigned commit_max;		/* commit submits at most this many
					 * (0 = all) */
	unsigned commit_again_every;	/* commit(): -EAGAIN, then -EBUSY, ... */
	unsigned reap_again_every;	/* reap(): -EAGAIN, then -EBUSY, ... */
	unsigned reap_max;		/* reap returns at most this many,
					 * whatever min says (0 = max) */
	bool commit_reap;		/* offer commit_reap */
};

enum fake_state { FAKE_IDLE = 0, FAKE_QUEUED, FAKE_SUBMITTED };

struct fake {
	struct fake_script s;
	unsigned depth;
	unsigned low;			/* the job's iodepth_low */
	enum fake_state state[FAKE_MAX_DEPTH];
	struct io_req *queued[FAKE_MAX_DEPTH];	/* FIFO, not yet submitted */
	unsigned nr_queued;
	struct io_req *submitted[FAKE_MAX_DEPTH];
	unsigned nr_submitted;
	bool full;			/* everything was out since the last queue */
	uint64_t trace;			/* hash of every (offset, ddir) queued */
	/* counts */
	unsigned queue_calls, commit_calls, reap_calls, cr_calls;
	unsigned busy, short_commits, agains, short_reaps, refills_at_low;
	uint64_t completed;
};

static struct fake fake;

static unsigned fake_outstanding(void)
{
	return fake.nr_queued + fake.nr_submitted;
}

static bool fires(unsigned every, unsigned call)
{
	return every && call % every == 0;
}

static int fake_init(struct be_ctx *ctx)
{
	assert_true(ctx->depth >= 1 && ctx->depth <= FAKE_MAX_DEPTH);
	assert_non_null(ctx->reqs);
	assert_non_null(ctx->diag);
	assert_non_null(ctx->features);
	for (unsigned i = 0; i < ctx->depth; i++)
		assert_int_equal(ctx->reqs[i].index, i);
	fake.depth = ctx->depth;
	ctx->data = &fake;
	return 0;
}

static void fake_exit(struct be_ctx *ctx)
{
	ctx->data = NULL;
}

static int fake_queue(struct be_ctx *ctx, struct io_req *req)
{
	assert_ptr_equal(ctx->data, &fake);
	assert_true(req->index < fake.depth);
	assert_int_equal(fake.state[req->index], FAKE_IDLE);
	assert_true(fake_outstanding() < fake.depth);
	fake.queue_calls++;
	if (fires(fake.s.busy_every, fake.queue_calls)) {
		fake.busy++;
		return BE_Q_BUSY;
	}
	if (fake.full) {
		/* iodepth_low: after the queue filled, refill only once no
		 * more than iodepth_low are out */
		assert_true(fake_outstanding() <= fake.low);
		fake.refills_at_low++;
		fake.full = false;
	}
	fake.trace = (fake.trace ^ req->offset ^ ((uint64_t)req->ddir << 62)) *
		     0x100000001b3ull;
	fake.state[req->index] = FAKE_QUEUED;
	fake.queued[fake.nr_queued++] = req;
	if (fake_outstanding() == fake.depth)
		fake.full = true;
	return BE_Q_QUEUED;
}

/* fake_submit - submit up to commit_max of the oldest queued. */
static unsigned fake_submit(void)
{
	unsigned n = fake.nr_queued;

	if (fake.s.commit_max && n > fake.s.commit_max) {
		n = fake.s.commit_max;
		fake.short_commits++;
	}
	for (unsigned i = 0; i < n; i++) {
		struct io_req *req = fake.queued[i];

		assert_int_equal(fake.state[req->index], FAKE_QUEUED);
		fake.state[req->index] = FAKE_SUBMITTED;
		req->result = req->len;
		fake.submitted[fake.nr_submitted++] = req;
	}
	fake.nr_queued -= n;
	memmove(fake.queued, fake.queued + n, fake.nr_queued * sizeof(*fake.queued));
	return n;
}

static int fake_again(unsigned every, unsigned call)
{
	if (!fires(every, call))
		return 0;
	fake.agains++;
	return (call / every) % 2 ? -EAGAIN : -EBUSY;
}

static int fake_commit(struct be_ctx *ctx)
{
	int r;

	(void)ctx;
	fake.commit_calls++;
	assert_true(fake.nr_queued > 0);
	r = fake_again(fake.s.commit_again_every, fake.commit_calls);
	if (r)
		return r;
	return (int)fake_submit();
}

static int fake_reap(struct be_ctx *ctx, unsigned min, unsigned max,
		     struct io_req **out)
{
	unsigned n;
	int r;

	(void)ctx;
	fake.reap_calls++;
	if (min > fake.nr_submitted)
		fail_msg("reap waits for %u completions with %u submitted: "
			 "a kernel would never return", min, fake.nr_submitted);
	r = fake_again(fake.s.reap_again_every, fake.reap_calls);
	if (r)
		return r;
	n = fake.nr_submitted < max ? fake.nr_submitted : max;
	if (fake.s.reap_max && n > fake.s.reap_max) {
		n = fake.s.reap_max;
		if (n < min)
			fake.short_reaps++;
	}
	/* oldest first, like a device completing in order */
	for (unsigned i = 0; i < n; i++) {
		struct io_req *req = fake.submitted[i];

		assert_int_equal(fake.state[req->index], FAKE_SUBMITTED);
		fake.state[req->index] = FAKE_IDLE;
		out[i] = req;
	}
	fake.nr_submitted -= n;
	memmove(fake.submitted, fake.submitted + n,
		fake.nr_submitted * sizeof(*fake.submitted));
	fake.completed += n;
	return (int)n;
}

static int fake_commit_reap(struct be_ctx *ctx, unsigned min, unsigned max,
			    struct io_req **out, unsigned *submitted)
{
	int r;

	fake.cr_calls++;
	*submitted = 0;
	r = fake_again(fake.s.commit_again_every, fake.cr_calls);
	if (!r)
		*submitted = fake_submit();
	/* the submission fell short: wait for no more than is in flight */
	if (min > fake.nr_submitted)
		min = fake.nr_submitted;
	return fake_reap(ctx, min, max, out);
}

static const struct backend_ops fake_ops = {
	.name = "fake",
	.flags = BE_F_NOIO,
	.init = fake_init,
	.exit = fake_exit,
	.queue = fake_queue,
	.commit = fake_commit,
	.reap = fake_reap,
};

static const struct backend_ops fake_ops_cr = {
	.name = "fake",
	.flags = BE_F_NOIO,
	.init = fake_init,
	.exit = fake_exit,
	.queue = fake_queue,
	.commit = fake_commit,
	.reap = fake_reap,
	.commit_reap = fake_commit_reap,
};

/* A synchronous fake: every request completes inside queue(). */
static int fake_sync_queue(struct be_ctx *ctx, struct io_req *req)
{
	(void)ctx;
	assert_int_equal(fake.state[req->index], FAKE_IDLE);
	fake.queue_calls++;
	fake.trace = (fake.trace ^ req->offset ^ ((uint64_t)req->ddir << 62)) *
		     0x100000001b3ull;
	req->result = req->len;
	fake.completed++;
	return BE_Q_DONE;
}

static const struct backend_ops fake_ops_sync = {
	.name = "fake",
	.flags = BE_F_SYNC | BE_F_NOIO,
	.init = fake_init,
	.exit = fake_exit,
	.queue = fake_sync_queue,
};

/* Asynchronous, but without reap: breaks the contract. */
static const struct backend_ops fake_ops_broken = {
	.name = "fake",
	.flags = BE_F_NOIO,
	.init = fake_init,
	.exit = fake_exit,
	.queue = fake_queue,
	.commit = fake_commit,
};

/*
 * run_ops - build the job from its option lines and run one worker of it
 * on ops with script s.  Returns the worker's error; *ios gets the data
 * I/Os it completed.
 */
static int run_ops(const char *opts, const struct backend_ops *ops,
		   const struct fake_script *s, uint64_t *ios)
{
	char text[512];
	struct jobfile jf;
	struct job_list list;
	struct diag d = { { 0 } };
	struct worker w;
	struct gate gate;
	atomic_bool stop;
	int ret;

	snprintf(text, sizeof(text), "[loop]\nioengine=null\n%s\n", opts);
	assert_int_equal(jobfile_parse_buf("test", text, strlen(text), &jf, &d), 0);
	if (jobs_build(&jf, 1, &list, &d))
		fail_msg("%s", d.msg);
	assert_int_equal(list.nr, 1);

	memset(&fake, 0, sizeof(fake));
	fake.s = *s;
	fake.low = list.jobs[0].iodepth_low;
	assert_int_equal(worker_init(&w, &list.jobs[0], 0), 0);
	w.be = ops;
	atomic_init(&stop, false);
	w.stop = &stop;
	assert_int_equal(gate_init(&gate, 1), 0);
	w.start_gate = &gate;

	alarm(TEST_TIMEOUT_S);		/* a hang kills the test */
	worker_main(&w);
	alarm(0);

	ret = w.error;
	*ios = w.stats.dir[DDIR_READ].ios + w.stats.dir[DDIR_WRITE].ios;
	if (!ret) {
		assert_int_equal(fake_outstanding(), 0);
		assert_int_equal(w.inflight, 0);
		assert_int_equal(w.nr_uncommitted, 0);
		assert_int_equal(w.nr_free, fake.depth);
		for (unsigned i = 0; i < fake.depth; i++)
			assert_int_equal(fake.state[i], FAKE_IDLE);
	}

	worker_release(&w);
	gate_release(&gate);
	job_list_release(&list);
	jobfile_release(&jf);
	return ret;
}

/*
 * run_job - run the job on the asynchronous fake with script s and check
 * that it moved exactly expect_ios blocks and left nothing behind.
 */
static void run_job(const char *opts, const struct fake_script *s,
		    uint64_t expect_ios)
{
	uint64_t ios;

	if (run_ops(opts, s->commit_reap ? &fake_ops_cr : &fake_ops, s, &ios))
		fail_msg("the worker failed");
	assert_int_equal(ios, expect_ios);
	assert_int_equal(fake.completed, expect_ios);
}

#define JOB_1M "size=1m\nbs=4k\nrw=randread\n"
#define IOS_1M (1024 * 1024 / 4096)

static void test_plain(void **state)
{
	const struct fake_script s = { 0 };

	(void)state;
	run_job(JOB_1M "iodepth=8", &s, IOS_1M);
	assert_int_equal(fake.reap_calls > 0, 1);
}

static void test_busy_from_queue(void **state)
{
	const struct fake_script s = { .busy_every = 3 };

	(void)state;
	run_job(JOB_1M "iodepth=8\niodepth_batch=2", &s, IOS_1M);
	assert_true(fake.busy > 0);
}

/* BE_Q_BUSY for the last request of the budget, with nothing in flight
 * (vsync turns a request away that way): it is offered again, not lost,
 * and the worker does not spin. */
static void test_busy_last(void **state)
{
	const struct fake_script s = { .busy_every = 2 };

	(void)state;
	run_job(JOB_1M "iodepth=1", &s, IOS_1M);
	assert_int_equal(fake.busy, IOS_1M - 1);
}

/* The libaio case: io_submit takes fewer than were queued.  The worker
 * must keep the rest as uncommitted and never wait for them in a reap. */
static void test_partial_commit(void **state)
{
	const struct fake_script s = { .commit_max = 3 };

	(void)state;
	run_job(JOB_1M "iodepth=16", &s, IOS_1M);
	assert_true(fake.short_commits > 0);
}

/* ... also while draining at the end and before a thinktime wait. */
static void test_partial_commit_drain(void **state)
{
	const struct fake_script s = { .commit_max = 1 };

	(void)state;
	run_job("size=1m\nbs=4k\nrw=read\niodepth=32\niodepth_batch=32\n"
		"iodepth_batch_complete=32\nthinktime=1\nthinktime_blocks=64",
		&s, IOS_1M);
	assert_true(fake.short_commits > 0);
}

static void test_commit_again(void **state)
{
	const struct fake_script s = { .commit_again_every = 2 };

	(void)state;
	run_job(JOB_1M "iodepth=8\niodepth_batch=4", &s, IOS_1M);
	assert_true(fake.agains > 0);
}

static void test_reap_again(void **state)
{
	const struct fake_script s = { .reap_again_every = 2 };

	(void)state;
	run_job(JOB_1M "iodepth=8", &s, IOS_1M);
	assert_true(fake.agains > 0);
}

static void test_short_reap(void **state)
{
	const struct fake_script s = { .reap_max = 1 };

	(void)state;
	run_job(JOB_1M "iodepth=16\niodepth_batch_complete=8", &s, IOS_1M);
	assert_true(fake.short_reaps > 0);
}

static void test_iodepth_low(void **state)
{
	const struct fake_script s = { 0 };

	(void)state;
	run_job(JOB_1M "iodepth=16\niodepth_low=4\niodepth_batch_complete=1",
		&s, IOS_1M);
	assert_true(fake.refills_at_low > 0);
}

/* All of it at once, through commit_reap as io_uring does. */
static void test_commit_reap_everything(void **state)
{
	const struct fake_script s = {
		.busy_every = 5, .commit_max = 2, .commit_again_every = 3,
		.reap_again_every = 4, .reap_max = 3, .commit_reap = true,
	};

	(void)state;
	run_job(JOB_1M "iodepth=8\niodepth_low=2", &s, IOS_1M);
	assert_true(fake.cr_calls > 0);
	assert_true(fake.short_commits > 0 && fake.agains > 0 && fake.busy > 0);
}

static void test_everything_mixed(void **state)
{
	const struct fake_script s = {
		.busy_every = 7, .commit_max = 3, .commit_again_every = 5,
		.reap_again_every = 3, .reap_max = 2,
	};

	(void)state;
	run_job("size=4m\nbs=4k\nrw=randrw\niodepth=12\niodepth_low=3\n"
		"iodepth_batch=4\niodepth_batch_complete=4", &s, 4 * IOS_1M);
	assert_true(fake.short_commits > 0 && fake.agains > 0 && fake.busy > 0);
}

/* BE_F_SYNC: one request whatever iodepth says, never commit or reap. */
static void test_sync_backend(void **state)
{
	const struct fake_script s = { 0 };
	uint64_t ios;

	(void)state;
	assert_int_equal(run_ops(JOB_1M "iodepth=8", &fake_ops_sync, &s, &ios), 0);
	assert_int_equal(ios, IOS_1M);
	assert_int_equal(fake.completed, IOS_1M);
	assert_int_equal(fake.depth, 1);
	assert_int_equal(fake.commit_calls + fake.reap_calls + fake.cr_calls, 0);
}

static void test_broken_ops_refused(void **state)
{
	const struct fake_script s = { 0 };
	uint64_t ios;

	(void)state;
	assert_int_equal(run_ops(JOB_1M "iodepth=8", &fake_ops_broken, &s, &ios),
			 -EINVAL);
	assert_int_equal(fake.queue_calls, 0);
}

/* randrepeat (the default): the same job queues the same offsets in the
 * same order, on the inline path and on the general one; randrepeat=0
 * does not. */
static void test_randrepeat(void **state)
{
	static const char *const jobs[] = {
		"size=1m\nbs=4k\nrw=randrw\niodepth=4",
		"size=1m\nbsrange=4k-16k\nrw=randrw\nnrfiles=2\niodepth=4",
	};
	const struct fake_script s = { 0 };
	char opts[256];
	uint64_t ios, first;

	(void)state;
	for (unsigned i = 0; i < 2; i++) {
		assert_int_equal(run_ops(jobs[i], &fake_ops, &s, &ios), 0);
		first = fake.trace;
		assert_int_equal(run_ops(jobs[i], &fake_ops, &s, &ios), 0);
		assert_true(fake.trace == first);
		snprintf(opts, sizeof(opts), "%s\nrandrepeat=0", jobs[i]);
		assert_int_equal(run_ops(opts, &fake_ops, &s, &ios), 0);
		assert_true(fake.trace != first);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_busy_from_queue),
		cmocka_unit_test(test_busy_last),
		cmocka_unit_test(test_partial_commit),
		cmocka_unit_test(test_partial_commit_drain),
		cmocka_unit_test(test_commit_again),
		cmocka_unit_test(test_reap_again),
		cmocka_unit_test(test_short_reap),
		cmocka_unit_test(test_iodepth_low),
		cmocka_unit_test(test_commit_reap_everything),
		cmocka_unit_test(test_everything_mixed),
		cmocka_unit_test(test_sync_backend),
		cmocka_unit_test(test_broken_ops_refused),
		cmocka_unit_test(test_randrepeat),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
