/* SPDX-License-Identifier: MIT */
/*
 * test_kvm_domain.c - the appliance guest's domain XML: the disk modes,
 * bus, iothreads, channel, console and labels land where libvirt reads
 * them; text is escaped; what QEMU would refuse (io=native without
 * O_DIRECT) is refused first; and every variant passes libvirt's own
 * schema (virt-xml-validate, from libvirt-clients).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "targets/kvm/domain.h"
#include "testutil.h"

static void base(struct kvm_domain *dom)
{
	memset(dom, 0, sizeof(*dom));
	snprintf(dom->name, sizeof(dom->name), "iostress-0123456789abcdef-1");
	snprintf(dom->runid, sizeof(dom->runid), "0123456789abcdef");
	dom->owner = 4242;
	dom->vcpus = 2;
	dom->memory_kib = 1024 * 1024;
	snprintf(dom->kernel, sizeof(dom->kernel), "/boot/vmlinuz-6.1.0-57-amd64");
	snprintf(dom->initrd, sizeof(dom->initrd), "/run/iostress/x/kvm-1.cpio");
	snprintf(dom->cmdline, sizeof(dom->cmdline), "console=ttyS0 iostress.port=%s", KVM_PORT_NAME);
	snprintf(dom->cache, sizeof(dom->cache), "none");
	snprintf(dom->io, sizeof(dom->io), "native");
	snprintf(dom->disks[0].source, sizeof(dom->disks[0].source), "/var/tmp/disk0.img");
	dom->nr_disks = 1;
	snprintf(dom->channel, sizeof(dom->channel), "/run/iostress/x/kvm-1.sock");
	snprintf(dom->console, sizeof(dom->console), "/run/iostress/x/kvm-1.console");
}

static char *xml_of(const struct kvm_domain *dom)
{
	char *xml = NULL;

	assert_int_equal(kvm_domain_xml(dom, &xml), 0);
	assert_non_null(xml);
	return xml;
}

/* validate - libvirt's schema accepts xml (skip when the validator is
 * missing: libvirt-clients). */
static void validate(const char *xml)
{
	char path[] = "/tmp/iostress-domain-XXXXXX", cmd[256];
	int fd, rc;

	if (system("command -v virt-xml-validate >/dev/null 2>&1")) {
		skip_or_fail("virt-xml-validate is missing (apt-get install libvirt-clients)");
		return;
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, xml, strlen(xml)), (ssize_t)strlen(xml));
	close(fd);
	snprintf(cmd, sizeof(cmd), "virt-xml-validate %s domain >/dev/null 2>&1", path);
	rc = system(cmd);
	if (rc) {
		print_message("# rejected by libvirt's schema:\n%s", xml);
		snprintf(cmd, sizeof(cmd), "virt-xml-validate %s domain 1>&2", path);
		(void)!system(cmd);	/* its words, on stderr */
	}
	unlink(path);
	assert_int_equal(rc, 0);
}

static void test_blk_tcg(void **state)
{
	struct kvm_domain dom;
	char *xml;

	(void)state;
	base(&dom);
	xml = xml_of(&dom);
	assert_non_null(strstr(xml, "<domain type='qemu'>"));
	assert_non_null(strstr(xml, "<name>iostress-0123456789abcdef-1</name>"));
	assert_non_null(strstr(xml, "<driver name='qemu' type='raw' cache='none' io='native'/>"));
	assert_non_null(strstr(xml, "<source file='/var/tmp/disk0.img'/>"));
	assert_non_null(strstr(xml, "<target dev='vda' bus='virtio'/>"));
	assert_non_null(strstr(xml, "<target type='virtio' name='" KVM_PORT_NAME "'/>"));
	assert_non_null(strstr(xml, "<source mode='bind' path='/run/iostress/x/kvm-1.sock'/>"));
	assert_non_null(strstr(xml, "<serial type='file'>"));
	assert_non_null(strstr(xml, "<acpi/>"));
	assert_non_null(strstr(xml, "<on_poweroff>destroy</on_poweroff>"));
	assert_non_null(strstr(xml, "id='0123456789abcdef' owner='4242'"));
	assert_null(strstr(xml, "host-passthrough"));
	assert_null(strstr(xml, "<iothreads>"));
	assert_null(strstr(xml, "<seclabel"));
	assert_null(strstr(xml, "<interface"));	/* no network */
	validate(xml);
	free(xml);
}

static void test_scsi_iothreads_kvm_root(void **state)
{
	struct kvm_domain dom;
	char *xml, target[8];

	(void)state;
	base(&dom);
	dom.kvm = true;
	dom.as_root = true;
	dom.bus = KVM_BUS_VIRTIO_SCSI;
	dom.iothreads = 2;
	snprintf(dom.cache, sizeof(dom.cache), "writeback");
	snprintf(dom.io, sizeof(dom.io), "threads");
	snprintf(dom.disks[1].source, sizeof(dom.disks[1].source), "/dev/loop7");
	dom.disks[1].block = true;
	dom.nr_disks = 2;
	xml = xml_of(&dom);
	assert_non_null(strstr(xml, "<domain type='kvm'>"));
	assert_non_null(strstr(xml, "<cpu mode='host-passthrough'/>"));
	assert_non_null(strstr(xml, "<iothreads>2</iothreads>"));
	assert_non_null(strstr(xml, "<controller type='scsi' index='0' model='virtio-scsi'>"));
	assert_non_null(strstr(xml, "<driver iothread='1'/>"));
	assert_non_null(strstr(xml, "cache='writeback' io='threads'/>"));
	assert_non_null(strstr(xml, "<target dev='sda' bus='scsi'/>"));
	assert_non_null(strstr(xml, "<disk type='block' device='disk'>"));
	assert_non_null(strstr(xml, "<source dev='/dev/loop7'/>"));
	assert_non_null(strstr(xml, "<target dev='sdb' bus='scsi'/>"));
	assert_non_null(strstr(xml, "<label>+0:+0</label>"));
	kvm_disk_target(&dom, 1, target, sizeof(target));
	assert_string_equal(target, "sdb");
	validate(xml);
	free(xml);

	dom.bus = KVM_BUS_VIRTIO_BLK;
	xml = xml_of(&dom);
	assert_non_null(strstr(xml, "cache='writeback' io='threads' iothread='1'/>"));
	assert_null(strstr(xml, "<controller"));
	validate(xml);
	free(xml);
}

static void test_escaped(void **state)
{
	struct kvm_domain dom;
	char *xml;

	(void)state;
	base(&dom);
	snprintf(dom.disks[0].source, sizeof(dom.disks[0].source), "/srv/a&b/<x>'q\".img");
	xml = xml_of(&dom);
	assert_non_null(strstr(xml, "/srv/a&amp;b/&lt;x&gt;&apos;q&quot;.img"));
	assert_null(strstr(xml, "a&b"));
	validate(xml);
	free(xml);
}

static void test_xml_attr(void **state)
{
	static const char live[] =
		"<domain type='qemu' id='3'>\n"
		"  <disk type='file' device='disk'>\n"
		"    <driver name='qemu' type='raw' cache='writeback' io=\"threads\" iothread='1'/>\n"
		"    <source file='/x'/>\n";
	char v[32];

	(void)state;
	assert_int_equal(kvm_xml_attr(live, "<driver name='qemu'", "cache", v, sizeof(v)), 0);
	assert_string_equal(v, "writeback");
	assert_int_equal(kvm_xml_attr(live, "<driver name='qemu'", "io", v, sizeof(v)), 0);
	assert_string_equal(v, "threads");
	assert_int_equal(kvm_xml_attr(live, "<driver name='qemu'", "iothread", v, sizeof(v)), 0);
	assert_string_equal(v, "1");
	/* an attribute of a later element is not this one's */
	assert_int_equal(kvm_xml_attr(live, "<driver name='qemu'", "file", v, sizeof(v)), -ENOENT);
	assert_int_equal(kvm_xml_attr(live, "<controller", "model", v, sizeof(v)), -ENOENT);
	assert_int_equal(kvm_xml_attr(NULL, "<driver", "io", v, sizeof(v)), -ENOENT);
}

static void test_check(void **state)
{
	struct kvm_domain dom;
	struct diag d = { { 0 } };

	(void)state;
	base(&dom);
	assert_int_equal(kvm_domain_check(&dom, &d), 0);
	snprintf(dom.cache, sizeof(dom.cache), "writeback");
	assert_int_equal(kvm_domain_check(&dom, &d), -EINVAL);
	assert_non_null(strstr(d.msg, "kvm_disk_io=native"));
	assert_non_null(strstr(d.msg, "kvm_disk_cache=writeback"));
	snprintf(dom.cache, sizeof(dom.cache), "directsync");
	assert_int_equal(kvm_domain_check(&dom, &d), 0);
	snprintf(dom.cache, sizeof(dom.cache), "unsafe");
	snprintf(dom.io, sizeof(dom.io), "io_uring");
	assert_int_equal(kvm_domain_check(&dom, &d), 0);
	dom.nr_disks = 0;
	assert_int_equal(kvm_domain_check(&dom, &d), -EINVAL);
	dom.nr_disks = 1;
	dom.vcpus = 0;
	assert_int_equal(kvm_domain_check(&dom, &d), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_blk_tcg),
		cmocka_unit_test(test_scsi_iothreads_kvm_root),
		cmocka_unit_test(test_escaped),
		cmocka_unit_test(test_xml_attr),
		cmocka_unit_test(test_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
