/* SPDX-License-Identifier: MIT */
/*
 * file.h - reading a whole file at once.
 */
#ifndef IOSTRESS_FILE_H
#define IOSTRESS_FILE_H

#include <stddef.h>

/*
 * file_read_all - the whole of path in *out (malloc'd, with a NUL after
 * the last byte, so text reads as a string) and its length in *len (len
 * may be NULL).  Returns 0 or -errno.
 */
int file_read_all(const char *path, char **out, size_t *len);

#endif
