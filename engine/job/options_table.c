/* SPDX-License-Identifier: MIT */
/*
 * options_table.c - every job option iostress understands, one row each.
 *
 * Each row names the option (and fio's alias), its type, where it lands in
 * struct job, fio's default as text and a line of help; options that are
 * more than one stored value name a parse hook and a dump hook
 * (options_impl.h says which file holds each).  Rows are in the order
 * --dump-jobs prints them.  iostress-job(5) documents every row.
 */
#include <limits.h>
#include <stdint.h>

#include "lib/array.h"
#include "job/options_impl.h"

static const struct opt_enum kb_base_enums[] = {
	{ "1024", 1024 },
	{ "1000", 1000 },
	{ NULL, 0 },
};

static const struct opt_enum rw_sequencer_enums[] = {
	{ "sequential",	RW_SEQ_SEQUENTIAL },
	{ "identical",	RW_SEQ_IDENTICAL },
	{ NULL, 0 },
};

static const struct opt_enum fallocate_enums[] = {
	{ "none",	FALLOC_NONE },
	{ "native",	FALLOC_NATIVE },
	{ "posix",	FALLOC_POSIX },
	{ "keep",	FALLOC_KEEP },
	{ "truncate",	FALLOC_TRUNCATE },
	{ "0",		FALLOC_NONE },
	{ "1",		FALLOC_POSIX },
	{ NULL, 0 },
};

static const struct opt_enum sync_enums[] = {
	{ "none",	SYNC_NONE },
	{ "sync",	SYNC_SYNC },
	{ "dsync",	SYNC_DSYNC },
	{ NULL, 0 },
};

static const struct opt_enum rate_process_enums[] = {
	{ "linear",	RATE_LINEAR },
	{ "poisson",	RATE_POISSON },
	{ NULL, 0 },
};

static const struct opt_enum think_type_enums[] = {
	{ "complete",	0 },
	{ "issue",	1 },
	{ NULL, 0 },
};

static const struct opt_enum randgen_enums[] = {
	{ "tausworthe",		RANDGEN_TAUSWORTHE },
	{ "lfsr",		RANDGEN_LFSR },
	{ "tausworthe64",	RANDGEN_TAUSWORTHE64 },
	{ NULL, 0 },
};

static const struct opt_enum cpus_policy_enums[] = {
	{ "shared",	CPUS_SHARED },
	{ "split",	CPUS_SPLIT },
	{ NULL, 0 },
};

static const struct opt_enum kvm_bus_enums[] = {
	{ "virtio-blk",		KVM_BUS_VIRTIO_BLK },
	{ "virtio-scsi",	KVM_BUS_VIRTIO_SCSI },
	{ NULL, 0 },
};

static const struct opt_enum kvm_cache_enums[] = {
	{ "none",		KVM_CACHE_NONE },
	{ "writeback",		KVM_CACHE_WRITEBACK },
	{ "writethrough",	KVM_CACHE_WRITETHROUGH },
	{ "directsync",		KVM_CACHE_DIRECTSYNC },
	{ "unsafe",		KVM_CACHE_UNSAFE },
	{ NULL, 0 },
};

static const struct opt_enum kvm_io_enums[] = {
	{ "auto",		KVM_IO_AUTO },
	{ "native",		KVM_IO_NATIVE },
	{ "threads",		KVM_IO_THREADS },
	{ "io_uring",		KVM_IO_URING },
	{ NULL, 0 },
};

static const struct opt_enum kvm_fs_enums[] = {
	{ "ext4",		KVM_FS_EXT4 },
	{ "xfs",		KVM_FS_XFS },
	{ "none",		KVM_FS_NONE },
	{ NULL, 0 },
};

static const struct opt_enum kvm_accel_enums[] = {
	{ "auto",		KVM_ACCEL_AUTO },
	{ "kvm",		KVM_ACCEL_KVM },
	{ "tcg",		KVM_ACCEL_TCG },
	{ NULL, 0 },
};

static const struct opt_enum continue_on_error_enums[] = {
	{ "none",	0 },
	{ "read",	ERR_TYPE_BIT(ERR_TYPE_READ) },
	{ "write",	ERR_TYPE_BIT(ERR_TYPE_WRITE) },
	{ "io",		ERR_TYPE_BIT(ERR_TYPE_READ) | ERR_TYPE_BIT(ERR_TYPE_WRITE) },
	{ "verify",	ERR_TYPE_BIT(ERR_TYPE_VERIFY) },
	{ "all",	ERR_TYPE_ALL },
	{ "0",		0 },
	{ "1",		ERR_TYPE_ALL },
	{ NULL, 0 },
};

static const struct opt_enum exit_what_enums[] = {
	{ "group",	EXIT_WHAT_GROUP },
	{ "stonewall",	EXIT_WHAT_STONEWALL },
	{ "all",	EXIT_WHAT_ALL },
	{ NULL, 0 },
};

static const struct opt_enum dedupe_mode_enums[] = {
	{ "repeat",		DEDUPE_REPEAT },
	{ "working_set",	DEDUPE_WORKING_SET },
	{ NULL, 0 },
};

static const struct opt_enum submit_mode_enums[] = {
	{ "inline",	0 },
	{ NULL, 0 },
};

static const struct opt_enum zonemode_enums[] = {
	{ "none",	ZONE_MODE_NONE },
	{ "strided",	ZONE_MODE_STRIDED },
	{ NULL, 0 },
};

static const struct opt_enum unified_rw_enums[] = {
	{ "none",	UNIFIED_SPLIT },
	{ "mixed",	UNIFIED_MIXED },
	{ "both",	UNIFIED_BOTH },
	{ "0",		UNIFIED_SPLIT },
	{ "1",		UNIFIED_MIXED },
	{ "2",		UNIFIED_BOTH },
	{ NULL, 0 },
};

const struct opt_def opt_table[] = {
	/* identity */
	{ .name = "name", .type = OPT_STR, FIELD(name), .def = "section name",
	  .help = "name of the job (defaults to its section name)" },
	{ .name = "description", .type = OPT_STR, FIELD(description),
	  .help = "text describing the job" },

	/* placement (iostress extension) */
	{ .name = "target", .type = OPT_FN, FIELD(target), .def = "native",
	  .help = "where the job runs: native, process (iostress extension)",
	  .parse = opt_parse_target, .dump = opt_dump_target },
	{ .name = "docker_seccomp", .type = OPT_STR, FIELD(docker_seccomp),
	  .def = "the daemon's default profile",
	  .help = "docker placements: unconfined, or a seccomp profile file (iostress extension)" },
	{ .name = "docker_storage_driver", .type = OPT_STR,
	  FIELD(docker_storage_driver), .def = "any",
	  .help = "docker placements: refuse to run unless the daemon uses this storage driver (iostress extension)" },
	{ .name = "docker_memory", .type = OPT_SIZE, FIELD(docker_memory),
	  .def = "0 (no cap)",
	  .help = "docker placements: the container's memory cap (iostress extension)",
	  .max = UINT64_MAX },
	{ .name = "kvm_kernel", .type = OPT_STR, FIELD(kvm_kernel),
	  .def = "the newest /boot/vmlinuz-* with its /lib/modules",
	  .help = "kvm placements: the guest's kernel image (iostress extension)" },
	{ .name = "kvm_disk", .type = OPT_STR, FIELD(kvm_disk),
	  .def = "files made for the run",
	  .help = "kvm placements: host block devices for the guest's disks, A[,B] (iostress extension)" },
	{ .name = "kvm_disk_dir", .type = OPT_STR, FIELD(kvm_disk_dir),
	  .def = "the current directory",
	  .help = "kvm placements: where the guest's disk files are made (iostress extension)" },
	{ .name = "kvm_disk_size", .type = OPT_SIZE, FIELD(kvm_disk_size),
	  .def = "0 (what the jobs need)",
	  .help = "kvm placements: the size of each disk file (iostress extension)",
	  .max = UINT64_MAX },
	{ .name = "kvm_disk_prealloc", .type = OPT_BOOL, FIELD(kvm_disk_prealloc),
	  .def = "0", .help = "kvm placements: allocate the disk files in full, not sparse (iostress extension)" },
	{ .name = "kvm_disk_bus", .type = OPT_ENUM, FIELD(kvm_disk_bus),
	  .def = "virtio-blk", .help = "kvm placements: the guest's disk bus (iostress extension)",
	  .enums = kvm_bus_enums },
	{ .name = "kvm_disk_cache", .type = OPT_ENUM, FIELD(kvm_disk_cache),
	  .def = "none", .help = "kvm placements: QEMU's cache mode for the disks (iostress extension)",
	  .enums = kvm_cache_enums },
	{ .name = "kvm_disk_io", .type = OPT_ENUM, FIELD(kvm_disk_io),
	  .def = "auto: native, or threads with a cache mode that is not O_DIRECT",
	  .help = "kvm placements: QEMU's I/O mode for the disks (iostress extension)",
	  .enums = kvm_io_enums },
	{ .name = "kvm_iothreads", .type = OPT_UINT, FIELD(kvm_iothreads),
	  .def = "0", .help = "kvm placements: QEMU I/O threads for the disks; 0 = the main loop (iostress extension)",
	  .min = 0, .max = 64 },
	{ .name = "kvm_vcpus", .type = OPT_UINT, FIELD(kvm_vcpus),
	  .def = "2", .help = "kvm placements: the guest's virtual CPUs (iostress extension)",
	  .min = 1, .max = 256 },
	{ .name = "kvm_memory", .type = OPT_SIZE, FIELD(kvm_memory),
	  .def = "1g", .help = "kvm placements: the guest's memory (iostress extension)",
	  .min = 64ull << 20, .max = 1ull << 42 },
	{ .name = "kvm_fs", .type = OPT_ENUM, FIELD(kvm_fs),
	  .def = "ext4", .help = "kvm placements: the filesystem on the guest's disk that holds the jobs' files; none = the raw disk (iostress extension)",
	  .enums = kvm_fs_enums },
	{ .name = "kvm_accel", .type = OPT_ENUM, FIELD(kvm_accel),
	  .def = "auto", .help = "kvm placements: kvm, tcg (emulation), or auto: kvm where a guest boots under it (iostress extension)",
	  .enums = kvm_accel_enums },
	{ .name = "kvm_raid1", .type = OPT_BOOL, FIELD(kvm_raid1), .def = "0",
	  .help = "kvm placements: two disks assembled as an md RAID1 in the guest, the jobs on the array (iostress extension)" },
	{ .name = "raid1_resync", .type = OPT_BOOL, FIELD(raid1_resync), .def = "0",
	  .help = "kvm_raid1: resync the array before the jobs and time it, instead of assuming it clean (iostress extension)" },
	{ .name = "raid1_fail_at", .type = OPT_TIME, FIELD(raid1_fail_at_ns), .def = "0",
	  .help = "kvm_raid1: mark the second member faulty this long after the jobs' first I/O; 0 = never (iostress extension)",
	  .unit_ns = NS_PER_SEC },
	{ .name = "raid1_rebuild", .type = OPT_BOOL, FIELD(raid1_rebuild), .def = "0",
	  .help = "raid1_fail_at: then add the member back and time the rebuild (iostress extension)" },
	{ .name = "kvm_boot_timeout", .type = OPT_TIME, FIELD(kvm_boot_timeout_ns),
	  .def = "120s", .help = "kvm placements: how long the guest may take to answer, and to stay silent (iostress extension)",
	  .unit_ns = NS_PER_SEC },

	/* engine */
	{ .name = "ioengine", .type = OPT_FN, FIELD(ioengine), .def = "psync",
	  .help = "I/O backend", .parse = opt_parse_ioengine,
	  .dump = opt_dump_ioengine },
	{ .name = "iodepth", .type = OPT_UINT, FIELD(iodepth), .def = "1",
	  .help = "I/Os kept in flight", .min = 1, .max = UINT32_MAX },
	{ .name = "iodepth_batch_submit", .alias = "iodepth_batch",
	  .type = OPT_UINT, FIELD(iodepth_batch_submit),
	  .def = "auto: 1 with direct=1 or ioengine=vsync, else iodepth",
	  .help = "I/Os to submit at once (capped at iodepth)",
	  .min = 0, .max = UINT32_MAX - 1 },
	{ .name = "iodepth_batch_complete_min", .alias = "iodepth_batch_complete",
	  .type = OPT_UINT, FIELD(iodepth_batch_complete_min), .def = "1",
	  .help = "I/Os to wait for when reaping", .min = 0, .max = UINT32_MAX },
	{ .name = "iodepth_batch_complete_max", .type = OPT_UINT,
	  FIELD(iodepth_batch_complete_max),
	  .def = "auto: 1 with direct=1, else iodepth",
	  .help = "most I/Os to reap at once", .min = 0, .max = UINT32_MAX },
	{ .name = "iodepth_low", .type = OPT_UINT, FIELD(iodepth_low),
	  .def = "iodepth", .help = "refill the queue when in flight drops to this",
	  .min = 0, .max = UINT32_MAX },
	{ .name = "threads", .type = OPT_UINT, FIELD(tiobench_threads),
	  .def = "0", .help = "fio's tiobench profile option; as in fio, it does nothing without profile=tiobench (which is refused)",
	  .min = 0, .max = UINT32_MAX, .flags = OPT_F_NODUMP },
	{ .name = "io_submit_mode", .type = OPT_ENUM, FIELD(io_submit_mode),
	  .def = "inline", .help = "inline: the job's thread submits its I/O (offload is refused)",
	  .enums = submit_mode_enums, .parse = opt_parse_refused_value },
	{ .name = "direct", .type = OPT_BOOL, FIELD(direct), .def = "0",
	  .help = "use O_DIRECT (bypass the page cache)" },
	{ .name = "buffered", .type = OPT_BOOL, FIELD(direct), .def = "1",
	  .help = "use buffered I/O; the inverse of direct",
	  .flags = OPT_F_INVERT | OPT_F_NODUMP },
	{ .name = "invalidate", .type = OPT_BOOL, FIELD(invalidate), .def = "1",
	  .help = "drop the page cache of the files before the run" },
	{ .name = "thread", .type = OPT_BOOL, FIELD(thread), .def = "0",
	  .help = "accepted for fio compatibility; workers are always threads" },

	/* io_uring engine */
	{ .name = "registerfiles", .type = OPT_BOOL, FIELD(uring.registerfiles),
	  .def = "1", .help = "io_uring: register the job's files with the ring" },
	{ .name = "fixedbufs", .type = OPT_BOOL, FIELD(uring.fixedbufs),
	  .def = "1", .help = "io_uring: register the I/O buffers (READ/WRITE_FIXED)" },
	{ .name = "sqthread_poll", .type = OPT_BOOL, FIELD(uring.sqthread_poll),
	  .def = "0", .help = "io_uring: submit through a kernel polling thread" },
	{ .name = "sqthread_poll_cpu", .type = OPT_UINT,
	  FIELD(uring.sqthread_poll_cpu), .def = "any",
	  .help = "io_uring: CPU for the polling thread", .min = 0, .max = 4095 },
	{ .name = "hipri", .type = OPT_BOOL, FIELD(uring.hipri), .def = "0",
	  .help = "io_uring: polled completions (IOPOLL; needs direct=1); pvsync2: RWF_HIPRI" },
	{ .name = "nonvectored", .type = OPT_BOOL, FIELD(uring.nonvectored),
	  .def = "1", .help = "io_uring: accepted; requests are always non-vectored" },

	/* pvsync2 engine (hipri= is the io_uring row above) */
	{ .name = "hipri_percentage", .type = OPT_UINT,
	  FIELD(pvsync2.hipri_percentage), .def = "100",
	  .help = "pvsync2: share of I/Os that carry RWF_HIPRI when hipri is set",
	  .min = 0, .max = 100 },
	{ .name = "uncached", .type = OPT_UINT, FIELD(pvsync2.uncached),
	  .def = "0",
	  .help = "pvsync2: nonzero drops what buffered I/O cached (RWF_DONTCACHE)",
	  .min = 0, .max = UINT32_MAX },
	/* end of the pvsync2 engine block */

	/* direction and block sizes */
	{ .name = "rw", .alias = "readwrite", .type = OPT_FN, FIELD(rw),
	  .def = "read", .help = "I/O pattern, with an optional ':N' modifier",
	  .parse = opt_parse_rw, .dump = opt_dump_rw },
	{ .name = "rw_sequencer", .type = OPT_ENUM, FIELD(rw_sequencer),
	  .def = "sequential", .help = "what rw=...:N repeats",
	  .enums = rw_sequencer_enums },
	{ .name = "rwmixread", .type = OPT_UINT, FIELD(rwmixread), .def = "50",
	  .help = "percentage of reads in a mixed workload", .min = 0, .max = 100 },
	{ .name = "rwmixwrite", .type = OPT_FN, FIELD(rwmixread), .def = "50",
	  .help = "percentage of writes in a mixed workload (sets rwmixread)",
	  .min = 0, .max = 100, .parse = opt_parse_rwmixwrite,
	  .flags = OPT_F_NODUMP },
	{ .name = "bs", .alias = "blocksize", .type = OPT_FN, FIELD(bs),
	  .def = "4096", .help = "block size, or 'read,write' block sizes",
	  .min = 1, .max = UINT32_MAX, .parse = opt_parse_bs, .dump = opt_dump_bs },
	{ .name = "bsrange", .alias = "blocksize_range", .type = OPT_FN,
	  FIELD(bs_spec), .help = "block size range 'min-max' (per direction)",
	  .parse = opt_parse_bsrange, .dump = opt_dump_bsrange },
	{ .name = "bssplit", .type = OPT_FN, FIELD(bs_spec),
	  .help = "block sizes by share: 'size/percent:size/percent'",
	  .parse = opt_parse_bssplit, .dump = opt_dump_bssplit },
	{ .name = "blockalign", .alias = "ba", .type = OPT_FN, FIELD(bs_spec),
	  .def = "minimum block size", .help = "alignment of random offsets",
	  .parse = opt_parse_blockalign, .dump = opt_dump_blockalign },

	/* amounts */
	{ .name = "size", .type = OPT_FN, FIELD(size), .def = "0",
	  .help = "bytes of I/O per pass, or N% of the file or device",
	  .parse = opt_parse_size, .dump = opt_dump_size },
	{ .name = "io_size", .alias = "io_limit", .type = OPT_SIZE,
	  FIELD(io_size), .def = "size", .help = "total bytes of I/O",
	  .min = 0, .max = UINT64_MAX },
	{ .name = "filesize", .type = OPT_FN, FIELD(filesize_min),
	  .def = "size / nrfiles", .help = "size of each file, or a range 'min-max'",
	  .parse = opt_parse_filesize, .dump = opt_dump_filesize },
	{ .name = "offset", .alias = "fileoffset", .type = OPT_FN, FIELD(offset),
	  .def = "0", .help = "start of the I/O region, in bytes or N%",
	  .parse = opt_parse_offset, .dump = opt_dump_offset },
	{ .name = "offset_increment", .type = OPT_FN, FIELD(offset_increment),
	  .def = "0", .help = "added to offset for each clone (numjobs)",
	  .parse = opt_parse_offset_increment, .dump = opt_dump_offset_increment },
	{ .name = "number_ios", .type = OPT_UINT, FIELD(number_ios), .def = "0",
	  .help = "stop after this many I/Os (0: no limit)", .min = 0,
	  .max = UINT64_MAX },
	{ .name = "loops", .type = OPT_UINT, FIELD(loops), .def = "1",
	  .help = "passes over the I/O region", .min = 1, .max = UINT32_MAX },

	/* files */
	{ .name = "nrfiles", .alias = "nr_files", .type = OPT_UINT,
	  FIELD(nrfiles), .def = "1", .help = "files per job",
	  .min = 1, .max = 1u << 20 },
	{ .name = "filename", .type = OPT_FN, FIELD(filename),
	  .help = "file or device to use; ':' separates several",
	  .parse = opt_parse_filename },
	{ .name = "directory", .type = OPT_STR, FIELD(directory),
	  .help = "directory for the job's files; ':' separates several" },
	{ .name = "filename_format", .type = OPT_STR, FIELD(filename_format),
	  .def = "$jobname.$jobnum.$filenum",
	  .help = "how to name files ($jobname, $jobnum, $filenum, $clientuid, $rank, $hostname)" },
	{ .name = "file_service_type", .type = OPT_FN, FIELD(file_service),
	  .def = "roundrobin", .help = "which file gets the next I/O",
	  .parse = opt_parse_file_service, .dump = opt_dump_file_service },
	{ .name = "fallocate", .type = OPT_ENUM, FIELD(fallocate),
	  .def = "native", .help = "how to preallocate files",
	  .enums = fallocate_enums },
	{ .name = "kb_base", .type = OPT_ENUM, FIELD(kb_base), .def = "1024",
	  .help = "1024: k = 1024, KiB = 1000 (fio compatibility); 1000: swapped",
	  .enums = kb_base_enums },

	/* caching and syncing */
	{ .name = "fsync", .type = OPT_UINT, FIELD(fsync), .def = "0",
	  .help = "fsync after every N writes", .min = 0, .max = UINT32_MAX },
	{ .name = "fdatasync", .type = OPT_UINT, FIELD(fdatasync), .def = "0",
	  .help = "fdatasync after every N writes", .min = 0, .max = UINT32_MAX },
	{ .name = "end_fsync", .type = OPT_BOOL, FIELD(end_fsync), .def = "0",
	  .help = "fsync the files when the writes are done" },
	{ .name = "fsync_on_close", .type = OPT_BOOL, FIELD(fsync_on_close),
	  .def = "0", .help = "fsync each file when it is closed" },
	{ .name = "sync", .type = OPT_ENUM, FIELD(sync), .def = "none",
	  .help = "open files O_SYNC (sync, 1) or O_DSYNC (dsync)",
	  .enums = sync_enums, .parse = opt_parse_sync },

	/* time */
	{ .name = "runtime", .alias = "timeout", .type = OPT_TIME,
	  FIELD(runtime_ns), .def = "0", .help = "stop after this long (0: no limit)",
	  .unit_ns = NS_PER_SEC },
	{ .name = "time_based", .type = OPT_BOOL, FIELD(time_based), .def = "0",
	  .help = "keep going over the files until runtime is up" },
	{ .name = "ramp_time", .type = OPT_TIME, FIELD(ramp_time_ns), .def = "0",
	  .help = "run this long before recording stats", .unit_ns = NS_PER_SEC },
	{ .name = "startdelay", .type = OPT_TIME, FIELD(startdelay_ns), .def = "0",
	  .help = "wait this long before starting the job", .unit_ns = NS_PER_SEC },

	/* rate */
	{ .name = "rate", .type = OPT_FN, FIELD(rate.rate), .def = "0",
	  .help = "bandwidth cap in bytes/s, or 'read,write'",
	  .parse = opt_parse_rate, .dump = opt_dump_rate },
	{ .name = "rate_iops", .type = OPT_FN, FIELD(rate.rate_iops), .def = "0",
	  .help = "I/O per second cap, or 'read,write'",
	  .parse = opt_parse_rate, .dump = opt_dump_rate },
	{ .name = "rate_min", .alias = "ratemin", .type = OPT_FN,
	  FIELD(rate.rate_min), .def = "0",
	  .help = "fail when bandwidth drops below this (bytes/s)",
	  .parse = opt_parse_rate, .dump = opt_dump_rate },
	{ .name = "rate_iops_min", .type = OPT_FN, FIELD(rate.rate_iops_min),
	  .def = "0", .help = "fail when I/O per second drops below this",
	  .parse = opt_parse_rate, .dump = opt_dump_rate },
	{ .name = "rate_process", .type = OPT_ENUM, FIELD(rate.process),
	  .def = "linear", .help = "spacing of rate-limited I/O",
	  .enums = rate_process_enums },
	{ .name = "rate_cycle", .alias = "ratecycle", .type = OPT_TIME,
	  FIELD(rate.rate_cycle_ns), .def = "1000",
	  .help = "window of the rate_min check (ms without a unit)",
	  .unit_ns = NS_PER_MSEC },
	{ .name = "thinktime", .type = OPT_TIME, FIELD(rate.thinktime_ns),
	  .def = "0", .help = "pause between I/Os (µs without a unit)",
	  .unit_ns = NS_PER_USEC },
	{ .name = "thinktime_spin", .type = OPT_TIME,
	  FIELD(rate.thinktime_spin_ns), .def = "0",
	  .help = "busy-wait part of thinktime (µs without a unit)",
	  .unit_ns = NS_PER_USEC },
	{ .name = "thinktime_blocks", .type = OPT_UINT,
	  FIELD(rate.thinktime_blocks), .def = "1",
	  .help = "I/Os between thinktime pauses", .min = 1, .max = UINT32_MAX },
	{ .name = "thinktime_blocks_type", .type = OPT_ENUM,
	  FIELD(rate.thinktime_issue), .def = "complete",
	  .help = "count completed or issued I/Os for thinktime_blocks",
	  .enums = think_type_enums },

	/* randomness */
	{ .name = "norandommap", .type = OPT_BOOL, FIELD(norandommap), .def = "0",
	  .help = "random offsets may repeat; not every block is touched" },
	{ .name = "randrepeat", .type = OPT_BOOL, FIELD(randrepeat), .def = "1",
	  .help = "the same random sequence on every run" },
	{ .name = "randseed", .type = OPT_UINT, FIELD(randseed), .def = "0x89",
	  .help = "seed of the random sequences", .min = 0, .max = UINT64_MAX,
	  .parse = opt_parse_randseed },
	{ .name = "random_generator", .type = OPT_ENUM, FIELD(random_generator),
	  .def = "tausworthe",
	  .help = "accepted; iostress always uses its own generator",
	  .enums = randgen_enums },
	{ .name = "random_distribution", .type = OPT_FN, FIELD(dist),
	  .def = "random", .help = "where random I/O lands",
	  .parse = opt_parse_distribution, .dump = opt_dump_distribution },
	{ .name = "percentage_random", .type = OPT_FN,
	  FIELD(dist.percentage_random), .def = "100",
	  .help = "percentage of I/O that is random (per direction)",
	  .parse = opt_parse_percentage_random,
	  .dump = opt_dump_percentage_random },

	/* jobs and groups */
	{ .name = "numjobs", .type = OPT_UINT, FIELD(numjobs), .def = "1",
	  .help = "number of clones of this job", .min = 1, .max = 4096 },
	{ .name = "stonewall", .alias = "wait_for_previous", .type = OPT_BOOL,
	  FIELD(stonewall), .def = "0",
	  .help = "wait for earlier jobs to finish; starts a new group" },
	{ .name = "wait_for", .type = OPT_STR, FIELD(wait_for),
	  .help = "start after every clone of this earlier job has ended" },
	{ .name = "new_group", .type = OPT_BOOL, FIELD(new_group), .def = "0",
	  .help = "start a new reporting group" },
	{ .name = "group_reporting", .type = OPT_BOOL, FIELD(group_reporting),
	  .def = "0", .help = "report each group as one job" },

	/* CPU */
	{ .name = "cpus_allowed", .type = OPT_FN, FIELD(cpus_allowed),
	  .help = "CPUs the job may run on, e.g. 0-3,5",
	  .parse = opt_parse_cpus_allowed, .dump = opt_dump_cpus_allowed },
	{ .name = "cpus_allowed_policy", .type = OPT_ENUM,
	  FIELD(cpus_allowed_policy), .def = "shared",
	  .help = "shared: every clone on every CPU; split: one CPU per clone",
	  .enums = cpus_policy_enums },
	{ .name = "numa_cpu_nodes", .type = OPT_FN, FIELD(numa_cpu_nodes),
	  .help = "run on the CPUs of these NUMA nodes, e.g. 0-1 or all (libnuma)",
	  .parse = opt_parse_numa_cpu_nodes, .dump = opt_dump_numa_cpu_nodes },
	{ .name = "numa_mem_policy", .type = OPT_FN, FIELD(numa_mem_mode),
	  .help = "memory policy: default, prefer:N, bind:NODES, interleave:NODES, local (libnuma)",
	  .parse = opt_parse_numa_mem_policy, .dump = opt_dump_numa_mem_policy },

	/* verification */
	{ .name = "verify", .type = OPT_FN, FIELD(verify.kind), .def = "0",
	  .help = "checksum written blocks and check them on read",
	  .parse = opt_parse_verify, .dump = opt_dump_verify },
	{ .name = "verify_pattern", .type = OPT_FN, FIELD(verify.pattern),
	  .help = "fill pattern: 0x hex, \"text\" or a number",
	  .parse = opt_parse_verify_pattern, .dump = opt_dump_verify_pattern },
	{ .name = "verify_fatal", .type = OPT_BOOL, FIELD(verify.fatal),
	  .def = "0", .help = "stop at the first verify failure" },
	{ .name = "do_verify", .type = OPT_BOOL, FIELD(verify.do_verify),
	  .def = "1", .help = "read back and check after the write phase" },
	{ .name = "verify_backlog", .type = OPT_UINT, FIELD(verify.backlog),
	  .def = "0", .help = "check written blocks after every N writes",
	  .min = 0, .max = UINT64_MAX },
	{ .name = "verify_dump", .type = OPT_BOOL, FIELD(verify_dump),
	  .def = "0", .help = "write a failed block's data to NAME.OFFSET.received and .expected" },
	{ .name = "verify_backlog_batch", .type = OPT_UINT,
	  FIELD(verify.backlog_batch), .def = "verify_backlog",
	  .help = "blocks checked per backlog pass", .min = 0, .max = UINT64_MAX },

	/* buffers */
	{ .name = "zero_buffers", .type = OPT_BOOL, FIELD(zero_buffers),
	  .def = "0", .help = "write zeroes" },
	{ .name = "refill_buffers", .type = OPT_BOOL, FIELD(refill_buffers),
	  .def = "0", .help = "new buffer contents for every write" },
	{ .name = "buffer_compress_percentage", .type = OPT_UINT,
	  FIELD(buffer_compress_percentage), .def = "0",
	  .help = "make write buffers this compressible", .min = 0, .max = 100 },
	{ .name = "dedupe_percentage", .type = OPT_UINT, FIELD(dedupe_percentage),
	  .def = "0", .help = "this share of writes repeats the data of earlier ones",
	  .min = 0, .max = 100 },
	{ .name = "dedupe_mode", .type = OPT_ENUM, FIELD(dedupe_mode),
	  .def = "repeat", .help = "repeat: the last unique write; working_set: one of dedupe_working_set_percentage of size",
	  .enums = dedupe_mode_enums },
	{ .name = "dedupe_working_set_percentage", .type = OPT_UINT,
	  FIELD(dedupe_working_set_percentage), .def = "5",
	  .help = "dedupe_mode=working_set: the working set, as a share of size",
	  .min = 0, .max = 100 },
	{ .name = "buffer_pattern", .type = OPT_FN, FIELD(buffer_pattern),
	  .help = "write buffers repeat this: 0x hex, \"text\" or a number",
	  .parse = opt_parse_buffer_pattern, .dump = opt_dump_buffer_pattern },

	/* logs and percentiles */
	{ .name = "write_lat_log", .type = OPT_FN, FIELD(write_lat_log),
	  .help = "log latencies to PREFIX_{slat,clat,lat}.N.log",
	  .parse = opt_parse_log },
	{ .name = "write_bw_log", .type = OPT_FN, FIELD(write_bw_log),
	  .help = "log bandwidth to PREFIX_bw.N.log", .parse = opt_parse_log },
	{ .name = "write_iops_log", .type = OPT_FN, FIELD(write_iops_log),
	  .help = "log IOPS to PREFIX_iops.N.log", .parse = opt_parse_log },
	{ .name = "log_avg_msec", .type = OPT_UINT, FIELD(log_avg_msec),
	  .def = "0", .help = "average log entries over this many ms",
	  .min = 0, .max = UINT32_MAX },
	{ .name = "log_offset", .type = OPT_BOOL, FIELD(log_offset), .def = "0",
	  .help = "log lines carry the I/O's offset, before prio" },
	{ .name = "log_prio", .type = OPT_BOOL, FIELD(log_prio), .def = "0",
	  .help = "log lines carry the whole I/O priority (0x0000: iostress sets none), not its class" },
	{ .name = "percentile_list", .type = OPT_FN, FIELD(percentile_list),
	  .help = "latency percentiles to report, e.g. 50:99:99.9",
	  .parse = opt_parse_percentile_list, .dump = opt_dump_percentile_list },
	{ .name = "clat_percentiles", .type = OPT_BOOL, FIELD(clat_percentiles),
	  .def = "1", .help = "report completion latency percentiles" },
	{ .name = "lat_percentiles", .type = OPT_BOOL, FIELD(lat_percentiles),
	  .def = "0", .help = "report total latency percentiles" },
	{ .name = "slat_percentiles", .type = OPT_BOOL, FIELD(slat_percentiles),
	  .def = "0", .help = "report submission latency percentiles" },
	{ .name = "unified_rw_reporting", .type = OPT_ENUM, FIELD(unified_rw),
	  .def = "none", .help = "none; mixed: read and write reported summed as \"mixed\"; both: apart, then summed",
	  .enums = unified_rw_enums },
	{ .name = "gtod_reduce", .type = OPT_BOOL, FIELD(gtod_reduce),
	  .def = "0", .help = "report no latencies or bandwidth samples, as fio (percentiles off)" },

	/* safety */
	{ .name = "allow_mounted_write", .type = OPT_BOOL,
	  FIELD(allow_mounted_write), .def = "0",
	  .help = "allow writes to a mounted block device" },

	/* errors */
	{ .name = "continue_on_error", .type = OPT_ENUM,
	  FIELD(errors.continue_on), .def = "none",
	  .help = "go on after I/O errors of these types: none, read, write, io, verify, all",
	  .enums = continue_on_error_enums },
	{ .name = "ignore_error", .type = OPT_FN, FIELD(errors),
	  .def = "EIO:EILSEQ for each type",
	  .help = "errors continue_on_error goes on after: 'read,write,verify' lists of E... names or numbers split by ':'",
	  .parse = opt_parse_ignore_error, .dump = opt_dump_ignore_error },
	{ .name = "exitall", .type = OPT_BOOL, FIELD(exitall), .def = "0",
	  .help = "when a job ends, stop the other jobs of its group (set in any job, as in fio, it holds for all)" },
	{ .name = "exitall_on_error", .type = OPT_BOOL, FIELD(exitall_on_error),
	  .def = "0", .help = "when a job fails, stop the others (iostress always does)" },
	{ .name = "exit_what", .type = OPT_ENUM, FIELD(exit_what), .def = "group",
	  .help = "with exitall, what a job's end stops: group, stonewall (every running job), all (and the phases after)",
	  .enums = exit_what_enums },

	/* latency target */
	{ .name = "latency_target", .type = OPT_TIME, FIELD(latency_target_ns),
	  .def = "0", .help = "find the deepest queue (up to iodepth) whose I/Os meet this latency (µs without a unit)",
	  .unit_ns = NS_PER_USEC },
	{ .name = "latency_window", .type = OPT_TIME, FIELD(latency_window_ns),
	  .def = "0", .help = "latency_target: how long each depth is tried (µs without a unit)",
	  .unit_ns = NS_PER_USEC },
	{ .name = "latency_percentile", .type = OPT_FN, FIELD(latency_percentile),
	  .def = "100", .help = "latency_target: the percentage of I/Os that must meet it",
	  .parse = opt_parse_latency_percentile, .dump = opt_dump_latency_percentile },
	{ .name = "latency_run", .type = OPT_BOOL, FIELD(latency_run), .def = "0",
	  .help = "latency_target: keep adjusting the depth to the end instead of settling" },

	/* flow control */
	{ .name = "flow_id", .type = OPT_UINT, FIELD(flow_id), .def = "0",
	  .help = "the flow this job's flow weight counts in", .min = 0,
	  .max = UINT_MAX },
	{ .name = "flow", .type = OPT_UINT, FIELD(flow), .def = "0",
	  .help = "weight in its flow: jobs of one flow_id keep their I/O counts in the ratio of their weights",
	  .min = 0, .max = 1000 },
	{ .name = "flow_sleep", .type = OPT_TIME, FIELD(flow_sleep_ns),
	  .def = "0", .help = "how long a job held back by its flow waits (µs without a unit)",
	  .unit_ns = NS_PER_USEC },

	/* file creation */
	{ .name = "create_on_open", .type = OPT_BOOL, FIELD(create_on_open),
	  .def = "0", .help = "no layout: files are created when the job opens them" },
	{ .name = "allow_file_create", .type = OPT_BOOL,
	  FIELD(allow_file_create), .def = "1",
	  .help = "create files that do not exist; 0 makes a missing file an error" },

	/* classic zones */
	{ .name = "zonemode", .type = OPT_ENUM, FIELD(zonemode),
	  .def = "none",
	  .help = "none, or strided: zonesize bytes of I/O in each zonerange, then zoneskip (zbd is refused)",
	  .enums = zonemode_enums, .parse = opt_parse_refused_value },
	{ .name = "zonesize", .type = OPT_SIZE, FIELD(zonesize), .def = "0",
	  .help = "zonemode=strided: bytes of I/O in each zone", .max = UINT64_MAX },
	{ .name = "zonerange", .type = OPT_SIZE, FIELD(zonerange),
	  .def = "zonesize", .help = "zonemode=strided: the extent of each zone",
	  .max = UINT64_MAX },
	{ .name = "zoneskip", .type = OPT_SIZE, FIELD(zoneskip), .def = "0",
	  .help = "zonemode=strided: bytes skipped after each zone", .max = UINT64_MAX },
};

const size_t opt_table_nr = ARRAY_SIZE(opt_table);

/*
 * fio 3.33 options (and the options of its engines) that iostress refuses
 * by name rather than calling them unknown, so that a fio user learns the
 * option exists but is not here.  Generated from fio --cmdhelp and
 * --enghelp and the option tables of fio 3.33's source (options.c,
 * engines/), minus the rows above.
 */
const char *const opt_fio_unsupported[] = {
	"allrandrepeat", "arguments", "atomic", "bindname",
	"block_error_percentiles", "blocksize_unaligned", "brick",
	"bs_is_seq_rand", "bs_unaligned", "buffer_compress_chunk",
	"busy_poll", "busy_wait_polling", "bwavgtime", "cgroup",
	"cgroup_nodelete", "cgroup_weight", "chunck_size", "chunk_size",
	"clientname", "clocksource", "clustername", "cmd_type", "cmdprio",
	"cmdprio_bssplit", "cmdprio_class", "cmdprio_percentage", "conf", "cont",
	"cpuchunks", "cpuload", "cpumask", "cpumode",
	"create_fsync", "create_only", "create_serialize",
	"cuda_io", "dedupe_global", 
	"direct_write_to_pmem", "disable_bw",
	"disable_bw_measurement", "disable_clat", "disable_lat", "disable_slat",
	"disk_util", "donorname", "engine_name", "error_dump", "exec_postrun",
	"exec_prerun", "exit_on_io_done", "experimental_verify", "fadvise_hint", "file_append",
	"fill_device", "fill_fs", 
	"flow_watermark", "force_async", "gid", "gpu_dev_id", "gpu_dev_ids",
	"grace_time", "gtod_cpu", "hdfs_use_direct",
	"hdfsdirectory", "hostname", "http_host", "http_mode",
	"http_pass", "http_s3_key", "http_s3_keyid", "http_s3_region",
	"http_s3_sse_customer_algorithm", "http_s3_sse_customer_key",
	"http_s3_storage_class", "http_swift_auth_token", "http_user",
	"http_verbose", "ignore_zone_limits", "initiator",
	"inplace", "interface", "iomem", "iomem_align",
	"iopsavgtime", "ioscheduler", "job_max_open_zones", 
	"listen", "lockfile",
	"lockmem", "log_alternate_epoch", "log_alternate_epoch_clock_id",
	"log_compression", "log_compression_cpus", "log_entries",
	"log_hist_coarseness", "log_hist_msec", "log_max_value",
	"log_store_compressed", "log_unix_epoch", "max_latency",
	"max_open_zones", "mem", "mem_align", "merge_blktrace_file",
	"merge_blktrace_iters", "merge_blktrace_scalars", "mss", "namenode",
	"nfs_url", "nice", "no_completion_thread", "nodelay", "nowait",
	"object_class", "offset_align",
	"opendir", "openfiles", "overwrite", "per_job_logs",
	"percentage_sequential", "pingpong", "pool", "port", "pre_read", "prio",
	"prioclass", "profile", "program", "proto", "protocol",
	"rate_ignore_thinktime", "rbdname", "read_beyond_wp", "read_iolog",
	"read_iolog_chunked", "readfua", "replay_align", "replay_no_stall",
	"replay_redirect", "replay_scale", "replay_skip", "replay_time_scale",
	"rwmixcycle", "scramble_buffers", "serialize_overlap", "serverip",
	"sg_write_mode", "significant_figures", "single_instance", "skip_bad",
	"softrandommap", "ss", "ss_dur", "ss_ramp", "stat_type", "stats",
	"std_redirect", "steadystate", "steadystate_duration",
	"steadystate_ramp_time", "stream_id", "svcl", "sync_file_range",
	"thinktime_iotime", "thp", "touch_objects", "trim_backlog",
	"trim_backlog_batch", "trim_percentage", "trim_verify_zero", "ttl", "uid",
	"unique_filename", "unit_base",
	"unlink", "unlink_each_loop", "uri", "userspace_reap", "verb",
	"verify_async", "verify_async_cpus", "verify_interval",
	"verify_offset", "verify_only", "verify_state_load", "verify_state_save",
	"verifysort", "verifysort_nr", "volume", "window_size",
	"write_barrier", "write_hint", "write_hist_log", "write_iolog",
	"writefua", "xnvme_admin", "xnvme_async", "xnvme_be", "xnvme_dev_nsid",
	"xnvme_iovec", "xnvme_sync", "zone_reset_frequency",
	"zone_reset_threshold", "zonecapacity",
};

const size_t opt_fio_unsupported_nr =
	ARRAY_SIZE(opt_fio_unsupported);
