/* SPDX-License-Identifier: MIT */
#include "lib/fsname.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>

#include "lib/array.h"

/* f_type magics (linux/magic.h and the filesystems' sources). */
static const struct {
	unsigned long magic;
	const char *name;
} fs_magics[] = {
	{ 0xef53, "ext4" },		/* ext2/3/4 share it */
	{ 0x58465342, "xfs" },
	{ 0x9123683e, "btrfs" },
	{ 0x01021994, "tmpfs" },
	{ 0x794c7630, "overlay" },
	{ 0x61756673, "aufs" },
	{ 0x6969, "nfs" },
	{ 0xff534d42, "cifs" },
	{ 0x65735546, "fuse" },
	{ 0x2fc12fc1, "zfs" },
	{ 0x858458f6, "ramfs" },
	{ 0x1021994, "tmpfs" },
	{ 0x62656572, "sysfs" },
	{ 0x9fa0, "proc" },
	{ 0x1373, "devtmpfs" },
	{ 0xf2f52010, "f2fs" },
	{ 0x4d44, "vfat" },
	{ 0x2011bab0, "exfat" },
	{ 0x5346544e, "ntfs" },
	{ 0x01161970, "gfs2" },
	{ 0x00c36400, "ceph" },
	{ 0x0bd00bd0, "lustre" },
	{ 0x9660, "iso9660" },
	{ 0x73717368, "squashfs" },
	{ 0xcafe4a11, "bpf" },
};

int fsname_of(const char *path, char *out, size_t len)
{
	char buf[PATH_MAX];
	struct statfs sfs;
	char *slash;

	snprintf(buf, sizeof(buf), "%s", path && *path ? path : ".");
	while (statfs(buf, &sfs)) {
		if (errno != ENOENT || !(slash = strrchr(buf, '/'))) {
			int ret = -errno;

			if (errno == ENOENT && !strchr(buf, '/') &&
			    !statfs(".", &sfs))
				goto found;
			snprintf(out, len, "unknown");
			return ret;
		}
		if (slash == buf)
			slash[1] = '\0';
		else
			*slash = '\0';
	}
found:
	for (size_t i = 0; i < ARRAY_SIZE(fs_magics); i++) {
		if ((unsigned long)sfs.f_type == fs_magics[i].magic) {
			snprintf(out, len, "%s", fs_magics[i].name);
			return 0;
		}
	}
	snprintf(out, len, "0x%lx", (unsigned long)sfs.f_type);
	return 0;
}
