/* SPDX-License-Identifier: MIT */
/*
 * cpio.c - "newc" cpio archives, written as the kernel's initramfs
 * unpacker reads them (targets/kvm/cpio.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "targets/kvm/cpio.h"

#define CPIO_MAGIC	"070701"
#define CPIO_HDR_LEN	110		/* the magic and 13 fields of 8 */
#define CPIO_ALIGN	4
#define CPIO_TRAILER	"TRAILER!!!"
#define CPIO_SIZE_MAX	0xffffffffULL	/* 8 hex digits */
#define COPY_CHUNK	65536

/* pad_to_align - the bytes that bring len up to a multiple of 4. */
static size_t pad_to_align(size_t len)
{
	return (CPIO_ALIGN - len % CPIO_ALIGN) % CPIO_ALIGN;
}

/* fail - record the first error of the archive; returns it. */
static int fail(struct cpio_writer *w, int err)
{
	if (!w->err)
		w->err = err;
	return w->err;
}

static int put(struct cpio_writer *w, const void *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, w->f) != len)
		return fail(w, -EIO);
	return 0;
}

static int put_pad(struct cpio_writer *w, size_t len)
{
	static const char zeros[CPIO_ALIGN];

	return put(w, zeros, pad_to_align(len));
}

/*
 * put_header - the header of one entry and its name, padded so that the
 * data starts 4-aligned.  Every entry starts 4-aligned because every
 * earlier one ended so; the 110 bytes of the header count in the name's
 * padding.
 */
static int put_header(struct cpio_writer *w, uint32_t ino, uint32_t mode,
		      uint32_t nlink, uint32_t size, const char *name)
{
	char h[CPIO_HDR_LEN + 1];
	size_t namesize = strlen(name) + 1;
	int ret;

	snprintf(h, sizeof(h),
		 "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 CPIO_MAGIC,
		 ino, mode,
		 0u, 0u,		/* uid, gid */
		 nlink,
		 0u,			/* mtime */
		 size,
		 0u, 0u,		/* devmajor, devminor */
		 0u, 0u,		/* rdevmajor, rdevminor */
		 (unsigned)namesize,
		 0u);			/* check: unused by newc */
	ret = put(w, h, CPIO_HDR_LEN);
	if (!ret)
		ret = put(w, name, namesize);
	if (!ret)
		ret = put_pad(w, CPIO_HDR_LEN + namesize);
	return ret;
}

/* check_entry - whether another entry named path may be added. */
static int check_entry(struct cpio_writer *w, const char *path)
{
	if (w->err)
		return w->err;
	if (!path || !*path || path[0] == '/')
		return fail(w, -EINVAL);
	if (strlen(path) >= PATH_MAX)
		return fail(w, -ENAMETOOLONG);
	if (w->ino == UINT32_MAX)
		return fail(w, -EOVERFLOW);
	return 0;
}

void cpio_begin(struct cpio_writer *w, FILE *f)
{
	w->f = f;
	w->ino = 0;
	w->err = 0;
}

int cpio_add_dir(struct cpio_writer *w, const char *path, mode_t mode)
{
	int ret = check_entry(w, path);

	if (ret)
		return ret;
	return put_header(w, ++w->ino, S_IFDIR | (mode & 07777), 2, 0, path);
}

int cpio_add_data(struct cpio_writer *w, const char *path, mode_t mode,
		  const void *data, size_t len)
{
	int ret = check_entry(w, path);

	if (ret)
		return ret;
	if ((unsigned long long)len > CPIO_SIZE_MAX)
		return fail(w, -EFBIG);
	ret = put_header(w, ++w->ino, S_IFREG | (mode & 07777), 1,
			 (uint32_t)len, path);
	if (!ret)
		ret = put(w, data, len);
	if (!ret)
		ret = put_pad(w, len);
	return ret;
}

/*
 * copy_exact - copy size bytes of fd to the archive.  A file that turns
 * out shorter or longer than its stat said would leave the archive
 * inconsistent with its header, so either is -EIO.
 */
static int copy_exact(struct cpio_writer *w, int fd, size_t size)
{
	char buf[COPY_CHUNK];
	size_t done = 0;
	ssize_t n;
	int ret;

	while (done < size) {
		size_t want = size - done < sizeof(buf) ? size - done
							: sizeof(buf);

		n = read(fd, buf, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return fail(w, -EIO);
		ret = put(w, buf, (size_t)n);
		if (ret)
			return ret;
		done += (size_t)n;
	}
	n = read(fd, buf, 1);
	if (n != 0)
		return fail(w, -EIO);
	return 0;
}

int cpio_add_file(struct cpio_writer *w, const char *path, mode_t mode,
		  const char *src)
{
	struct stat st;
	int fd, ret = check_entry(w, path);

	if (ret)
		return ret;
	fd = open(src, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(w, -errno);
	if (fstat(fd, &st) < 0) {
		ret = fail(w, -errno);
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		ret = fail(w, S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL);
		goto out_close;
	}
	if ((unsigned long long)st.st_size > CPIO_SIZE_MAX) {
		ret = fail(w, -EFBIG);
		goto out_close;
	}
	ret = put_header(w, ++w->ino, S_IFREG | (mode & 07777), 1,
			 (uint32_t)st.st_size, path);
	if (!ret)
		ret = copy_exact(w, fd, (size_t)st.st_size);
	if (!ret)
		ret = put_pad(w, (size_t)st.st_size);
out_close:
	close(fd);
	return ret;
}

int cpio_end(struct cpio_writer *w)
{
	if (w->err)
		return w->err;
	if (put_header(w, 0, 0, 1, 0, CPIO_TRAILER))
		return w->err;
	errno = 0;
	if (fflush(w->f) != 0)
		return fail(w, errno ? -errno : -EIO);
	return 0;
}
