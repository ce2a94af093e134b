/* SPDX-License-Identifier: MIT */
/*
 * iolog.h - fio-format latency, bandwidth and IOPS logs
 * (write_lat_log, write_bw_log, write_iops_log, log_avg_msec).
 *
 * Files, named as fio 3.33 names them (PREFIX is the option's value, or
 * the job's name when the option is bare; N is the job's number: its
 * position in the whole job list, from 1, clones included):
 *
 *   write_lat_log=PREFIX   PREFIX_slat.N.log  PREFIX_clat.N.log  PREFIX_lat.N.log
 *   write_bw_log=PREFIX    PREFIX_bw.N.log
 *   write_iops_log=PREFIX  PREFIX_iops.N.log
 *
 * Lines, as fio 3.33 writes them with its default log_offset=0:
 *
 *   time, value, ddir, bs, prio
 *
 * time is ms since the start of the job's measured period; ddir is 0 for
 * reads and 1 for writes; prio is the I/O priority.  With
 * log_offset (IOLOG_F_OFFSET) the offset goes before prio:
 * "time, value, ddir, bs, offset, prio".  prio is 1 when the I/O's
 * priority class is RT, else 0, as fio; with log_prio (IOLOG_F_PRIO) it is
 * the whole priority in hex, as fio: 0x2000 (class 1, level 0).
 *
 * Values:
 *   slat, clat, lat   ns
 *   bw                per I/O: bytes * 10^6 / clat_ns (fio's rate, i.e.
 *                     bytes/ms = KB/s); averaged: KiB/s over the window
 *   iops              per I/O: 1; averaged: I/Os per second over the window
 *
 * log_avg_msec = 0 writes one line per I/O.  log_avg_msec = W > 0 follows
 * fio's rules:
 *   - latency logs: each direction has its own window.  A sample is added
 *     to it; when the sample arrives W ms or more after the window's start,
 *     one line is written with the window's mean (rounded to nearest), time
 *     = now, bs = 0, offset = 0; the next window starts at now rounded down
 *     to a multiple of W.  iolog_close() writes what is left in open
 *     windows, as fio does at job exit.
 *   - bw and iops logs: one window for both directions; once W - 1 ms or
 *     more have passed since the last line (fio's LOG_MSEC_SLACK of 1 ms),
 *     a line per direction that moved data is written with the rate over
 *     the elapsed ms, bs = 0.  fio takes these from its helper thread;
 *     here they are taken at the first completion after the window ends,
 *     so a window in which nothing completes produces no line (fio's also
 *     writes none for a direction that moved nothing).  The final partial
 *     window is not written (as fio).
 *
 * Cost on the I/O path: iolog_add_io() stores a 32-byte binary record in
 * the log's buffer; nothing is formatted and no syscall is made until the
 * buffer (IOLOG_BUF_RECS records) is full, when iolog_flush() formats and
 * write()s it in one go.  A write error is kept in log->error, later
 * records are dropped, and iolog_close() returns it.
 *
 * A log belongs to one worker thread; nothing here locks.
 */
#ifndef IOSTRESS_IOLOG_H
#define IOSTRESS_IOLOG_H

#include <stdbool.h>
#include <stdint.h>

#include "lib/diag.h"
#include "lib/io.h"


enum iolog_kind {
	IOLOG_SLAT = 0,		/* PREFIX_slat.N.log (write_lat_log) */
	IOLOG_CLAT,		/* PREFIX_clat.N.log (write_lat_log) */
	IOLOG_LAT,		/* PREFIX_lat.N.log (write_lat_log) */
	IOLOG_BW,		/* PREFIX_bw.N.log (write_bw_log) */
	IOLOG_IOPS,		/* PREFIX_iops.N.log (write_iops_log) */
	IOLOG_NR,
};

/* iolog_open() flags */
#define IOLOG_F_OFFSET	(1u << 0)	/* fio's log_offset=1: add the offset
					 * column before prio */
#define IOLOG_F_PRIO	(1u << 1)	/* fio's log_prio=1: prio as 0x%04x */

/* Records buffered before a flush: 32 bytes each, 256 KiB per log. */
#define IOLOG_BUF_RECS	8192

/* Bytes of text formatted per write() at flush time. */
#define IOLOG_TEXT_BYTES	(64 * 1024)

/* One buffered line, formatted at flush time. */
struct iolog_rec {
	uint64_t t_ns;		/* ns since the log's start (iolog_start) */
	uint64_t value;
	uint64_t offset;
	uint32_t bs;
	uint16_t ddir;
	uint16_t prio;		/* the I/O's priority (class << 13 | level) */
};

struct iolog {
	enum iolog_kind kind;
	int fd;
	unsigned flags;			/* IOLOG_F_* */
	int error;			/* first -errno of a write; sticky */
	char *path;			/* owned; for messages */
	uint64_t base_ns;		/* clock value of time 0 */

	struct iolog_rec *recs;		/* IOLOG_BUF_RECS entries, owned */
	unsigned nr_recs;
	char *text;			/* IOLOG_TEXT_BYTES, owned: flush's
					 * formatting buffer */

	/* averaging (log_avg_msec > 0); times in ms since base_ns */
	unsigned avg_msec;		/* log_avg_msec; 0 = one line per I/O */
	uint64_t win_start_ms[DDIR_NR];	/* latency: window start per ddir;
					 * bw/iops: [0] is the last line */
	uint64_t win_sum[DDIR_NR];	/* latency: sum of samples; bw: bytes;
					 * iops: I/Os */
	uint64_t win_n[DDIR_NR];	/* samples in the window */
	uint64_t last_ms;		/* time of the latest averaged sample */
};

/*
 * iolog_open - create (truncate) the file for one log of one worker.
 * prefix is the option's value ("" means the job's name, jobname), jobnum
 * is N (from 1), avg_msec is log_avg_msec and flags IOLOG_F_*.  The clock
 * base is 0 until iolog_start().
 * Returns 0 with log ready, or -errno with a message in d (log is left
 * released, safe for iolog_close()).
 */
int iolog_open(struct iolog *log, enum iolog_kind kind, const char *prefix,
	       const char *jobname, unsigned jobnum, unsigned avg_msec,
	       unsigned flags, struct diag *d);

/*
 * iolog_path - the file name of a log: "PREFIX_KIND.N.log".  Returns a
 * malloc'd string, or NULL on ENOMEM.
 */
char *iolog_path(enum iolog_kind kind, const char *prefix,
		 const char *jobname, unsigned jobnum);

/* iolog_start - make now_ns time 0 and forget open averaging windows
 * (call at the start of the measured period, and again at the end of
 * ramp_time).  Records already buffered are kept. */
void iolog_start(struct iolog *log, uint64_t now_ns);

/* iolog_flush - format and write the buffered records.  Returns 0 or the
 * sticky -errno (log->error). */
int iolog_flush(struct iolog *log);

/* iolog_avg_add - averaging path of iolog_add_io(); not for direct use. */
void iolog_avg_add(struct iolog *log, uint64_t t_ns, uint64_t value,
		   unsigned ddir, uint64_t bs);

/* iolog_push - append one record, flushing first when the buffer is full. */
static inline void iolog_push(struct iolog *log, uint64_t t_ns,
			      uint64_t value, unsigned ddir, uint64_t bs,
			      uint64_t offset, unsigned prio)
{
	struct iolog_rec *r;

	if (__builtin_expect(log->nr_recs == IOLOG_BUF_RECS, 0))
		iolog_flush(log);
	r = &log->recs[log->nr_recs++];
	r->t_ns = t_ns;
	r->value = value;
	r->offset = offset;
	r->bs = (uint32_t)bs;
	r->ddir = (uint16_t)ddir;
	r->prio = (uint16_t)prio;
}

/*
 * iolog_add_io - log one completed I/O.  now_ns is the completion time on
 * the clock given to iolog_start(); value is the latency in ns for
 * slat/clat/lat logs, and for bw/iops logs the I/O's clat in ns (the log
 * turns it into fio's per-I/O rate).  ddir is DDIR_READ or DDIR_WRITE, bs
 * the bytes moved, offset the file offset, prio the I/O's priority
 * (averaged lines carry 0).  Hot path: a buffered store.
 */
static inline void iolog_add_io(struct iolog *log, uint64_t now_ns,
				uint64_t value, unsigned ddir, uint64_t bs,
				uint64_t offset, unsigned prio)
{
	uint64_t t = now_ns - log->base_ns;

	if (now_ns < log->base_ns)
		t = 0;
	if (log->avg_msec) {
		iolog_avg_add(log, t, value, ddir, bs);
		return;
	}
	switch (log->kind) {
	case IOLOG_BW:
		value = value ? bs * 1000000u / value : 0;
		break;
	case IOLOG_IOPS:
		value = 1;
		break;
	default:
		break;
	}
	iolog_push(log, t, value, ddir, bs, offset, prio);
}

/*
 * iolog_close - write open averaging windows of latency logs stamped with
 * now_ns (the job's end, as fio at job exit; 0 = the last sample's time),
 * flush, close and free.  Returns 0 or the first -errno (write
 * or close).  Safe on a released or zeroed log; log is released after.
 */
int iolog_close(struct iolog *log, uint64_t now_ns);

/* ------------------------------------------------------------------------
 * All logs of one worker, recorded in one call per I/O.
 */

struct iolog_set {
	struct iolog log[IOLOG_NR];
	bool on[IOLOG_NR];		/* which logs are open */
};

/* What a job asks to log: its write_lat_log, write_bw_log and
 * write_iops_log prefixes (NULL = off), log_avg_msec and log_offset. */
struct iolog_opts {
	const char *lat_prefix;
	const char *bw_prefix;
	const char *iops_prefix;
	const char *jobname;
	unsigned avg_msec;
	bool log_offset;		/* log_offset=1: lines carry the offset */
	bool log_prio;			/* log_prio=1: prio is the whole value */
};

/*
 * iolog_set_open - open every log o asks for, for job number jobnum (the
 * worker's index + 1).  *out is NULL when it asks for none, so the
 * worker's I/O path needs one branch: if (w->logs) iolog_set_record(...).
 * Returns 0 or -errno with a message in d (nothing left open).
 */
int iolog_set_open(struct iolog_set **out, const struct iolog_opts *o,
		   unsigned jobnum, struct diag *d);

/* iolog_set_start - iolog_start() on every open log. */
void iolog_set_start(struct iolog_set *s, uint64_t now_ns);

/*
 * iolog_set_record - log one completed data I/O in every open log.  slat
 * and clat in ns as recorded into the stats, prio the I/O's priority (lat = slat + clat); slat goes
 * to the slat log only when has_slat (asynchronous backends, as
 * stats_record()'s record_slat).  Hot path.
 */
static inline void iolog_set_record(struct iolog_set *s, uint64_t now_ns,
				    unsigned ddir, uint64_t bs,
				    uint64_t offset, unsigned prio, uint64_t slat,
				    uint64_t clat, bool has_slat)
{
	if (s->on[IOLOG_SLAT] && has_slat)
		iolog_add_io(&s->log[IOLOG_SLAT], now_ns, slat, ddir, bs, offset, prio);
	if (s->on[IOLOG_CLAT])
		iolog_add_io(&s->log[IOLOG_CLAT], now_ns, clat, ddir, bs, offset, prio);
	if (s->on[IOLOG_LAT])
		iolog_add_io(&s->log[IOLOG_LAT], now_ns, slat + clat, ddir, bs,
			     offset, prio);
	if (s->on[IOLOG_BW])
		iolog_add_io(&s->log[IOLOG_BW], now_ns, clat, ddir, bs, offset, prio);
	if (s->on[IOLOG_IOPS])
		iolog_add_io(&s->log[IOLOG_IOPS], now_ns, clat, ddir, bs, offset, prio);
}

/*
 * iolog_set_close - iolog_close(log, now_ns) every log and free s; now_ns
 * is the clock at the job's end.  Returns 0 or the
 * first -errno, with a message naming the file in d.  NULL is fine.
 */
int iolog_set_close(struct iolog_set *s, uint64_t now_ns, struct diag *d);

#endif
