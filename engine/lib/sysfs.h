/* SPDX-License-Identifier: MIT */
/*
 * sysfs.h - block devices by number, as sysfs describes them.
 *
 * Every function takes a device number (st_rdev of a device node, or
 * st_dev of a file) and looks at /sys/dev/block/MAJ:MIN, the kernel's link
 * to the device's directory under /sys/devices.  Nothing here parses the
 * mount table or opens the device itself, so the module works the same in
 * a static build, in a container and as /init, as long as sysfs is
 * mounted on /sys.
 *
 * Terms.  A partition's directory sits inside its whole disk's directory
 * and has a "partition" attribute; a whole disk has none.  slaves/ lists
 * the devices a stacked device (md, dm) is built on; holders/ lists the
 * devices built on this one.
 */
#ifndef IOSTRESS_SYSFS_H
#define IOSTRESS_SYSFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* The longest kernel device name ("nvme0n1p1", "dm-3") plus its NUL. */
#define SYSFS_NAME_MAX	32

/*
 * sysfs_attr - the first line of the attribute file attr of dev (attr may
 * name a file in a subdirectory, e.g. "queue/logical_block_size" or
 * "loop/backing_file"), without its newline, into buf.  Returns 0, or
 * -errno: -ENOENT when dev or attr does not exist.
 */
int sysfs_attr(dev_t dev, const char *attr, char *buf, size_t len);

/* sysfs_attr_u64 - the attribute attr of dev as an unsigned number.
 * Returns 0, -EINVAL when it does not start with one, or -errno. */
int sysfs_attr_u64(dev_t dev, const char *attr, uint64_t *out);

/* sysfs_has - whether dev has an attribute or subdirectory named attr
 * ("partition", "loop", "md", "dm"). */
bool sysfs_has(dev_t dev, const char *attr);

/* sysfs_name - the kernel's name for dev ("vda1", "loop0", "dm-1"), the
 * one under /dev and /sys/block.  Returns 0, or -errno (-ENOENT when dev
 * is not a block device the kernel knows, e.g. an anonymous 0:N). */
int sysfs_name(dev_t dev, char *name, size_t len);

/* sysfs_whole_disk - the whole disk dev is a partition of, or dev itself
 * when it is not a partition.  Returns 0, or -errno as sysfs_name. */
int sysfs_whole_disk(dev_t dev, dev_t *disk);

/*
 * sysfs_related - how the block devices a and b share hardware: true when
 * they are the same device, a is a partition of b, or b of a.  False for
 * unrelated devices and for devices sysfs does not know.
 */
bool sysfs_related(dev_t a, dev_t b);

/*
 * sysfs_slaves, sysfs_holders, sysfs_partitions - the devices in dev's
 * slaves/ or holders/ directory, or dev's partitions (none for a
 * partition), in directory order.  At most max numbers go to out; *nr is
 * the number found, which may exceed max.  Returns 0 (with *nr = 0 when
 * the directory is absent or empty), or -errno when dev is unknown.
 */
int sysfs_slaves(dev_t dev, dev_t *out, unsigned max, unsigned *nr);
int sysfs_holders(dev_t dev, dev_t *out, unsigned max, unsigned *nr);
int sysfs_partitions(dev_t dev, dev_t *out, unsigned max, unsigned *nr);

#endif
