/* SPDX-License-Identifier: MIT */
/*
 * job.h - one fully resolved job, as the runner and workers see it.
 *
 * A struct job is filled in three steps (doc/design.md, "How data flows"):
 *   1. job_init() sets fio's defaults;
 *   2. the option table (options.h) writes values parsed from [global]
 *      sections and the job's own section;
 *   3. expansion (jobs.h) clones it numjobs times and assigns groupid,
 *      phase and clone.
 * After that the runner treats it as read-only.
 *
 * Times are stored in ns, sizes in bytes.  Strings are owned (malloc'd) and
 * released by job_release().
 */
#ifndef IOSTRESS_JOB_H
#define IOSTRESS_JOB_H

#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backends/backend.h"
#include "workload/bsgen.h"
#include "lib/diag.h"
#include "workload/distrib.h"
#include "lib/io.h"
#include "workload/layout.h"
#include "workload/rate.h"
#include "measure/steadystate.h"
#include "workload/verify.h"

/* rw= is stored as flags; see job_rw_name(). */
#define RW_READ		(1u << 0)
#define RW_WRITE	(1u << 1)
#define RW_RANDOM	(1u << 2)
#define RW_TRIM		(1u << 3)	/* trim; with RW_WRITE fio's trimwrite:
					 * each block trimmed, then written */

/* rw_sequencer= */
/* The kvm placement's guest (targets/kvm/; iostress extensions); the
 * option values are in options_table.c. */
/* io_submit_mode= */
enum submit_mode { SUBMIT_INLINE = 0, SUBMIT_OFFLOAD = 1 };
enum kvm_bus { KVM_BUS_VIRTIO_BLK, KVM_BUS_VIRTIO_SCSI };
enum kvm_cache {
	KVM_CACHE_NONE, KVM_CACHE_WRITEBACK, KVM_CACHE_WRITETHROUGH,
	KVM_CACHE_DIRECTSYNC, KVM_CACHE_UNSAFE,
};
enum kvm_io { KVM_IO_AUTO, KVM_IO_NATIVE, KVM_IO_THREADS, KVM_IO_URING };
enum kvm_fs { KVM_FS_EXT4, KVM_FS_XFS, KVM_FS_NONE };
enum kvm_accel { KVM_ACCEL_AUTO, KVM_ACCEL_KVM, KVM_ACCEL_TCG };

enum rw_sequencer {
	RW_SEQ_SEQUENTIAL = 0,	/* default: the :N count is offsets per
				 * new random offset */
	RW_SEQ_IDENTICAL,	/* the :N count repeats the same offset */
};

/* sync= (fio 3.33: none/0, sync/1, dsync) */
enum sync_mode {
	SYNC_NONE = 0,
	SYNC_SYNC,		/* O_SYNC */
	SYNC_DSYNC,		/* O_DSYNC */
};

/* random_generator=: accepted for fio compatibility, see iostress-job(5) */
enum random_generator {
	RANDGEN_TAUSWORTHE = 0,
	RANDGEN_LFSR,
	RANDGEN_TAUSWORTHE64,
};

/* cpus_allowed_policy= */
enum cpus_policy {
	CPUS_SHARED = 0,	/* every clone may run on every allowed CPU */
	CPUS_SPLIT,		/* clone N is pinned to the Nth allowed CPU
				 * (modulo their count) */
};

/* fio's FIO_IO_U_LIST_MAX_LEN: entries of percentile_list. */
#define PERCENTILE_LIST_MAX	20

/* file_service_type= (fio's names); the :N suffix is file_service_nr */
enum file_service {
	FILE_SERVICE_ROUNDROBIN = 0,	/* fio's default */
	FILE_SERVICE_RANDOM,
	FILE_SERVICE_SEQUENTIAL,
	FILE_SERVICE_ZIPF,
	FILE_SERVICE_PARETO,
	FILE_SERVICE_NORMAL,
};

/* continue_on_error= / ignore_error=: fio's error types (ERROR_TYPE_*_BIT).
 * An I/O error is a verify error when it is EILSEQ, else a read error on a
 * read and a write error on anything else (fio's td_error_type()). */
enum err_type { ERR_TYPE_READ = 0, ERR_TYPE_WRITE, ERR_TYPE_VERIFY, ERR_TYPE_NR };
#define ERR_TYPE_BIT(t)		(1u << (t))
#define ERR_TYPE_ALL		(ERR_TYPE_BIT(ERR_TYPE_NR) - 1)
#define IGNORE_ERROR_MAX	32	/* errors per type in ignore_error= */

struct error_policy {
	unsigned continue_on;		/* ERR_TYPE_BIT()s: errors of these
					 * types may let the job go on */
	unsigned nr_ignore[ERR_TYPE_NR];	/* 0 = fio's default list:
					 * EIO and EILSEQ */
	int ignore[ERR_TYPE_NR][IGNORE_ERROR_MAX];	/* positive errnos */
};

/* numa_mem_policy= modes (fio's, after set_mempolicy(2)) */
enum numa_mem_mode {
	NUMA_MEM_UNSET = 0,	/* the memory policy is left alone */
	NUMA_MEM_DEFAULT,
	NUMA_MEM_PREFER,	/* prefer:N */
	NUMA_MEM_BIND,		/* bind:NODES */
	NUMA_MEM_INTERLEAVE,	/* interleave:NODES */
	NUMA_MEM_LOCAL,
};

/* dedupe_mode= */
enum dedupe_mode {
	DEDUPE_REPEAT = 0,	/* a deduped write repeats the last unique one */
	DEDUPE_WORKING_SET,	/* ... one of a working set of unique blocks */
};

/* unified_rw_reporting= (fio's UNIFIED_*) */
enum unified_rw {
	UNIFIED_SPLIT = 0,	/* read and write reported apart (none) */
	UNIFIED_MIXED,		/* summed, reported as "mixed" only */
	UNIFIED_BOTH,		/* apart, then the "mixed" sum as well */
};

/* zonemode= */
enum zone_mode {
	ZONE_MODE_NONE = 0,
	ZONE_MODE_STRIDED,	/* fio's classic zones: zonesize bytes of
				 * I/O in each zonerange, then zoneskip */
};

/* iodepth_batch_submit not set: options_validate() picks per workload. */
#define JOB_BATCH_AUTO	UINT32_MAX

/* One cmdprio_bssplit entry: perc of the I/Os of size bs carry prio. */
struct cmdprio_entry {
	uint64_t bs;
	uint32_t perc;			/* 1-100 (fio skips 0 entries) */
	int32_t prio;			/* class << 13 | level; -1 = cmdprio_class
					 * and cmdprio's */
};

#define CMDPRIO_SPLIT_MAX	64	/* fio's BSSPLIT_MAX */

/* cmdprio_bssplit for one direction, sorted by bs (fio's order). */
struct cmdprio_split {
	struct cmdprio_entry e[CMDPRIO_SPLIT_MAX];
	unsigned nr;
};

/* fill_device without size=: more than any device holds (fio's -1). */
#define FILL_DEVICE_SIZE	(UINT64_C(1) << 60)

/* exit_what: what a job's end stops under exitall (fio's TERMINATE_*) */
enum exit_what {
	EXIT_WHAT_GROUP,	/* the jobs of its reporting group */
	EXIT_WHAT_STONEWALL,	/* every running job; the next phase runs */
	EXIT_WHAT_ALL,		/* every job; the phases after never run */
};

struct job {
	/* --- identity --- */
	char *name;			/* section name, or name= */
	char *section;			/* the section's own name: data files
					 * are named after it, as in fio, even
					 * when name= renames the job */
	char *description;
	char *wait_for;			/* wait_for=: the name of an earlier job
					 * this one starts after; NULL = none */
	int wait_for_job;		/* its first job in the list (clone 0),
					 * set by jobs_build(); -1 = none */
	unsigned wait_for_nr;		/* its jobs (numjobs) */
	struct srcloc loc;		/* where the job's section starts;
					 * loc.file is loc_file when set */
	char *loc_file;			/* owned copy of the job file's path, so
					 * that a job list outlives its jobfiles */

	/* --- placement --- */
	char *target;			/* target= spec as given; NULL = native
					 * (placement.h) */
	char *docker_seccomp;		/* NULL = the daemon's default profile,
					 * "unconfined", or a profile file */
	char *docker_storage_driver;	/* required storage driver, or NULL */
	uint64_t docker_memory;		/* container memory cap, bytes; 0 none */
	char *kvm_kernel;		/* guest kernel image; NULL = the newest
					 * installed one */
	char *kvm_disk;			/* host block devices "A[,B]" for the
					 * guest's disks; NULL = files */
	char *kvm_disk_dir;		/* where the disk files go; NULL = the
					 * current directory */
	uint64_t kvm_disk_size;		/* each disk file, bytes; 0 = what the
					 * jobs need */
	bool kvm_disk_prealloc;		/* allocate the files in full */
	enum kvm_bus kvm_disk_bus;
	enum kvm_cache kvm_disk_cache;
	enum kvm_io kvm_disk_io;
	unsigned kvm_iothreads;		/* 0 = none */
	unsigned kvm_vcpus;
	uint64_t kvm_memory;		/* bytes */
	enum kvm_fs kvm_fs;
	enum kvm_accel kvm_accel;
	uint64_t kvm_boot_timeout_ns;	/* until the guest answers */
	bool kvm_raid1;			/* two disks as an md RAID1 in the guest */
	bool raid1_resync;		/* resync it before the jobs, timed */
	uint64_t raid1_fail_at_ns;	/* mark the second member faulty this
					 * long into the jobs; 0 = never */
	bool raid1_rebuild;		/* then add it back and time the rebuild */

	/* --- engine --- */
	char *ioengine;			/* backend name as given */
	const struct backend_ops *backend;	/* resolved from ioengine */
	unsigned iodepth;		/* default 1 */
	bool direct;			/* O_DIRECT */
	bool invalidate;		/* drop page cache before the run; default 1 */
	bool thread;			/* accepted; workers are always threads */
	unsigned io_submit_mode;	/* SUBMIT_INLINE, fio's default, or
					 * SUBMIT_OFFLOAD (backends/offload.c) */
	unsigned tiobench_threads;	/* threads=: fio's tiobench profile
					 * option, which fio takes in any job
					 * and which does nothing outside
					 * profile=tiobench (refused here) */
	struct uring_opts uring;
	struct pvsync2_opts pvsync2;

	/* --- workload --- */
	unsigned rw;			/* RW_* flags; default RW_READ */
	unsigned rw_seq_nr;		/* rw=randread:N: issue N I/Os per new
					 * random offset (the others follow on
					 * sequentially); default 1 */
	int64_t rw_seq_add;		/* rw=read:8k: bytes skipped after each
					 * sequential I/O; negative goes back
					 * (rw=read:-8k reads backwards, as in
					 * fio's backwards-read.fio); default 0 */
	enum rw_sequencer rw_sequencer;
	unsigned rwmixread;		/* percent reads when mixed; default 50 */
	uint64_t bs[DDIR_NR];		/* smallest block size per direction
					 * (bs=, bsrange min, bssplit min);
					 * default 4096 */
	struct bs_spec bs_spec[DDIR_NR];	/* bs/bsrange/bssplit/blockalign */
	uint64_t size;			/* bytes of I/O per pass over the files;
					 * 0 = size of the existing file/device */
	unsigned size_pct;		/* size=N%: N percent of the file or
					 * device (size is then 0); 0 = unset */
	uint64_t io_size;		/* io_size=/io_limit=: bytes of I/O in
					 * total; 0 = size */
	uint64_t filesize_min;		/* filesize=a[-b]: each file's size,
					 * uniformly in [min, max]; 0 = size /
					 * nrfiles */
	uint64_t filesize_max;
	uint64_t offset;		/* offset=: start of the I/O region */
	unsigned offset_pct;		/* offset=N%: of the file; 0 = unset */
	uint64_t offset_increment;	/* added to offset per clone (jobnum) */
	unsigned offset_increment_pct;	/* offset_increment=N% of the file */
	uint64_t number_ios;		/* stop after this many I/Os; 0 = off */
	unsigned loops;			/* passes over the region; default 1 */
	unsigned nrfiles;		/* files per job; default 1 */
	char *filename;			/* NULL = jobname.N.0 in directory;
					 * ':'-separated list, "\:" escapes a
					 * ':' (see job_filename_next()) */
	char *directory;		/* NULL = current directory; ':' list */
	char *filename_format;		/* NULL = "$jobname.$jobnum.$filenum" */
	enum file_service file_service;	/* default roundrobin */
	unsigned file_service_nr;	/* :N I/Os per file before switching
					 * (random/roundrobin/sequential), 0 =
					 * fio's default of 1 */
	double file_service_param;	/* zipf/pareto/normal parameter */
	enum fallocate_mode fallocate;	/* default FALLOC_NATIVE, as fio */
	unsigned kb_base;		/* 1024 (default) or 1000: how size
					 * suffixes are read, see number.h */

	/* --- caching and syncing --- */
	unsigned fsync;			/* fsync after every N writes; 0 = off */
	unsigned fdatasync;		/* fdatasync after every N writes */
	bool end_fsync;			/* fsync each file when writes end */
	bool fsync_on_close;		/* fsync each file on close */
	enum sync_mode sync;		/* open with O_SYNC / O_DSYNC */

	/* --- queue depth --- */
	unsigned iodepth_batch_submit;	/* submit once this many are queued
					 * (0 = iodepth); fio's iodepth_batch.
					 * JOB_BATCH_AUTO until validated: then
					 * 1 for direct=1 (the device starts at
					 * once), iodepth for buffered I/O (one
					 * syscall per batch) */
	unsigned iodepth_batch_complete_min;	/* reap at least this many;
					 * default 1 */
	unsigned iodepth_batch_complete_max;	/* reap at most; 0 until
					 * validated: then 1 with direct=1 (as
					 * fio), iodepth for buffered I/O */
	unsigned iodepth_low;		/* refill when in flight drops to this;
					 * 0 = iodepth */

	/* --- rate, randomness --- */
	struct rate_spec rate;
	bool norandommap;
	bool randrepeat;		/* default 1: same sequence every run */
	uint64_t randseed;		/* default 0x89 (fio's) */
	bool randseed_set;		/* randseed= given */
	enum random_generator random_generator;
	struct dist_spec dist;		/* random_distribution,
					 * percentage_random */

	/* --- CPU --- */
	cpu_set_t cpus_allowed;		/* valid when nr_cpus_allowed > 0 */
	unsigned nr_cpus_allowed;	/* CPUs in cpus_allowed; 0 = any */
	enum cpus_policy cpus_allowed_policy;

	/* --- verification, buffers --- */
	struct verify_spec verify;
	bool zero_buffers;		/* buffers start zeroed */
	bool refill_buffers;		/* refill the buffer before every write */
	unsigned buffer_compress_percentage;	/* 0 = random data */
	unsigned dedupe_percentage;	/* writes whose data repeats earlier
					 * data; 0 = none */
	enum dedupe_mode dedupe_mode;
	unsigned dedupe_working_set_percentage;	/* of size; default 5 */
	bool dedupe_global;		/* working_set shared by the jobs that
					 * set it (fio's dedupe_global) */
	uint8_t buffer_pattern[VERIFY_PATTERN_MAX];	/* buffer_pattern=:
					 * write buffers repeat it */
	unsigned buffer_pattern_len;	/* 0 = no pattern */
	bool verify_dump;		/* a failed block's data is written to
					 * NAME.OFFSET.received/.expected */
	unsigned verify_async;		/* verify_async=: threads checking the
					 * completed reads; 0 = the worker */
	cpu_set_t verify_async_cpus;	/* valid when nr_verify_async_cpus */
	unsigned nr_verify_async_cpus;	/* 0 = any CPU */

	/* --- logs and percentiles --- */
	char *write_lat_log;		/* log file prefix; NULL = off */
	char *write_bw_log;
	char *write_iops_log;
	unsigned log_avg_msec;		/* average log entries over this; 0 =
					 * one entry per I/O */
	bool log_offset;		/* log lines carry the I/O's offset */
	bool log_prio;			/* log lines carry the whole priority */

	/* --- I/O priority (fio: prio, prioclass, the engines' cmdprio_*) --- */
	unsigned prio;			/* prio=: level 0-7 for ioprio_set() */
	unsigned prioclass;		/* prioclass=: 0 (BE) to 3 */
	bool prio_set;			/* either given: the worker thread's
					 * ioprio_set(), the default priority */
	unsigned cmdprio_percentage[DDIR_NR];	/* per command: this share of
					 * I/Os gets cmdprio_class/cmdprio */
	unsigned cmdprio_class[DDIR_NR];	/* 1 (RT) to 3, default 1 */
	unsigned cmdprio_level[DDIR_NR];	/* cmdprio=: 0-7 */
	struct cmdprio_split cmdprio_split[DDIR_NR];	/* cmdprio_bssplit */
	double percentile_list[PERCENTILE_LIST_MAX];	/* ascending */
	unsigned nr_percentiles;	/* 0 = fio's default list */
	bool clat_percentiles;		/* default 1 */
	bool lat_percentiles;
	bool slat_percentiles;

	/* --- safety --- */
	bool allow_mounted_write;

	/* --- errors and ends (fio's exitall family) --- */
	struct error_policy errors;	/* continue_on_error, ignore_error */
	bool error_dump;		/* print each error the job goes on
					 * after (fio's error_dump) */
	bool exitall;			/* when this job ends, the others of its
					 * group stop (fio's exit_what=group) */
	bool exitall_on_error;		/* when it fails, the others stop; an
					 * error stops every job anyway */
	enum exit_what exit_what;	/* with exitall, what this job's end
					 * stops (fio's exit_what) */

	/* --- NUMA (libnuma) --- */
	uint64_t numa_cpu_nodes;	/* nodes whose CPUs the job runs on, bit
					 * N = node N; UINT64_MAX = all; 0 = not
					 * set */
	enum numa_mem_mode numa_mem_mode;	/* numa_mem_policy= */
	uint64_t numa_mem_nodes;	/* its nodes, as numa_cpu_nodes */

	/* --- latency target (fio's latency_target) --- */
	uint64_t latency_target_ns;	/* the latency the depth is probed
					 * for; 0 = off */
	uint64_t latency_window_ns;	/* how long each depth is tried */
	double latency_percentile;	/* share of I/Os that must meet it;
					 * default 100 */
	bool latency_run;		/* keep probing to the end */

	/* --- steady state (fio's ss, ss_dur, ss_ramp) --- */
	unsigned ss_flags;		/* ss= metric: SS_* (steadystate.h) */
	double ss_limit;		/* ss= limit, in the metric's unit or
					 * percent (SS_PCT) */
	uint64_t ss_dur_ns;		/* the window; whole seconds count, so
					 * below 1 s detection is off */
	uint64_t ss_ramp_ns;		/* from the job's start (or the end of
					 * ramp_time) until samples count */

	/* --- flow control (fio's flow) --- */
	unsigned flow;			/* weight among the jobs of flow_id;
					 * 0 = no flow control */
	unsigned flow_id;
	uint64_t flow_sleep_ns;		/* wait when held back; 0 = ask again
					 * at once */

	/* --- file creation --- */
	bool create_on_open;		/* no layout: the file is created by
					 * the job's open and grows by its
					 * writes */
	bool allow_file_create;		/* default 1; 0 = a missing file is an
					 * error */
	bool create_serialize;		/* default 1: jobs lay out their files
					 * one at a time */
	bool fill_device;		/* fill_device (fill_fs): write until
					 * ENOSPC or EDQUOT, which end the job
					 * without error; no layout */

	/* --- reporting --- */
	bool gtod_reduce;		/* fio's gtod_reduce: no latency or
					 * bandwidth figures are reported */
	enum unified_rw unified_rw;	/* unified_rw_reporting= */

	/* --- classic zones (zonemode=strided) --- */
	enum zone_mode zonemode;
	uint64_t zonesize;		/* bytes of I/O per zone */
	uint64_t zonerange;		/* the zone's extent; 0 = zonesize */
	uint64_t zoneskip;		/* bytes skipped after each zone */

	/* --- time --- */
	uint64_t runtime_ns;		/* 0 = no limit */
	bool time_based;		/* loop over the files until runtime */
	uint64_t ramp_time_ns;		/* run, but discard stats, this long */
	uint64_t startdelay_ns;		/* wait this long before starting */
	uint64_t startdelay_max_ns;	/* fio's range form LO-HI: each job
					 * waits a time drawn from [LO, HI]
					 * (microseconds apart, as fio);
					 * equal to startdelay_ns otherwise */

	/* --- jobs and groups --- */
	unsigned numjobs;		/* default 1 */
	bool stonewall;			/* wait for earlier jobs; new group */
	bool new_group;			/* new reporting group, same phase */
	bool group_reporting;		/* report the group as one job */

	/* --- set by expansion (jobs.h), not by options --- */
	unsigned groupid;		/* reporting group, from 0 */
	unsigned phase;			/* run phase; stonewall starts the next */
	unsigned clone;			/* 0..numjobs-1: the N in jobname.N.0 */
};

/* job_init - zero the job and set fio's defaults.  Never fails. */
void job_init(struct job *job);

/* job_copy - deep-copy src into dst (dst is overwritten, not released).
 * Returns 0 or -ENOMEM, in which case dst holds nothing to release. */
int job_copy(struct job *dst, const struct job *src);

/* job_release - free the job's strings; the job may be job_init()ed again. */
void job_release(struct job *job);

/*
 * job_error_type - fio's td_error_type(): the ERR_TYPE_* of error err
 * (positive errno) on a request of direction ddir (DDIR_*, or a sync).
 */
enum err_type job_error_type(unsigned ddir, int err);

/*
 * job_error_nonfatal - fio's td_non_fatal_error(): true when the job goes
 * on after error err of type t: continue_on_error covers t and err is in
 * ignore_error's list for t (by default EIO and EILSEQ).
 */
bool job_error_nonfatal(const struct job *job, enum err_type t, int err);

/* job_dir_used - whether the job issues I/O of direction d (DDIR_READ,
 * DDIR_WRITE or DDIR_TRIM). */
static inline bool job_dir_used(const struct job *job, unsigned d)
{
	static const unsigned flag[DDIR_NR] = { RW_READ, RW_WRITE, RW_TRIM };

	return d < DDIR_NR && (job->rw & flag[d]);
}

/* job_trimwrite - fio's trimwrite and randtrimwrite: each block is trimmed,
 * then written. */
static inline bool job_trimwrite(const struct job *job)
{
	return (job->rw & (RW_TRIM | RW_WRITE)) == (RW_TRIM | RW_WRITE);
}

/* job_rw_name - fio's name for a set of RW_* flags ("randread", ...). */
const char *job_rw_name(unsigned rw);

/*
 * job_filename_next - copy the next name of a ':'-separated filename= list
 * (fio's syntax: "\\:" is a literal ':', as in "/dev/disk/by-path/a\\:b")
 * into out (outlen bytes) and return a pointer past it, or NULL at the end
 * of the list.  Usage:  for (p = job->filename; (p = job_filename_next(p,
 * buf, sizeof(buf))); ) use(buf);  A name longer than outlen is cut.
 */
const char *job_filename_next(const char *list, char *out, size_t outlen);

/* job_filename_count - the number of names in a filename= list. */
unsigned job_filename_count(const char *list);

/* A list of expanded jobs, in file order. */
struct job_list {
	struct job *jobs;
	unsigned nr;
	unsigned nr_groups;		/* highest groupid + 1 */
	unsigned nr_phases;		/* highest phase + 1 */
};

/* job_list_release - release every job and the array. */
void job_list_release(struct job_list *list);

#endif
