/* SPDX-License-Identifier: MIT */
/*
 * worker_prep.h - the pieces of preparing an I/O that both prep paths use:
 * the inline one in worker.c (one file, fixed block size, nothing else) and
 * the general one in worker_prep.c.  They are static inline so the inline
 * path stays as fast as code written out in place.
 *
 * Where each choice is made:
 *   worker_ddir.c     read or write (rwmixread), fsync=/fdatasync= requests
 *   worker_offsets.c  which offset and length, per file and direction
 *   worker_pass.c     where a pass ends: size, io_size, loops, number_ios
 *   worker_buffer.c   what a write carries
 *   worker_pace.c     rate, rate_min and thinktime
 *   worker_prep.c     all of it together, in fio's order
 */
#ifndef IOSTRESS_WORKER_PREP_H
#define IOSTRESS_WORKER_PREP_H

#include "run/worker_impl.h"

/* Results of worker_file_offset(): a positive value, not an errno. */
enum file_offset_ret {
	FILE_OFFSET_OK = 0,	/* *off and *len are set */
	FILE_OFFSET_DONE = 1,	/* the file has nothing more this pass */
};

/* worker_pick_ddir - the direction of the next data I/O: the job's only
 * one, or read with probability rwmixread percent.  For trimwrite this is
 * a write, which worker_trimwrite_ddir() turns into the trim due once the
 * file is known. */
static inline unsigned worker_pick_ddir(struct worker *w)
{
	unsigned rw = w->job->rw;

	if ((rw & (RW_READ | RW_WRITE)) != (RW_READ | RW_WRITE)) {
		if (rw & RW_WRITE)
			return DDIR_WRITE;
		return (rw & RW_TRIM) ? DDIR_TRIM : DDIR_READ;
	}
	return rng_below(&w->rng, 100) < w->job->rwmixread ? DDIR_READ : DDIR_WRITE;
}

/* worker_trimwrite_ddir - trimwrite, file i: a trim when the last write
 * started where the last trim did (the pair is complete), else the write
 * of the block just trimmed (fio's set_rw_ddir()). */
static inline unsigned worker_trimwrite_ddir(const struct worker *w, unsigned i)
{
	const struct wfile_io *s = &w->fio[i];

	return s->last_start[DDIR_WRITE] == s->last_start[DDIR_TRIM] ?
	       DDIR_TRIM : DDIR_WRITE;
}

/* worker_sync_due - fio's get_rw_ddir(): after every fsync= (fdatasync=)
 * writes the next request is a sync.  Returns DDIR_SYNC, DDIR_DATASYNC or 0
 * (worker_ddir.c). */
unsigned worker_sync_due(const struct worker *w);

/* worker_pace_check - rate_min, thinktime and the rate schedule.  Returns
 * PREP_OK (with *ddir possibly switched by the rate), PREP_WAIT, or
 * PREP_END when rate_min failed the job (worker_pace.c). */
int worker_pace_check(struct worker *w, unsigned *ddir, uint64_t now);

/* worker_gen_mode - the offset generator mode of the job's files
 * (worker_offsets.c). */
enum offset_mode worker_gen_mode(const struct worker *w);

/* worker_gen_seed - the seed of file i's random generator of direction d
 * in the pass whose seed is pass_seed. */
uint64_t worker_gen_seed(uint64_t pass_seed, unsigned i, unsigned d);

/* worker_offsets_simple - the per-direction generators of a simple job
 * (w->gen).  Returns 0 or -EINVAL. */
int worker_offsets_simple(struct worker *w);

/* worker_file_reset - file i starts over: sequential positions, and random
 * maps drawn from pass_seed. */
void worker_file_reset(struct worker *w, unsigned i, uint64_t pass_seed);

/* worker_zone_step - zonemode=strided, before an I/O of direction d in
 * file i: fio's setup_strided_zone_mode() (worker_offsets.c). */
void worker_zone_step(struct worker *w, unsigned i, unsigned d);

/* worker_file_offset_general - worker_file_offset() for every job that is
 * not simple (worker_offsets.c). */
int worker_file_offset_general(struct worker *w, unsigned i, unsigned d,
			       uint64_t *off, uint64_t *len);

/* worker_simple_offset - the offset part of worker_file_offset() for a
 * simple job (one file, one block size bs = job->bs[d], the byte budget
 * ends the pass): the next block of the direction's generator.  For a
 * caller that knows w->simple is set. */
static inline uint64_t worker_simple_offset(struct worker *w, unsigned d,
					    uint64_t bs)
{
	return w->files[0].io_offset +
	       offset_next(&w->gen[w->shared_gen ? 0 : d]) * bs;
}

/*
 * worker_file_offset - the absolute offset and the length of the next I/O
 * of direction d in file i, as fio's get_next_offset() and
 * get_next_buflen().  Returns FILE_OFFSET_OK, or FILE_OFFSET_DONE when the
 * file is done for this pass.  A simple job is never done here.
 */
static inline int worker_file_offset(struct worker *w, unsigned i, unsigned d,
				     uint64_t *off, uint64_t *len)
{
	if (w->simple) {
		*len = w->job->bs[d];
		*off = worker_simple_offset(w, d, *len);
		return FILE_OFFSET_OK;
	}
	return worker_file_offset_general(w, i, d, off, len);
}

#endif
