/* SPDX-License-Identifier: MIT */
/*
 * filesel.c - file_service_type: choosing the file of the next I/O.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "workload/filesel.h"

static inline uint64_t *done_words(struct filesel *fs)
{
	return fs->done ? fs->done : &fs->done_inline;
}

static inline bool is_done(struct filesel *fs, unsigned i)
{
	return done_words(fs)[i / 64] >> (i % 64) & 1;
}

/* skew_init - the distribution of a skewed kind, with fio's defaults. */
static int skew_init(struct filesel *fs, const struct filesel_spec *spec,
		     unsigned nr_files, uint64_t seed, struct diag *d)
{
	static const enum dist_kind kinds[] = {
		[FILESEL_ZIPF] = DIST_ZIPF,
		[FILESEL_PARETO] = DIST_PARETO,
		[FILESEL_NORMAL] = DIST_NORMAL,
	};
	static const double defaults[] = {
		[FILESEL_ZIPF] = 1.1,
		[FILESEL_PARETO] = 0.2,
		[FILESEL_NORMAL] = 0.0,
	};
	double param = spec->param > 0 ? spec->param : defaults[spec->kind];

	return dist_gen_init_files(&fs->skew, kinds[spec->kind], param,
				   (uint64_t)nr_files << FILESEL_SHIFT, seed, d);
}

int filesel_init(struct filesel *fs, const struct filesel_spec *spec,
		 unsigned nr_files, uint64_t seed, struct diag *d)
{
	int ret;

	memset(fs, 0, sizeof(*fs));
	if (!nr_files || spec->kind > FILESEL_NORMAL)
		return -EINVAL;
	if (spec->kind >= FILESEL_ZIPF) {
		ret = skew_init(fs, spec, nr_files, seed, d);
		if (ret)
			return ret;
	}
	if (nr_files > 64) {
		fs->done = calloc((nr_files + 63) / 64, sizeof(uint64_t));
		if (!fs->done)
			return -ENOMEM;
	}
	fs->kind = spec->kind;
	fs->nr_files = nr_files;
	fs->nr_ios = spec->nr_ios ? spec->nr_ios : 1;
	filesel_reset(fs);
	return 0;
}

void filesel_release(struct filesel *fs)
{
	free(fs->done);
	fs->done = NULL;
}

void filesel_reset(struct filesel *fs)
{
	memset(done_words(fs), 0, ((fs->nr_files + 63) / 64) * sizeof(uint64_t));
	fs->nr_done = 0;
	fs->cur = 0;
	fs->left = 0;
	fs->fresh = true;
}

void filesel_done(struct filesel *fs, unsigned i)
{
	uint64_t *w = done_words(fs);

	if (i >= fs->nr_files || is_done(fs, i))
		return;
	w[i / 64] |= 1ull << (i % 64);
	fs->nr_done++;
	if (fs->cur == i)
		fs->left = 0;
}

/* next_open - the first file not done at or after start, wrapping. */
static unsigned next_open(struct filesel *fs, unsigned start)
{
	for (unsigned k = 0; k < fs->nr_files; k++) {
		unsigned i = (start + k) % fs->nr_files;

		if (!is_done(fs, i))
			return i;
	}
	return UINT32_MAX;
}

/* draw_file - one draw of a random or skewed kind. */
static inline unsigned draw_file(struct filesel *fs, struct rng *rng)
{
	if (fs->kind == FILESEL_RANDOM)
		return (unsigned)rng_below(rng, fs->nr_files);
	return (unsigned)(dist_next_slow(&fs->skew, rng) >> FILESEL_SHIFT);
}

/* pick_random - fio draws over all files until one is not done; after
 * many misses, take the next one not done after the last draw. */
static unsigned pick_random(struct filesel *fs, struct rng *rng)
{
	unsigned i = 0;

	for (int tries = 0; tries < 64; tries++) {
		i = draw_file(fs, rng);
		if (!is_done(fs, i))
			return i;
	}
	return next_open(fs, i);
}

unsigned filesel_next_slow(struct filesel *fs, struct rng *rng)
{
	unsigned i;

	if (filesel_all_done(fs))
		return UINT32_MAX;
	switch (fs->kind) {
	case FILESEL_SEQUENTIAL:
		i = !fs->fresh && !is_done(fs, fs->cur) ? fs->cur
							: next_open(fs, fs->fresh ? 0 : fs->cur + 1);
		break;
	case FILESEL_RANDOM:
	case FILESEL_ZIPF:
	case FILESEL_PARETO:
	case FILESEL_NORMAL:
		i = pick_random(fs, rng);
		break;
	default:
		i = next_open(fs, fs->fresh ? 0 : fs->cur + 1);
		break;
	}
	fs->fresh = false;
	fs->cur = i;
	if (fs->kind == FILESEL_SEQUENTIAL || fs->nr_files == 1)
		fs->left = UINT32_MAX - 1;
	else if (fs->kind >= FILESEL_ZIPF)
		fs->left = 0;		/* fio: a new draw for every I/O */
	else
		fs->left = fs->nr_ios - 1;
	return i;
}
