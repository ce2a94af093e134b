/* SPDX-License-Identifier: MIT */
/*
 * report_json.c - the result document: fio's JSON keys and layout, with
 * iostress's additions under jobs[].iostress.
 *
 * Per direction fio writes read, write and trim, always all three (fio's
 * tools, for example fio_jsonplus_clat2csv, index jobs[].trim
 * unconditionally).
 */
#include "report/report.h"
#include "lib/json.h"
#include "report/report_measure.h"
#include "report/report_raid1.h"
#include "report/report_ranks.h"
#include "targets/target.h"

#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>

#include "lib/array.h"
#include "lib/units.h"

static const char *const lat_keys[LAT_NR] = {
	[LAT_SLAT] = "slat_ns",
	[LAT_CLAT] = "clat_ns",
	[LAT_LAT] = "lat_ns",
};

static const char *const ddir_keys[DDIR_NR] = {
	[DDIR_READ] = "read",
	[DDIR_WRITE] = "write",
	[DDIR_TRIM] = "trim",
};

/* ------------------------------------------------------------------------
 * Latency objects
 */

static void write_percentiles(struct json_writer *w, const struct dir_stats *d,
			      enum lat_kind kind, const struct report_pcts *p)
{
	uint64_t vals[PERCENTILE_LIST_MAX > REPORT_NR_DEFAULT_PERCENTILES ?
		      PERCENTILE_LIST_MAX : REPORT_NR_DEFAULT_PERCENTILES];
	char key[32];

	report_lat_percentiles(d, kind, p, vals);
	json_obj_begin(w, "percentile");
	for (unsigned i = 0; i < p->nr; i++) {
		snprintf(key, sizeof(key), "%f", p->list[i]);
		json_u64(w, key, vals[i]);
	}
	json_obj_end(w);
}

/* write_bins - fio's json+ "bins": the value of every non-empty bin, in
 * increasing order, with its count. */
static void write_bins(struct json_writer *w, const struct hist *h)
{
	char key[32];

	json_obj_begin(w, "bins");
	for (unsigned i = 0; i < HIST_NR_BINS; i++) {
		if (!h->bins[i])
			continue;
		snprintf(key, sizeof(key), "%llu",
			 (unsigned long long)hist_bin_value(i));
		json_u64(w, key, h->bins[i]);
	}
	json_obj_end(w);
}

/* write_lat - one of slat_ns/clat_ns/lat_ns.  As in fio, percentiles
 * (the job's percentile_list) are written when the job's
 * clat_percentiles, lat_percentiles or slat_percentiles asks for that kind
 * and there are samples.  json+ adds the bins of every kind that has
 * samples (fio: only where percentiles are on), so that results merge
 * exactly. */
static void write_lat(struct json_writer *w, const struct report_entry *e,
		      const struct dir_stats *d, enum lat_kind kind, bool plus)
{
	struct report_pcts p;

	const struct lat_stat *ls = &d->lat[kind];

	json_obj_begin(w, lat_keys[kind]);
	json_u64(w, "min", lat_stat_min(ls));
	json_u64(w, "max", ls->max);
	json_double(w, "mean", lat_stat_mean(ls));
	json_double(w, "stddev", lat_stat_stddev(ls));
	json_u64(w, "N", ls->n);
	report_job_pcts(e->job, &p);
	if (ls->n && p.nr && report_pcts_enabled(e->job, kind))
		write_percentiles(w, d, kind, &p);
	if (ls->n && plus && d->hist[kind])
		write_bins(w, d->hist[kind]);
	json_obj_end(w);
}

/* ------------------------------------------------------------------------
 * Directions
 */

/* write_dir_totals - bytes and ios completed; issued is fio's total_ios,
 * which counts the I/Os that failed as well. */
static void write_dir_totals(struct json_writer *w, uint64_t bytes,
			     uint64_t ios, uint64_t issued, uint64_t short_ios,
			     uint64_t runtime_ns)
{
	uint64_t bw_bytes = 0;
	double iops = 0.0;

	if (runtime_ns) {
		bw_bytes = (uint64_t)((double)bytes * (double)NS_PER_SEC / (double)runtime_ns);
		iops = (double)ios * (double)NS_PER_SEC / (double)runtime_ns;
	}
	json_u64(w, "io_bytes", bytes);
	json_u64(w, "io_kbytes", bytes / 1024);
	json_u64(w, "bw_bytes", bw_bytes);
	json_u64(w, "bw", bw_bytes / 1024);
	json_double(w, "iops", iops);
	json_u64(w, "runtime", report_ns_to_ms(runtime_ns));
	json_u64(w, "total_ios", issued);
	json_u64(w, "short_ios", short_ios);
	json_u64(w, "drop_ios", 0);
}

/* write_rates - fio's per-direction summary of the per-second samples
 * (rate_stat.h); bw_* in KiB/s.  bw_agg is a percentage of the group's
 * aggregate bandwidth. */
static void write_rates(struct json_writer *w, const struct rate_stat *bw,
			const struct rate_stat *iops, double agg_pct)
{
	json_u64(w, "bw_min", rate_stat_min(bw));
	json_u64(w, "bw_max", rate_stat_max(bw));
	json_double(w, "bw_agg", agg_pct);
	json_double(w, "bw_mean", rate_stat_mean(bw));
	json_double(w, "bw_dev", rate_stat_stddev(bw));
	json_u64(w, "bw_samples", bw->samples);
	json_u64(w, "iops_min", rate_stat_min(iops));
	json_u64(w, "iops_max", rate_stat_max(iops));
	json_double(w, "iops_mean", rate_stat_mean(iops));
	json_double(w, "iops_stddev", rate_stat_stddev(iops));
	json_u64(w, "iops_samples", iops->samples);
}

static void write_dir(struct json_writer *w, const struct run_result *res,
		      const struct report_entry *e, unsigned ddir, bool plus,
		      const char *key)
{
	const struct job_stats *st = e->st;
	const struct dir_stats *d = &st->dir[ddir];

	json_obj_begin(w, key);
	write_dir_totals(w, d->bytes, d->ios, d->ios + d->err_ios, d->short_ios,
			 report_dir_runtime_ns(st, ddir));
	for (unsigned k = 0; k < LAT_NR; k++)
		write_lat(w, e, d, k, plus);
	write_rates(w, &st->rates.bw[ddir], &st->rates.iops[ddir],
		    report_bw_agg_pct(res, e->groupid, &st->rates.bw[ddir], ddir));
	json_obj_end(w);
}

/* ------------------------------------------------------------------------
 * Jobs and the document
 */

/* write_cpu - jobs[].iostress.cpu: cycles per I/O three ways (cycles.h). */
static void write_cpu(struct json_writer *w, const struct job_stats *st)
{
	struct report_cycles c;

	report_cycles(st, &c);
	json_obj_begin(w, "cpu");
	json_obj_begin(w, "cycles_per_io");
	json_double(w, "thread", c.thread);
	json_double(w, "process", c.process);
	json_double(w, "system", c.system);
	if (st->cycles.host)
		json_double(w, "host", c.host);
	json_obj_end(w);
	json_str(w, "cycles_source", c.source);
	json_u64(w, "tsc_hz", c.tsc_hz);
	json_obj_end(w);
}

/* write_opens - jobs[].iostress.opens: the data files opened for writing
 * (stats.h: struct open_stat), and first_write_us when a write completed. */
static void write_opens(struct json_writer *w, const struct job_stats *st)
{
	const struct open_stat *o = &st->opens;

	json_obj_begin(w, "opens");
	json_u64(w, "files", o->files);
	json_double(w, "total_ms", (double)o->total_ns / 1e6);
	json_double(w, "max_ms", (double)o->max_ns / 1e6);
	json_u64(w, "bytes", o->bytes);
	json_double(w, "ms_per_file",
		    o->files ? (double)o->total_ns / 1e6 / (double)o->files : 0.0);
	json_u64(w, "bytes_per_file", o->files ? o->bytes / o->files : 0);
	json_obj_end(w);
	if (st->first_write_ns)
		json_double(w, "first_write_us", (double)st->first_write_ns / 1e3);
}

/* write_disk - one disk_util entry, with fio's keys in fio's order; md and
 * dm devices add fio's aggr_* over their members.  What iostress adds (the
 * kind, the devices underneath) goes under "iostress". */
static void write_disk(struct json_writer *w, const struct disk_set *set,
		       unsigned i, bool guest)
{
	const struct disk *dk = &set->disks[i];
	struct disk_util u;

	diskset_util(set, i, &u);
	json_obj_begin(w, NULL);
	json_str(w, "name", u.name);
	json_u64(w, "read_ios", u.ios[0]);
	json_u64(w, "write_ios", u.ios[1]);
	json_u64(w, "read_sectors", u.sectors[0]);
	json_u64(w, "write_sectors", u.sectors[1]);
	json_u64(w, "read_merges", u.merges[0]);
	json_u64(w, "write_merges", u.merges[1]);
	json_u64(w, "read_ticks", u.ticks[0]);
	json_u64(w, "write_ticks", u.ticks[1]);
	json_u64(w, "in_queue", u.in_queue);
	json_double(w, "util", u.util);
	if (u.has_aggr) {
		json_u64(w, "aggr_read_ios", u.aggr_ios[0]);
		json_u64(w, "aggr_write_ios", u.aggr_ios[1]);
		json_u64(w, "aggr_read_sectors", u.aggr_sectors[0]);
		json_u64(w, "aggr_write_sectors", u.aggr_sectors[1]);
		json_u64(w, "aggr_read_merges", u.aggr_merges[0]);
		json_u64(w, "aggr_write_merge", u.aggr_merges[1]);	/* sic, fio */
		json_u64(w, "aggr_read_ticks", u.aggr_ticks[0]);
		json_u64(w, "aggr_write_ticks", u.aggr_ticks[1]);
		json_u64(w, "aggr_in_queue", u.aggr_in_queue);
		json_double(w, "aggr_util", u.aggr_util);
	}
	json_obj_begin(w, "iostress");
	json_str(w, "kind", disk_kind_name(dk->kind));
	if (guest)
		json_bool(w, "guest", true);	/* seen inside a guest */
	json_arr_begin(w, dk->kind == DISK_LOOP ? "backing" : "members");
	for (unsigned k = 0; k < dk->nr_lower; k++)
		json_str(w, NULL, set->disks[dk->lower[k]].name);
	json_arr_end(w);
	json_obj_end(w);
	json_obj_end(w);
}

/* write_disk_util - the host's devices, then those a guest saw (marked
 * iostress.guest). */
static void write_disk_util(struct json_writer *w, const struct disk_set *host,
			    const struct disk_set *guest)
{
	json_arr_begin(w, "disk_util");
	for (unsigned i = 0; host && i < host->nr; i++)
		write_disk(w, host, i, false);
	for (unsigned i = 0; guest && i < guest->nr; i++)
		write_disk(w, guest, i, true);
	json_arr_end(w);
}

/* write_backend - the engine and what it actually used after probing:
 * io_uring setup flags that took effect, registered files and buffers. */
static void write_backend(struct json_writer *w, const struct report_entry *e)
{
	static const struct { unsigned bit; const char *name; } flags[] = {
		{ IORING_SETUP_SQPOLL, "sqpoll" },
		{ IORING_SETUP_IOPOLL, "iopoll" },
		{ IORING_SETUP_COOP_TASKRUN, "coop_taskrun" },
		{ IORING_SETUP_SINGLE_ISSUER, "single_issuer" },
		{ IORING_SETUP_DEFER_TASKRUN, "defer_taskrun" },
		{ IORING_SETUP_SUBMIT_ALL, "submit_all" },
	};
	const struct be_features *f = &e->st->features;

	json_obj_begin(w, "backend");
	json_str(w, "ioengine", e->job && e->job->ioengine ? e->job->ioengine : "");
	json_arr_begin(w, "uring_setup_flags");
	for (size_t i = 0; i < ARRAY_SIZE(flags); i++)
		if (f->uring_setup_flags & flags[i].bit)
			json_str(w, NULL, flags[i].name);
	json_arr_end(w);
	json_bool(w, "registered_files", f->fixed_files);
	json_bool(w, "registered_buffers", f->fixed_bufs);
	json_bool(w, "registered_ring_fd", f->registered_ring);
	json_bool(w, "aio_ring_reap", f->aio_ring_reap);
	json_obj_end(w);
}

/* write_target - jobs[].iostress.target: where the job ran and what
 * decides its performance there (targets/target.h). */
static void write_target(struct json_writer *w, const struct run_result *res,
			 const struct report_entry *e)
{
	const struct target_info *ti;

	if (!res->places || !e->job)
		return;
	ti = res->places[e->job - res->jobs->jobs];
	if (!ti)
		return;
	json_obj_begin(w, "target");
	json_str(w, "kind", ti->kind);
	json_str(w, "placement", ti->spec);
	json_str(w, "name", ti->name);
	json_double(w, "setup_ms", (double)ti->setup_ns / 1e6);
	for (unsigned i = 0; i < ti->nr_props; i++)
		json_str(w, ti->props[i].key, ti->props[i].val);
	json_obj_end(w);
}

/* write_mixed - unified_rw_reporting: read and write summed as "mixed"
 * (fio writes it in place of read, write and trim with mixed, after them
 * with both). */
static void write_mixed(struct json_writer *w, const struct run_result *res,
			const struct report_entry *e, bool plus)
{
	struct job_stats mixed;
	struct report_entry me;

	if (report_mixed_entry(e, &mixed, &me))
		return;
	write_dir(w, res, &me, 0, plus, "mixed");
	job_stats_release(&mixed);
}

/* write_steadystate - fio's "steadystate" object: the spec, whether it
 * was attained, the last check's figures and the window, oldest first
 * (bw in bytes/s). */
static void write_steadystate(struct json_writer *w, const struct ss_result *ss)
{
	char buf[64];

	json_obj_begin(w, "steadystate");
	ss_spec_text(&ss->spec, buf, sizeof(buf));
	json_str(w, "ss", buf);
	json_u64(w, "duration", ss->spec.dur);
	json_u64(w, "attained", ss->attained);
	snprintf(buf, sizeof(buf), "%f%s", (double)(float)ss->criterion,
		 ss->spec.flags & SS_PCT ? "%" : "");
	json_str(w, "criterion", buf);
	json_double(w, "max_deviation", ss->deviation);
	json_double(w, "slope", ss->slope);
	json_obj_begin(w, "data");
	json_u64(w, "bw_mean", ss_mean(ss->bw, ss->spec.dur));
	json_u64(w, "iops_mean", ss_mean(ss->iops, ss->spec.dur));
	json_u64_array(w, "iops", ss->iops, ss->spec.dur);
	json_u64_array(w, "bw", ss->bw, ss->spec.dur);
	json_obj_end(w);
	json_obj_end(w);
}

static void write_entry(struct json_writer *w, const struct run_result *res,
			const struct report_entry *e, bool plus)
{
	const struct job_stats *st = e->st;

	json_obj_begin(w, NULL);
	json_str(w, "jobname", e->name);
	json_u64(w, "groupid", e->groupid);
	json_i64(w, "error", report_error(e));
	for (unsigned d = 0; d < DDIR_NR; d++)
		if (report_unified(e) != UNIFIED_MIXED)
			write_dir(w, res, e, d, plus, ddir_keys[d]);
	if (report_unified(e) != UNIFIED_SPLIT)
		write_mixed(w, res, e, plus);
	json_u64(w, "job_runtime", report_ns_to_ms(e->cpu_runtime_ns));
	json_double(w, "usr_cpu", report_cpu_pct(e, st->cpu.usr_ns));
	json_double(w, "sys_cpu", report_cpu_pct(e, st->cpu.sys_ns));
	json_u64(w, "ctx", st->cpu.ctx);
	json_u64(w, "majf", st->cpu.majf);
	json_u64(w, "minf", st->cpu.minf);
	if (e->job && e->job->latency_target_ns) {	/* fio's latency_depth */
		json_u64(w, "latency_depth", st->latency_depth);
		json_u64(w, "latency_target", e->job->latency_target_ns);
		json_double(w, "latency_percentile", e->job->latency_percentile);
		json_u64(w, "latency_window", e->job->latency_window_ns / 1000);
	}
	if (report_counts_errors(e)) {	/* fio: only under continue_on_error */
		json_u64(w, "total_err", st->total_err);
		json_u64(w, "first_error", st->first_error);
	}
	if (e->job && e->job->description)	/* fio writes it only when set */
		json_str(w, "desc", e->job->description);
	if (st->ss)
		write_steadystate(w, st->ss);

	json_obj_begin(w, "iostress");
	json_str(w, "clock_source", res->clock_source ? res->clock_source : "unknown");
	json_bool(w, "interrupted", res->interrupted);
	json_u64(w, "jobs", e->nr_jobs);
	json_u64(w, "runtime_ns", st->runtime_ns);
	json_u64(w, "usr_ns", st->cpu.usr_ns);
	json_u64(w, "sys_ns", st->cpu.sys_ns);
	json_u64(w, "sync_ios", st->sync_ios);
	write_target(w, res, e);
	write_cpu(w, st);
	write_opens(w, st);
	if (report_counts_errors(e)) {	/* fio's total_err by type */
		json_obj_begin(w, "errors");
		json_u64(w, "read", st->err_read);
		json_u64(w, "write", st->err_write);
		json_u64(w, "verify", st->err_verify);
		json_obj_end(w);
	}
	write_backend(w, e);
	report_ranks_json(w, res, e);
	json_obj_end(w);

	json_obj_end(w);
}

/* format_time - ctime()'s text without its newline, as fio's "time". */
static void format_time(time_t t, char *buf, size_t len)
{
	struct tm tm;

	if (!localtime_r(&t, &tm) || !strftime(buf, len, "%a %b %e %H:%M:%S %Y", &tm))
		snprintf(buf, len, "%lld", (long long)t);
}

int report_json(FILE *out, const struct run_result *res, bool plus)
{
	struct json_writer w;
	struct report_entry e;
	unsigned pos = 0;
	char when[64];
	int ret;

	format_time(res->start_time, when, sizeof(when));
	json_init(&w, out);
	json_obj_begin(&w, NULL);
	json_str(&w, "iostress version", "iostress-" PACKAGE_VERSION);
	json_i64(&w, "timestamp", (int64_t)res->start_time);
	json_u64(&w, "timestamp_ms", res->start_ms);
	json_str(&w, "time", when);
	json_arr_begin(&w, "jobs");
	while (report_next_entry(res, &pos, &e))
		write_entry(&w, res, &e, plus);
	json_arr_end(&w);
	if (res->disks || res->guest_disks)
		write_disk_util(&w, res->disks, res->guest_disks);
	if (res->raid1 || res->ranks) {
		json_obj_begin(&w, "iostress");
		if (res->raid1)
			report_raid1_json(&w, "raid1", res->raid1);
		if (res->ranks)
			json_u64(&w, "mpi_ranks", res->ranks->nr);
		json_obj_end(&w);
	}
	json_obj_end(&w);
	ret = json_finish(&w);
	return ret == -EINVAL ? -EIO : ret;
}
