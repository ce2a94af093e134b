/* SPDX-License-Identifier: MIT */
/*
 * wire_fields.h - the plain fields of the stats structs as (key, offset)
 * tables, shared by wire_write.c and wire_read.c so that what is written
 * and what is read back are one list.  Only wire/ includes it.
 */
#ifndef IOSTRESS_WIRE_FIELDS_H
#define IOSTRESS_WIRE_FIELDS_H

#include <stddef.h>

#include "lib/array.h"
#include "measure/stats.h"

/* One uint64_t (or bool, for the bool tables) member of a struct. */
struct wire_field {
	const char *key;
	size_t off;
};

#define WF(type, member)	{ #member, offsetof(type, member) }

static const struct wire_field wire_dir_u64[] = {
	WF(struct dir_stats, ios),
	WF(struct dir_stats, bytes),
	WF(struct dir_stats, short_ios),
	WF(struct dir_stats, err_ios),
};

static const struct wire_field wire_lat_u64[] = {
	WF(struct lat_stat, n),
	WF(struct lat_stat, min),
	WF(struct lat_stat, max),
	WF(struct lat_stat, sum),
};

static const struct wire_field wire_rate_u64[] = {
	WF(struct rate_stat, samples),
	WF(struct rate_stat, min),
	WF(struct rate_stat, max),
};

static const struct wire_field wire_cpu_u64[] = {
	WF(struct cpu_usage, usr_ns),
	WF(struct cpu_usage, sys_ns),
	WF(struct cpu_usage, ctx),
	WF(struct cpu_usage, majf),
	WF(struct cpu_usage, minf),
};

static const struct wire_field wire_cycles_u64[] = {
	WF(struct cycles_stat, thread),
	WF(struct cycles_stat, process),
	WF(struct cycles_stat, system),
	WF(struct cycles_stat, span_ios),
	WF(struct cycles_stat, host),
	WF(struct cycles_stat, tsc_hz),
};

static const struct wire_field wire_opens_u64[] = {
	WF(struct open_stat, files),
	WF(struct open_stat, total_ns),
	WF(struct open_stat, max_ns),
	WF(struct open_stat, bytes),
};

static const struct wire_field wire_features_bool[] = {
	WF(struct be_features, fixed_files),
	WF(struct be_features, fixed_bufs),
	WF(struct be_features, registered_ring),
	WF(struct be_features, aio_ring_reap),
};

static const struct wire_field wire_job_u64[] = {
	WF(struct job_stats, runtime_ns),
	WF(struct job_stats, sync_ios),
	WF(struct job_stats, first_write_ns),
	WF(struct job_stats, total_err),
	WF(struct job_stats, first_error),
	WF(struct job_stats, err_read),
	WF(struct job_stats, err_write),
	WF(struct job_stats, err_verify),
	WF(struct job_stats, latency_depth),
};

#undef WF

/* wire_u64_at / wire_bool_at - the member f of the struct at base. */
static inline uint64_t *wire_u64_at(void *base, const struct wire_field *f)
{
	return (uint64_t *)((char *)base + f->off);
}

static inline bool *wire_bool_at(void *base, const struct wire_field *f)
{
	return (bool *)((char *)base + f->off);
}

#endif
