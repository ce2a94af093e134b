/* SPDX-License-Identifier: MIT */
/*
 * stats.h - what one worker (or one merged group) measured.
 *
 * Workers record into their own struct job_stats with no locks; the runner
 * merges them after the run.  Every field merges exactly: counts and sums
 * add, min/max combine, and histograms add bin by bin.
 *
 * Latency meanings follow fio:
 *   slat  submission latency, t_issue - t_start (asynchronous backends only)
 *   clat  completion latency, completion - t_issue
 *   lat   total latency, completion - t_start  (= slat + clat)
 */
#ifndef IOSTRESS_STATS_H
#define IOSTRESS_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "measure/cycles.h"
#include "measure/histogram.h"
#include "lib/io.h"
#include "measure/rate_stat.h"
#include "measure/steadystate.h"

/* Exact, mergeable summary of a set of latency samples (ns). */
struct lat_stat {
	uint64_t n;
	uint64_t min;		/* UINT64_MAX while n == 0 */
	uint64_t max;
	uint64_t sum;
	unsigned __int128 sumsq;
};

static inline void lat_stat_add(struct lat_stat *s, uint64_t v)
{
	s->n++;
	s->sum += v;
	s->sumsq += (unsigned __int128)v * v;
	if (v < s->min)
		s->min = v;
	if (v > s->max)
		s->max = v;
}

/* lat_stat_init - empty summary (n = 0, min = UINT64_MAX). */
void lat_stat_init(struct lat_stat *s);

/* lat_stat_merge - fold src into dst. */
void lat_stat_merge(struct lat_stat *dst, const struct lat_stat *src);

/* lat_stat_mean - arithmetic mean, 0 when empty. */
double lat_stat_mean(const struct lat_stat *s);

/* lat_stat_stddev - sample standard deviation (n - 1 divisor, as fio), 0
 * when fewer than two samples. */
double lat_stat_stddev(const struct lat_stat *s);

/* lat_stat_min - min, or 0 when empty (for reports). */
uint64_t lat_stat_min(const struct lat_stat *s);

enum lat_kind { LAT_SLAT = 0, LAT_CLAT, LAT_LAT, LAT_NR };

/* Per-direction results. */
struct dir_stats {
	uint64_t ios;		/* completed I/Os */
	uint64_t bytes;		/* bytes transferred */
	uint64_t short_ios;	/* completions with fewer bytes than asked */
	uint64_t err_ios;	/* issued I/Os that failed; fio counts them
				 * in total_ios, not in ios or bytes */
	struct lat_stat lat[LAT_NR];
	struct hist *hist[LAT_NR];	/* owned; NULL until job_stats_init */
};

/* CPU and scheduling figures of one worker thread (fio's meanings). */
struct cpu_usage {
	uint64_t usr_ns;
	uint64_t sys_ns;
	uint64_t ctx;		/* voluntary + involuntary context switches */
	uint64_t majf;		/* major page faults */
	uint64_t minf;		/* minor page faults */
};

/* What a backend actually used, after probing (reported under
 * jobs[].iostress.backend). */
struct be_features {
	unsigned uring_setup_flags;	/* IORING_SETUP_* that took effect */
	bool fixed_files;		/* registered files */
	bool fixed_bufs;		/* registered buffers */
	bool registered_ring;		/* io_uring ring fd registered */
	bool aio_ring_reap;		/* libaio completions read from the
					 * mapped ring, not io_getevents */
};

/*
 * The worker's opens of its data files for writing (O_RDWR or O_WRONLY),
 * each timed around open() alone with the engine clock.  On a union
 * filesystem (overlayfs, Docker's overlay2) the first such open of a file
 * from a lower layer copies the whole file up, so total_ns and max_ns are
 * that cost; bytes is what the files held at open (st_size, before any
 * I/O).  Read-only opens are not counted.
 */
struct open_stat {
	uint64_t files;		/* files opened for writing */
	uint64_t total_ns;	/* their open() times, summed */
	uint64_t max_ns;	/* the slowest */
	uint64_t bytes;		/* their sizes at open, summed */
};

/* open_stat_add - one open for writing of a file of bytes, ns long. */
static inline void open_stat_add(struct open_stat *o, uint64_t ns,
				 uint64_t bytes)
{
	o->files++;
	o->total_ns += ns;
	o->bytes += bytes;
	if (ns > o->max_ns)
		o->max_ns = ns;
}

struct job_stats {
	struct dir_stats dir[DDIR_NR];
	uint64_t runtime_ns;	/* measured (post-ramp) time of the job */
	struct cpu_usage cpu;
	uint64_t sync_ios;	/* fsync/fdatasync requests completed */
	struct be_features features;	/* from the first worker merged */
	int error;		/* first -errno the job hit, 0 if none */
	uint64_t total_err;	/* I/O errors of a type continue_on_error
				 * covers (fio's total_err): the ones the job
				 * went on after and the one that ended it */
	uint64_t first_error;	/* the first of them, a positive errno;
				 * 0 = none (fio's first_error) */
	uint64_t err_read;	/* total_err by fio's error type: read, */
	uint64_t err_write;	/* write (and syncs), */
	uint64_t err_verify;	/* verify (EILSEQ) */
	uint64_t latency_depth;	/* latency_target: the depth found (fio's
				 * latency_depth); 0 without a target */
	unsigned nr_merged;	/* how many workers were folded into this */
	struct rate_samples rates;	/* per-second bw/iops samples, filled by
					 * the sampler (sampler.h) after the run */
	struct cycles_stat cycles;	/* CPU cycles (cycles.h): the thread
					 * figure from the worker, the process
					 * and system figures from the phase */
	struct open_stat opens;	/* data files opened for writing (setup,
				 * before the measured period) */
	uint64_t first_write_ns;	/* clat of the worker's first completed
					 * write, ramp or not; 0 = none (a
					 * 0 ns clat is kept as 1) */
	struct ss_result *ss;	/* steady-state detection of the job (or
				 * its reporting group), a reference;
				 * NULL without ss_dur */
};

/* stats_count_error - one error of fio's type t (0 read, 1 write, 2
 * verify: job.h's ERR_TYPE_*), positive errno err, into total_err, its
 * type's count and, when it is the first, first_error. */
static inline void stats_count_error(struct job_stats *st, unsigned t, int err)
{
	uint64_t *by_type[] = { &st->err_read, &st->err_write, &st->err_verify };

	if (!st->total_err++)
		st->first_error = (uint64_t)err;
	if (t < 3)
		(*by_type[t])++;
}

/* job_stats_init - zero everything and allocate the histograms.
 * Returns 0 or -ENOMEM (nothing left allocated). */
int job_stats_init(struct job_stats *st);

/* job_stats_release - free the histograms; st may be re-inited. */
void job_stats_release(struct job_stats *st);

/* job_stats_reset - forget every sample (end of ramp_time), keeping the
 * histogram allocations.  Rate samples and cycles are cleared too; opens,
 * first_write_ns, total_err and first_error are kept: they happen before (or at the start of) the
 * measured period and are what a ramp would otherwise hide. */
void job_stats_reset(struct job_stats *st);

/* job_stats_mix - fio's unified_rw_reporting sum: fold st's read and
 * write (counts, latencies, histograms, rate samples) into out->dir[0]
 * and copy the runtime and the steady-state result.  out must be inited
 * and empty. */
void job_stats_mix(struct job_stats *out, const struct job_stats *st);

/* job_stats_drop_timing - forget the latencies and the per-second rate
 * samples, keeping the counts (fio's gtod_reduce reports none). */
void job_stats_drop_timing(struct job_stats *st);

/* job_stats_merge - fold src into dst: counts add, runtimes take the max,
 * CPU adds, first error wins, rate samples merge as fio's group_reporting
 * (rate_stat.h), cycles as cycles_stat_merge(), opens add (max_ns takes the
 * max), first_write_ns takes the max, total_err adds, the first
 * first_error wins and latency_depth takes the max; src's steady-state
 * result, when it has one, replaces dst's (fio reports the last job's of
 * a group).  Both must be inited. */
void job_stats_merge(struct job_stats *dst, const struct job_stats *src);

/*
 * stats_record - record one completed data request of direction ddir.
 * Hot path.  Without slat (record_slat false: a synchronous backend) lat
 * equals clat, so only clat is recorded and stats_finish() copies it into
 * lat once at the end.  A worker's backend records slat for every I/O or
 * for none (BE_F_SYNC, BE_F_SYNC_COMMIT, or null at iodepth 1), never a
 * mixture.
 */
static inline void stats_record(struct job_stats *st, unsigned ddir,
				uint64_t bytes, bool short_io, uint64_t slat,
				uint64_t clat, bool record_slat)
{
	struct dir_stats *d = &st->dir[ddir];

	d->ios++;
	d->bytes += bytes;
	d->short_ios += short_io;
	lat_stat_add(&d->lat[LAT_CLAT], clat);
	hist_add(d->hist[LAT_CLAT], clat);
	if (record_slat) {
		lat_stat_add(&d->lat[LAT_SLAT], slat);
		hist_add(d->hist[LAT_SLAT], slat);
		lat_stat_add(&d->lat[LAT_LAT], slat + clat);
		hist_add(d->hist[LAT_LAT], slat + clat);
	}
}

/* stats_finish - end of a worker's run: where no slat was recorded, lat
 * is clat (see stats_record()); copy it.  Call once, before merging. */
void stats_finish(struct job_stats *st);

#endif
