/* SPDX-License-Identifier: MIT */
/*
 * file.c - reading a whole file at once (file.h).
 */
#include "lib/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#define READ_CHUNK	65536

int file_read_all(const char *path, char **out, size_t *out_len)
{
	size_t len = 0, cap = READ_CHUNK;
	char *buf, *grown;
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap + 1);
	if (!buf) {
		ret = -ENOMEM;
		goto out_close;
	}
	for (;;) {
		if (len == cap) {
			cap *= 2;
			grown = realloc(buf, cap + 1);
			if (!grown) {
				ret = -ENOMEM;
				goto out_free;
			}
			buf = grown;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			goto out_free;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	*out = buf;
	if (out_len)
		*out_len = len;
	goto out_close;
out_free:
	free(buf);
out_close:
	close(fd);
	return ret;
}
