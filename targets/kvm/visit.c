/* SPDX-License-Identifier: MIT */
/*
 * visit.c - one boot of the kvm placement's guest (kvm_impl.h).
 *
 * The resolved jobs of the visit's phases go into a per-boot archive
 * appended to the cached base initramfs; the kernel command line tells
 * the guest's /init (guest.h) its modules, the channel's port name, the
 * disk and the filesystem.  The domain is transient and dies with the
 * libvirt connection.  The host connects to the channel's socket, which
 * libvirt makes, and feeds what comes to a remote conversation; a stop
 * request is the line "stop" the other way.  The guest powers off after
 * its result; QEMU's exit closes the socket.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "job/resolved.h"
#include "lib/units.h"
#include "measure/clock.h"
#include "targets/kvm/initramfs.h"
#include "targets/kvm/kvm_impl.h"
#include "targets/kvm/qemu_threads.h"
#include "targets/ledger.h"
#include "targets/remote.h"

#define CONNECT_WAIT_NS	(10 * NS_PER_SEC)	/* for libvirt's socket */
#define AUTO_KVM_BOOT_NS	(30 * NS_PER_SEC)	/* kvm_accel=auto's try */
#define OFF_GRACE_NS	(20 * NS_PER_SEC)	/* result to power-off */
#define STOP_GRACE_NS	(30 * NS_PER_SEC)	/* stop to result */
#define CONSOLE_LINES	15

/* One boot. */
struct boot {
	struct target *t;
	struct kvm_target *k;
	const struct target_phase *ph;
	struct kvm_domain dom;
	struct virt_dom *vd;
	struct remote_conv conv;
	int fd;				/* the channel */
	char boot[4096];		/* the per-boot archive */
	char console[4096];
	unsigned rec;			/* the domain's ledger record */
	pid_t qemu_pid;			/* -1: not known */
	struct qemu_threads threads[2];	/* at the first phase's start, at
					 * the last reading */
	bool have_threads;
};

/* host_cpu - the QEMU process's CPU for the conversation (remote.h), and
 * its threads' at the same moments, for the split by thread class. */
static int host_cpu(void *arg, uint64_t *ns)
{
	struct boot *b = arg;

	if (b->qemu_pid > 0 &&
	    !qemu_threads_read(b->qemu_pid, &b->threads[b->have_threads ? 1 : 0]) &&
	    !b->have_threads) {
		b->threads[1] = b->threads[0];
		b->have_threads = true;
	}
	return b->vd ? virt_cpu_ns(b->vd, ns) : -ENOENT;
}

/* jobs_text - the phases' resolved jobs; on a raw disk (kvm_fs=none)
 * every job's file is the guest's disk, unless the job names a device of
 * the guest itself (/dev/...), which the worker then checks as any
 * native device (a RAID1 member is refused: md holds it). */
static int jobs_text(const struct boot *b, char **text, size_t *len)
{
	const struct target_phase *ph = b->ph;
	struct job_list raw = { 0 };
	const struct job_list *send = ph->jobs;
	unsigned first = ph->first;
	FILE *f;
	int ret = 0;

	if (b->k->job->kvm_fs == KVM_FS_NONE) {
		raw.jobs = calloc(ph->nr, sizeof(*raw.jobs));
		if (!raw.jobs)
			return -ENOMEM;
		for (unsigned i = 0; i < ph->nr && !ret; i++) {
			struct job *j = &raw.jobs[i];

			ret = job_copy(j, &ph->jobs->jobs[ph->first + i]);
			if (ret)
				break;
			raw.nr++;
			if (j->filename && !strncmp(j->filename, "/dev/", 5))
				continue;
			free(j->filename);
			free(j->directory);
			j->directory = NULL;
			j->filename = strdup(b->k->guest_disk);
			if (!j->filename)
				ret = -ENOMEM;
		}
		send = &raw;
		first = 0;
	}
	f = ret ? NULL : open_memstream(text, len);
	if (!ret && !f)
		ret = -ENOMEM;
	if (f) {
		ret = resolved_write(send, first, ph->nr, f);
		if (fclose(f) && !ret)
			ret = -ENOMEM;
		if (ret) {
			free(*text);
			*text = NULL;
		}
	}
	if (send == &raw)
		job_list_release(&raw);
	return ret;
}

/* channel_connect - the channel's socket, once libvirt has made it. */
static int channel_connect(const char *path, int *out)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	uint64_t until = clock_monotonic_ns() + CONNECT_WAIT_NS;
	int fd, ret;

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (!connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
			*out = fd;
			return 0;
		}
		ret = -errno;
		close(fd);
		if (clock_monotonic_ns() > until)
			return ret;
		usleep(20000);
	}
}

/* console_tail - the console log's last lines on stderr, and a copy of
 * the log kept where the message says. */
static void console_tail(const struct boot *b)
{
	char keep[4200], *lines[CONSOLE_LINES] = { 0 }, buf[512];
	const char *tmp = getenv("TMPDIR");
	unsigned n = 0;
	FILE *in = fopen(b->console, "re"), *out;
	struct stat st;

	if (!in || fstat(fileno(in), &st) || !st.st_size) {
		if (in)
			fclose(in);
		return;		/* the guest never started: nothing to quote */
	}
	snprintf(keep, sizeof(keep), "%s/%s.console.log", tmp && *tmp ? tmp : "/var/tmp",
		 b->dom.name);
	out = fopen(keep, "we");
	while (fgets(buf, sizeof(buf), in)) {
		if (out)
			fputs(buf, out);
		buf[strcspn(buf, "\r\n")] = '\0';
		free(lines[n % CONSOLE_LINES]);
		lines[n % CONSOLE_LINES] = strdup(buf);
		n++;
	}
	fclose(in);
	if (out && !fclose(out))
		err_printf("the guest's console, last lines (all of it in %s):", keep);
	else
		err_printf("the guest's console, last lines:");
	for (unsigned i = n > CONSOLE_LINES ? n - CONSOLE_LINES : 0; i < n; i++) {
		fprintf(stderr, "  | %s\n", lines[i % CONSOLE_LINES] ? lines[i % CONSOLE_LINES] : "");
	}
	for (unsigned i = 0; i < CONSOLE_LINES; i++)
		free(lines[i]);
}

/* converse - read the channel until QEMU closes it, forwarding a stop,
 * within the deadlines.  Returns 0, -ETIMEDOUT (no hello within
 * boot_ns: the boot itself hung), -ETIME (the guest went silent, or did
 * not end after its result or a stop) or -errno. */
static int converse(struct boot *b, uint64_t boot_ns, struct diag *d)
{
	uint64_t start = clock_monotonic_ns(), last = start, stop_at = 0, result_at = 0;
	uint64_t silence = b->k->job->kvm_boot_timeout_ns;
	char buf[65536];

	for (;;) {
		struct pollfd p = { .fd = b->fd, .events = POLLIN };
		uint64_t now;
		int r = poll(&p, 1, 100);

		if (r < 0 && errno != EINTR)
			return -errno;
		now = clock_monotonic_ns();
		if (r > 0) {
			ssize_t n = read(b->fd, buf, sizeof(buf));

			if (n < 0 && errno != EINTR && errno != EAGAIN)
				return -errno;
			if (n == 0)
				return 0;	/* QEMU is gone */
			if (n > 0) {
				remote_feed(&b->conv, buf, (size_t)n);
				last = now;
			}
		}
		if (b->conv.got_result && !result_at)
			result_at = now;
		if (atomic_load(b->ph->stop) && !stop_at) {
			stop_at = now;
			if (write(b->fd, "stop\n", 5) != 5)
				return -EPIPE;
		}
		if (!b->conv.hello && now - start > boot_ns) {
			diag_set(d, NULL, "kvm: guest %s did not answer within %.0f s of its start",
				 b->dom.name, (double)boot_ns / 1e9);
			return -ETIMEDOUT;
		}
		if ((result_at && now - result_at > OFF_GRACE_NS) ||
		    (stop_at && now - stop_at > STOP_GRACE_NS) ||
		    (b->conv.hello && !result_at && now - last > silence)) {
			diag_set(d, NULL, "kvm: guest %s %s", b->dom.name,
				 result_at ? "did not power off after its result" :
				 stop_at ? "did not end after it was told to stop" :
				 "stopped answering (nothing for kvm_boot_timeout)");
			return -ETIME;
		}
	}
}

/* unlink_libvirt_log - libvirt keeps a log per domain name; ours are
 * transient and named once, so theirs would only pile up. */
static void unlink_libvirt_log(const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "/var/log/libvirt/qemu/%s.log", name);
	unlink(path);
}

/* boot_once - create the domain, converse, destroy it. */
static int boot_once(struct boot *b, uint64_t boot_ns, struct diag *d)
{
	char *xml = NULL, desc[200];
	uint64_t t0;
	int ret;

	ret = kvm_domain_xml(&b->dom, &xml);
	if (ret)
		return ret;
	snprintf(desc, sizeof(desc), "domain %s", b->dom.name);
	ret = ledger_add(b->t->ledger, "kvm", desc, &b->rec, d);
	if (ret)
		goto out_free_xml;
	unlink(b->console);	/* libvirt appends */
	t0 = b->conv.t ? b->conv.t0 : 0;
	remote_begin(&b->conv, b->t, b->ph, d);
	if (t0)
		b->conv.t0 = t0;	/* setup counts a failed boot too */
	b->conv.host_cpu = host_cpu;
	b->conv.host_cpu_arg = b;
	ret = virt_create(b->k->conn, xml, &b->vd, d);
	b->qemu_pid = ret ? -1 : virt_pid(b->dom.name);
	b->have_threads = false;
	if (!ret) {
		char *live = virt_xml(b->vd), cache[32], io[32];

		/* what libvirt made of the disk modes, read back */
		if (!kvm_xml_attr(live, "<driver name='qemu' type='raw'", "cache", cache, sizeof(cache)) &&
		    !kvm_xml_attr(live, "<driver name='qemu' type='raw'", "io", io, sizeof(io)))
			target_prop_set(b->t, "domain_xml_disk_modes", "cache=%s io=%s", cache, io);
		free(live);
		ret = channel_connect(b->dom.channel, &b->fd);
		if (ret)
			diag_set(d, NULL, "kvm: no channel socket '%s' from libvirt: %s",
				 b->dom.channel, strerror(-ret));
	}
	if (!ret)
		ret = converse(b, boot_ns, d);
	if (b->have_threads) {
		char split[160];

		if (!qemu_threads_split(&b->threads[0], &b->threads[1], split, sizeof(split)))
			target_prop_set(b->t, "host_cpu_split", "%s", split);
	}
	if (b->fd >= 0)
		close(b->fd);
	b->fd = -1;
	virt_destroy(b->vd);
	b->vd = NULL;
	unlink_libvirt_log(b->dom.name);
	ledger_drop(b->t->ledger, "kvm", b->rec);
out_free_xml:
	free(xml);
	return ret;
}

int kvm_visit(struct target *t, const struct target_phase *ph, struct diag *d)
{
	struct kvm_target *k = t->priv;
	struct boot *b = calloc(1, sizeof(*b));	/* large: thread tables */
	char dir[4096], *text = NULL, who[200], desc[4200];
	unsigned recs[2] = { 0, 0 };
	size_t len = 0;
	uint64_t boot_ns = k->job->kvm_boot_timeout_ns;
	int ret;

	if (!b)
		return -ENOMEM;
	b->t = t;
	b->k = k;
	b->ph = ph;
	b->dom = k->dom;
	b->fd = -1;
	b->qemu_pid = -1;

	snprintf(b->dom.name, sizeof(b->dom.name), "iostress-%s-%u", k->dom.runid, ++k->visits);
	/* the boot's files: beside the run ledgers (whose scan skips dot
	 * names), each in the ledger for the sweep */
	snprintf(dir, sizeof(dir), "%s/.kvm", ledger_state_dir());
	if (mkdir(dir, 0700) && errno != EEXIST) {
		ret = -errno;
		diag_set(d, NULL, "kvm: unable to create '%s': %s", dir, strerror(-ret));
		goto out_free;
	}
	if ((size_t)snprintf(b->boot, sizeof(b->boot), "%s/%s.cpio", dir,
			     b->dom.name) >= sizeof(b->boot) ||
	    (size_t)snprintf(b->console, sizeof(b->console), "%s/%s.console", dir,
			     b->dom.name) >= sizeof(b->console) ||
	    /* a unix socket's path is short */
	    (size_t)snprintf(b->dom.channel, sizeof(struct sockaddr_un) - 2, "%s/%s.sock",
			     dir, b->dom.name) >= sizeof(struct sockaddr_un) - 2) {
		diag_set(d, NULL, "kvm: the state directory '%s' has too long a path", dir);
		ret = -ENAMETOOLONG;
		goto out_free;
	}
	snprintf(desc, sizeof(desc), "file %s", b->boot);
	ret = ledger_add(t->ledger, "kvm", desc, &recs[0], d);
	if (!ret) {
		snprintf(desc, sizeof(desc), "file %s", b->console);
		ret = ledger_add(t->ledger, "kvm", desc, &recs[1], d);
	}
	if (ret)
		goto out_drop;
	memcpy(b->dom.initrd, b->boot, sizeof(b->boot));
	memcpy(b->dom.console, b->console, sizeof(b->console));
	snprintf(b->dom.cmdline, sizeof(b->dom.cmdline),
		 "console=ttyS0 panic=-1 quiet iostress.jobs=/jobs iostress.modules=%s iostress.port=%s iostress.disk=%s iostress.fs=%s",
		 INITRAMFS_MODULES_LIST, KVM_PORT_NAME, k->guest_disk,
		 k->job->kvm_fs == KVM_FS_EXT4 ? "ext4" :
		 k->job->kvm_fs == KVM_FS_XFS ? "xfs" : "none");
	if (k->job->kvm_raid1) {
		char t0[8], t1[8];
		size_t at = strlen(b->dom.cmdline);

		kvm_disk_target(&b->dom, 0, t0, sizeof(t0));
		kvm_disk_target(&b->dom, 1, t1, sizeof(t1));
		snprintf(b->dom.cmdline + at, sizeof(b->dom.cmdline) - at,
			 " iostress.raid1=/dev/%s,/dev/%s iostress.raid1_clean=%d"
			 " iostress.raid1_fail_at=%llu iostress.raid1_rebuild=%d", t0, t1,
			 !k->job->raid1_resync,
			 (unsigned long long)(k->job->raid1_fail_at_ns / 1000000),
			 k->job->raid1_rebuild);
	}

	ret = jobs_text(b, &text, &len);
	if (!ret)
		ret = initramfs_boot(k->base, text, len, b->boot, d);
	free(text);
	if (ret)
		goto out_drop;
	if (k->auto_kvm && boot_ns > AUTO_KVM_BOOT_NS)
		boot_ns = AUTO_KVM_BOOT_NS;
	ret = boot_once(b, boot_ns, d);
	if (ret == -ETIMEDOUT && k->auto_kvm && !atomic_load(ph->stop)) {
		err_printf("warning: %s; KVM does not boot guests here (nested virtualization?): falling back to TCG emulation",
			   d->msg);
		k->auto_kvm = false;
		k->dom.kvm = b->dom.kvm = false;
		kvm_note_no_boot();
		target_prop_set(t, "accel", "tcg");
		target_prop_set(t, "accel_note", "TCG is emulation: these figures are not KVM's (KVM did not boot the guest)");
		memset(d, 0, sizeof(*d));
		ret = boot_once(b, k->job->kvm_boot_timeout_ns, d);
	}
	snprintf(who, sizeof(who), "guest %s", b->dom.name);
	if (ret) {
		struct diag keep = *d;	/* remote_end's words are vaguer */

		if (b->conv.t)
			remote_end(&b->conv, who, "ended");
		*d = keep;
		console_tail(b);
	} else {
		ret = remote_end(&b->conv, who, "ended");
		if (ret && !b->conv.got_result)
			console_tail(b);
	}
out_drop:
	unlink(b->boot);
	unlink(b->console);
	for (unsigned i = 0; i < 2; i++)
		if (recs[i])
			ledger_drop(t->ledger, "kvm", recs[i]);
	rmdir(dir);	/* when no other run's boot is in it */
out_free:
	free(b);
	return ret;
}
