/* SPDX-License-Identifier: MIT */
/*
 * kernel.h - the guest kernel of the appliance: a host kernel image for
 * direct kernel boot, and its module tree.
 */
#ifndef IOSTRESS_KVM_KERNEL_H
#define IOSTRESS_KVM_KERNEL_H

#include <stddef.h>

#include "lib/diag.h"

struct kvm_kernel {
	char image[4096];		/* /boot/vmlinuz-VERSION */
	char version[256];		/* VERSION */
	char moddir[4096];		/* /lib/modules/VERSION */
};

/*
 * kvm_kernel_find - want is a path to a kernel image (kvm_kernel=), or
 * NULL or "" for the newest /boot/vmlinuz-* (by version order, as
 * `sort -V`) that is readable and has its /lib/modules/VERSION directory
 * with a modules.dep.  The version of a given image is its file name
 * after "vmlinuz-".  boot and modules are the directories to look in
 * ("/boot", "/lib/modules"; the tests pass others).  Returns 0, or
 * -ENOENT with a message in d that says what is missing and how to get
 * it (apt-get install linux-image-amd64; when images were there but none
 * usable, the newest of them and why), -ENAMETOOLONG for a want whose
 * names do not fit k, or -ENOMEM.  Equal versions (by that order) are told
 * apart by byte order, so the choice never depends on directory order.
 * k is written only on success.
 */
int kvm_kernel_find(const char *want, const char *boot, const char *modules,
		    struct kvm_kernel *k, struct diag *d);

#endif
