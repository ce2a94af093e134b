/* SPDX-License-Identifier: MIT */
/*
 * worker_offsets.c - where offsets are chosen: which offset and how long
 * the next I/O of a direction in a file is (sequential with rw=read:N
 * holes, random with or without the random map, random_distribution,
 * percentage_random, rw=randread:N; bs, bsrange, bssplit), and the
 * generators behind it: their setup, their seeds, their restart per pass.
 *
 * Offsets follow fio 3.33's io_u.c (get_next_offset, get_next_seq_offset,
 * get_next_buflen): a file is done for the pass when its next offset, or
 * the smallest block at it, falls outside its region.  A simple job's
 * offsets come from worker_file_offset() in worker_prep.h, inline.
 */
#include <errno.h>
#include <stdlib.h>

#include "lib/seed.h"
#include "run/worker_prep.h"

#define MAX64(a, b) ((a) > (b) ? (a) : (b))

/* ------------------------------------------------------------------ */
/* Generators                                                          */

/* uses_blockmap - a random job with a random map whose I/Os are of more
 * than one size: fio's map of used blocks (blockmap.h) over uniform draws,
 * instead of a permutation.  Only where every I/O is random and one map
 * serves the directions used (fio keeps one per file). */
static bool uses_blockmap(const struct worker *w)
{
	const struct job *job = w->job;
	bool varied = false;

	if (!(job->rw & RW_RANDOM) || job->norandommap ||
	    !bs_gen_randommap_ok(&w->bsg) || job->dist.kind != DIST_RANDOM ||
	    job->rw_seq_nr > 1)
		return false;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		if (!job_dir_used(job, d))
			continue;
		if (job->dist.percentage_random[d] < 100)
			return false;
		varied |= bs_gen_min(&w->bsg, d) != bs_gen_max(&w->bsg, d);
	}
	return varied && (w->shared_gen || !(job_dir_used(job, DDIR_READ) &&
					     job_dir_used(job, DDIR_WRITE)));
}

enum offset_mode worker_gen_mode(const struct worker *w)
{
	const struct job *job = w->job;

	if (!(job->rw & RW_RANDOM))
		return OFFSET_SEQ;
	if (job->norandommap || !bs_gen_randommap_ok(&w->bsg) ||
	    job->dist.kind != DIST_RANDOM || uses_blockmap(w))
		return OFFSET_RANDOM;
	return OFFSET_RANDMAP;
}

uint64_t worker_gen_seed(uint64_t pass_seed, unsigned i, unsigned d)
{
	return seed_derive(pass_seed, SEED_OFFSETS, (uint64_t)i * DDIR_NR + d);
}

/* gen_extent - the bytes a file's random generator covers: its region, or
 * with zonemode=strided one zonerange (fio's lfsr/axmap size). */
static uint64_t gen_extent(const struct worker *w, const struct wfile *f)
{
	if (w->job->zonemode == ZONE_MODE_STRIDED)
		return w->job->zonerange;
	return f->io_size;
}

/* file_gens - the random generators and distributions of file i. */
static int file_gens(struct worker *w, unsigned i)
{
	const struct job *job = w->job;
	const struct wfile *f = &w->files[i];
	struct wfile_io *s = &w->fio[i];
	int ret;

	s->start_offset = f->io_offset;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		uint64_t align = bs_gen_align(&w->bsg, d), nr;

		if (!job_dir_used(job, d) && !(w->shared_gen && d == 0))
			continue;
		if (w->shared_gen && d == DDIR_WRITE)
			continue;
		nr = align ? gen_extent(w, f) / align : 0;
		if (!nr) {
			diag_set(&w->diag, &job->loc,
				 "job '%s': file '%s' has %llu bytes to use, less than bs %llu",
				 job->name, f->path ? f->path : "(null)",
				 (unsigned long long)f->io_size,
				 (unsigned long long)align);
			return -EINVAL;
		}
		ret = offset_init(&s->rgen[d], worker_gen_mode(w), nr,
				  worker_gen_seed(w->seed, i, d));
		if (!ret && uses_blockmap(w) && !s->map.bits)
			ret = blockmap_init(&s->map, nr);
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

int worker_offsets_simple(struct worker *w)
{
	const struct job *job = w->job;

	for (unsigned d = 0; d < DDIR_NR; d++) {
		if (!job_dir_used(job, d) && !(w->shared_gen && d == DDIR_READ))
			continue;
		if (offset_init(&w->gen[d], worker_gen_mode(w),
				w->files[0].io_size / job->bs[d],
				worker_gen_seed(w->seed, 0, d)))
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
	int ret;

	ret = bs_gen_init(&w->bsg, job->bs_spec, job->direct, &w->diag);
	if (ret)
		return ret;
	rng_seed(&w->rng, seed_derive(seed, SEED_DDIR, 0));
	rng_seed(&w->bs_rng, seed_derive(seed, SEED_BS, 0));
	rng_seed(&w->off_rng, seed_derive(seed, SEED_OFFSET_CHOICE, 0));
	rng_seed(&w->fs_rng, seed_derive(seed, SEED_FILE_SERVICE, 0));
	rng_seed(&w->buf_rng, seed_derive(seed, SEED_BUF_REFILL, 0));
	rng_seed(&w->dd_rng, seed_derive(seed, SEED_DEDUPE, 0));
	if (job->dedupe_percentage && job->dedupe_mode == DEDUPE_WORKING_SET &&
	    job->bs[DDIR_WRITE])
		w->dd_blocks = job->size * job->dedupe_working_set_percentage / 100 /
			       job->bs[DDIR_WRITE];
	w->max_bs = MAX64(MAX64(bs_gen_max(&w->bsg, DDIR_READ),
				bs_gen_max(&w->bsg, DDIR_WRITE)),
			  job_dir_used(job, DDIR_TRIM) ? bs_gen_max(&w->bsg, DDIR_TRIM) : 0);

	ret = filesel_init(&w->fsel, &fspec, w->nr_files,
			   seed_derive(seed, SEED_FILESEL, 0), &w->diag);
	if (ret)
		return ret;
	w->fio = calloc(w->nr_files, sizeof(*w->fio));
	if (!w->fio)
		return -ENOMEM;
	/* trims draw from their own generator (randtrimwrite's writes
	 * draw nothing: they follow the trims) */
	w->shared_gen = (job->rw & RW_RANDOM) && !(job->rw & RW_TRIM) &&
			bs_gen_align(&w->bsg, DDIR_READ) == bs_gen_align(&w->bsg, DDIR_WRITE);
	for (unsigned i = 0; i < w->nr_files; i++) {
		ret = file_gens(w, i);
		if (ret)
			return ret;
	}
	return 0;
}

void worker_offsets_release(struct worker *w)
{
	for (unsigned i = 0; w->fio && i < w->nr_files; i++) {
		for (unsigned d = 0; d < DDIR_NR; d++)
			free(w->fio[i].dist[d]);
		blockmap_release(&w->fio[i].map);
	}
	free(w->fio);
	w->fio = NULL;
	filesel_release(&w->fsel);
}

void worker_file_reset(struct worker *w, unsigned i, uint64_t pass_seed)
{
	struct wfile_io *s = &w->fio[i];

	for (unsigned d = 0; d < DDIR_NR; d++) {
		s->last_pos[d] = s->last_start[d] = w->files[i].io_offset;
		if (s->rgen[d].nr_blocks && s->rgen[d].pos)
			offset_init(&s->rgen[d], s->rgen[d].mode,
				    s->rgen[d].nr_blocks,
				    worker_gen_seed(pass_seed, i, d));
		s->rdraws[d] = 0;
	}
	blockmap_clear(&s->map);
	s->done = false;
}

void worker_zone_step(struct worker *w, unsigned i, unsigned d)
{
	const struct job *job = w->job;
	struct wfile *f = &w->files[i];
	struct wfile_io *s = &w->fio[i];

	if (w->zone_bytes >= job->zonesize) {	/* the next zone */
		w->zone_bytes = 0;
		w->zone_nr++;
		f->io_offset += job->zonerange + job->zoneskip;
		if (f->io_offset >= f->real_size)	/* wrap to the start */
			f->io_offset = s->start_offset;
		s->last_pos[d] = f->io_offset;
	}
	/* zonesize above zonerange: go round the zone again */
	if (s->last_pos[d] >= f->io_offset + job->zonerange)
		s->last_pos[d] = f->io_offset;
	/* fio's fio_file_reset() at each zonerange of I/O: positions back to
	 * the zone's start, a fresh random map */
	if (!(w->zone_bytes % job->zonerange))
		worker_file_reset(w, i, seed_derive(w->seed, SEED_FILE_RESTART,
						    ~w->zone_nr));
}

/* ------------------------------------------------------------------ */
/* Choosing an offset                                                  */

/* seq_offset - fio's get_next_seq_offset(): the next sequential offset of
 * direction d, relative to the file's io_offset.  Returns FILE_OFFSET_OK, or
 * FILE_OFFSET_DONE when the file is done. */
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
		return FILE_OFFSET_DONE;
	if (s->last_pos[d] == f->io_offset && f->io_offset && add < 0)
		s->last_pos[d] = end;
	pos = s->last_pos[d] - f->io_offset;
	if (pos && add) {
		pos += (uint64_t)add;
		if (pos >= f->real_size)
			pos = add > 0 ? f->io_offset : end + (uint64_t)add;
	}
	*rel = pos;
	return FILE_OFFSET_OK;
}

/* rand_offset - a random offset of direction d, relative to io_offset.
 * Returns FILE_OFFSET_OK, or FILE_OFFSET_DONE when the random map of the
 * file is used up. */
static int rand_offset(struct worker *w, struct wfile_io *s, unsigned d,
		       uint64_t *rel)
{
	unsigned gi = w->shared_gen ? 0 : d;
	struct offset_gen *g = &s->rgen[gi];
	uint64_t b;

	if (s->dist[gi]) {
		b = dist_next(s->dist[gi], &w->off_rng);
	} else if (s->map.bits) {
		/* fio: a uniform draw, moved to the next free block */
		if (blockmap_full(&s->map)) {
			if (!w->job->time_based)
				return FILE_OFFSET_DONE;
			blockmap_clear(&s->map);
		}
		b = blockmap_free_at(&s->map, offset_next(g));
	} else {
		if (g->mode == OFFSET_RANDMAP && s->rdraws[gi] >= g->nr_blocks) {
			if (!w->job->time_based)
				return FILE_OFFSET_DONE;
			s->rdraws[gi] = 0;
		}
		b = offset_next(g);
		s->rdraws[gi]++;
	}
	*rel = b * bs_gen_align(&w->bsg, d);
	return FILE_OFFSET_OK;
}

/* mark_map - fio's mark_random_map(): the blocks of an I/O of len at rel
 * are used, and it ends before the first block used already. */
static uint64_t mark_map(struct worker *w, struct wfile_io *s, unsigned d,
			 uint64_t rel, uint64_t len)
{
	uint64_t align = bs_gen_align(&w->bsg, d);
	uint64_t n = blockmap_mark(&s->map, rel / align, (len + align - 1) / align);

	return n * align < len ? n * align : len;
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

int worker_file_offset_general(struct worker *w, unsigned i, unsigned d,
			       uint64_t *off, uint64_t *len)
{
	const struct job *job = w->job;
	const struct wfile *f = &w->files[i];
	struct wfile_io *s = &w->fio[i];
	uint64_t rel, room;

	if (job_trimwrite(job) && (job->rw & RW_RANDOM) && d == DDIR_WRITE) {
		/* fio's randtrimwrite: the write covers the last trim */
		*off = s->last_start[DDIR_TRIM];
		*len = s->last_pos[DDIR_TRIM] - s->last_start[DDIR_TRIM];
		s->last_start[d] = *off;
		s->last_pos[d] = *off + *len;
		return FILE_OFFSET_OK;
	}
	if (job->rw & RW_RANDOM) {
		bool seq = should_seq(w, d);

		if (seq && job->rw_sequencer == RW_SEQ_IDENTICAL)
			rel = s->last_start[d] - f->io_offset;
		else if (!seq || seq_offset(w, f, s, d, &rel) != FILE_OFFSET_OK ||
			 rel >= f->io_size || f->io_size - rel < bs_gen_min(&w->bsg, d))
			if (rand_offset(w, s, d, &rel) != FILE_OFFSET_OK)
				return FILE_OFFSET_DONE;
	} else if (seq_offset(w, f, s, d, &rel) != FILE_OFFSET_OK) {
		return FILE_OFFSET_DONE;
	}
	if (rel >= f->io_size || rel + f->io_offset >= f->real_size)
		return FILE_OFFSET_DONE;
	room = f->io_size - rel;
	*len = bs_next(&w->bsg, d, &w->bs_rng, room);
	/* fio: a fixed block size is not fitted to the region, only to the
	 * file (below); a variable one was fitted by bs_next() */
	if (!*len || (*len > room && bs_gen_min(&w->bsg, d) != bs_gen_max(&w->bsg, d)))
		return FILE_OFFSET_DONE;
	*off = rel + f->io_offset;
	if (*off + *len > f->real_size)
		return FILE_OFFSET_DONE;
	if (s->map.bits)
		*len = mark_map(w, s, d, rel, *len);
	/* randtrimwrite drew the block it just trimmed and wrote: move the
	 * write's mark so that the write of this trim still follows */
	if (d == DDIR_TRIM && job_trimwrite(job) && s->last_start[DDIR_TRIM] == *off)
		s->last_start[DDIR_WRITE]--;
	s->last_start[d] = *off;
	s->last_pos[d] = *off + *len;
	return FILE_OFFSET_OK;
}
