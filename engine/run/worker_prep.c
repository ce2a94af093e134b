/* SPDX-License-Identifier: MIT */
/*
 * worker_prep.c - the general prep path: everything that decides the next
 * request of a job that is not "simple", in fio's order: a verify
 * read-back, the I/O limit, the direction (worker_pick_ddir), the pace
 * (worker_pace.c), a due fsync (worker_ddir.c), the file
 * (file_service_type), the offset and length (worker_offsets.c), and the
 * data a write carries (worker_buffer.c, verify headers).
 *
 * A job is simple when it has one file, one fixed block size and none of
 * the above but the direction: worker.c then prepares its requests inline,
 * with the same helpers from worker_prep.h, and never comes here.
 */
#include "lib/seed.h"
#include "run/worker_prep.h"

/* worker_is_simple - can the inline prep path in worker.c run this job? */
static bool worker_is_simple(const struct worker *w)
{
	const struct job *job = w->job;

	if (w->nr_files != 1 || job->rw_seq_nr > 1 || job->rw_seq_add ||
	    job->rw_sequencer != RW_SEQ_SEQUENTIAL ||
	    job->dist.kind != DIST_RANDOM ||
	    job->dist.percentage_random[0] < 100 ||
	    job->dist.percentage_random[1] < 100 ||
	    job->dist.percentage_random[2] < 100 || job_trimwrite(job) ||
	    job->verify.kind != VERIFY_NONE || job->fsync || job->fdatasync ||
	    w->ios_limit != UINT64_MAX || job->refill_buffers ||
	    job->buffer_compress_percentage || job->dedupe_percentage || w->paced ||
	    job->zonemode != ZONE_MODE_NONE || w->flow ||
	    !bs_gen_randommap_ok(&w->bsg))
		return false;
	for (unsigned d = 0; d < DDIR_NR; d++) {
		if (!job_dir_used(job, d))
			continue;
		if (bs_gen_min(&w->bsg, d) != bs_gen_max(&w->bsg, d) ||
		    bs_gen_min(&w->bsg, d) != job->bs[d] ||
		    w->files[0].io_size < job->bs[d])
			return false;
	}
	/* sequential mixed: each direction ends the pass when its own
	 * position reaches the end of the file (fio's get_next_seq_offset()),
	 * which only the general path follows */
	if ((job->rw & (RW_READ | RW_WRITE | RW_RANDOM)) == (RW_READ | RW_WRITE))
		return false;
	/* random with different sizes per direction: one map per direction
	 * does not match fio's single map */
	return !(job->rw & RW_RANDOM) || w->shared_gen;
}

int worker_prep_setup(struct worker *w)
{
	w->simple = worker_is_simple(w);
	return w->simple ? worker_offsets_simple(w) : 0;
}

int worker_prep_full(struct worker *w, struct io_req *req, uint64_t now)
{
	const struct job *job = w->job;
	unsigned ddir, sync, fi;
	uint64_t off, len;
	int r;

	req->readback = 0;
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
	if (w->flow && flow_held(w->flow, &w->flow_count, job->flow)) {
		/* fio: quiesce, sleep flow_sleep, ask again */
		w->think_sleep_ns = job->flow_sleep_ns;
		return PREP_WAIT;
	}
	ddir = worker_pick_ddir(w);
	if (w->paced) {
		r = worker_pace_check(w, &ddir, now);
		if (r != PREP_OK)
			return r;
	}
	sync = worker_sync_due(w);
	for (;;) {
		fi = filesel_next(&w->fsel, &w->fs_rng);
		if (fi == UINT32_MAX) {
			w->pass_done = true;
			return PREP_END;
		}
		if (!sync && job_trimwrite(job))
			ddir = worker_trimwrite_ddir(w, fi);
		if (!sync && job->zonemode == ZONE_MODE_STRIDED)
			worker_zone_step(w, fi, ddir);
		if (sync || worker_file_offset(w, fi, ddir, &off, &len) == FILE_OFFSET_OK)
			break;
		/* fio: skewed file service starts a file over instead of
		 * retiring it, so only the byte limits end the pass */
		if (w->fsel.kind >= FILESEL_ZIPF) {
			worker_file_reset(w, fi, seed_derive(w->seed, SEED_FILE_RESTART,
							     w->ios_issued));
			if (worker_file_offset(w, fi, ddir, &off, &len) == FILE_OFFSET_OK)
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
	w->zone_bytes += len;
	w->ios_issued++;
	w->last_ddir = ddir;
	if (rate_active(&w->rate))
		rate_issued(&w->rate, ddir, len);
	if (ddir == DDIR_WRITE) {
		w->writes_issued++;
		if (job->refill_buffers || job->buffer_compress_percentage ||
		    job->dedupe_percentage)
			worker_fill_write(w, req->buf, len);
		if (w->verify.on)
			verify_fill(&job->verify, req->buf, (uint32_t)len, off, fi,
				    w->verify.gen);
	}
	return PREP_OK;
}
