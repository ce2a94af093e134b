/* SPDX-License-Identifier: MIT */
/*
 * base64.h - RFC 4648 base64 (the standard alphabet, '=' padding), as the
 * QEMU guest agent carries file contents and a process's output.
 */
#ifndef IOSTRESS_BASE64_H
#define IOSTRESS_BASE64_H

#include <stddef.h>

/* base64_encoded_len - the text length of n bytes, without the NUL. */
size_t base64_encoded_len(size_t n);

/* base64_encode - in[0..n) as text into out, which must hold
 * base64_encoded_len(n) + 1 bytes; NUL-terminated. */
void base64_encode(const void *in, size_t n, char *out);

/*
 * base64_decode - the text in[0..len) (whitespace ignored) into out,
 * which must hold len / 4 * 3 bytes; *outlen receives the count.
 * Returns 0, or -EINVAL for a character outside the alphabet, a length
 * that is not a multiple of 4, or padding anywhere but the end.
 */
int base64_decode(const char *in, size_t len, unsigned char *out, size_t *outlen);

#endif
