/* SPDX-License-Identifier: MIT */
/*
 * iolog.c - fio-format latency, bandwidth and IOPS logs (iolog.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/units.h"
#include "measure/iolog.h"

static const char *const kind_suffix[IOLOG_NR] = {
	[IOLOG_SLAT] = "slat",
	[IOLOG_CLAT] = "clat",
	[IOLOG_LAT] = "lat",
	[IOLOG_BW] = "bw",
	[IOLOG_IOPS] = "iops",
};

/* fio's LOG_MSEC_SLACK: a bw/iops window this close to its end counts. */
#define LOG_MSEC_SLACK	1

/* ------------------------------------------------------------------------
 * Naming, opening
 */

char *iolog_path(enum iolog_kind kind, const char *prefix,
		 const char *jobname, unsigned jobnum)
{
	char *path;

	if (!prefix || !*prefix)
		prefix = jobname ? jobname : "";
	if (asprintf(&path, "%s_%s.%u.log", prefix, kind_suffix[kind],
		     jobnum) < 0)
		return NULL;
	return path;
}

/* iolog_free_buffers - free what iolog_open() allocated and leave the log
 * closed (fd -1), ready to be opened again. */
static void iolog_free_buffers(struct iolog *log)
{
	free(log->text);
	free(log->recs);
	free(log->path);
	memset(log, 0, sizeof(*log));
	log->fd = -1;
}

int iolog_open(struct iolog *log, enum iolog_kind kind, const char *prefix,
	       const char *jobname, unsigned jobnum, unsigned avg_msec,
	       unsigned flags, struct diag *d)
{
	int ret;

	memset(log, 0, sizeof(*log));
	log->fd = -1;
	log->kind = kind;
	log->flags = flags;
	log->avg_msec = avg_msec;
	log->path = iolog_path(kind, prefix, jobname, jobnum);
	log->recs = malloc(IOLOG_BUF_RECS * sizeof(*log->recs));
	log->text = malloc(IOLOG_TEXT_BYTES);
	if (!log->path || !log->recs || !log->text) {
		diag_set(d, NULL, "unable to allocate a log buffer: %s",
			 strerror(ENOMEM));
		ret = -ENOMEM;
		goto err_free_buffers;
	}
	log->fd = open(log->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		       0644);
	if (log->fd < 0) {
		ret = -errno;
		diag_set(d, NULL, "unable to create log '%s': %s", log->path,
			 strerror(-ret));
		goto err_free_buffers;
	}
	return 0;

err_free_buffers:
	iolog_free_buffers(log);
	return ret;
}

void iolog_start(struct iolog *log, uint64_t now_ns)
{
	log->base_ns = now_ns;
	memset(log->win_start_ms, 0, sizeof(log->win_start_ms));
	memset(log->win_sum, 0, sizeof(log->win_sum));
	memset(log->win_n, 0, sizeof(log->win_n));
}

/* ------------------------------------------------------------------------
 * Formatting and writing
 */

/* put_u64 - decimal v at p; returns the end. */
static char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static char *put_sep(char *p)
{
	*p++ = ',';
	*p++ = ' ';
	return p;
}

/* format_rec - one line, fio's "%lu, %llu, %u, %llu[, %llu], %u\n". */
static char *format_rec(char *p, const struct iolog_rec *r, unsigned flags)
{
	p = put_sep(put_u64(p, r->t_ns / NS_PER_MSEC));
	p = put_sep(put_u64(p, r->value));
	p = put_sep(put_u64(p, r->ddir));
	p = put_sep(put_u64(p, r->bs));
	if (flags & IOLOG_F_OFFSET)
		p = put_sep(put_u64(p, r->offset));
	if (flags & IOLOG_F_PRIO) {	/* the whole priority, 0x%04x */
		static const char hex[] = "0123456789abcdef";

		*p++ = '0';
		*p++ = 'x';
		for (int sh = 12; sh >= 0; sh -= 4)
			*p++ = hex[(r->prio >> sh) & 0xf];
	} else {		/* fio: 1 for class RT, else 0 */
		*p++ = (r->prio >> 13) == 1 ? '1' : '0';
	}
	*p++ = '\n';
	return p;
}

/* The longest line: five 20-digit numbers, a six-character prio,
 * separators. */
#define IOLOG_LINE_MAX	(5 * 20 + 6 + 5 * 2 + 1)

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int iolog_flush(struct iolog *log)
{
	char *p = log->text;
	unsigned i;
	int ret;

	if (log->error || log->fd < 0) {
		log->nr_recs = 0;
		return log->error;
	}
	for (i = 0; i < log->nr_recs; i++) {
		if ((size_t)(p - log->text) > IOLOG_TEXT_BYTES - IOLOG_LINE_MAX) {
			ret = write_all(log->fd, log->text,
					(size_t)(p - log->text));
			if (ret)
				goto err_drop;
			p = log->text;
		}
		p = format_rec(p, &log->recs[i], log->flags);
	}
	ret = write_all(log->fd, log->text, (size_t)(p - log->text));
	if (ret)
		goto err_drop;
	log->nr_recs = 0;
	return 0;

err_drop:
	log->error = ret;
	log->nr_recs = 0;
	return ret;
}

/* ------------------------------------------------------------------------
 * Averaging (log_avg_msec > 0)
 */

/* lat_window_close - write the mean of ddir's window at t_ms, fio's
 * __add_stat_to_log(): only when it holds samples; then empty it. */
static void lat_window_close(struct iolog *log, unsigned ddir, uint64_t t_ms)
{
	uint64_t n = log->win_n[ddir];

	if (n) {
		/* floor(mean + 0.5), as fio's "mean.u.f + 0.50" */
		uint64_t mean = (uint64_t)(((unsigned __int128)log->win_sum[ddir] * 2 + n) /
					   (2 * (unsigned __int128)n));

		iolog_push(log, t_ms * NS_PER_MSEC, mean, ddir, 0, 0, 0);
	}
	log->win_sum[ddir] = 0;
	log->win_n[ddir] = 0;
}

/* lat_avg_add - fio's add_log_sample() for an inline (per-I/O) log. */
static void lat_avg_add(struct iolog *log, uint64_t t_ms, uint64_t value,
			unsigned ddir)
{
	log->win_sum[ddir] += value;
	log->win_n[ddir]++;
	if (t_ms < log->win_start_ms[ddir] ||
	    t_ms - log->win_start_ms[ddir] < log->avg_msec)
		return;
	lat_window_close(log, ddir, t_ms);
	log->win_start_ms[ddir] = t_ms - t_ms % log->avg_msec;
}

/* rate_avg_add - fio's __add_samples() for bw (KiB/s) and iops logs. */
static void rate_avg_add(struct iolog *log, uint64_t t_ms, unsigned ddir,
			 uint64_t bs)
{
	uint64_t spent;
	unsigned i;

	log->win_sum[ddir] += log->kind == IOLOG_BW ? bs : 1;
	spent = t_ms > log->win_start_ms[0] ? t_ms - log->win_start_ms[0] : 0;
	if (spent < log->avg_msec && log->avg_msec - spent > LOG_MSEC_SLACK)
		return;
	for (i = 0; i < DDIR_NR; i++) {
		uint64_t delta = log->win_sum[i], rate = 0;

		if (!delta)
			continue;
		if (spent && log->kind == IOLOG_BW)
			rate = delta * MSEC_PER_SEC / spent / 1024;
		else if (spent)
			rate = delta * MSEC_PER_SEC / spent;
		iolog_push(log, t_ms * NS_PER_MSEC, rate, i, 0, 0, 0);
		log->win_sum[i] = 0;
	}
	log->win_start_ms[0] = t_ms;
}

void iolog_avg_add(struct iolog *log, uint64_t t_ns, uint64_t value,
		   unsigned ddir, uint64_t bs)
{
	uint64_t t_ms = t_ns / NS_PER_MSEC;

	log->last_ms = t_ms;
	if (ddir >= DDIR_NR)
		return;
	if (log->kind == IOLOG_BW || log->kind == IOLOG_IOPS)
		rate_avg_add(log, t_ms, ddir, bs);
	else
		lat_avg_add(log, t_ms, value, ddir);
}

/* ------------------------------------------------------------------------
 * Closing
 */

int iolog_close(struct iolog *log, uint64_t now_ns)
{
	int ret;

	if (log->fd >= 0 && log->avg_msec && log->kind != IOLOG_BW &&
	    log->kind != IOLOG_IOPS) {
		/* fio's finalize_logs(): what is left in the open windows,
		 * stamped with the time of the job's end */
		uint64_t t_ms = log->last_ms;

		if (now_ns > log->base_ns &&
		    (now_ns - log->base_ns) / NS_PER_MSEC > t_ms)
			t_ms = (now_ns - log->base_ns) / NS_PER_MSEC;
		for (unsigned i = 0; i < DDIR_NR; i++)
			lat_window_close(log, i, t_ms);
	}
	ret = iolog_flush(log);
	if (log->fd >= 0 && close(log->fd) && !ret)
		ret = -errno;
	iolog_free_buffers(log);
	return ret;
}

/* ------------------------------------------------------------------------
 * The set of a worker's logs
 */

/* iolog_close_named - iolog_close() with a message naming the file. */
static int iolog_close_named(struct iolog *log, uint64_t now_ns,
			     struct diag *d)
{
	char *path = log->path;
	int ret;

	log->path = NULL;	/* keep it past the release */
	ret = iolog_close(log, now_ns);
	if (ret)
		diag_set(d, NULL, "unable to write log '%s': %s", path,
			 strerror(-ret));
	free(path);
	return ret;
}

int iolog_set_open(struct iolog_set **out, const struct iolog_opts *o,
		   unsigned jobnum, struct diag *d)
{
	const char *prefix[IOLOG_NR] = {
		[IOLOG_SLAT] = o->lat_prefix,
		[IOLOG_CLAT] = o->lat_prefix,
		[IOLOG_LAT] = o->lat_prefix,
		[IOLOG_BW] = o->bw_prefix,
		[IOLOG_IOPS] = o->iops_prefix,
	};
	struct iolog_set *s;
	unsigned k;
	int ret;

	*out = NULL;
	if (!o->lat_prefix && !o->bw_prefix && !o->iops_prefix)
		return 0;
	s = calloc(1, sizeof(*s));
	if (!s) {
		diag_set(d, NULL, "unable to allocate logs: %s",
			 strerror(ENOMEM));
		return -ENOMEM;
	}
	for (k = 0; k < IOLOG_NR; k++)
		s->log[k].fd = -1;
	for (k = 0; k < IOLOG_NR; k++) {
		if (!prefix[k])
			continue;
		ret = iolog_open(&s->log[k], k, prefix[k], o->jobname, jobnum,
				 o->avg_msec, (o->log_offset ? IOLOG_F_OFFSET : 0) |
				 (o->log_prio ? IOLOG_F_PRIO : 0), d);
		if (ret)
			goto err_close;
		s->on[k] = true;
	}
	*out = s;
	return 0;

err_close:
	iolog_set_close(s, 0, NULL);
	return ret;
}

void iolog_set_start(struct iolog_set *s, uint64_t now_ns)
{
	for (unsigned k = 0; k < IOLOG_NR; k++)
		if (s->on[k])
			iolog_start(&s->log[k], now_ns);
}

int iolog_set_close(struct iolog_set *s, uint64_t now_ns, struct diag *d)
{
	int ret = 0;

	if (!s)
		return 0;
	for (unsigned k = 0; k < IOLOG_NR; k++) {
		int r;

		if (!s->on[k])
			continue;
		if (!ret && s->log[k].path)
			r = iolog_close_named(&s->log[k], now_ns, d);
		else
			r = iolog_close(&s->log[k], now_ns);
		if (r && !ret)
			ret = r;
	}
	free(s);
	return ret;
}
