/* SPDX-License-Identifier: MIT */
/*
 * worker_offset.c - where the next I/O goes, in general: which file
 * (file_service_type), which direction (rwmixread, rate), which offset
 * (sequential with rw=read:N holes, random with or without the random
 * map, random_distribution, percentage_random, rw=randread:N), how long
 * (bs, bsrange, bssplit), and what it carries (verify headers,
 * refill_buffers, buffer_compress_percentage).  Also fsync=/fdatasync=
 * requests, and the pass limits of size, io_size, loops and number_ios.
 *
 * worker.c calls worker_prep_full() only when the job is not "simple" (one
 * file, fixed block size, nothing of the above): the simple path stays
 * inline there.  Offsets follow fio 3.33's io_u.c (get_next_offset,
 * get_next_seq_offset, get_next_buflen): a file is done for the pass when
 * its next offset, or the smallest block at it, falls outside its region.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backends/backend.h"
#include "lib/seed.h"
#include "run/worker_impl.h"

#define MAX64(a, b) ((a) > (b) ? (a) : (b))
#define MIN64(a, b) ((a) < (b) ? (a) : (b))

static bool job_mixed(const struct job *job)
{
	return (job->rw & (RW_READ | RW_WRITE)) == (RW_READ | RW_WRITE);
}

static bool dir_used(const struct job *job, unsigned d)
{
	return job->rw & (d == DDIR_READ ? RW_READ : RW_WRITE);
}

/* ------------------------------------------------------------------ */
/* Setup                                                               */

/* gen_mode - the offset generator mode of a random job's files. */
static enum offset_mode gen_mode(const struct worker *w)
{
	const struct job *job = w->job;

	if (!(job->rw & RW_RANDOM))
		return OFFSET_SEQ;
	if (job->norandommap || !bs_gen_randommap_ok(&w->bsg) ||
	    job->dist.kind != DIST_RANDOM)
		return OFFSET_RANDOM;
	return OFFSET_RANDMAP;
}

/* gen_seed - the seed of file i's random generator of direction d in the
 * pass whose seed is pass_seed. */
static uint64_t gen_seed(uint64_t pass_seed, unsigned i, unsigned d)
{
	return seed_derive(pass_seed, SEED_OFFSETS, (uint64_t)i * DDIR_NR + d);
}

/* file_gens - the random generators and distributions of file i. */
static int file_gens(struct worker *w, unsigned i)
{
	const struct job *job = w->job;
	const struct wfile *f = &w->files[i];
	struct wfile_io *s = &w->fio[i];
	int ret;

	for (unsigned d = 0; d < DDIR_NR; d++) {
		uint64_t align = bs_gen_align(&w->bsg, d), nr;

		if (!dir_used(job, d) && !(w->shared_gen && d == 0))
			continue;
		if (w->shared_gen && d == DDIR_WRITE)
			continue;
		nr = align ? f->io_size / align : 0;
		if (!nr) {
			diag_set(&w->diag, &job->loc,
				 "job '%s': file '%s' has %llu bytes to use, less than bs %llu",
				 job->name, f->path ? f->path : "(null)",
				 (unsigned long long)f->io_size,
				 (unsigned long long)align);
			return -EINVAL;
		}
		ret = offset_init(&s->rgen[d], gen_mode(w), nr, gen_seed(w->seed, i, d));
		if (ret)
			return ret;
		if (!(job->rw & RW_RANDOM) || job->dist.kind == DIST_RANDOM)
			continue;
		s->dist[d] = malloc(sizeof(*s->dist[d]));
		if (!s->dist[d])
			return -ENOMEM;
		ret = dist_gen_init(s->dist[d], &job->dist, d, nr, align,
				    seed_derive(w->seed, SEED_DISTRIBUTION, i), &w->diag);
		if (ret)
			return ret;
	}
	return 0;
}

/* worker_is_simple - can the inline prep path in worker.c run this job? */
static bool worker_is_simple(const struct worker *w)
{
	const struct job *job = w->job;

	if (w->nr_files != 1 || job->rw_seq_nr > 1 || job->rw_seq_add ||
	    job->rw_sequencer != RW_SEQ_SEQUENTIAL ||
	    job->dist.kind != DIST_RANDOM ||
	    job->dist.percentage_random[0] < 100 ||
	    job->dist.percentage_random[1] < 100 ||
	    job->verify.kind != VERIFY_NONE || job->fsync || job->fdatasync ||
	    w->ios_limit != UINT64_MAX || job->refill_buffers ||
	    job->buffer_compress_percentage || w->paced ||
	    !bs_gen_randommap_ok(&w->bsg))
		return false;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		if (!dir_used(job, d))
			continue;
		if (bs_gen_min(&w->bsg, d) != bs_gen_max(&w->bsg, d) ||
		    bs_gen_min(&w->bsg, d) != job->bs[d] ||
		    w->files[0].io_size < job->bs[d])
			return false;
	}
	/* random with different sizes per direction: one map per direction
	 * does not match fio's single map */
	return !(job->rw & RW_RANDOM) || w->shared_gen;
}

/* simple_gens - the per-direction generators of the simple path. */
static int simple_gens(struct worker *w)
{
	const struct job *job = w->job;

	for (unsigned d = 0; d < DDIR_NR; d++) {
		if (!dir_used(job, d) && !(w->shared_gen && d == DDIR_READ))
			continue;
		if (offset_init(&w->gen[d], gen_mode(w),
				w->files[0].io_size / job->bs[d], gen_seed(w->seed, 0, d)))
			return -EINVAL;
	}
	return 0;
}

int worker_offsets_setup(struct worker *w)
{
	const struct job *job = w->job;
	struct filesel_spec fspec = {
		.kind = (enum filesel_kind)job->file_service,
		.nr_ios = job->file_service_nr,
		.param = job->file_service_param,
	};
	uint64_t seed = w->seed;
	unsigned loops = job->loops ? job->loops : 1;
	uint64_t limit = job->io_size ? job->io_size : w->size;
	int ret;

	ret = bs_gen_init(&w->bsg, job->bs_spec, job->direct, &w->diag);
	if (ret)
		return ret;
	rng_seed(&w->rng, seed_derive(seed, SEED_DDIR, 0));
	rng_seed(&w->bs_rng, seed_derive(seed, SEED_BS, 0));
	rng_seed(&w->off_rng, seed_derive(seed, SEED_OFFSET_CHOICE, 0));
	rng_seed(&w->fs_rng, seed_derive(seed, SEED_FILE_SERVICE, 0));
	rng_seed(&w->buf_rng, seed_derive(seed, SEED_BUF_REFILL, 0));
	w->max_bs = MAX64(bs_gen_max(&w->bsg, DDIR_READ), bs_gen_max(&w->bsg, DDIR_WRITE));

	ret = filesel_init(&w->fsel, &fspec, w->nr_files,
			   seed_derive(seed, SEED_FILESEL, 0), &w->diag);
	if (ret)
		return ret;
	w->fio = calloc(w->nr_files, sizeof(*w->fio));
	if (!w->fio)
		return -ENOMEM;
	w->shared_gen = (job->rw & RW_RANDOM) &&
			bs_gen_align(&w->bsg, DDIR_READ) == bs_gen_align(&w->bsg, DDIR_WRITE);
	for (unsigned i = 0; i < w->nr_files; i++) {
		ret = file_gens(w, i);
		if (ret)
			return ret;
	}

	w->loops_left = loops;
	w->total_limit = limit * loops;
	w->pass_limit = w->size;
	if ((job->rw & RW_WRITE) && (job->rw & RW_RANDOM) && job->norandommap)
		w->pass_limit = MAX64(w->size, job->io_size);
	w->ios_limit = job->number_ios && !job->time_based ?
		       job->number_ios * loops : UINT64_MAX;
	w->simple = worker_is_simple(w);
	if (w->simple)
		return simple_gens(w);
	return 0;
}

void worker_offsets_release(struct worker *w)
{
	for (unsigned i = 0; w->fio && i < w->nr_files; i++)
		for (unsigned d = 0; d < DDIR_NR; d++)
			free(w->fio[i].dist[d]);
	free(w->fio);
	w->fio = NULL;
	filesel_release(&w->fsel);
}

/* ------------------------------------------------------------------ */
/* Passes                                                              */

/* simple_natural - bytes a simple job's pass moves before its file is
 * done; UINT64_MAX when only the byte limits end it. */
static uint64_t simple_natural(const struct worker *w)
{
	const struct job *job = w->job;
	uint64_t io_size = w->files[0].io_size;

	if (job->time_based)
		return UINT64_MAX;
	if (job->rw & RW_RANDOM) {
		if (gen_mode(w) != OFFSET_RANDMAP)
			return UINT64_MAX;
		return io_size / job->bs[0] * job->bs[0];
	}
	if (job_mixed(job))
		return UINT64_MAX;
	{
		unsigned d = (job->rw & RW_WRITE) ? DDIR_WRITE : DDIR_READ;

		return io_size / job->bs[d] * job->bs[d];
	}
}

/* file_reset - file i starts over: sequential positions, and a random map
 * drawn from pass_seed. */
static void file_reset(struct worker *w, unsigned i, uint64_t pass_seed)
{
	struct wfile_io *s = &w->fio[i];

	for (unsigned d = 0; d < DDIR_NR; d++) {
		s->last_pos[d] = s->last_start[d] = w->files[i].io_offset;
		if (s->rgen[d].nr_blocks && s->rgen[d].pos)
			offset_init(&s->rgen[d], s->rgen[d].mode,
				    s->rgen[d].nr_blocks, gen_seed(pass_seed, i, d));
		s->rdraws[d] = 0;
	}
	s->done = false;
}

void worker_pass_begin(struct worker *w)
{
	const struct job *job = w->job;
	uint64_t seed = seed_derive(w->seed, SEED_PASS, w->loops_left + 1);
	uint64_t budget;

	w->pass_done = false;
	w->seq_nr_left = job->rw_seq_nr;
	w->last_ddir = DDIR_READ;
	for (unsigned i = 0; i < w->nr_files; i++)
		file_reset(w, i, seed);
	filesel_reset(&w->fsel);
	if (job->time_based) {
		w->bytes_budget = UINT64_MAX;
		return;
	}
	budget = MIN64(w->pass_limit, w->total_limit - MIN64(w->bytes_issued, w->total_limit));
	if (w->simple) {
		for (unsigned d = 0; d < DDIR_NR; d++)
			if (w->gen[d].nr_blocks && w->gen[d].pos)
				offset_init(&w->gen[d], w->gen[d].mode,
					    w->gen[d].nr_blocks, gen_seed(seed, 0, d));
		budget = MIN64(budget, simple_natural(w));
	}
	w->bytes_budget = w->bytes_issued + budget;
}

/* ------------------------------------------------------------------ */
/* Offsets                                                             */

/* seq_offset - fio's get_next_seq_offset(): the next sequential offset of
 * direction d, relative to the file's io_offset.  Returns -1 when done. */
static int seq_offset(struct worker *w, const struct wfile *f,
		      struct wfile_io *s, unsigned d, uint64_t *rel)
{
	int64_t add = w->job->rw_seq_add;
	uint64_t end = f->real_size > f->io_size ? f->io_size : f->real_size;
	uint64_t pos;

	if (s->last_pos[d] >= f->io_size + f->io_offset && w->job->time_based &&
	    w->nr_files == 1)
		s->last_pos[d] = f->io_offset;
	if (s->last_pos[d] >= f->real_size)
		return -1;
	if (s->last_pos[d] == f->io_offset && f->io_offset && add < 0)
		s->last_pos[d] = end;
	pos = s->last_pos[d] - f->io_offset;
	if (pos && add) {
		pos += (uint64_t)add;
		if (pos >= f->real_size)
			pos = add > 0 ? f->io_offset : end + (uint64_t)add;
	}
	*rel = pos;
	return 0;
}

/* rand_offset - a random offset of direction d, relative to io_offset.
 * Returns -1 when the random map of the file is used up. */
static int rand_offset(struct worker *w, struct wfile_io *s, unsigned d,
		       uint64_t *rel)
{
	unsigned gi = w->shared_gen ? 0 : d;
	struct offset_gen *g = &s->rgen[gi];
	uint64_t b;

	if (s->dist[gi]) {
		b = dist_next(s->dist[gi], &w->off_rng);
	} else {
		if (g->mode == OFFSET_RANDMAP && s->rdraws[gi] >= g->nr_blocks) {
			if (!w->job->time_based)
				return -1;
			s->rdraws[gi] = 0;
		}
		b = offset_next(g);
		s->rdraws[gi]++;
	}
	*rel = b * bs_gen_align(&w->bsg, d);
	return 0;
}

/* should_seq - for a random job: does this I/O continue sequentially? */
static bool should_seq(struct worker *w, unsigned d)
{
	const struct job *job = w->job;
	unsigned perc = job->dist.percentage_random[d];

	if (job->rw_seq_nr > 1) {
		if (--w->seq_nr_left)
			return true;
		w->seq_nr_left = job->rw_seq_nr;
		return false;
	}
	if (__builtin_expect(perc >= 100, 1))
		return false;
	return rng_below(&w->off_rng, 100) >= perc;
}

/* file_offset - offset and length of the next I/O of direction d in file
 * i.  Returns 0, or -1 when the file is done for this pass. */
static int file_offset(struct worker *w, unsigned i, unsigned d,
		       uint64_t *off, uint64_t *len)
{
	const struct job *job = w->job;
	const struct wfile *f = &w->files[i];
	struct wfile_io *s = &w->fio[i];
	uint64_t rel, room;

	if (job->rw & RW_RANDOM) {
		bool seq = should_seq(w, d);

		if (seq && job->rw_sequencer == RW_SEQ_IDENTICAL)
			rel = s->last_start[d] - f->io_offset;
		else if (!seq || seq_offset(w, f, s, d, &rel) || rel >= f->io_size ||
			 f->io_size - rel < bs_gen_min(&w->bsg, d))
			if (rand_offset(w, s, d, &rel))
				return -1;
	} else if (seq_offset(w, f, s, d, &rel)) {
		return -1;
	}
	if (rel >= f->io_size || rel + f->io_offset >= f->real_size)
		return -1;
	room = f->io_size - rel;
	*len = bs_next(&w->bsg, d, &w->bs_rng, room);
	if (!*len || *len > room)
		return -1;
	*off = rel + f->io_offset;
	if (*off + *len > f->real_size)
		return -1;
	s->last_start[d] = *off;
	s->last_pos[d] = *off + *len;
	return 0;
}

/* ------------------------------------------------------------------ */
/* Buffers                                                             */

/* fill_buffer - new data for a write: random, zeros, or random with
 * buffer_compress_percentage of it zeros. */
static void fill_buffer(struct worker *w, void *buf, uint64_t len)
{
	unsigned pct = w->job->buffer_compress_percentage;

	if (w->job->zero_buffers) {
		memset(buf, 0, len);
	} else if (pct) {
		uint64_t rnd = len * (100 - (pct > 100 ? 100 : pct)) / 100;

		rng_fill(&w->buf_rng, buf, rnd);
		memset((char *)buf + rnd, 0, len - rnd);
	} else {
		rng_fill(&w->buf_rng, buf, len);
	}
}

/* ------------------------------------------------------------------ */
/* The general prep path                                               */

static unsigned pick_ddir(struct worker *w)
{
	unsigned rw = w->job->rw;

	if ((rw & (RW_READ | RW_WRITE)) != (RW_READ | RW_WRITE))
		return (rw & RW_WRITE) ? DDIR_WRITE : DDIR_READ;
	return rng_below(&w->rng, 100) < w->job->rwmixread ? DDIR_READ : DDIR_WRITE;
}

/* sync_due - fio's get_rw_ddir(): after every fsync= (fdatasync=) writes,
 * the next request is a sync.  Returns DDIR_SYNC, DDIR_DATASYNC or 0. */
static unsigned sync_due(const struct worker *w)
{
	const struct job *job = w->job;

	if (w->last_ddir != DDIR_WRITE || !w->writes_issued)
		return 0;
	if (job->fsync && !(w->writes_issued % job->fsync))
		return DDIR_SYNC;
	if (job->fdatasync && !(w->writes_issued % job->fdatasync))
		return DDIR_DATASYNC;
	return 0;
}

/* pace_check - rate_min, thinktime and the rate schedule.  Returns PREP_OK
 * (with *ddir possibly switched), PREP_WAIT or PREP_END (job failed). */
static int pace_check(struct worker *w, unsigned *ddir, uint64_t now)
{
	struct rate_state *rs = &w->rate;
	uint64_t wait = 0;

	if (rs->floor) {
		uint64_t bytes[DDIR_NR], ios[DDIR_NR];

		for (unsigned d = 0; d < DDIR_NR; d++) {
			bytes[d] = w->stats.dir[d].bytes;
			ios[d] = w->stats.dir[d].ios;
		}
		if (rate_check_min(rs, now, bytes, ios, &w->diag)) {
			char msg[sizeof(w->diag.msg)];

			memcpy(msg, w->diag.msg, sizeof(msg));
			diag_set(&w->diag, &w->job->loc, "job '%s': %s",
				 w->job->name, msg);
			w->error = -EIO;
			atomic_store_explicit(w->stop, true, memory_order_relaxed);
			return PREP_END;
		}
	}
	if (think_active(rs)) {
		uint64_t blocks = rs->think_issue ? w->ios_issued :
				  w->stats.dir[0].ios + w->stats.dir[1].ios;

		if (think_due(rs, blocks)) {
			think_take(rs, blocks, &w->think_spin_ns, &w->think_sleep_ns);
			return PREP_WAIT;
		}
	}
	if (rate_active(rs)) {
		*ddir = rate_pick(rs, *ddir, job_mixed(w->job), now, &wait);
		if (wait) {
			w->pace_until_ns = now + wait;
			return PREP_WAIT;
		}
	}
	return PREP_OK;
}

int worker_prep_full(struct worker *w, struct io_req *req, uint64_t now)
{
	const struct job *job = w->job;
	unsigned ddir, sync, fi;
	uint64_t off, len;
	int r;

	if (w->verify.on && (w->verify.reading ||
			     (w->verify.backlog &&
			      w->verify.nr - w->verify.pos >= w->verify.backlog))) {
		if (worker_verify_next(w, req))
			return PREP_OK;
		if (w->verify.final)
			return PREP_END;
	}
	if (w->ios_issued >= w->ios_limit)
		return PREP_END;
	ddir = pick_ddir(w);
	if (w->paced) {
		r = pace_check(w, &ddir, now);
		if (r != PREP_OK)
			return r;
	}
	sync = sync_due(w);
	for (;;) {
		fi = filesel_next(&w->fsel, &w->fs_rng);
		if (fi == UINT32_MAX) {
			w->pass_done = true;
			return PREP_END;
		}
		if (sync || !file_offset(w, fi, ddir, &off, &len))
			break;
		/* fio: skewed file service starts a file over instead of
		 * retiring it, so only the byte limits end the pass */
		if (w->fsel.kind >= FILESEL_ZIPF) {
			file_reset(w, fi, seed_derive(w->seed, SEED_FILE_RESTART,
						      w->ios_issued));
			if (!file_offset(w, fi, ddir, &off, &len))
				break;
		}
		w->fio[fi].done = true;
		filesel_done(&w->fsel, fi);
	}
	req->file = &w->files[fi];
	if (sync) {
		req->ddir = (uint8_t)sync;
		req->len = 0;
		req->offset = 0;
		w->last_ddir = sync;
		return PREP_OK;
	}
	req->ddir = (uint8_t)ddir;
	req->len = (uint32_t)len;
	req->offset = off;
	w->bytes_issued += len;
	w->ios_issued++;
	w->last_ddir = ddir;
	if (rate_active(&w->rate))
		rate_issued(&w->rate, ddir, len);
	if (ddir == DDIR_WRITE) {
		w->writes_issued++;
		if (job->refill_buffers || job->buffer_compress_percentage)
			fill_buffer(w, req->buf, len);
		if (w->verify.on)
			verify_fill(&job->verify, req->buf, (uint32_t)len, off, fi,
				    w->verify.gen);
	}
	return PREP_OK;
}
