/* SPDX-License-Identifier: MIT */
/*
 * kvm.c - the kvm placement: the jobs run in an appliance guest made for
 * the run through libvirt, on a virtio disk that iostress makes.
 *
 * prepare: the static worker, the guest kernel (kernel.h) and the base
 * initramfs with the modules the bus and filesystem need (initramfs.h,
 * cached); the accelerator (kvm where /dev/kvm answers, else TCG); the
 * disks: host files made for the run, sparse or preallocated, written to
 * the ledger before they exist (or host block devices, kvm_disk=, with
 * the native target's write-safety checks); a filesystem made on the
 * first disk by the host's mkfs when kvm_fs asks for one.  Each visit is
 * one boot (visit.c).  teardown removes the disk files; the sweep removes
 * what a killed run left (the domain, which libvirt also destroys with
 * the connection, and the files).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job/options.h"
#include "lib/file.h"
#include "lib/units.h"
#include "targets/kinds.h"
#include "targets/kvm/agent.h"
#include "targets/kvm/initramfs.h"
#include "targets/kvm/kvm_impl.h"
#include "targets/ledger.h"
#include "targets/native.h"
#include "targets/worker_bin.h"

#define FS_SLACK	(256ull << 20)	/* a filesystem's own needs, roughly */
#define XFS_MIN		(512ull << 20)	/* mkfs.xfs wants at least 300 MB */
#define DISK_DEFAULT	(1ull << 30)	/* when the jobs name no size */

extern char **environ;

/* Set when a guest of this run did not boot under KVM: the run's later
 * kvm_accel=auto guests go to TCG at once (kvm_impl.h). */
static atomic_bool kvm_did_not_boot;

void kvm_note_no_boot(void)
{
	atomic_store(&kvm_did_not_boot, true);
}

/* kvm_works - /dev/kvm opens and answers with the API version this code
 * was built for.  It may still fail to boot a guest (nested hosts):
 * kvm_accel=auto then falls back at the boot deadline (visit.c). */
static bool kvm_works(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	int v;

	if (fd < 0)
		return false;
	v = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	return v == KVM_API_VERSION;
}

/* disk_bytes - what the jobs placed here need on one disk: with a
 * filesystem, every job's region summed (files named twice count twice:
 * the disk is sparse) plus slack; raw, the largest region. */
static uint64_t disk_bytes(const struct target *t, const struct job *j)
{
	uint64_t sum = 0, max = 0;

	if (j->kvm_disk_size)
		return j->kvm_disk_size;
	for (unsigned i = 0; i < t->jobs->nr; i++) {
		const struct job *x = &t->jobs->jobs[i];
		uint64_t files = x->filesize_max ? x->filesize_max * x->nrfiles : x->size;
		uint64_t need = x->offset + x->offset_increment * x->clone + files;

		sum += need;
		if (need > max)
			max = need;
	}
	if (!max)
		return DISK_DEFAULT;
	if (j->kvm_fs == KVM_FS_NONE)
		return (max + (1ull << 20) - 1) & ~((1ull << 20) - 1);
	sum += sum / 10 + FS_SLACK;
	if (j->kvm_fs == KVM_FS_XFS && sum < XFS_MIN)
		sum = XFS_MIN;
	return (sum + (1ull << 20) - 1) & ~((1ull << 20) - 1);
}

/* run_mkfs - the host's mkfs.TYPE on path, quiet; what it says on
 * stderr becomes the message when it fails.  Returns 0 or -EIO with a
 * message. */
static int run_mkfs(const char *fs, const char *path, struct diag *d)
{
	char prog[32];
	char *argv_ext4[] = { prog, "-q", "-F", "-E",
		/* everything written now, nothing by ext4lazyinit during
		 * the jobs */
		"lazy_itable_init=0,lazy_journal_init=0", (char *)path, NULL };
	char *argv_xfs[] = { prog, "-q", "-f", (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	char said[256] = "";
	int status = 0, r, pipefd[2];
	ssize_t n;
	pid_t pid;

	snprintf(prog, sizeof(prog), "mkfs.%s", fs);
	if (pipe2(pipefd, O_CLOEXEC))
		return -errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	r = posix_spawnp(&pid, prog, &fa, NULL,
			 strcmp(fs, "xfs") ? argv_ext4 : argv_xfs, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (r) {
		close(pipefd[0]);
		diag_set(d, NULL, "kvm: unable to run %s: %s (apt-get install %s)", prog,
			 strerror(r), strcmp(fs, "xfs") ? "e2fsprogs" : "xfsprogs");
		return -EIO;
	}
	/* its first words; the rest (a usage text) is drained and dropped */
	n = read(pipefd[0], said, sizeof(said) - 1);
	said[n > 0 ? n : 0] = '\0';
	said[strcspn(said, "\n")] = '\0';
	while (read(pipefd[0], (char[512]){ 0 }, 512) > 0)
		;
	close(pipefd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		diag_set(d, NULL, "kvm: %s %s failed (status %d)%s%s", prog, path,
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1, said[0] ? ": " : "", said);
		return -EIO;
	}
	return 0;
}

/* make_disk_file - disk i as a new file in the disk directory. */
static int make_disk_file(struct target *t, struct kvm_target *k, unsigned i,
			  uint64_t bytes, struct diag *d)
{
	const struct job *j = k->job;
	const char *dir = j->kvm_disk_dir && strcmp(j->kvm_disk_dir, ".") ? j->kvm_disk_dir : "";
	char *path = k->dom.disks[i].source, desc[4200], cwd[4096];
	int fd, ret;

	if (dir[0] != '/' && !getcwd(cwd, sizeof(cwd)))
		return -errno;
	if ((size_t)snprintf(path, sizeof(k->dom.disks[i].source), "%s%s%s/iostress-%s-disk%u.img",
			     dir[0] != '/' ? cwd : "", dir[0] && dir[0] != '/' ? "/" : "", dir,
			     t->ledger ? t->ledger->runid : "norun", i) >=
	    sizeof(k->dom.disks[i].source)) {
		diag_set(d, &j->loc, "kvm_disk_dir='%s': the path is too long", dir);
		return -ENAMETOOLONG;
	}
	snprintf(desc, sizeof(desc), "disk %s", path);
	ret = ledger_add(t->ledger, "kvm", desc, &k->disk_rec[i], d);
	if (ret)
		return ret;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		ret = -errno;
		diag_set(d, NULL, "kvm: unable to make the disk file '%s': %s", path,
			 strerror(-ret));
		ledger_drop(t->ledger, "kvm", k->disk_rec[i]);
		k->disk_rec[i] = 0;
		return ret;
	}
	if (j->kvm_disk_prealloc)
		ret = -posix_fallocate(fd, 0, (off_t)bytes);
	else
		ret = ftruncate(fd, (off_t)bytes) ? -errno : 0;
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		diag_set(d, NULL, "kvm: unable to size the disk file '%s' to %" PRIu64 " bytes: %s",
			 path, bytes, strerror(-ret));
	return ret;
}

/* copy_sparse - dst (as big as src) gets src's data extents, found with
 * SEEK_DATA and SEEK_HOLE, so a sparse file stays sparse.  Returns 0 or
 * -errno with a message. */
static int copy_sparse(const char *src, const char *dst, struct diag *d)
{
	int in = open(src, O_RDONLY | O_CLOEXEC), out = open(dst, O_WRONLY | O_CLOEXEC);
	off_t pos = 0, end, size;
	int ret = 0;

	if (in < 0 || out < 0) {
		ret = -errno;
		goto out_close;
	}
	size = lseek(in, 0, SEEK_END);
	while (!ret && pos < size) {
		pos = lseek(in, pos, SEEK_DATA);
		if (pos < 0) {
			ret = errno == ENXIO ? 0 : -errno;	/* holes to the end */
			break;
		}
		end = lseek(in, pos, SEEK_HOLE);
		if (end < 0) {
			ret = -errno;
			break;
		}
		while (pos < end) {
			off_t o = pos;
			ssize_t n = copy_file_range(in, &pos, out, &o, (size_t)(end - pos), 0);

			if (n <= 0) {
				ret = n < 0 ? -errno : -EIO;
				break;
			}
		}
	}
	if (!ret && fsync(out))
		ret = -errno;
out_close:
	if (ret)
		diag_set(d, NULL, "kvm: unable to copy '%s' to '%s': %s", src, dst,
			 strerror(-ret));
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ret;
}

/* setup_disks - the guest's disks: kvm_disk= devices, or files. */
static int setup_disks(struct target *t, struct kvm_target *k, struct diag *d)
{
	const struct job *j = k->job;
	uint64_t bytes = disk_bytes(t, j);
	int ret = 0;

	k->dom.nr_disks = 1;
	if (j->kvm_disk) {
		char list[4096], *save = NULL, *tok;

		snprintf(list, sizeof(list), "%s", j->kvm_disk);
		k->dom.nr_disks = 0;
		for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			struct kvm_disk *disk = &k->dom.disks[k->dom.nr_disks];

			if (k->dom.nr_disks == KVM_DISKS_MAX) {
				diag_set(d, &j->loc, "kvm_disk='%s': at most %u devices",
					 j->kvm_disk, KVM_DISKS_MAX);
				return -EINVAL;
			}
			ret = native_check_write_safe(tok, j->allow_mounted_write, d);
			if (ret)
				return ret;
			snprintf(disk->source, sizeof(disk->source), "%s", tok);
			disk->block = true;
			k->dom.nr_disks++;
		}
	} else {
		k->dom.nr_disks = j->kvm_raid1 ? 2 : 1;
		for (unsigned i = 0; !ret && i < k->dom.nr_disks; i++)
			ret = make_disk_file(t, k, i, bytes, d);
	}
	if (!ret && j->kvm_raid1 && k->dom.nr_disks != 2) {
		diag_set(d, &j->loc, "kvm_raid1=1 needs two disks: kvm_disk='%s' names %u",
			 j->kvm_disk, k->dom.nr_disks);
		ret = -EINVAL;
	}
	if (!ret && j->kvm_fs != KVM_FS_NONE)
		ret = run_mkfs(options_enum_name("kvm_fs", j->kvm_fs),
			       k->dom.disks[0].source, d);
	/* a RAID1 without a superblock is its members' bytes: the second
	 * member starts as a copy of the first */
	if (!ret && j->kvm_raid1 && j->kvm_fs != KVM_FS_NONE)
		ret = copy_sparse(k->dom.disks[0].source, k->dom.disks[1].source, d);
	snprintf(t->host_path, sizeof(t->host_path), "%s", k->dom.disks[0].source);
	if (!ret && !j->kvm_disk)
		target_prop_set(t, "disk_bytes", "%" PRIu64, bytes);
	return ret;
}

/* modules_wanted - what the guest loads: the PCI transport (which no
 * driver lists as a dependency), the disk bus, the channel, crc32c (a
 * soft dependency of ext4 and xfs that modules.dep does not give), the
 * filesystem. */
static unsigned modules_wanted(const struct job *j, const char **w)
{
	unsigned n = 0;

	w[n++] = "virtio_pci";
	if (j->kvm_disk_bus == KVM_BUS_VIRTIO_SCSI) {
		w[n++] = "virtio_scsi";
		w[n++] = "sd_mod";
	} else {
		w[n++] = "virtio_blk";
	}
	w[n++] = "virtio_console";
	w[n++] = "crc32c_generic";
	if (j->kvm_raid1) {
		w[n++] = "md_mod";
		w[n++] = "raid1";
	}
	if (j->kvm_fs != KVM_FS_NONE)
		w[n++] = options_enum_name("kvm_fs", j->kvm_fs);
	return n;
}

/* io_mode - kvm_disk_io, auto resolved: native (Linux AIO, as the 2014
 * study ran) when the cache mode opens the disk O_DIRECT, else threads. */
static enum kvm_io io_mode(const struct job *j)
{
	if (j->kvm_disk_io != KVM_IO_AUTO)
		return j->kvm_disk_io;
	return j->kvm_disk_cache == KVM_CACHE_NONE ||
	       j->kvm_disk_cache == KVM_CACHE_DIRECTSYNC ? KVM_IO_NATIVE : KVM_IO_THREADS;
}

/* describe - what decides the guest's speed, for the report. */
static void describe(struct target *t, struct kvm_target *k)
{
	const struct job *j = k->job;

	target_prop_set(t, "accel", "%s", k->dom.kvm ? "kvm" : "tcg");
	if (!k->dom.kvm)
		target_prop_set(t, "accel_note", "TCG is emulation: these figures are not KVM's");
	target_prop_set(t, "guest_kernel", "%s", k->kernel.version);
	target_prop_set(t, "vcpus", "%u", k->dom.vcpus);
	target_prop_set(t, "memory_mib", "%" PRIu64, k->dom.memory_kib / 1024);
	target_prop_set(t, "disk_bus", "%s", options_enum_name("kvm_disk_bus", j->kvm_disk_bus));
	target_prop_set(t, "disk_cache", "%s", k->dom.cache);
	target_prop_set(t, "disk_io", "%s", k->dom.io);
	target_prop_set(t, "iothreads", "%u", k->dom.iothreads);
	target_prop_set(t, "guest_fs", "%s", options_enum_name("kvm_fs", j->kvm_fs));
	if (j->kvm_raid1)
		target_prop_set(t, "raid1", "md0 over %s and %s, %s", k->dom.disks[0].source,
				k->dom.disks[1].source, j->raid1_resync ? "resynced" : "assumed clean");
	target_prop_set(t, "disk", "%s", k->dom.disks[0].source);
	target_prop_set(t, "disk_prealloc", "%s", j->kvm_disk ? "device" :
			j->kvm_disk_prealloc ? "yes" : "sparse");
	target_prop_set(t, "libvirt", "%s", virt_uri(k->conn));
}

/* disk_of - the first disk's source in a domain's XML, for disk stats. */
static void disk_of(const char *xml, char *out, size_t size)
{
	const char *disk = xml ? strstr(xml, "<disk type=") : NULL;
	const char *src = disk ? strstr(disk, "<source ") : NULL;
	const char *q = src ? strchr(src, '\'') : NULL;
	const char *dq = src ? strchr(src, '"') : NULL;
	char quote;
	const char *end;

	out[0] = '\0';
	if (!q || (dq && dq < q))
		q = dq;
	if (!q)
		return;
	quote = *q;
	end = strchr(q + 1, quote);
	if (end && (size_t)(end - q - 1) < size)
		snprintf(out, size, "%.*s", (int)(end - q - 1), q + 1);
}

/* prepare_agent - kvm:DOMAIN: the domain runs, has an agent channel and
 * its agent answers. */
static int prepare_agent(struct target *t, struct kvm_target *k,
			 const char *worker, struct diag *d)
{
	char *xml;
	int ret;

	snprintf(k->agent_name, sizeof(k->agent_name), "%s", t->pl.args);
	ret = file_read_all(worker, (char **)&k->worker_bin, &k->worker_len);
	if (ret) {
		diag_set(d, NULL, "kvm: unable to read the worker '%s': %s", worker,
			 strerror(-ret));
		return ret;
	}
	ret = virt_open(&k->conn, d);
	if (!ret)
		ret = virt_lookup(k->conn, k->agent_name, &k->agent_dom, d);
	if (ret)
		return ret;
	xml = virt_xml(k->agent_dom);
	if (!xml || !strstr(xml, AGENT_CHANNEL)) {
		diag_set(d, NULL, "kvm:%s: the domain has no QEMU guest agent channel: add <channel type='unix'><target type='virtio' name='%s'/></channel> to its <devices> (virsh edit %s), and run qemu-guest-agent in the guest",
			 k->agent_name, AGENT_CHANNEL, k->agent_name);
		free(xml);
		return -ENOTSUP;
	}
	disk_of(xml, t->host_path, sizeof(t->host_path));
	k->dom.kvm = strstr(xml, "<domain type='kvm'") != NULL;
	free(xml);
	ret = agent_ping(k->agent_dom, d);
	if (ret) {
		char why[DIAG_MSG_MAX];

		snprintf(why, sizeof(why), "%s", d->msg);
		diag_set(d, NULL, "kvm:%s: the guest agent does not answer (is qemu-guest-agent running in the guest?): %s",
			 k->agent_name, why);
		return ret;
	}
	snprintf(k->dom.runid, sizeof(k->dom.runid), "%s", t->ledger ? t->ledger->runid : "norun");
	target_prop_set(t, "mode", "agent");
	target_prop_set(t, "domain", "%s", k->agent_name);
	target_prop_set(t, "accel", "%s", k->dom.kvm ? "kvm" : "tcg");
	if (!k->dom.kvm)
		target_prop_set(t, "accel_note", "TCG is emulation: these figures are not KVM's");
	target_prop_set(t, "guest_dir", "%s", KVM_GUEST_DIR);
	if (t->host_path[0])
		target_prop_set(t, "disk", "%s", t->host_path);
	target_prop_set(t, "libvirt", "%s", virt_uri(k->conn));
	return 0;
}

static int kvm_prepare(struct target *t, struct diag *d)
{
	struct kvm_target *k = calloc(1, sizeof(*k));
	const struct job *j = &t->jobs->jobs[0];
	const char *wanted[12];
	char worker[4096], cache[4096];
	bool is_static = false;
	int built = 0, ret;

	if (!k)
		return -ENOMEM;
	t->priv = k;
	k->job = j;
	ret = worker_binary(worker, sizeof(worker), &is_static);
	if (!ret && !is_static) {
		diag_set(d, NULL, "kvm: the guest's /init is the static worker, and '%s' is not one (configure --enable-static-worker, or set IOSTRESS_WORKER)",
			 worker);
		ret = -ENOEXEC;
	}
	if (!ret && t->pl.args)
		return prepare_agent(t, k, worker, d);
	if (!ret)
		ret = kvm_kernel_find(j->kvm_kernel, "/boot", "/lib/modules", &k->kernel, d);
	if (!ret)
		ret = initramfs_cache_dir(cache, sizeof(cache), d);
	if (!ret)
		ret = initramfs_base(worker, &k->kernel, wanted, modules_wanted(j, wanted),
				     cache, k->base, sizeof(k->base), &built, d);
	if (!ret)
		ret = virt_open(&k->conn, d);
	if (ret)
		return ret;

	k->dom.owner = (long)getpid();
	k->dom.as_root = geteuid() == 0;
	snprintf(k->dom.runid, sizeof(k->dom.runid), "%s", t->ledger ? t->ledger->runid : "norun");
	k->dom.kvm = j->kvm_accel != KVM_ACCEL_TCG && kvm_works() &&
		     !(j->kvm_accel == KVM_ACCEL_AUTO && atomic_load(&kvm_did_not_boot));
	if (j->kvm_accel == KVM_ACCEL_KVM && !k->dom.kvm) {
		diag_set(d, &j->loc, "kvm_accel=kvm: /dev/kvm is missing or does not answer; kvm_accel=tcg emulates instead");
		return -ENODEV;
	}
	k->auto_kvm = k->dom.kvm && j->kvm_accel == KVM_ACCEL_AUTO;
	k->dom.vcpus = j->kvm_vcpus;
	k->dom.memory_kib = j->kvm_memory / 1024;
	k->dom.iothreads = j->kvm_iothreads;
	k->dom.bus = j->kvm_disk_bus;
	snprintf(k->dom.cache, sizeof(k->dom.cache), "%s",
		 options_enum_name("kvm_disk_cache", j->kvm_disk_cache));
	snprintf(k->dom.io, sizeof(k->dom.io), "%s",
		 options_enum_name("kvm_disk_io", io_mode(j)));
	snprintf(k->dom.kernel, sizeof(k->dom.kernel), "%s", k->kernel.image);
	kvm_disk_target(&k->dom, 0, k->guest_disk + 5, sizeof(k->guest_disk) - 5);
	memcpy(k->guest_disk, "/dev/", 5);
	if (j->kvm_raid1)
		snprintf(k->guest_disk, sizeof(k->guest_disk), "/dev/md0");
	k->dom.nr_disks = 1;
	ret = kvm_domain_check(&k->dom, d);
	if (!ret)
		ret = setup_disks(t, k, d);
	if (ret)
		return ret;
	describe(t, k);
	target_prop_set(t, "initramfs", "%s%s", k->base, built ? " (built)" : " (cached)");
	return 0;
}

static void kvm_teardown(struct target *t)
{
	struct kvm_target *k = t->priv;

	if (!k)
		return;
	for (unsigned i = 0; i < KVM_DISKS_MAX; i++) {
		if (!k->disk_rec[i])
			continue;
		if (unlink(k->dom.disks[i].source) && errno != ENOENT)
			err_printf("warning: unable to remove '%s': %s",
				   k->dom.disks[i].source, strerror(errno));
		else
			ledger_drop(t->ledger, "kvm", k->disk_rec[i]);
	}
	virt_release(k->agent_dom);
	virt_close(k->conn);
	free(k->worker_bin);
	free(k);
	t->priv = NULL;
}

static int kvm_run_phase(struct target *t, const struct target_phase *ph,
			 struct diag *d)
{
	struct kvm_target *k = t->priv;

	return k->agent_name[0] ? kvm_agent_visit(t, ph, d) : kvm_visit(t, ph, d);
}

/* sweep_guest_file - "DOMAIN PATH": rm -f PATH in the guest.  A domain
 * that is gone or stopped took the file with it, or keeps it where a
 * later run cannot reach it: either way there is nothing to do. */
static int sweep_guest_file(const char *rec, FILE *log, struct diag *d)
{
	char name[256];
	const char *path = strchr(rec, ' ');
	struct virt_conn *c;
	struct virt_dom *dom;
	int ret;

	if (!path || (size_t)(path - rec) >= sizeof(name)) {
		diag_set(d, NULL, "unreadable kvm record 'guestfile %s'", rec);
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(path - rec), rec);
	path++;
	ret = virt_open(&c, d);
	if (ret)
		return ret;
	if (virt_lookup(c, name, &dom, d)) {
		virt_close(c);
		fprintf(log, "kvm guest file %s in %s (the domain is gone)", path, name);
		return 0;
	} else {
		const char *args[] = { "-f", path };

		ret = agent_run(dom, "rm", args, 2, d);
		virt_release(dom);
	}
	virt_close(c);
	if (!ret)
		fprintf(log, "kvm guest file %s in %s", path, name);
	return ret;
}

/* kvm_sweep - desc is "domain NAME", "disk PATH" (a disk file), "file
 * PATH" (a boot's archive or console log) or "guestfile DOMAIN PATH". */
static int kvm_sweep(const char *desc, FILE *log, struct diag *d)
{
	struct virt_conn *c;
	bool was_there;
	int ret;

	if (!strncmp(desc, "guestfile ", 10))
		return sweep_guest_file(desc + 10, log, d);
	if (!strncmp(desc, "disk ", 5) || !strncmp(desc, "file ", 5)) {
		if (unlink(desc + 5) && errno != ENOENT) {
			ret = -errno;
			diag_set(d, NULL, "unable to remove '%s': %s", desc + 5, strerror(errno));
			return ret;
		}
		if (desc[0] == 'f') {
			/* the boots' directory, once no boot is left in it */
			char dir[4096];
			char *slash;

			snprintf(dir, sizeof(dir), "%s", desc + 5);
			slash = strrchr(dir, '/');
			if (slash && slash != dir) {
				*slash = '\0';
				rmdir(dir);
			}
		}
		fprintf(log, "kvm %s file %s", desc[0] == 'd' ? "disk" : "boot", desc + 5);
		return 0;
	}
	if (strncmp(desc, "domain ", 7)) {
		diag_set(d, NULL, "unreadable kvm record '%s'", desc);
		return -EINVAL;
	}
	ret = virt_open(&c, d);
	if (ret)
		return ret;
	ret = virt_remove(c, desc + 7, &was_there, d);
	virt_close(c);
	if (!ret)
		fprintf(log, "kvm domain %s%s", desc + 7,
			was_there ? "" : " (already gone with its connection)");
	return ret;
}

const struct target_ops kvm_target_ops = {
	.kind = "kvm",
	.prepare = kvm_prepare,
	.run_phase = kvm_run_phase,
	.teardown = kvm_teardown,
	.sweep = kvm_sweep,
};
