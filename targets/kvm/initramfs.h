/* SPDX-License-Identifier: MIT */
/*
 * initramfs.h - the appliance guest's initramfs: a base archive, the same
 * for every boot with the same worker, kernel and modules and so cached by
 * their content, and a small archive per boot with the jobs, appended to
 * it (the kernel unpacks concatenated archives in order).
 *
 * The base holds /init (the static worker: iostress as PID 1, cmd_init.c),
 * each module as /modules/NAME.ko and /modules/list, their paths in load
 * order (the guest's iostress.modules=).  Nothing else: no shell, no
 * busybox.
 */
#ifndef IOSTRESS_KVM_INITRAMFS_H
#define IOSTRESS_KVM_INITRAMFS_H

#include <stddef.h>

#include "lib/diag.h"
#include "targets/kvm/kernel.h"

#define INITRAMFS_MODULES_LIST	"/modules/list"
#define INITRAMFS_KEEP		4	/* base archives kept in the cache */

/*
 * initramfs_cache_dir - where base archives are kept: $IOSTRESS_CACHE_DIR,
 * else /var/cache/iostress for root, else $XDG_CACHE_HOME/iostress or
 * ~/.cache/iostress; made if missing.  Returns 0 or -errno with a message.
 */
int initramfs_cache_dir(char *dir, size_t size, struct diag *d);

/*
 * initramfs_base - the base archive for worker and kernel k with the
 * modules wanted[0..nr) and what they need (kmod.h), in cachedir as
 * initramfs-HASH.cpio, HASH the XXH64 of the worker's bytes, the kernel's
 * version and every module's path and bytes: built when missing (through
 * a temporary file renamed into place, so a killed build leaves no
 * half archive under the final name; the oldest beyond INITRAMFS_KEEP
 * are then removed).  path receives it; *built says whether it was built
 * now.  Returns 0 or -errno with a message in d.
 */
int initramfs_base(const char *worker, const struct kvm_kernel *k,
		   const char *const *wanted, unsigned nr, const char *cachedir,
		   char *path, size_t size, int *built, struct diag *d);

/*
 * initramfs_boot - out: a copy of the base archive followed by an
 * archive holding /jobs with jobs[0..len).  Returns 0 or -errno with a
 * message in d; out is removed on failure.
 */
int initramfs_boot(const char *base, const char *jobs, size_t len,
		   const char *out, struct diag *d);

#endif
