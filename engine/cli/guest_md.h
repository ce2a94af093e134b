/* SPDX-License-Identifier: MIT */
/*
 * guest_md.h - an md RAID1 in the appliance guest, assembled without
 * mdadm, through the md driver's own interface: a new array named by
 * /sys/module/md_mod/parameters/new_array, then on its device the ioctls
 * SET_ARRAY_INFO (level 1, no superblock), ADD_NEW_DISK per member and
 * RUN_ARRAY (linux/raid/md_u.h).  Without a superblock the members hold
 * the array's data from their first byte, so a filesystem the host made
 * on one member and copied to the other is the array's.
 */
#ifndef IOSTRESS_GUEST_MD_H
#define IOSTRESS_GUEST_MD_H

#include <stdbool.h>
#include <stddef.h>

#define GUEST_MD_NAME	"md0"

/*
 * guest_md_raid1 - assemble /dev/md0 as a RAID1 of the devices in members
 * ("/dev/vda,/dev/vdb"), waiting for each to appear.  clean: the members
 * are known to be equal (as mdadm --assume-clean), no resync; otherwise
 * the kernel resyncs, and *resync_ms gets how long it took (waited for
 * here).  dev receives "/dev/md0".  Every failure is said on the console.
 * Returns 0 or -errno.
 */
int guest_md_raid1(const char *members, bool clean, char *dev, size_t size,
		   unsigned long *resync_ms);

/* guest_md_wait_sync - wait until md0 is in sync: no resync or recovery
 * running or pending and no member missing (at most 10 minutes); how
 * long that took, in ms. */
unsigned long guest_md_wait_sync(void);

/* guest_read_sys - the first line of a sysfs file, without its newline.
 * Returns 0 or -errno. */
int guest_read_sys(const char *path, char *buf, size_t size);

/* guest_write_sys - text to a sysfs file.  Returns 0 or -errno. */
int guest_write_sys(const char *path, const char *text);

/* guest_sleep_ms - sleep ms, through signals. */
void guest_sleep_ms(unsigned ms);

#endif
