/* SPDX-License-Identifier: MIT */
/*
 * demux.c - the Engine's multiplexed stdout/stderr stream, split into its
 * frames whatever the slices it arrives in (targets/docker/api.h).
 */
#include <stddef.h>

#include "targets/docker/api.h"

#define DK_FRAME_HDR	8

int dk_demux_feed(struct dk_demux *m, const char *buf, size_t len,
		  int (*out)(int fd, const char *data, size_t len, void *arg),
		  void *arg)
{
	while (len) {
		size_t n;
		int ret;

		if (!m->left) {
			/* Collect the header; zero-length frames carry nothing. */
			m->hdr[m->hdr_len++] = (unsigned char)*buf++;
			len--;
			if (m->hdr_len < DK_FRAME_HDR)
				continue;
			m->hdr_len = 0;
			m->fd = m->hdr[0] == 2 ? 2 : 1;
			m->left = (size_t)m->hdr[4] << 24 | (size_t)m->hdr[5] << 16 |
				  (size_t)m->hdr[6] << 8 | m->hdr[7];
			continue;
		}
		n = len < m->left ? len : m->left;
		ret = out(m->fd, buf, n, arg);
		if (ret)
			return ret;
		m->left -= n;
		buf += n;
		len -= n;
	}
	return 0;
}
