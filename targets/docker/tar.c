/* SPDX-License-Identifier: MIT */
/*
 * tar.c - ustar archives in memory, with owner 0:0 and mtime 0 so the same
 * files always give the same bytes (targets/docker/api.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "targets/docker/api.h"

#define TAR_BLOCK	512
#define TAR_SIZE_MAX	077777777777ULL		/* 11 octal digits */

/* ustar header field offsets and sizes (POSIX pax, "ustar Interchange
 * Format"). */
#define H_NAME		0
#define H_NAME_LEN	100
#define H_MODE		100
#define H_UID		108
#define H_GID		116
#define H_SIZE		124
#define H_MTIME		136
#define H_CHKSUM	148
#define H_CHKSUM_LEN	8
#define H_TYPEFLAG	156
#define H_MAGIC		257
#define H_VERSION	263

/* octal - a zero-padded octal number of width-1 digits and a NUL. */
static void octal(unsigned char *field, size_t width, unsigned long long v)
{
	char tmp[24];

	snprintf(tmp, sizeof(tmp), "%0*llo", (int)width - 1, v);
	memcpy(field, tmp, width);
}

int dk_tar_add(struct dk_buf *tar, const char *name, const void *data,
	       size_t len, unsigned mode)
{
	static const unsigned char zeros[TAR_BLOCK];
	unsigned char h[TAR_BLOCK] = { 0 };
	size_t name_len = strlen(name), pad;
	unsigned sum = 0;
	int ret;

	if (!name_len || name_len > H_NAME_LEN)
		return -ENAMETOOLONG;
	if ((unsigned long long)len > TAR_SIZE_MAX)
		return -EFBIG;
	memcpy(h + H_NAME, name, name_len);
	octal(h + H_MODE, 8, mode & 07777);
	octal(h + H_UID, 8, 0);
	octal(h + H_GID, 8, 0);
	octal(h + H_SIZE, 12, len);
	octal(h + H_MTIME, 12, 0);
	h[H_TYPEFLAG] = '0';
	memcpy(h + H_MAGIC, "ustar", 6);	/* with its NUL */
	memcpy(h + H_VERSION, "00", 2);

	/* The checksum counts its own field as spaces: six octal digits,
	 * a NUL and a space. */
	memset(h + H_CHKSUM, ' ', H_CHKSUM_LEN);
	for (size_t i = 0; i < TAR_BLOCK; i++)
		sum += h[i];
	octal(h + H_CHKSUM, 7, sum);
	h[H_CHKSUM + 7] = ' ';

	pad = (TAR_BLOCK - len % TAR_BLOCK) % TAR_BLOCK;
	ret = dk_buf_add(tar, h, sizeof(h));
	if (!ret)
		ret = dk_buf_add(tar, data, len);
	if (!ret)
		ret = dk_buf_add(tar, zeros, pad);
	return ret;
}

int dk_tar_finish(struct dk_buf *tar)
{
	static const unsigned char zeros[2 * TAR_BLOCK];

	return dk_buf_add(tar, zeros, sizeof(zeros));
}
