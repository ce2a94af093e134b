/* SPDX-License-Identifier: MIT */
/*
 * layout.c - create and extend data files before a job runs (see layout.h).
 */
#include "workload/layout.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/rand.h"
#include "lib/seed.h"

#define LAYOUT_CHUNK	(1u << 20)	/* bytes per fill write */

/* ------------------------------------------------------------------------
 * Sizes
 */

/* block_dev_size - size in bytes of the block device at path. */
static int block_dev_size(const char *path, uint64_t *out_size)
{
	uint64_t size;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, BLKGETSIZE64, &size) < 0)
		ret = -errno;
	else
		*out_size = size;
	close(fd);
	return ret;
}

int layout_path_size(const char *path, uint64_t *out_size)
{
	struct stat st;

	*out_size = 0;
	if (stat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (S_ISREG(st.st_mode)) {
		*out_size = (uint64_t)st.st_size;
		return 0;
	}
	if (S_ISBLK(st.st_mode))
		return block_dev_size(path, out_size);
	if (S_ISCHR(st.st_mode))
		return 0;
	return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
}

/* ------------------------------------------------------------------------
 * Devices: never written, only checked
 */

static int check_block_dev(const char *path, uint64_t need, uint64_t *out_size,
			   struct diag *d)
{
	int ret;

	ret = block_dev_size(path, out_size);
	if (ret < 0) {
		diag_set(d, NULL, "unable to get the size of '%s': %s", path,
			 strerror(-ret));
		return ret;
	}
	if (need > *out_size) {
		diag_set(d, NULL, "'%s' is %llu bytes, the job needs %llu", path,
			 (unsigned long long)*out_size, (unsigned long long)need);
		return -ENOSPC;
	}
	return 0;
}

/* ------------------------------------------------------------------------
 * Regular files
 */

/* write_all - pwrite len bytes at off, retrying short writes and EINTR. */
static int write_all(int fd, const unsigned char *buf, size_t len, off_t off)
{
	while (len) {
		ssize_t n = pwrite(fd, buf, len, off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

/*
 * fill_range - write random data over [from, to) of fd, then fdatasync so
 * the job's timed phase does not pay for the writeback.  The stream is
 * seeded by seed and from, so a later extension of the same file does not
 * repeat the bytes of the first part.
 */
static int fill_range(int fd, uint64_t from, uint64_t to, uint64_t seed)
{
	unsigned char *buf;
	struct rng r;
	int ret = 0;

	buf = malloc(LAYOUT_CHUNK);
	if (!buf)
		return -ENOMEM;
	rng_seed(&r, seed_derive(seed, SEED_LAYOUT, from));
	while (from < to) {
		size_t len = to - from < LAYOUT_CHUNK ? (size_t)(to - from) : LAYOUT_CHUNK;

		rng_fill(&r, buf, len);
		ret = write_all(fd, buf, len, (off_t)from);
		if (ret < 0)
			goto out_free_buf;
		from += len;
	}
	if (fdatasync(fd) < 0)
		ret = -errno;
out_free_buf:
	free(buf);
	return ret;
}

/* preallocate - allocate [cur, need) of fd as fallocate= asks.  Native
 * and keep quietly do nothing where the filesystem cannot (as fio). */
static int preallocate(int fd, uint64_t cur, uint64_t need,
		       enum fallocate_mode mode)
{
	off_t off = (off_t)cur, len = (off_t)(need - cur);
	int r;

	switch (mode) {
	case FALLOC_NATIVE:
	case FALLOC_KEEP:
		if (!fallocate(fd, mode == FALLOC_KEEP ? FALLOC_FL_KEEP_SIZE : 0, off, len))
			return 0;
		return errno == EOPNOTSUPP || errno == ENOSYS ? 0 : -errno;
	case FALLOC_POSIX:
		r = posix_fallocate(fd, off, len);
		return -r;
	case FALLOC_NONE:
	case FALLOC_TRUNCATE:
		break;
	}
	return 0;
}

/* extend_range - allocate [cur, need) of fd without writing data.  As in
 * fio, only truncate sets the size up front (native and posix set it by
 * allocating); with none and keep the file grows as the job writes. */
static int extend_range(int fd, uint64_t cur, uint64_t need,
			enum fallocate_mode mode)
{
	int ret = preallocate(fd, cur, need, mode);

	if (ret || mode != FALLOC_TRUNCATE)
		return ret;
	return ftruncate(fd, (off_t)need) < 0 ? -errno : 0;
}

/* open_regular - open (creating when missing) the regular file at path. */
static int open_regular(const char *path, bool exists, struct diag *d)
{
	int fd;

	do {
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	} while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		fd = -errno;
		diag_set(d, NULL, "unable to %s '%s': %s",
			 exists ? "open" : "create", path, strerror(-fd));
	}
	return fd;
}

static int layout_regular(const char *path, bool exists, uint64_t need,
			  bool fill, enum fallocate_mode mode, uint64_t seed,
			  uint64_t *out_size, struct diag *d)
{
	struct stat st;
	uint64_t cur;
	int fd, ret;

	fd = open_regular(path, exists, d);
	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		diag_set(d, NULL, "unable to stat '%s': %s", path, strerror(-ret));
		goto out_close_fd;
	}
	cur = (uint64_t)st.st_size;
	*out_size = cur;
	ret = 0;
	if (cur >= need)
		goto out_close_fd;
	if (fill) {
		ret = preallocate(fd, cur, need, mode);
		if (!ret)
			ret = fill_range(fd, cur, need, seed);
	} else {
		ret = extend_range(fd, cur, need, mode);
	}
	if (ret < 0) {
		diag_set(d, NULL, "unable to %s '%s' to %llu bytes: %s",
			 fill ? "fill" : "extend", path,
			 (unsigned long long)need, strerror(-ret));
		goto out_close_fd;
	}
	if (fstat(fd, &st) < 0) {
		ret = -errno;
		diag_set(d, NULL, "unable to stat '%s': %s", path, strerror(-ret));
		goto out_close_fd;
	}
	*out_size = (uint64_t)st.st_size;
out_close_fd:
	close(fd);
	return ret;
}

int layout_file(const char *path, uint64_t need, bool fill,
		enum fallocate_mode mode, uint64_t seed, uint64_t *out_size,
		struct diag *d)
{
	struct stat st;
	bool exists = true;

	*out_size = 0;
	if (stat(path, &st) < 0) {
		if (errno != ENOENT) {
			int ret = -errno;

			diag_set(d, NULL, "unable to stat '%s': %s", path,
				 strerror(-ret));
			return ret;
		}
		exists = false;
	} else if (S_ISBLK(st.st_mode)) {
		return check_block_dev(path, need, out_size, d);
	} else if (S_ISCHR(st.st_mode)) {
		return 0;
	} else if (!S_ISREG(st.st_mode)) {
		diag_set(d, NULL, "'%s' is not a regular file or block device",
			 path);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	} else if ((uint64_t)st.st_size >= need) {
		/* long enough: no need to open it writable */
		*out_size = (uint64_t)st.st_size;
		return 0;
	}
	return layout_regular(path, exists, need, fill, mode, seed, out_size, d);
}
