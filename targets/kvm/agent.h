/* SPDX-License-Identifier: MIT */
/*
 * agent.h - what the kvm:DOMAIN placement asks of the QEMU guest agent
 * (qemu-ga, its JSON protocol: docs/interop/qemu-ga-ref): write a file,
 * run a program with its output captured, wait for it.  Built on
 * virt_agent(); the JSON through json-c.
 */
#ifndef IOSTRESS_KVM_AGENT_H
#define IOSTRESS_KVM_AGENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/diag.h"
#include "targets/kvm/virt.h"

#define AGENT_CHANNEL	"org.qemu.guest_agent.0"

/* agent_ping - guest-ping.  Returns 0 or -EIO with a message. */
int agent_ping(struct virt_dom *dom, struct diag *d);

/*
 * agent_write_file - path in the guest holds data[0..len) (created or
 * truncated; guest-file-open, -write in pieces, -close).  Returns 0 or
 * -EIO with a message.
 */
int agent_write_file(struct virt_dom *dom, const char *path, const void *data,
		     size_t len, struct diag *d);

/*
 * agent_exec - start path with args[0..nargs) in the guest (guest-exec;
 * the agent looks path up in its PATH), its stdout and stderr captured
 * when capture is set.  *pid receives the guest's pid.  Returns 0 or -EIO
 * with a message.
 */
int agent_exec(struct virt_dom *dom, const char *path, const char *const *args,
	       unsigned nargs, bool capture, int64_t *pid, struct diag *d);

/* What guest-exec-status said of a process. */
struct agent_status {
	bool exited;
	int exitcode;			/* when it exited */
	int signal;			/* the signal that ended it, or 0 */
	unsigned char *out, *err;	/* captured output, malloc'd or NULL */
	size_t out_len, err_len;
};

/* agent_exec_status - guest-exec-status of pid into st (release with
 * agent_status_release).  Returns 0 or -EIO with a message. */
int agent_exec_status(struct virt_dom *dom, int64_t pid, struct agent_status *st,
		      struct diag *d);

void agent_status_release(struct agent_status *st);

/*
 * agent_run - agent_exec() and wait (polling every 100 ms) for the exit;
 * Returns 0 when it exited 0, -EIO with a message naming the program and
 * its status (and the first line of its stderr) otherwise.
 */
int agent_run(struct virt_dom *dom, const char *path, const char *const *args,
	      unsigned nargs, struct diag *d);

#endif
