/* SPDX-License-Identifier: MIT */
/*
 * kmod.h - the kernel modules an appliance guest loads, found through the
 * kernel's own modules.dep, never through a list of file names.
 *
 * modules.dep (in /lib/modules/VERSION) has a line per module:
 *
 *   kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio_ring.ko ...
 *
 * the module's path relative to the directory, then the modules it needs.
 * A module's name is its file name without ".ko", with '-' and '_' the
 * same ("md-mod" is "md_mod").  modules.builtin lists what is built into
 * the kernel: nothing to load.  The order a module's dependencies must be
 * loaded in is the reverse of their order on its line (what modprobe
 * does); each of those may need others, so the resolution is recursive.
 */
#ifndef IOSTRESS_KVM_KMOD_H
#define IOSTRESS_KVM_KMOD_H

#include "lib/diag.h"

struct kmod_list {
	char **paths;			/* absolute paths, in load order, each
					 * once; owned */
	char **names;			/* each path's module name, '_' form;
					 * owned */
	unsigned nr;
};

/*
 * kmod_resolve - the modules to load, in order, so that every module
 * named in wanted[0..nr) is loaded after what it needs: for each wanted
 * name in turn, its dependencies (recursively, each before the modules
 * that need it) and then itself; a module already in the list is not
 * added again; a built-in one is skipped.  moddir is /lib/modules/VERSION.
 * Returns 0, or -errno with a message in d naming the module and the
 * file: -ENOENT for a wanted module that modules.dep does not have and
 * that is not built in, -ENOTSUP for a compressed module (.ko.xz,
 * .ko.zst, .ko.gz: the guest loads plain .ko files with finit_module),
 * -EIO (unreadable or malformed files, a dependency with no line of its
 * own, a loop), -ENAMETOOLONG (moddir), -ENOMEM.  On error out is left empty (nr 0, NULL arrays),
 * so kmod_list_release() may be called either way.  A moddir without
 * modules.builtin has nothing built in.
 */
int kmod_resolve(const char *moddir, const char *const *wanted, unsigned nr,
		 struct kmod_list *out, struct diag *d);

/* kmod_list_release - free what kmod_resolve() filled. */
void kmod_list_release(struct kmod_list *l);

#endif
