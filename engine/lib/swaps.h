/* SPDX-License-Identifier: MIT */
/*
 * swaps.h - the kernel's active swap areas (/proc/swaps), read through
 * libmount, which undoes the table's octal escapes.
 *
 * Without libmount (a static build, see mounts.h) there is no swap table:
 * swaps_find_device() returns -ENOTSUP.  An active swap device is still
 * claimed exclusively by the kernel, so an exclusive open of it fails with
 * EBUSY; callers that must not miss one can fall back on that.
 */
#ifndef IOSTRESS_SWAPS_H
#define IOSTRESS_SWAPS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * swaps_find_device - the first active swap area on the block device dev,
 * on a partition of dev, or on the whole disk dev is a partition of
 * (sysfs_related()).  Swap files are not block devices and never match.
 * Puts the area's device number in *on and returns 0; or returns -ENOENT
 * when no swap area uses dev, -ENOTSUP without libmount, or another
 * -errno.
 */
int swaps_find_device(dev_t dev, dev_t *on);

#endif
