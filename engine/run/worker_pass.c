/* SPDX-License-Identifier: MIT */
/*
 * worker_pass.c - where a pass ends: the byte and I/O limits of size,
 * io_size, loops and number_ios (fio's do_io), and the start of each pass
 * over the files.
 */
#include "lib/seed.h"
#include "run/worker_prep.h"

#define MAX64(a, b) ((a) > (b) ? (a) : (b))
#define MIN64(a, b) ((a) < (b) ? (a) : (b))

static bool job_mixed(const struct job *job)
{
	return (job->rw & (RW_READ | RW_WRITE)) == (RW_READ | RW_WRITE);
}

int worker_pass_setup(struct worker *w)
{
	const struct job *job = w->job;
	unsigned loops = job->loops ? job->loops : 1;
	uint64_t limit = job->io_size ? job->io_size : w->size;

	w->loops_left = loops;
	w->total_limit = limit * loops;
	w->pass_limit = w->size;
	if ((job->rw & RW_WRITE) && (job->rw & RW_RANDOM) && job->norandommap)
		w->pass_limit = MAX64(w->size, job->io_size);
	w->ios_limit = job->number_ios && !job->time_based ?
		       job->number_ios * loops : UINT64_MAX;
	if (job_trimwrite(job)) {
		/* fio's do_io(): every byte is trimmed, then written */
		w->pass_limit += w->size;
		w->total_limit *= 2;
		if (w->ios_limit != UINT64_MAX)
			w->ios_limit *= 2;
	}
	return 0;
}

/* simple_natural - bytes a simple job's pass moves before its file is
 * done; UINT64_MAX when only the byte limits end it. */
static uint64_t simple_natural(const struct worker *w)
{
	const struct job *job = w->job;
	uint64_t io_size = w->files[0].io_size;

	if (job->time_based)
		return UINT64_MAX;
	if (job->rw & RW_RANDOM) {
		if (worker_gen_mode(w) != OFFSET_RANDMAP)
			return UINT64_MAX;
		unsigned d = (job->rw & RW_TRIM) ? DDIR_TRIM : DDIR_READ;

		return io_size / job->bs[d] * job->bs[d];
	}
	if (job_mixed(job))
		return UINT64_MAX;
	{
		unsigned d = (job->rw & RW_WRITE) ? DDIR_WRITE :
			     (job->rw & RW_TRIM) ? DDIR_TRIM : DDIR_READ;

		return io_size / job->bs[d] * job->bs[d];
	}
}

void worker_pass_begin(struct worker *w)
{
	const struct job *job = w->job;
	uint64_t seed = seed_derive(w->seed, SEED_PASS, w->loops_left + 1);
	uint64_t budget;

	w->pass_done = false;
	w->zone_bytes = 0;	/* fio's reset_io_counters() */
	w->seq_nr_left = job->rw_seq_nr;
	w->last_ddir = DDIR_READ;
	for (unsigned i = 0; i < w->nr_files; i++)
		worker_file_reset(w, i, seed);
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
					    w->gen[d].nr_blocks,
					    worker_gen_seed(seed, 0, d));
		budget = MIN64(budget, simple_natural(w));
	}
	w->bytes_budget = w->bytes_issued + budget;
}
