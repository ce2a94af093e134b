/* SPDX-License-Identifier: MIT */
/*
 * swaps.c - active swap areas through libmount (see swaps.h).
 */
#include "lib/swaps.h"

#include <errno.h>
#include <sys/stat.h>

#ifdef USE_LIBMOUNT
#include <libmount.h>
#endif

#include "lib/mounts.h"
#include "lib/sysfs.h"

#ifdef USE_LIBMOUNT

/* What swaps_find_device() looks for, and where its answer goes. */
struct swap_query {
	dev_t dev;
	dev_t *on;
};

static int parse_swaps(struct libmnt_table *tb)
{
	return mnt_table_parse_swaps(tb, NULL);
}

/* take_if_on_device - store the swap area's device when fs is a block
 * device related to the one of the struct swap_query at arg: 0; else
 * -ENOENT. */
static int take_if_on_device(struct libmnt_fs *fs, void *arg)
{
	const struct swap_query *q = arg;
	const char *src = mnt_fs_get_srcpath(fs);
	struct stat st;

	if (!src || stat(src, &st) || !S_ISBLK(st.st_mode) ||
	    !sysfs_related(st.st_rdev, q->dev))
		return -ENOENT;
	*q->on = st.st_rdev;
	return 0;
}

int swaps_find_device(dev_t dev, dev_t *on)
{
	struct swap_query q = { .dev = dev, .on = on };

	return mounts_table_find(parse_swaps, take_if_on_device, &q);
}

#else /* !USE_LIBMOUNT */

int swaps_find_device(dev_t dev, dev_t *on)
{
	return -ENOTSUP;
}

#endif
