/* SPDX-License-Identifier: MIT */
/*
 * worker_files.c - a worker's data files: their names (filename lists,
 * directory lists, filename_format), their sizes (size, nrfiles, filesize,
 * size=N%, offset, offset_increment), laying them out, opening them (direct,
 * sync), and closing them (fsync_on_close, end_fsync).
 *
 * Sizes follow fio 3.33's setup_files(): without filesize each file gets
 * size / nrfiles bytes (the first (size % nrfiles) / min_bs files one
 * block more); with filesize a file whose current size is outside the range
 * gets the fixed size or a random one in it (rounded down to the minimum
 * block size); then size=N% takes that share.  A file starts at
 * offset (+ clone * offset_increment), rounded up to the minimum block size
 * when either is a percentage.  The job's size is the sum of what its files
 * hold when size= is unset or larger.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "backends/backend.h"
#include "lib/seed.h"
#include "measure/clock.h"
#include "workload/layout.h"
#include "targets/native.h"
#include "run/worker_impl.h"

/* ------------------------------------------------------------------ */
/* Names                                                               */

/* list_nth - the n-th (mod count) name of a ':' list into out. */
static void list_nth(const char *list, unsigned n, char *out, size_t len)
{
	unsigned count = job_filename_count(list);
	const char *p = list;

	out[0] = '\0';
	if (!count)
		return;
	n %= count;
	for (unsigned i = 0; i <= n && p; i++)
		p = job_filename_next(p, out, len);
}

/* format_name - expand fio's filename_format keywords. */
static void format_name(const struct job *job, unsigned filenum, char *out,
			size_t len)
{
	const char *fmt = job->filename_format ? job->filename_format :
			  "$jobname.$jobnum.$filenum";
	size_t o = 0;

	while (*fmt && o + 1 < len) {
		char num[24];
		const char *sub = NULL;
		size_t skip = 0;

		if (!strncmp(fmt, "$jobname", 8)) {
			/* fio: the section's name, not name= */
			sub = job->section ? job->section :
			      job->name ? job->name : "";
			skip = 8;
		} else if (!strncmp(fmt, "$jobnum", 7)) {
			snprintf(num, sizeof(num), "%u", job->clone);
			sub = num;
			skip = 7;
		} else if (!strncmp(fmt, "$filenum", 8)) {
			snprintf(num, sizeof(num), "%u", filenum);
			sub = num;
			skip = 8;
		} else if (!strncmp(fmt, "$clientuid", 10)) {
			sub = "";	/* fio: empty outside client/server */
			skip = 10;
		}
		if (!sub) {
			out[o++] = *fmt++;
			continue;
		}
		o += (size_t)snprintf(out + o, len - o, "%s", sub);
		if (o >= len)
			o = len - 1;
		fmt += skip;
	}
	out[o] = '\0';
}

char *worker_file_name(const struct job *job, unsigned i)
{
	char name[PATH_MAX], dir[PATH_MAX];
	char *path = NULL;
	int r;

	dir[0] = '\0';
	if (job->filename) {
		list_nth(job->filename, i, name, sizeof(name));
		if (job->directory)	/* fio: the first directory */
			list_nth(job->directory, 0, dir, sizeof(dir));
	} else {
		format_name(job, i, name, sizeof(name));
		if (job->directory)	/* fio: clone N uses directory N */
			list_nth(job->directory, job->clone, dir, sizeof(dir));
	}
	if (dir[0] && name[0] != '/')
		r = asprintf(&path, "%s/%s", dir, name);
	else
		r = asprintf(&path, "%s", name);
	return r < 0 ? NULL : path;
}

char *worker_file_path(const struct job *job)
{
	return worker_file_name(job, 0);
}

/* ------------------------------------------------------------------ */
/* Sizes                                                               */

static uint64_t job_min_bs(const struct job *job)
{
	uint64_t r = job->bs[DDIR_READ], wr = job->bs[DDIR_WRITE];

	return r < wr ? r : wr;
}

/* start_offset - fio's get_start_offset() for a file of real bytes. */
static uint64_t start_offset(const struct job *job, uint64_t real)
{
	uint64_t inc = job->offset_increment, off, bs = job_min_bs(job);
	bool align = false;

	if (job->offset_increment_pct) {
		inc = job->offset_increment_pct * real / 100;
		align = true;
	}
	if (job->offset_pct) {
		off = real * job->offset_pct / 100 + job->clone * inc;
		align = true;
	} else {
		off = job->offset + job->clone * inc;
	}
	if (align && bs)
		off = (off / bs + (off % bs != 0)) * bs;
	return off;
}

/* file_io_size - how many bytes from io_offset file f is given. */
static int file_io_size(struct worker *w, struct wfile *f, uint64_t fs,
			bool extra, struct rng *rng)
{
	const struct job *job = w->job;
	uint64_t bs = job_min_bs(job);

	if (!job->filesize_max) {
		f->io_size = fs + (extra ? bs : 0);
		if (!f->io_size && f->real_size > f->io_offset)
			f->io_size = f->real_size - f->io_offset;
	} else if (f->real_size < job->filesize_min ||
		   f->real_size > job->filesize_max) {
		uint64_t sz = job->filesize_min;

		if (f->io_offset > job->filesize_min) {
			diag_set(&w->diag, &job->loc,
				 "job '%s': offset %llu is beyond filesize %llu of '%s'",
				 job->name, (unsigned long long)f->io_offset,
				 (unsigned long long)job->filesize_min,
				 f->path ? f->path : "");
			return -EINVAL;
		}
		if (job->filesize_max != job->filesize_min) {
			sz += rng_below(rng, job->filesize_max - job->filesize_min + 1);
			sz -= sz % bs;
		}
		f->io_size = sz - f->io_offset;
	} else {
		f->io_size = f->real_size - f->io_offset;
	}
	if (job->size_pct && job->size_pct != 100) {
		uint64_t file_size = f->io_size + f->io_offset;

		f->io_size = file_size * job->size_pct / 100;
		if (f->io_size > file_size - f->io_offset)
			f->io_size = file_size - f->io_offset;
		f->io_size -= f->io_size % bs;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

/*
 * open_timed - open f->path with flags into f->fd.  An open for writing
 * (O_RDWR or O_WRONLY) is timed and counted in w->stats.opens with the
 * file's size just after it (before any I/O): a union filesystem copies a
 * lower-layer file up inside that open().  Returns 0 or -errno (diag set).
 */
static int open_timed(struct worker *w, struct wfile *f, int flags)
{
	bool for_write = (flags & O_ACCMODE) != O_RDONLY;
	uint64_t t0 = clock_now_ns(), t1;
	struct stat st;
	int ret;

	f->fd = open(f->path, flags | O_CLOEXEC, 0644);
	t1 = clock_now_ns();
	if (f->fd < 0) {
		ret = -errno;
		diag_set(&w->diag, &w->job->loc, "job '%s': unable to open '%s': %s",
			 w->job->name, f->path, strerror(-ret));
		return ret;
	}
	if (!for_write)
		return 0;
	if (fstat(f->fd, &st) < 0) {
		ret = -errno;
		diag_set(&w->diag, &w->job->loc, "job '%s': unable to stat '%s': %s",
			 w->job->name, f->path, strerror(-ret));
		return ret;
	}
	open_stat_add(&w->stats.opens, t1 - t0, (uint64_t)st.st_size);
	return 0;
}

/*
 * file_prepare - make f ready to open: laid out as layout_file() does; with
 * create_on_open not at all (fio: the open creates it, the job's writes
 * extend it, and until then the file counts as io_offset + io_size long);
 * with allow_file_create=0 a missing file is an error; with
 * create_serialize one job's layout at a time.
 */
/* Held by a job laying out a file under create_serialize=1 (fio's
 * default), so that such jobs lay out their files one at a time rather
 * than interleaving their data on the filesystem. */
static pthread_mutex_t layout_lock = PTHREAD_MUTEX_INITIALIZER;

static int file_prepare(struct worker *w, struct wfile *f)
{
	const struct job *job = w->job;
	uint64_t need = f->io_offset + f->io_size;
	struct stat st;
	int ret;

	if (!job->allow_file_create && stat(f->path, &st) < 0 && errno == ENOENT) {
		diag_set(&w->diag, &job->loc,
			 "job '%s': '%s' does not exist and allow_file_create=0 forbids creating it",
			 job->name, f->path);
		return -ENOENT;
	}
	if (job->create_on_open || job->fill_device) {	/* fio: no layout */
		if (f->real_size < need)
			f->real_size = need;
		return 0;
	}
	if (job->create_serialize)
		pthread_mutex_lock(&layout_lock);
	ret = layout_file(f->path, need, job->rw & RW_READ, job->fallocate,
			  w->seed, &f->real_size, &w->diag);
	if (job->create_serialize)
		pthread_mutex_unlock(&layout_lock);
	/* fallocate=none or keep leave a new regular file short of need;
	 * fio's real_file_size is need all the same, and the job's writes
	 * (or trims) go anywhere in it */
	if (!ret && (job->rw & (RW_WRITE | RW_TRIM)) && f->real_size < need &&
	    !stat(f->path, &st) && S_ISREG(st.st_mode))
		f->real_size = need;
	/* a character device (/dev/null, /dev/zero) has no size: fio's is
	 * unbounded (char_size()), so the job's own bounds hold */
	if (!ret && f->real_size < need && !stat(f->path, &st) && S_ISCHR(st.st_mode))
		f->real_size = need;
	return ret;
}

static int file_open(struct worker *w, struct wfile *f)
{
	const struct job *job = w->job;
	int flags, ret;

	if (job->rw & (RW_WRITE | RW_TRIM)) {	/* a trim destroys data too */
		ret = native_check_write_safe(f->path, job->allow_mounted_write, &w->diag);
		if (ret)
			return ret;
	}
	ret = file_prepare(w, f);
	if (ret)
		return ret;

	flags = (job->rw & (RW_WRITE | RW_TRIM)) ? O_RDWR : O_RDONLY;
	if (job->rw & RW_TRIM) {
		/* fio's file_open(): a job that trims opens its files
		 * without direct, sync or create_on_open */
	} else {
		if ((job->create_on_open || job->fill_device) && job->allow_file_create)
			flags |= O_CREAT;
		if (job->direct)
			flags |= O_DIRECT;
		if (job->sync == SYNC_SYNC)
			flags |= O_SYNC;
		else if (job->sync == SYNC_DSYNC)
			flags |= O_DSYNC;
	}
	ret = open_timed(w, f, flags);
	if (ret)
		return ret;
	if (flags & O_DIRECT) {
		struct native_dio a;

		ret = native_dio_align(f->fd, f->path, &a);
		if (ret == -EINVAL) {
			diag_set(&w->diag, &job->loc, "job '%s': %s", job->name, a.source);
			return ret;
		}
		ret = native_check_dio(job, f->io_offset, &a, &w->diag);
		if (ret)
			return ret;
		if (a.mem_align > w->buf_align)
			w->buf_align = a.mem_align;
	}
	if (job->invalidate && !(flags & O_DIRECT))
		posix_fadvise(f->fd, 0, 0, POSIX_FADV_DONTNEED);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setup and release                                                   */

static int files_alloc(struct worker *w)
{
	const struct job *job = w->job;
	unsigned nr = job->filename ? job_filename_count(job->filename) : job->nrfiles;

	if (!nr)
		nr = 1;
	w->files = calloc(nr, sizeof(*w->files));
	if (!w->files)
		return -ENOMEM;
	w->nr_files = nr;
	for (unsigned i = 0; i < nr; i++) {
		w->files[i].fd = -1;
		w->files[i].fixed_index = -1;
	}
	return 0;
}

int worker_files_setup(struct worker *w)
{
	const struct job *job = w->job;
	bool noio = w->be->flags & BE_F_NOIO;
	uint64_t size = job->size, total = 0, fs = 0, extra = 0, bs = job_min_bs(job);
	struct rng rng;
	int ret;

	ret = files_alloc(w);
	if (ret)
		return ret;
	rng_seed(&rng, seed_derive(w->seed, SEED_FILE_SIZE, 0));
	for (unsigned i = 0; i < w->nr_files; i++) {
		struct wfile *f = &w->files[i];

		if (noio)
			continue;
		f->path = worker_file_name(job, i);
		if (!f->path)
			return -ENOMEM;
		ret = layout_path_size(f->path, &f->real_size);
		if (ret) {
			diag_set(&w->diag, &job->loc, "job '%s': unable to stat '%s': %s",
				 job->name, f->path, strerror(-ret));
			return ret;
		}
		total += f->real_size;
	}
	/* fio: without size= the files keep what they hold (fs is 0 below,
	 * so each file gets its real size less its offset) */
	if (!size && !total && !job->filesize_max) {
		struct stat st;
		bool exists = !noio && !stat(w->files[0].path, &st);

		diag_set(&w->diag, &job->loc, noio ?
			 "job '%s' uses ioengine=%s and needs size=" : exists ?
			 "job '%s' has no size and '%s' has none to give (set size=)" :
			 "job '%s' has no size and '%s' does not exist (set size=)",
			 job->name, noio ? w->be->name : w->files[0].path);
		return -EINVAL;
	}
	fs = size / w->nr_files;
	if (fs * w->nr_files < size && bs)
		extra = (size - fs * w->nr_files) / bs;

	total = 0;
	for (unsigned i = 0; i < w->nr_files; i++) {
		struct wfile *f = &w->files[i];

		f->io_offset = start_offset(job, f->real_size);
		ret = file_io_size(w, f, fs, extra > 0, &rng);
		if (ret)
			return ret;
		if (extra)
			extra--;
		total += f->io_size;
		if (noio)
			f->real_size = f->io_offset + f->io_size;
	}
	w->size = (!size || size > total) ? total : size;
	if (w->size < bs) {
		diag_set(&w->diag, &job->loc,
			 "job '%s': size %llu is smaller than bs %llu (blocksize too large for data set)",
			 job->name, (unsigned long long)w->size, (unsigned long long)bs);
		return -EINVAL;
	}
	for (unsigned i = 0; i < w->nr_files && !noio; i++) {
		ret = file_open(w, &w->files[i]);
		if (ret)
			return ret;
	}
	return 0;
}

int worker_files_sync(struct worker *w)
{
	for (unsigned i = 0; i < w->nr_files; i++) {
		struct wfile *f = &w->files[i];

		if (f->fd < 0)
			continue;
		if (fsync(f->fd) < 0) {
			int ret = -errno;

			diag_set(&w->diag, &w->job->loc, "job '%s': fsync of '%s' failed: %s",
				 w->job->name, f->path, strerror(errno));
			return ret;
		}
	}
	return 0;
}

void worker_files_release(struct worker *w)
{
	bool sync = w->job && w->job->fsync_on_close && (w->job->rw & RW_WRITE);

	for (unsigned i = 0; w->files && i < w->nr_files; i++) {
		if (w->files[i].fd >= 0) {
			if (sync)
				fsync(w->files[i].fd);
			close(w->files[i].fd);
		}
		free(w->files[i].path);
	}
	free(w->files);
	w->files = NULL;
	w->nr_files = 0;
}
