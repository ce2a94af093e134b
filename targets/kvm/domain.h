/* SPDX-License-Identifier: MIT */
/*
 * domain.h - the libvirt domain XML of an appliance guest: direct kernel
 * boot of a host kernel with iostress's initramfs, one or two disks over
 * virtio-blk or virtio-scsi with the cache and I/O modes asked for, a
 * virtio-serial channel for the wire events, the serial console into a
 * log file, no network, and labels that let a later run's sweep find it
 * (libvirt's <metadata>).  Building the text is kept apart from libvirt
 * itself, so it is tested without a daemon.
 */
#ifndef IOSTRESS_KVM_DOMAIN_H
#define IOSTRESS_KVM_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "job/job.h"	/* enum kvm_bus */
#include "lib/diag.h"

#define KVM_DISKS_MAX		2
#define KVM_XMLNS		"https://github.com/iostress/iostress/xmlns/run/1"
#define KVM_PORT_NAME		"org.iostress.wire"

struct kvm_disk {
	char source[4096];		/* a host file or block device */
	bool block;			/* source is a block device */
};

struct kvm_domain {
	char name[128];			/* iostress-RUNID-N */
	char runid[64];			/* the run's id, for the sweep */
	long owner;			/* the iostress pid that made it */
	bool kvm;			/* <domain type='kvm'>, else 'qemu' (TCG) */
	unsigned vcpus;
	uint64_t memory_kib;
	unsigned iothreads;		/* 0: none; else the disks use #1 */
	char kernel[4096], initrd[4096], cmdline[2048];
	enum kvm_bus bus;
	char cache[16];			/* none, writeback, writethrough,
					 * directsync, unsafe */
	char io[16];			/* native, threads, io_uring */
	struct kvm_disk disks[KVM_DISKS_MAX];
	unsigned nr_disks;
	char channel[4096];		/* the channel's unix socket (bind) */
	char console[4096];		/* the serial console's log file */
	bool as_root;			/* QEMU runs as root, not as libvirt's
					 * QEMU user, and libvirt relabels no
					 * file: the run's own files (its state
					 * directory is root's alone) */
};

/*
 * kvm_domain_check - refuse what QEMU would refuse later, with a message
 * that names the options: io=native without O_DIRECT (cache other than
 * none or directsync), no disk, zero vcpus or memory.  Returns 0 or
 * -EINVAL.
 */
int kvm_domain_check(const struct kvm_domain *dom, struct diag *d);

/* kvm_disk_target - the guest's name of disk i ("vda", "sdb"): the device
 * the guest finds it as, given the bus. */
void kvm_disk_target(const struct kvm_domain *dom, unsigned i, char *buf,
		     size_t size);

/*
 * kvm_xml_attr - the value of attribute attr of the first element of xml
 * whose text starts with elem (e.g. "<driver name='qemu'"), quoted with
 * ' or ", into out.  For reading back what libvirt made of the domain.
 * Returns 0, or -ENOENT when there is no such element or attribute.
 */
int kvm_xml_attr(const char *xml, const char *elem, const char *attr,
		 char *out, size_t size);

/* kvm_domain_xml - the domain's XML, malloc'd into *xml (the caller
 * frees).  Text from the fields is escaped.  Returns 0 or -ENOMEM. */
int kvm_domain_xml(const struct kvm_domain *dom, char **xml);

#endif
