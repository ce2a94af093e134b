/* SPDX-License-Identifier: MIT */
/*
 * virt.c - the kvm target's use of libvirt (virt.h).
 */
#include "targets/kvm/virt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libvirt/libvirt.h>
#include <libvirt/libvirt-qemu.h>
#include <libvirt/virterror.h>

#define DEFAULT_URI	"qemu:///system"

struct virt_conn {
	virConnectPtr conn;
	char uri[256];
};

struct virt_dom {
	virDomainPtr dom;
};

/* quiet - libvirt prints every error to stderr unless told otherwise;
 * the messages are taken with virGetLastErrorMessage() instead. */
static void quiet(void *arg, virErrorPtr err)
{
	(void)arg;
	(void)err;
}

int virt_open(struct virt_conn **out, struct diag *d)
{
	const char *env = getenv("IOSTRESS_LIBVIRT_URI");
	struct virt_conn *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return -ENOMEM;
	virSetErrorFunc(NULL, quiet);
	snprintf(c->uri, sizeof(c->uri), "%s", env && *env ? env : DEFAULT_URI);
	c->conn = virConnectOpen(c->uri);
	if (!c->conn) {
		diag_set(d, NULL, "kvm: unable to connect to libvirt at %s: %s (is libvirtd running? without systemd: virtlogd -d; libvirtd -d)",
			 c->uri, virGetLastErrorMessage());
		free(c);
		return -ECONNREFUSED;
	}
	*out = c;
	return 0;
}

void virt_close(struct virt_conn *c)
{
	if (!c)
		return;
	virConnectClose(c->conn);
	free(c);
}

const char *virt_uri(const struct virt_conn *c)
{
	return c->uri;
}

int virt_create(struct virt_conn *c, const char *xml, struct virt_dom **out,
		struct diag *d)
{
	struct virt_dom *dom = calloc(1, sizeof(*dom));

	*out = NULL;
	if (!dom)
		return -ENOMEM;
	dom->dom = virDomainCreateXML(c->conn, xml, VIR_DOMAIN_START_AUTODESTROY);
	if (!dom->dom) {
		diag_set(d, NULL, "kvm: libvirt did not start the guest: %s",
			 virGetLastErrorMessage());
		free(dom);
		return -EIO;
	}
	*out = dom;
	return 0;
}

pid_t virt_pid(const char *name)
{
	char path[512];
	long pid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/run/libvirt/qemu/%s.pid", name);
	f = fopen(path, "re");
	if (!f)
		return -1;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = -1;
	fclose(f);
	return (pid_t)pid;
}

int virt_cpu_ns(struct virt_dom *dom, uint64_t *ns)
{
	virTypedParameter params[8];
	int n = virDomainGetCPUStats(dom->dom, params, 8, -1, 1, 0);
	int ret = -EIO;

	for (int i = 0; i < n; i++)
		if (!strcmp(params[i].field, VIR_DOMAIN_CPU_STATS_CPUTIME) &&
		    params[i].type == VIR_TYPED_PARAM_ULLONG) {
			*ns = params[i].value.ul;
			ret = 0;
		}
	if (n > 0)
		virTypedParamsClear(params, n);
	return ret;
}

bool virt_active(struct virt_dom *dom)
{
	return virDomainIsActive(dom->dom) == 1;
}

char *virt_xml(struct virt_dom *dom)
{
	return virDomainGetXMLDesc(dom->dom, 0);
}

void virt_destroy(struct virt_dom *dom)
{
	if (!dom)
		return;
	if (virDomainIsActive(dom->dom) == 1)
		virDomainDestroy(dom->dom);
	virDomainFree(dom->dom);
	free(dom);
}

int virt_remove(struct virt_conn *c, const char *name, bool *was_there,
		struct diag *d)
{
	virDomainPtr dom = virDomainLookupByName(c->conn, name);
	int ret = 0;

	*was_there = false;
	if (!dom)
		return 0;	/* gone already */
	*was_there = virDomainIsActive(dom) == 1;
	if (*was_there && virDomainDestroy(dom) < 0) {
		diag_set(d, NULL, "kvm: unable to destroy domain %s: %s", name,
			 virGetLastErrorMessage());
		ret = -EIO;
	}
	virDomainFree(dom);
	return ret;
}

int virt_lookup(struct virt_conn *c, const char *name, struct virt_dom **out,
		struct diag *d)
{
	struct virt_dom *dom = calloc(1, sizeof(*dom));

	*out = NULL;
	if (!dom)
		return -ENOMEM;
	dom->dom = virDomainLookupByName(c->conn, name);
	if (!dom->dom) {
		diag_set(d, NULL, "kvm:%s: no such domain at %s (virsh list --all shows the domains)",
			 name, c->uri);
		free(dom);
		return -ENOENT;
	}
	if (virDomainIsActive(dom->dom) != 1) {
		diag_set(d, NULL, "kvm:%s: the domain is not running (virsh start %s)", name, name);
		virDomainFree(dom->dom);
		free(dom);
		return -EINVAL;
	}
	*out = dom;
	return 0;
}

void virt_release(struct virt_dom *dom)
{
	if (!dom)
		return;
	virDomainFree(dom->dom);
	free(dom);
}

int virt_agent(struct virt_dom *dom, const char *cmd, int timeout_s,
	       char **reply, struct diag *d)
{
	*reply = virDomainQemuAgentCommand(dom->dom, cmd, timeout_s, 0);
	if (!*reply) {
		char why[256];

		/* copied first: any libvirt call resets the last error */
		snprintf(why, sizeof(why), "%s", virGetLastErrorMessage());
		diag_set(d, NULL, "kvm: the guest agent of %s: %s",
			 virDomainGetName(dom->dom), why);
		return -EIO;
	}
	return 0;
}
