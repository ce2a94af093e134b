/* SPDX-License-Identifier: MIT */
/*
 * options_check.c - cross-option checks of a finished job section, and
 * fio's fix-ups of derived defaults (fio 3.33 fixup_options()), so that
 * --dump-jobs shows the values the run will use.
 *
 * Errors name the job's section line.  Limits that depend on the machine
 * the job runs on (CPUs that exist, device sizes for N%) are checked by the
 * worker, not here, because a job may be parsed on one host and run on
 * another (iostress --worker).
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "backends/backend.h"
#include "job/options.h"
#include "job/options_impl.h"

static const char *job_name(const struct job *job)
{
	return job->name ? job->name : "";
}

static int job_error(struct job *job, struct diag *d, const char *what)
{
	diag_set(d, &job->loc, "job '%s': %s", job_name(job), what);
	return -EINVAL;
}

/* resolve_backend - look up job->ioengine unless an ioengine= line did. */
static int resolve_backend(struct job *job, struct diag *d)
{
	if (!job->ioengine) {
		diag_set(d, &job->loc, "out of memory in job '%s'", job_name(job));
		return -ENOMEM;
	}
	if (!job->backend)
		job->backend = backend_find(job->ioengine);
	if (job->backend)
		return 0;
	diag_set(d, &job->loc, "job '%s': unknown ioengine '%s' (available engines: %s)",
		 job_name(job), job->ioengine, backend_names());
	return -EINVAL;
}

/* at_least_one - fields the option table already keeps >= 1; checked again
 * because a job may be built by hand (tests, --worker). */
static int at_least_one(struct job *job, struct diag *d)
{
	if (!job->bs[DDIR_READ] || !job->bs[DDIR_WRITE] || !job->bs[DDIR_TRIM])
		return job_error(job, d, "bs must be at least 1");
	if (!job->iodepth)
		return job_error(job, d, "iodepth must be at least 1");
	if (!job->numjobs)
		return job_error(job, d, "numjobs must be at least 1");
	if (job->rwmixread > 100)
		return job_error(job, d, "rwmixread must be at most 100");
	return 0;
}

/* fix_queue_depth - fio's clamps of the batch and low-water options. */
static int fix_queue_depth(struct job *job, struct diag *d)
{
	/* auto: fio's 1 where batching changes what is done (direct=1;
	 * vsync, which coalesces what a batch gives it; offload, which hands
	 * each request to its submit thread at once) */
	if (job->iodepth_batch_submit == JOB_BATCH_AUTO)
		job->iodepth_batch_submit = job->direct ||
			job->io_submit_mode == SUBMIT_OFFLOAD || (job->backend &&
			(job->backend->flags & BE_F_SYNC_COMMIT)) ? 1 : job->iodepth;
	if (!job->iodepth_batch_submit || job->iodepth_batch_submit > job->iodepth)
		job->iodepth_batch_submit = job->iodepth;
	if (job->iodepth_batch_complete_min > job->iodepth)
		job->iodepth_batch_complete_min = job->iodepth;
	/* unset: fio's 1 with direct=1 (each completion is replaced at once,
	 * so the device queue never dips), everything ready when buffered */
	if (!job->iodepth_batch_complete_max)
		job->iodepth_batch_complete_max = !job->direct ? job->iodepth :
			job->iodepth_batch_complete_min ? job->iodepth_batch_complete_min : 1;
	if (job->iodepth_batch_complete_max > job->iodepth)
		job->iodepth_batch_complete_max = job->iodepth;
	if (job->iodepth_batch_complete_max < job->iodepth_batch_complete_min)
		return job_error(job, d, "iodepth_batch_complete_max is below iodepth_batch_complete_min");
	if (!job->iodepth_low || job->iodepth_low > job->iodepth)
		job->iodepth_low = job->iodepth;
	return 0;
}

static int check_rate(struct job *job, struct diag *d)
{
	struct rate_spec *r = &job->rate;

	if (r->thinktime_spin_ns > r->thinktime_ns)
		return job_error(job, d, "thinktime_spin is longer than thinktime");
	if (!r->thinktime_blocks)
		r->thinktime_blocks = 1;
	for (int dd = 0; dd < DDIR_NR; dd++) {
		if (r->rate[dd] && r->rate_min[dd] > r->rate[dd])
			return job_error(job, d, "rate_min is above rate");
		if (r->rate_iops[dd] && r->rate_iops_min[dd] > r->rate_iops[dd])
			return job_error(job, d, "rate_iops_min is above rate_iops");
	}
	return 0;
}

static uint64_t gcd64(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* fix_verify_interval - fio's init.c: with varying write sizes and no
 * verify_interval, the smallest write; at most the smallest write (or
 * read); a divisor of the smallest and largest write, else their gcd. */
static void fix_verify_interval(struct job *job)
{
	uint64_t wmin = job->bs[DDIR_WRITE];
	uint64_t wmax = job->bs_spec[DDIR_WRITE].max > wmin ? job->bs_spec[DDIR_WRITE].max : wmin;
	uint64_t v = job->verify.interval;

	if (wmax != wmin && !v)
		v = wmin;
	if (v > wmin)
		v = wmin;
	else if ((job->rw & RW_READ) && v > job->bs[DDIR_READ])
		v = job->bs[DDIR_READ];
	if (!v || wmin % v || wmax % v)
		v = gcd64(wmin, wmax);
	job->verify.interval = (uint32_t)v;
}

static int check_verify(struct job *job, struct diag *d)
{
	const struct verify_spec *v = &job->verify;

	if (v->kind == VERIFY_PATTERN && !v->pattern_len)
		return job_error(job, d, "verify=pattern needs verify_pattern");
	/* fio's trim_verify_zero family: not built */
	if (v->kind != VERIFY_NONE && (job->rw & RW_TRIM))
		return job_error(job, d, "verify with a trim workload is not supported by iostress");
	if (v->interval && v->interval < 2 * VERIFY_HDR_LEN)
		return job_error(job, d, "verify_interval must be at least 128 (twice the verify header)");
	if (verify_has_header(v)) {
		for (int dd = 0; dd < DDIR_NR; dd++)
			if (job_dir_used(job, dd) && dd != DDIR_TRIM &&
			    job->bs[dd] < verify_min_len(v))
				return job_error(job, d, "verify needs blocks of more than 64 bytes (the verify header)");
		fix_verify_interval(job);
	}
	return 0;
}

/* check_blocks - fill bs_spec from bs[] where no bs option set it (a job
 * built by hand), and keep bs[] the smallest size of each direction. */
static int check_blocks(struct job *job, struct diag *d)
{
	for (int dd = 0; dd < DDIR_NR; dd++) {
		struct bs_spec *s = &job->bs_spec[dd];

		if (!s->nr_split && !s->min)
			s->min = s->max = job->bs[dd];
		if (!s->min || s->max < s->min)
			return job_error(job, d, "block size range is empty");
		job->bs[dd] = s->min;
	}
	return 0;
}

/* check_kvm - an explicit kvm_disk_io=native needs O_DIRECT on the host,
 * which only cache modes none and directsync give: QEMU would refuse the
 * guest at its start. */
static int check_kvm(struct job *job, struct diag *d)
{
	char what[256];

	if (job->kvm_disk_io != KVM_IO_NATIVE || job->kvm_disk_cache == KVM_CACHE_NONE ||
	    job->kvm_disk_cache == KVM_CACHE_DIRECTSYNC)
		return 0;
	snprintf(what, sizeof(what), "kvm_disk_io=native needs O_DIRECT on the host, which kvm_disk_cache=%s does not give: use kvm_disk_cache=none or directsync, or kvm_disk_io=threads, io_uring or auto",
		 options_enum_name("kvm_disk_cache", job->kvm_disk_cache));
	return job_error(job, d, what);
}

/* check_zones - fio's fixup_options() for zonemode: zonesize needs
 * zonemode=strided, zonerange defaults to zonesize, and with more than one
 * file strided zones are quietly off (fio: "only really works with 1
 * file"). */
static int check_zones(struct job *job, struct diag *d)
{
	unsigned files = job->filename ? job_filename_count(job->filename) : job->nrfiles;

	if (job->zonemode == ZONE_MODE_NONE && job->zonesize)
		return job_error(job, d, "zonemode=none and zonesize are not compatible");
	if (job->zonemode == ZONE_MODE_STRIDED && !job->zonesize)
		return job_error(job, d, "zonemode=strided needs zonesize");
	if (job->zonemode == ZONE_MODE_STRIDED && files > 1) {
		job->zonemode = ZONE_MODE_NONE;
		job->zonesize = job->zonerange = job->zoneskip = 0;
	}
	if (job->zonemode == ZONE_MODE_STRIDED && !job->zonerange)
		job->zonerange = job->zonesize;
	return 0;
}

/* check_dedupe - fio's checks of dedupe_mode=working_set: the set is a
 * share of size, of one file, and leaves room for the unique writes. */
static int check_dedupe(struct job *job, struct diag *d)
{
	unsigned files = job->filename ? job_filename_count(job->filename) : job->nrfiles;

	if (!job->dedupe_percentage || job->dedupe_mode != DEDUPE_WORKING_SET)
		return 0;
	if (!job->size)
		return job_error(job, d, "dedupe_mode=working_set needs size=");
	if (files != 1)
		return job_error(job, d, "dedupe_mode=working_set works with one file per job");
	if (job->dedupe_working_set_percentage + job->dedupe_percentage > 100)
		return job_error(job, d, "dedupe_percentage and dedupe_working_set_percentage add up to more than 100");
	return 0;
}

/* check_cmdprio - cmdprio_* are options of the libaio and io_uring
 * engines in fio: refused with another engine rather than ignored. */
static int check_cmdprio(struct job *job, struct diag *d)
{
	bool perc = job->cmdprio_percentage[DDIR_READ] || job->cmdprio_percentage[DDIR_WRITE];
	bool split = job->cmdprio_split[DDIR_READ].nr || job->cmdprio_split[DDIR_WRITE].nr;

	if (perc && split)
		return job_error(job, d, "cmdprio_percentage and cmdprio_bssplit options are mutually exclusive");
	if (!perc && !split)
		return 0;
	if (job->backend->flags & BE_F_IOPRIO)
		return 0;
	diag_set(d, &job->loc, "job '%s': %s needs ioengine=libaio or io_uring, not '%s'",
		 job_name(job), perc ? "cmdprio_percentage" : "cmdprio_bssplit",
		 job->backend->name);
	return -EINVAL;
}

/* check_offload - io_submit_mode=offload runs the engine in submit
 * threads, one request each.  fio refuses it with io_uring ("async engines
 * aren't reliable with offload", FIO_NO_OFFLOAD); so does iostress. */
static int check_offload(struct job *job, struct diag *d)
{
	if (job->io_submit_mode != SUBMIT_OFFLOAD ||
	    strcmp(job->backend->name, "io_uring"))
		return 0;
	diag_set(d, &job->loc, "job '%s': io_submit_mode=offload cannot be used with ioengine=io_uring (as in fio): use a synchronous engine or libaio",
		 job_name(job));
	return -EINVAL;
}

/* check_fill_device - fio's fill_device: without size= the size is
 * unbounded (FILL_DEVICE_SIZE); a job that does not write would have the
 * files filled first, which iostress does not do: refused. */
static int check_fill_device(struct job *job, struct diag *d)
{
	if (!job->fill_device)
		return 0;
	if (!(job->rw & RW_WRITE))
		return job_error(job, d, "fill_device with a workload that does not write (fio fills the files first) is not supported by iostress");
	if (!job->size)
		job->size = FILL_DEVICE_SIZE;
	return 0;
}

int opt_check_job(struct job *job, struct diag *d)
{
	int ret = resolve_backend(job, d);

	if (!ret)
		ret = at_least_one(job, d);
	if (!ret)
		ret = fix_queue_depth(job, d);
	if (!ret)
		ret = check_rate(job, d);
	if (!ret)
		ret = check_verify(job, d);
	if (!ret)
		ret = check_blocks(job, d);
	if (!ret && job->filesize_min > job->filesize_max)
		ret = job_error(job, d, "filesize range is reversed");
	if (!ret)
		ret = check_zones(job, d);
	if (!ret)
		ret = check_dedupe(job, d);
	if (!ret)
		ret = check_cmdprio(job, d);
	if (!ret)
		ret = check_fill_device(job, d);
	if (!ret)
		ret = check_offload(job, d);
	if (!ret && job->gtod_reduce)	/* fio: no latencies, so no percentiles */
		job->clat_percentiles = job->lat_percentiles = job->slat_percentiles = false;
	if (!ret)
		ret = check_kvm(job, d);
	return ret;
}
