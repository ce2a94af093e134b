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

#include "lib/sysfs.h"

#ifdef USE_LIBMOUNT

int swaps_find_device(dev_t dev, dev_t *on)
{
	struct libmnt_table *tb = mnt_new_table();
	struct libmnt_iter *it;
	struct libmnt_fs *fs;
	int ret;

	if (!tb)
		return -ENOMEM;
	ret = mnt_table_parse_swaps(tb, NULL);
	if (ret) {
		ret = ret < 0 ? ret : -EINVAL;
		goto unref_table;
	}
	it = mnt_new_iter(MNT_ITER_FORWARD);
	if (!it) {
		ret = -ENOMEM;
		goto unref_table;
	}
	ret = -ENOENT;
	while (mnt_table_next_fs(tb, it, &fs) == 0) {
		const char *src = mnt_fs_get_srcpath(fs);
		struct stat st;

		if (!src || stat(src, &st) || !S_ISBLK(st.st_mode) ||
		    !sysfs_related(st.st_rdev, dev))
			continue;
		*on = st.st_rdev;
		ret = 0;
		break;
	}
	mnt_free_iter(it);
unref_table:
	mnt_unref_table(tb);
	return ret;
}

#else /* !USE_LIBMOUNT */

int swaps_find_device(dev_t dev, dev_t *on)
{
	return -ENOTSUP;
}

#endif
