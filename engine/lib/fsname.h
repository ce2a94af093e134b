/* SPDX-License-Identifier: MIT */
/*
 * fsname.h - the name of the filesystem a path lives on, from statfs(2)'s
 * f_type, for describing a placement ("ext4", "overlay", "tmpfs").
 */
#ifndef IOSTRESS_FSNAME_H
#define IOSTRESS_FSNAME_H

#include <stddef.h>

/*
 * fsname_of - the filesystem of path, or of its nearest existing
 * ancestor when path does not exist yet (a data file the job will
 * create).  Writes the name, or "0xMAGIC" for a type this table does not
 * know, to out.  Returns 0 or -errno (then out is "unknown").
 */
int fsname_of(const char *path, char *out, size_t len);

#endif
