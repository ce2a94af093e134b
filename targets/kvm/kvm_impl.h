/* SPDX-License-Identifier: MIT */
/*
 * kvm_impl.h - the kvm kind's state, shared by its files: kvm.c (the
 * kind: prepare, teardown, sweep) and visit.c (one boot of the guest).
 */
#ifndef IOSTRESS_KVM_IMPL_H
#define IOSTRESS_KVM_IMPL_H

#include <stdbool.h>
#include <stdint.h>

#include "job/job.h"
#include "targets/kvm/domain.h"
#include "targets/kvm/kernel.h"
#include "targets/kvm/virt.h"
#include "targets/target.h"

struct kvm_target {
	const struct job *job;		/* the first job placed here: its kvm_*
					 * options describe the guest */
	struct virt_conn *conn;
	struct kvm_kernel kernel;
	char base[4096];		/* the cached base initramfs */
	struct kvm_domain dom;		/* the guest, but for name, initrd,
					 * cmdline, channel and console,
					 * which each visit fills */
	bool auto_kvm;			/* kvm chosen by kvm_accel=auto: fall
					 * back to TCG if it does not boot (and
					 * the run's later guests with it,
					 * kvm_note_no_boot()) */
	unsigned disk_rec[KVM_DISKS_MAX];	/* ledger records of disk files
					 * made for the run (0: none) */
	unsigned visits;
	char guest_disk[16];		/* what the jobs use in the guest:
					 * /dev/vda, /dev/sda */

	/* kvm:DOMAIN, through the guest agent (agent_visit.c) */
	char agent_name[256];		/* the domain; "" for the appliance */
	struct virt_dom *agent_dom;
	unsigned char *worker_bin;	/* the static worker's bytes */
	size_t worker_len;
	uint64_t visit_t0;		/* the first visit's start, for setup */
};

/* Where kvm:DOMAIN puts the worker and the jobs' relative files. */
#define KVM_GUEST_DIR	"/var/tmp"

/*
 * kvm_agent_visit - ph's phases in the running domain, one worker run
 * through the guest agent per phase (agent_visit.c).  Returns 0 or the
 * first -errno with a message in d.
 */
int kvm_agent_visit(struct target *t, const struct target_phase *ph,
		    struct diag *d);

/*
 * kvm_visit - one boot of the guest for ph's phases: the jobs go in with
 * the initramfs, the events come back over the channel into a remote
 * conversation (remote.h), the QEMU process's CPU over each phase is
 * the host cycles.  A guest that does not answer within kvm_boot_timeout,
 * stops answering, panics or is killed ends the visit with an error that
 * quotes the console's last lines; the domain is always gone afterwards.
 * Returns 0 or the first -errno with a message in d.
 */
int kvm_visit(struct target *t, const struct target_phase *ph, struct diag *d);

/* kvm_note_no_boot - a guest did not boot under KVM: the run's later
 * kvm_accel=auto guests start under TCG (kvm.c). */
void kvm_note_no_boot(void);

#endif
