/* SPDX-License-Identifier: MIT */
/*
 * virt.h - what the kvm target asks of libvirt, through its C API: a
 * connection, a transient domain that dies with the connection, its QEMU
 * process and CPU time, its live XML, and removal by name for the sweep.
 * libvirt's own error printing is silenced; every failure becomes a
 * message in a diag with libvirt's words.
 */
#ifndef IOSTRESS_KVM_VIRT_H
#define IOSTRESS_KVM_VIRT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/diag.h"

struct virt_conn;
struct virt_dom;

/*
 * virt_open - connect to $IOSTRESS_LIBVIRT_URI, else qemu:///system.
 * Returns 0 or -ECONNREFUSED with a message that says how to start the
 * daemons (virtlogd -d; libvirtd -d).
 */
int virt_open(struct virt_conn **c, struct diag *d);

/* virt_close - drop the connection (domains made with virt_create() that
 * still run are destroyed by libvirt with it). */
void virt_close(struct virt_conn *c);

/* virt_uri - the connection's URI, for reports. */
const char *virt_uri(const struct virt_conn *c);

/*
 * virt_create - start a transient domain from xml, destroyed by libvirt
 * if this connection goes away (iostress killed).  Returns 0 or -EIO
 * with libvirt's message.
 */
int virt_create(struct virt_conn *c, const char *xml, struct virt_dom **dom,
		struct diag *d);

/* virt_pid - the domain's QEMU process, from libvirt's pid file
 * (/run/libvirt/qemu/NAME.pid), or -1. */
pid_t virt_pid(const char *name);

/* virt_cpu_ns - the domain's CPU time, all QEMU threads (libvirt's
 * total cpu_time).  Returns 0 or -EIO. */
int virt_cpu_ns(struct virt_dom *dom, uint64_t *ns);

/* virt_active - the domain still runs. */
bool virt_active(struct virt_dom *dom);

/* virt_xml - the running domain's XML as libvirt has it, malloc'd, or
 * NULL. */
char *virt_xml(struct virt_dom *dom);

/*
 * virt_lookup - the running domain called name, to use and leave as it
 * is (virt_release).  Returns 0, -ENOENT ("no such domain"), or -EINVAL
 * when it does not run; each with a message.
 */
int virt_lookup(struct virt_conn *c, const char *name, struct virt_dom **dom,
		struct diag *d);

/* virt_release - free the handle; the domain goes on. */
void virt_release(struct virt_dom *dom);

/*
 * virt_agent - one command to the QEMU guest agent in the domain
 * (libvirt-qemu's virDomainQemuAgentCommand), waiting at most timeout_s;
 * *reply receives the agent's JSON answer, malloc'd.  Returns 0, or -EIO
 * with libvirt's message (no agent channel, the agent not answering, an
 * error from the agent).
 */
int virt_agent(struct virt_dom *dom, const char *cmd, int timeout_s,
	       char **reply, struct diag *d);

/* virt_destroy - stop the domain now if it runs, and free the handle. */
void virt_destroy(struct virt_dom *dom);

/*
 * virt_remove - destroy the domain called name if it runs (the sweep);
 * *was_there says whether it did.  Returns 0 when it is gone (now or
 * already), or -EIO with a message.
 */
int virt_remove(struct virt_conn *c, const char *name, bool *was_there,
		struct diag *d);

#endif
