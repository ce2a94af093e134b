/* SPDX-License-Identifier: MIT */
/*
 * domain.c - the appliance guest's domain XML (domain.h).
 */
#include "targets/kvm/domain.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* put_esc - s with XML's five special characters escaped. */
static void put_esc(FILE *f, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '\'':
			fputs("&apos;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(*s, f);
		}
	}
}

/* tag - <name>text</name> on its own line, indented. */
static void tag(FILE *f, const char *indent, const char *name, const char *text)
{
	fprintf(f, "%s<%s>", indent, name);
	put_esc(f, text);
	fprintf(f, "</%s>\n", name);
}

int kvm_domain_check(const struct kvm_domain *dom, struct diag *d)
{
	if (!dom->nr_disks || dom->nr_disks > KVM_DISKS_MAX) {
		diag_set(d, NULL, "kvm: a guest needs 1 to %u disks, not %u",
			 KVM_DISKS_MAX, dom->nr_disks);
		return -EINVAL;
	}
	if (!dom->vcpus || !dom->memory_kib) {
		diag_set(d, NULL, "kvm: kvm_vcpus and kvm_memory must be above 0");
		return -EINVAL;
	}
	if (!strcmp(dom->io, "native") && strcmp(dom->cache, "none") &&
	    strcmp(dom->cache, "directsync")) {
		diag_set(d, NULL, "kvm: kvm_disk_io=native needs O_DIRECT on the host, which kvm_disk_cache=%s does not give: use kvm_disk_cache=none or directsync, or kvm_disk_io=threads or io_uring",
			 dom->cache);
		return -EINVAL;
	}
	return 0;
}

void kvm_disk_target(const struct kvm_domain *dom, unsigned i, char *buf,
		     size_t size)
{
	snprintf(buf, size, "%s%c", dom->bus == KVM_BUS_VIRTIO_SCSI ? "sd" : "vd",
		 'a' + (char)i);
}

static void put_disk(FILE *f, const struct kvm_domain *dom, unsigned i)
{
	const struct kvm_disk *k = &dom->disks[i];
	char target[8];

	kvm_disk_target(dom, i, target, sizeof(target));
	fprintf(f, "    <disk type='%s' device='disk'>\n", k->block ? "block" : "file");
	fprintf(f, "      <driver name='qemu' type='raw' cache='");
	put_esc(f, dom->cache);
	fprintf(f, "' io='");
	put_esc(f, dom->io);
	fprintf(f, "'");
	if (dom->iothreads && dom->bus == KVM_BUS_VIRTIO_BLK)
		fprintf(f, " iothread='1'");
	fprintf(f, "/>\n");
	fprintf(f, "      <source %s='", k->block ? "dev" : "file");
	put_esc(f, k->source);
	fprintf(f, "'/>\n");
	fprintf(f, "      <target dev='%s' bus='%s'/>\n", target,
		dom->bus == KVM_BUS_VIRTIO_SCSI ? "scsi" : "virtio");
	fprintf(f, "    </disk>\n");
}

int kvm_domain_xml(const struct kvm_domain *dom, char **xml)
{
	size_t len = 0;
	FILE *f;

	*xml = NULL;
	f = open_memstream(xml, &len);
	if (!f)
		return -ENOMEM;
	fprintf(f, "<domain type='%s'>\n", dom->kvm ? "kvm" : "qemu");
	tag(f, "  ", "name", dom->name);
	fprintf(f, "  <title>iostress run ");
	put_esc(f, dom->runid);
	fprintf(f, "</title>\n");
	fprintf(f, "  <metadata>\n    <iostress:run xmlns:iostress='%s' id='", KVM_XMLNS);
	put_esc(f, dom->runid);
	fprintf(f, "' owner='%ld'/>\n  </metadata>\n", dom->owner);
	fprintf(f, "  <memory unit='KiB'>%" PRIu64 "</memory>\n", dom->memory_kib);
	fprintf(f, "  <vcpu>%u</vcpu>\n", dom->vcpus);
	if (dom->iothreads)
		fprintf(f, "  <iothreads>%u</iothreads>\n", dom->iothreads);
	fprintf(f, "  <os>\n    <type arch='x86_64'>hvm</type>\n");
	tag(f, "    ", "kernel", dom->kernel);
	tag(f, "    ", "initrd", dom->initrd);
	tag(f, "    ", "cmdline", dom->cmdline);
	fprintf(f, "  </os>\n");
	/* acpi: the guest's power-off ends the domain */
	fprintf(f, "  <features>\n    <acpi/>\n  </features>\n");
	if (dom->kvm)
		fprintf(f, "  <cpu mode='host-passthrough'/>\n");
	fprintf(f, "  <on_poweroff>destroy</on_poweroff>\n"
		   "  <on_reboot>destroy</on_reboot>\n"
		   "  <on_crash>destroy</on_crash>\n");
	fprintf(f, "  <devices>\n");
	if (dom->bus == KVM_BUS_VIRTIO_SCSI) {
		fprintf(f, "    <controller type='scsi' index='0' model='virtio-scsi'>\n");
		if (dom->iothreads)
			fprintf(f, "      <driver iothread='1'/>\n");
		fprintf(f, "    </controller>\n");
	}
	for (unsigned i = 0; i < dom->nr_disks; i++)
		put_disk(f, dom, i);
	fprintf(f, "    <channel type='unix'>\n      <source mode='bind' path='");
	put_esc(f, dom->channel);
	fprintf(f, "'/>\n      <target type='virtio' name='%s'/>\n    </channel>\n",
		KVM_PORT_NAME);
	fprintf(f, "    <serial type='file'>\n      <source path='");
	put_esc(f, dom->console);
	fprintf(f, "'/>\n      <target port='0'/>\n    </serial>\n");
	fprintf(f, "    <memballoon model='none'/>\n");
	fprintf(f, "  </devices>\n");
	if (dom->as_root)
		fprintf(f, "  <seclabel type='static' model='dac' relabel='no'>\n"
			   "    <label>+0:+0</label>\n  </seclabel>\n");
	fprintf(f, "</domain>\n");
	if (fclose(f) || !*xml) {
		free(*xml);
		*xml = NULL;
		return -ENOMEM;
	}
	return 0;
}

int kvm_xml_attr(const char *xml, const char *elem, const char *attr,
		 char *out, size_t size)
{
	const char *e = xml ? strstr(xml, elem) : NULL;
	const char *end = e ? strchr(e, '>') : NULL;
	size_t alen = strlen(attr);

	if (!end)
		return -ENOENT;
	for (const char *p = e; p && p < end; p = strchr(p + 1, ' ')) {
		const char *v = p + 1, *close;

		if (strncmp(v, attr, alen) || v[alen] != '=' ||
		    (v[alen + 1] != '\'' && v[alen + 1] != '"'))
			continue;
		close = strchr(v + alen + 2, v[alen + 1]);
		if (!close || close > end)
			return -ENOENT;
		snprintf(out, size, "%.*s", (int)(close - v - alen - 2), v + alen + 2);
		return 0;
	}
	return -ENOENT;
}
