/* SPDX-License-Identifier: MIT */
/*
 * filesel.h - which of a job's files the next I/O goes to:
 * file_service_type.
 *
 * fio semantics (HOWTO "file_service_type", io_u.c get_next_file()):
 *
 *   roundrobin[:N]  the default.  N I/Os (default 1) to a file, then the
 *                   next file that is not done, in order, wrapping.
 *   random[:N]      N I/Os to a file, then a file drawn uniformly among
 *                   all nr_files, drawn again while it is done.
 *   sequential      stay on a file until it is done, then the next one in
 *                   order.  fio accepts ":N" here but ignores it.
 *   zipf[:θ], pareto[:h], normal[:σ] (gauss)
 *                   a new file for every I/O, drawn from the distribution
 *                   (distrib.h) over nr_files << 10 ranks shifted right by
 *                   10, drawn again while it is done.  Without ":x" the
 *                   parameter is fio's default: θ 1.1, h 0.2, σ 0.
 *
 *   The first I/O goes to file 0 for roundrobin and sequential.  A file is
 *   done when its share of the pass (its io_size) is used up; the worker
 *   says so with filesel_done().  When every file is done the pass is over:
 *   the worker starts the next loop (or ends) and calls filesel_reset().
 */
#ifndef IOSTRESS_FILESEL_H
#define IOSTRESS_FILESEL_H

#include <stdbool.h>
#include <stdint.h>

#include "workload/distrib.h"
#include "lib/rand.h"

struct diag;

enum filesel_kind {
	FILESEL_ROUNDROBIN = 0,	/* default */
	FILESEL_RANDOM,
	FILESEL_SEQUENTIAL,
	FILESEL_ZIPF,
	FILESEL_PARETO,
	FILESEL_NORMAL,		/* fio's normal and gauss */
};

/* fio's FIO_FSERVICE_SHIFT: skewed kinds draw over nr_files << this. */
#define FILESEL_SHIFT 10

/* What the job file asked for; a zeroed spec is fio's default. */
struct filesel_spec {
	enum filesel_kind kind;
	unsigned nr_ios;	/* the ":N" postfix of random, roundrobin and
				 * sequential: I/Os before switching; 0 = 1 */
	double param;		/* the ":x" postfix of zipf (theta), pareto (h)
				 * and normal (deviation %); 0 = fio's default */
};

/* Runtime state of one worker. */
struct filesel {
	enum filesel_kind kind;
	unsigned nr_files;
	unsigned nr_ios;	/* I/Os per turn, >= 1 */
	unsigned cur;		/* file of the current turn */
	unsigned left;		/* I/Os left in the current turn */
	unsigned nr_done;	/* files done in this pass */
	bool fresh;		/* the next pick starts a pass */
	uint64_t *done;		/* bitmap of nr_files bits; NULL when
				 * nr_files <= 64 (uses done_inline) */
	uint64_t done_inline;
	struct dist_gen skew;	/* zipf, pareto, normal */
};

/*
 * filesel_init - prepare fs for nr_files (> 0) files; seed feeds the skewed
 * kinds.  Allocates a bitmap when nr_files > 64.  Returns 0, -EINVAL when
 * nr_files is 0 or the parameter is out of range (message in d, which may
 * be NULL), or -ENOMEM.  Release with filesel_release().
 */
int filesel_init(struct filesel *fs, const struct filesel_spec *spec,
		 unsigned nr_files, uint64_t seed, struct diag *d);

/* filesel_release - free what filesel_init() allocated. */
void filesel_release(struct filesel *fs);

/* filesel_reset - a new pass: no file is done, the next turn starts at
 * file 0 (random: a fresh draw). */
void filesel_reset(struct filesel *fs);

/* filesel_next_slow - the switching path of filesel_next(); do not call
 * directly. */
unsigned filesel_next_slow(struct filesel *fs, struct rng *rng);

/*
 * filesel_next - index of the file for the next I/O, or UINT32_MAX when
 * every file is done.  With one file, or inside a turn, this is one branch.
 */
static inline unsigned filesel_next(struct filesel *fs, struct rng *rng)
{
	if (__builtin_expect(fs->left != 0, 1)) {
		fs->left--;
		return fs->cur;
	}
	return filesel_next_slow(fs, rng);
}

/* filesel_done - file i has no more I/O in this pass.  The current turn
 * ends if it was on i. */
void filesel_done(struct filesel *fs, unsigned i);

/* filesel_all_done - every file is done. */
static inline bool filesel_all_done(const struct filesel *fs)
{
	return fs->nr_done >= fs->nr_files;
}

#endif
