/* SPDX-License-Identifier: MIT */
/*
 * job.h - one fully resolved job, as the runner and workers see it.
 *
 * A struct job is filled in three steps (DESIGN.md, "How data flows"):
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

#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "io.h"

struct backend_ops;

/* io_uring engine options (fio's names); ignored by other engines. */
struct uring_opts {
	bool registerfiles;		/* register files; default 1 */
	bool fixedbufs;			/* register buffers; default 1 */
	bool sqthread_poll;		/* kernel SQ polling thread */
	unsigned sqthread_poll_cpu;	/* CPU for it; UINT_MAX = any */
	bool hipri;			/* IOPOLL: polled completions */
	bool nonvectored;		/* accepted; READ/WRITE are always
					 * non-vectored */
};

/* rw= is stored as flags; see job_rw_name(). */
#define RW_READ		(1u << 0)
#define RW_WRITE	(1u << 1)
#define RW_RANDOM	(1u << 2)

struct job {
	/* --- identity --- */
	char *name;			/* section name, or name= */
	char *description;
	struct srcloc loc;		/* where the job's section starts;
					 * loc.file is loc_file when set */
	char *loc_file;			/* owned copy of the job file's path, so
					 * that a job list outlives its jobfiles */

	/* --- engine --- */
	char *ioengine;			/* backend name as given */
	const struct backend_ops *backend;	/* resolved from ioengine */
	unsigned iodepth;		/* default 1 */
	bool direct;			/* O_DIRECT */
	bool invalidate;		/* drop page cache before the run; default 1 */
	bool thread;			/* accepted; workers are always threads */
	struct uring_opts uring;

	/* --- workload --- */
	unsigned rw;			/* RW_* flags; default RW_READ */
	unsigned rwmixread;		/* percent reads when mixed; default 50 */
	uint64_t bs[DDIR_NR];		/* block size per direction; default 4096 */
	uint64_t size;			/* bytes of I/O per pass over the files;
					 * 0 = size of the existing file/device */
	char *filename;			/* NULL = jobname.N.0 in directory */
	char *directory;		/* NULL = current directory */
	unsigned kb_base;		/* 1024 (default) or 1000: how size
					 * suffixes are read, see number.h */

	/* --- time --- */
	uint64_t runtime_ns;		/* 0 = no limit */
	bool time_based;		/* loop over the files until runtime */
	uint64_t ramp_time_ns;		/* run, but discard stats, this long */

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

/* job_rw_name - fio's name for a set of RW_* flags ("randread", ...). */
const char *job_rw_name(unsigned rw);

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
