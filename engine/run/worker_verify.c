/* SPDX-License-Identifier: MIT */
/*
 * worker_verify.c - reading back what a job wrote, and checking what it
 * reads (verify.h has fio's rules).
 *
 * A job that writes with verify= and do_verify=1 logs every completed
 * write (file, offset, length) and, after each pass (or after every
 * verify_backlog writes), hands the log out again as reads through the
 * normal request path; each such read is checked with verify_check() when
 * it completes.  A read-only job with verify= checks every read against
 * any generation.  Failures are counted; the first is kept, and with
 * verify_fatal the job stops at once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run/worker_impl.h"

/* job_checks_all - every read the job does is to be checked: it only
 * reads (data from earlier), or only writes (its reads are read-backs). */
static bool job_checks_all(const struct job *job)
{
	return (job->rw & (RW_READ | RW_WRITE)) != (RW_READ | RW_WRITE);
}

static bool job_reads_only(const struct job *job)
{
	return !(job->rw & RW_WRITE);
}

int worker_verify_setup(struct worker *w)
{
	const struct job *job = w->job;
	struct wverify *v = &w->verify;
	uint64_t minbs;

	if (job->verify.kind == VERIFY_NONE)
		return 0;
	minbs = bs_gen_min(&w->bsg, (job->rw & RW_WRITE) ? DDIR_WRITE : DDIR_READ);
	if (minbs < verify_min_len(&job->verify)) {
		diag_set(&w->diag, &job->loc,
			 "job '%s': verify=%s needs blocks of at least %u bytes, bs is %llu",
			 job->name, verify_kind_name(job->verify.kind),
			 verify_min_len(&job->verify), (unsigned long long)minbs);
		return -EINVAL;
	}
	v->on = true;
	v->gen = 1;
	v->check_reads = job_checks_all(job);
	if (!(job->rw & RW_WRITE) || !job->verify.do_verify)
		return 0;
	/* a mixed job's own reads go on between the backlog's read-backs;
	 * only the read-backs are checked (io_req.readback) */
	v->backlog = job->verify.backlog;
	v->batch = job->verify.backlog_batch ? job->verify.backlog_batch : v->backlog;
	v->cap = w->pass_limit / (minbs ? minbs : 1) + 1;
	if (v->backlog && v->cap > 4 * v->backlog + (uint64_t)job->iodepth)
		v->cap = 4 * v->backlog + job->iodepth;
	v->ents = calloc(v->cap, sizeof(*v->ents));
	if (!v->ents)
		return -ENOMEM;
	v->log = true;
	return 0;
}

void worker_verify_release(struct worker *w)
{
	worker_verify_async_stop(w);
	free(w->verify.ents);
	w->verify.ents = NULL;
}

void worker_verify_logged(struct worker *w, const struct io_req *req)
{
	struct wverify *v = &w->verify;
	struct wverify_ent *e;

	if (req->result != (int64_t)req->len)
		return;
	if (v->nr == v->cap) {
		if (!v->pos)
			return;		/* time_based without backlog: full */
		/* everything before pos was read back: slide down */
		memmove(v->ents, v->ents + v->pos, (v->nr - v->pos) * sizeof(*v->ents));
		v->nr -= v->pos;
		v->pos = 0;
	}
	e = &v->ents[v->nr++];
	e->offset = req->offset;
	e->len = req->len;
	e->file = worker_file_index(w, req->file);
}

bool worker_verify_next(struct worker *w, struct io_req *req)
{
	struct wverify *v = &w->verify;
	const struct wverify_ent *e;

	if (!v->reading) {
		/* a backlog is due: read back batch of it */
		v->reading = true;
		v->batch_end = v->pos + (v->batch ? v->batch : v->nr - v->pos);
	}
	if (v->pos >= v->nr || (!v->final && v->pos >= v->batch_end)) {
		if (!v->final)
			v->reading = false;
		return false;
	}
	e = &v->ents[v->pos++];
	req->file = &w->files[e->file];
	req->offset = e->offset;
	req->len = e->len;
	req->ddir = DDIR_READ;
	req->readback = 1;
	return true;
}

void worker_verify_begin(struct worker *w)
{
	struct wverify *v = &w->verify;

	v->reading = true;
	v->final = true;
}

void worker_verify_end(struct worker *w)
{
	struct wverify *v = &w->verify;

	v->reading = false;
	v->final = false;
	v->nr = v->pos = 0;
	v->gen++;
}

/* dump_buf - verify_dump: write len bytes of buf to BASENAME.OFFSET.TYPE
 * in the current directory, as fio's dump_buf().  Best effort: a failure
 * only loses the dump. */
static void dump_buf(const void *buf, uint64_t len, const char *path,
		     uint64_t offset, const char *type)
{
	const char *base = strrchr(path, '/');
	char name[PATH_MAX];
	FILE *f;

	base = base ? base + 1 : path;
	if (snprintf(name, sizeof(name), "%s.%llu.%s", base,
		     (unsigned long long)offset, type) >= (int)sizeof(name))
		return;
	f = fopen(name, "we");
	if (!f)
		return;
	fwrite(buf, 1, len, f);
	fclose(f);
}

/* verify_dump - the data of a failed block as read and, when it can be
 * rebuilt (a pattern, or a header whose generation is known), as it
 * should be. */
static void verify_dump(const struct worker *w, const struct io_req *req,
			uint64_t gen)
{
	const char *path = req->file->path ? req->file->path : "data";
	uint64_t len = (uint64_t)req->result;
	void *expected;

	dump_buf(req->buf, len, path, req->offset, "received");
	/* a header carries the generation: unknown for data from earlier */
	if (gen == VERIFY_ANY_GEN && w->job->verify.kind != VERIFY_PATTERN)
		return;
	expected = malloc(len);
	if (!expected)
		return;
	if (!verify_fill(&w->job->verify, expected, (uint32_t)len, req->offset,
			 worker_file_index(w, req->file), gen))
		dump_buf(expected, len, path, req->offset, "expected");
	free(expected);
}

uint64_t worker_verify_gen(const struct worker *w)
{
	return job_reads_only(w->job) ? VERIFY_ANY_GEN : w->verify.gen;
}

int worker_verify_check(const struct worker *w, const struct io_req *req,
			uint64_t gen, struct diag *d)
{
	const struct job *job = w->job;
	int ret;

	ret = verify_check(&job->verify, req->buf, (uint32_t)req->result, req->offset,
			   worker_file_index(w, req->file), gen, d);
	if (ret && job->verify_dump)
		verify_dump(w, req, gen);
	return ret;
}

void worker_verify_read(struct worker *w, const struct io_req *req)
{
	struct diag d = { { 0 } };

	if (req->result <= 0)
		return;
	if (worker_verify_check(w, req, worker_verify_gen(w), &d))
		worker_verify_failed(w, req, &d);
}

void worker_verify_failed(struct worker *w, const struct io_req *req,
			  const struct diag *d)
{
	const struct job *job = w->job;
	struct wverify *v = &w->verify;

	if (job->errors.continue_on & ERR_TYPE_BIT(ERR_TYPE_VERIFY)) {	/* fio's total_err */
		stats_count_error(&w->stats, ERR_TYPE_VERIFY, EILSEQ);
		if (job_error_nonfatal(job, ERR_TYPE_VERIFY, EILSEQ)) {
			v->failures_ignored++;
			return;
		}
	}
	if (!v->failures++)
		diag_set(&v->first, &job->loc,
			 "job '%s': verify failed in '%s' at offset %llu: %s",
			 job->name, req->file->path ? req->file->path : "(null)",
			 (unsigned long long)req->offset, d->msg);
	if (job->verify.fatal)
		atomic_store_explicit(w->stop, true, memory_order_relaxed);
}

int worker_verify_result(struct worker *w)
{
	struct wverify *v = &w->verify;

	if (!v->failures)	/* none, or only ones continue_on_error took */
		return 0;
	w->diag = v->first;
	if (v->failures > 1) {
		size_t n = strlen(w->diag.msg);

		snprintf(w->diag.msg + n, sizeof(w->diag.msg) - n,
			 " (%llu blocks failed)", (unsigned long long)v->failures);
	}
	return -EILSEQ;
}
