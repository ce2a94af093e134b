/* SPDX-License-Identifier: MIT */
/*
 * base64.c - RFC 4648 base64 (base64.h).
 */
#include "lib/base64.h"

#include <errno.h>
#include <stdint.h>

static const char alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t base64_encoded_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void base64_encode(const void *in, size_t n, char *out)
{
	const unsigned char *p = in;
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		out[o++] = alphabet[(v >> 18) & 63];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? alphabet[v & 63] : '=';
	}
	out[o] = '\0';
}

/* value - the 6 bits of c; -1 for '=', -2 outside the alphabet. */
static int value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return c == '=' ? -1 : -2;
}

int base64_decode(const char *in, size_t len, unsigned char *out, size_t *outlen)
{
	int quad[4];
	unsigned q = 0, pad = 0;
	size_t o = 0;

	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		int v;

		if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
			continue;
		v = value(c);
		if (v == -2 || (pad && v != -1))
			return -EINVAL;	/* data after padding */
		if (v == -1) {
			if (q < 2)
				return -EINVAL;
			pad++;
		}
		quad[q++] = v < 0 ? 0 : v;
		if (q == 4) {
			uint32_t w = (uint32_t)quad[0] << 18 | (uint32_t)quad[1] << 12 |
				     (uint32_t)quad[2] << 6 | (uint32_t)quad[3];

			out[o++] = (unsigned char)(w >> 16);
			if (pad < 2)
				out[o++] = (unsigned char)(w >> 8);
			if (pad < 1)
				out[o++] = (unsigned char)w;
			q = 0;
			if (pad)
				pad = 3;	/* only the end may follow */
		}
	}
	if (q)
		return -EINVAL;
	*outlen = o;
	return 0;
}
