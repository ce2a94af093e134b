/* SPDX-License-Identifier: MIT */
/*
 * job.c - lifecycle of one struct job: fio's defaults, deep copy, release.
 */
#include "job/job.h"

#include <errno.h>
#include <stdlib.h>
#include <limits.h>
#include <string.h>

#include "lib/units.h"

void job_init(struct job *job)
{
	memset(job, 0, sizeof(*job));
	/* strdup failure leaves ioengine NULL; options_validate() reports it */
	job->ioengine = strdup("psync");
	job->iodepth = 1;
	job->invalidate = true;
	job->rw = RW_READ;
	job->rwmixread = 50;
	job->bs[DDIR_READ] = 4096;
	job->bs[DDIR_WRITE] = 4096;
	job->bs[DDIR_TRIM] = 4096;
	job->kb_base = 1024;
	job->numjobs = 1;
	job->wait_for_job = -1;
	job->rw_seq_nr = 1;
	job->loops = 1;
	job->nrfiles = 1;
	job->fallocate = FALLOC_NATIVE;
	job->iodepth_batch_submit = JOB_BATCH_AUTO;
	job->iodepth_batch_complete_min = 1;
	job->randrepeat = true;
	job->randseed = 0x89;
	job->dist.kind = DIST_RANDOM;
	job->dist.center = -1;
	job->dist.percentage_random[DDIR_READ] = 100;
	job->dist.percentage_random[DDIR_WRITE] = 100;
	job->dist.percentage_random[DDIR_TRIM] = 100;
	job->rate.rate_cycle_ns = NS_PER_SEC;
	job->rate.thinktime_blocks = 1;
	job->verify.do_verify = true;
	job->clat_percentiles = true;
	job->uring.registerfiles = true;
	job->uring.fixedbufs = true;
	job->uring.sqthread_poll_cpu = UINT_MAX;
	job->uring.nonvectored = true;
	job->pvsync2.hipri_percentage = 100;
	job->allow_file_create = true;
	job->create_serialize = true;
	job->latency_percentile = 100.0;
	job->ss_flags = SS_DEFAULT_FLAGS;
	job->ss_limit = SS_DEFAULT_LIMIT;
	job->dedupe_working_set_percentage = 5;
	job->cmdprio_class[DDIR_READ] = 1;	/* IOPRIO_CLASS_RT */
	job->cmdprio_class[DDIR_WRITE] = 1;
	job->cmdprio_class[DDIR_TRIM] = 1;
	job->kvm_vcpus = 2;
	job->kvm_memory = 1ull << 30;
	job->kvm_boot_timeout_ns = 120 * NS_PER_SEC;
}

enum err_type job_error_type(unsigned ddir, int err)
{
	if (err == EILSEQ)
		return ERR_TYPE_VERIFY;
	return ddir == DDIR_READ ? ERR_TYPE_READ : ERR_TYPE_WRITE;
}

bool job_error_nonfatal(const struct job *job, enum err_type t, int err)
{
	const struct error_policy *p = &job->errors;

	if (!(p->continue_on & ERR_TYPE_BIT(t)))
		return false;
	if (!p->nr_ignore[t])
		return err == EIO || err == EILSEQ;
	for (unsigned i = 0; i < p->nr_ignore[t]; i++)
		if (p->ignore[t][i] == err)
			return true;
	return false;
}

/* dup_str - strdup that maps NULL to NULL; false only on ENOMEM. */
static bool dup_str(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return true;
	*dst = strdup(src);
	return *dst != NULL;
}

int job_copy(struct job *dst, const struct job *src)
{
	*dst = *src;
	dst->name = dst->section = dst->description = dst->ioengine = NULL;
	dst->wait_for = NULL;
	dst->filename = dst->directory = dst->loc_file = NULL;
	dst->filename_format = dst->target = NULL;
	dst->docker_seccomp = dst->docker_storage_driver = NULL;
	dst->kvm_kernel = dst->kvm_disk = dst->kvm_disk_dir = NULL;
	dst->write_lat_log = dst->write_bw_log = dst->write_iops_log = NULL;
	if (!dup_str(&dst->filename_format, src->filename_format) ||
	    !dup_str(&dst->write_lat_log, src->write_lat_log) ||
	    !dup_str(&dst->write_bw_log, src->write_bw_log) ||
	    !dup_str(&dst->write_iops_log, src->write_iops_log) ||
	    !dup_str(&dst->name, src->name) ||
	    !dup_str(&dst->section, src->section) ||
	    !dup_str(&dst->loc_file, src->loc_file) ||
	    !dup_str(&dst->description, src->description) ||
	    !dup_str(&dst->wait_for, src->wait_for) ||
	    !dup_str(&dst->ioengine, src->ioengine) ||
	    !dup_str(&dst->filename, src->filename) ||
	    !dup_str(&dst->directory, src->directory) ||
	    !dup_str(&dst->target, src->target) ||
	    !dup_str(&dst->docker_seccomp, src->docker_seccomp) ||
	    !dup_str(&dst->docker_storage_driver, src->docker_storage_driver) ||
	    !dup_str(&dst->kvm_kernel, src->kvm_kernel) ||
	    !dup_str(&dst->kvm_disk, src->kvm_disk) ||
	    !dup_str(&dst->kvm_disk_dir, src->kvm_disk_dir))
		goto err_release_strings;
	if (dst->loc_file)
		dst->loc.file = dst->loc_file;
	return 0;

err_release_strings:
	job_release(dst);
	return -ENOMEM;
}

void job_release(struct job *job)
{
	free(job->name);
	free(job->section);
	free(job->description);
	free(job->wait_for);
	free(job->ioengine);
	free(job->filename);
	free(job->directory);
	free(job->loc_file);
	free(job->filename_format);
	free(job->write_lat_log);
	free(job->write_bw_log);
	free(job->write_iops_log);
	free(job->target);
	free(job->docker_seccomp);
	free(job->docker_storage_driver);
	free(job->kvm_kernel);
	free(job->kvm_disk);
	free(job->kvm_disk_dir);
	job->target = job->docker_seccomp = job->docker_storage_driver = NULL;
	job->kvm_kernel = job->kvm_disk = job->kvm_disk_dir = NULL;
	job->name = job->description = job->ioengine = NULL;
	job->wait_for = NULL;
	job->filename = job->directory = job->loc_file = NULL;
	job->filename_format = NULL;
	job->write_lat_log = job->write_bw_log = job->write_iops_log = NULL;
}

const char *job_rw_name(unsigned rw)
{
	switch (rw) {
	case RW_READ:				return "read";
	case RW_WRITE:				return "write";
	case RW_READ | RW_RANDOM:		return "randread";
	case RW_WRITE | RW_RANDOM:		return "randwrite";
	case RW_READ | RW_WRITE:		return "rw";
	case RW_READ | RW_WRITE | RW_RANDOM:	return "randrw";
	case RW_TRIM:				return "trim";
	case RW_TRIM | RW_RANDOM:		return "randtrim";
	case RW_TRIM | RW_WRITE:		return "trimwrite";
	case RW_TRIM | RW_WRITE | RW_RANDOM:	return "randtrimwrite";
	default:				return "invalid";
	}
}

const char *job_filename_next(const char *list, char *out, size_t outlen)
{
	size_t n = 0;

	if (!list || !*list)
		return NULL;
	for (; *list && *list != ':'; list++) {
		if (list[0] == '\\' && list[1] == ':')
			list++;
		if (n + 1 < outlen)
			out[n++] = *list;
	}
	if (outlen)
		out[n] = '\0';
	return *list == ':' ? list + 1 : list;
}

unsigned job_filename_count(const char *list)
{
	char name[1];
	unsigned nr = 0;

	for (const char *p = list; (p = job_filename_next(p, name, sizeof(name))); )
		nr++;
	return nr;
}

void job_list_release(struct job_list *list)
{
	for (unsigned i = 0; i < list->nr; i++)
		job_release(&list->jobs[i]);
	free(list->jobs);
	memset(list, 0, sizeof(*list));
}
