/* SPDX-License-Identifier: MIT */
/*
 * diskstats.c - reading /sys/block/<dev>/stat and turning two readings
 * into fio's disk_util figures.  Finding the devices is disk_resolve.c.
 */
#include "measure/diskstats.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lib/units.h"

void diskset_init(struct disk_set *s)
{
	memset(s, 0, sizeof(*s));
}

int diskset_find(const struct disk_set *s, const char *name)
{
	for (unsigned i = 0; i < s->nr; i++)
		if (!strcmp(s->disks[i].name, name))
			return (int)i;
	return -1;
}

const char *disk_kind_name(enum disk_kind kind)
{
	switch (kind) {
	case DISK_LOOP:
		return "loop";
	case DISK_MD:
		return "md";
	case DISK_DM:
		return "dm";
	default:
		return "disk";
	}
}

/* ------------------------------------------------------------------------
 * Readings
 */

int diskset_parse_stat(const char *text, struct disk_counters *c)
{
	/* read: ios merges sectors ticks; write: the same; in_flight,
	 * io_ticks, time_in_queue */
	uint64_t v[11];
	const char *p = text;

	for (unsigned i = 0; i < 11; i++) {
		char *end;

		v[i] = strtoull(p, &end, 10);
		if (end == p)
			return -EINVAL;
		p = end;
	}
	for (unsigned d = 0; d < 2; d++) {
		c->ios[d] = v[4 * d];
		c->merges[d] = v[4 * d + 1];
		c->sectors[d] = v[4 * d + 2];
		c->ticks[d] = v[4 * d + 3];
	}
	c->io_ticks = v[9];
	c->time_in_queue = v[10];
	return 0;
}

static int read_counters(const char *name, struct disk_counters *c)
{
	char path[64 + DISK_NAME_MAX], buf[512];
	ssize_t n;
	int fd, ret;

	snprintf(path, sizeof(path), "/sys/block/%s/stat", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret)
		return ret;
	buf[n] = '\0';
	return diskset_parse_stat(buf, c);
}

static uint64_t monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return timespec_ns(&ts);
}

int diskset_sample(struct disk_set *s, bool after)
{
	int ret = 0;

	for (unsigned i = 0; i < s->nr; i++) {
		struct disk_counters *c = after ? &s->disks[i].after : &s->disks[i].before;
		int r;

		memset(c, 0, sizeof(*c));
		r = read_counters(s->disks[i].name, c);
		if (r && !ret)
			ret = r;
	}
	if (after) {
		s->after_ns = monotonic_ns();
		s->have_after = true;
	} else {
		s->before_ns = monotonic_ns();
		s->have_before = true;
	}
	return ret;
}

/* ------------------------------------------------------------------------
 * fio's figures
 */

/* delta - after - before; a smaller after is taken as a 32-bit wrap (the
 * kernel keeps the ms counters in unsigned int on some versions). */
static uint64_t delta(uint64_t before, uint64_t after)
{
	if (after >= before)
		return after - before;
	if (before <= UINT32_MAX)
		return after + (1ull << 32) - before;
	return 0;
}

static double util_pct(uint64_t io_ticks, double elapsed_ms)
{
	double u;

	if (elapsed_ms <= 0)
		return 0.0;
	u = 100.0 * (double)io_ticks / elapsed_ms;
	return u > 100.0 ? 100.0 : u;
}

static void counters_delta(const struct disk *dk, struct disk_counters *out)
{
	const struct disk_counters *a = &dk->before, *b = &dk->after;

	for (unsigned d = 0; d < 2; d++) {
		out->ios[d] = delta(a->ios[d], b->ios[d]);
		out->merges[d] = delta(a->merges[d], b->merges[d]);
		out->sectors[d] = delta(a->sectors[d], b->sectors[d]);
		out->ticks[d] = delta(a->ticks[d], b->ticks[d]);
	}
	out->io_ticks = delta(a->io_ticks, b->io_ticks);
	out->time_in_queue = delta(a->time_in_queue, b->time_in_queue);
}

/* fill_aggr - fio's aggregate over an md/dm device's members: the members'
 * sums divided by their number, and the highest member util. */
static void fill_aggr(const struct disk_set *s, const struct disk *dk,
		      double elapsed_ms, struct disk_util *u)
{
	struct disk_counters sum, c;
	double max_util = 0.0;

	memset(&sum, 0, sizeof(sum));
	for (unsigned k = 0; k < dk->nr_lower; k++) {
		counters_delta(&s->disks[dk->lower[k]], &c);
		for (unsigned d = 0; d < 2; d++) {
			sum.ios[d] += c.ios[d];
			sum.merges[d] += c.merges[d];
			sum.sectors[d] += c.sectors[d];
			sum.ticks[d] += c.ticks[d];
		}
		sum.time_in_queue += c.time_in_queue;
		if (util_pct(c.io_ticks, elapsed_ms) > max_util)
			max_util = util_pct(c.io_ticks, elapsed_ms);
	}
	for (unsigned d = 0; d < 2; d++) {
		u->aggr_ios[d] = sum.ios[d] / dk->nr_lower;
		u->aggr_merges[d] = sum.merges[d] / dk->nr_lower;
		u->aggr_sectors[d] = sum.sectors[d] / dk->nr_lower;
		u->aggr_ticks[d] = sum.ticks[d] / dk->nr_lower;
	}
	u->aggr_in_queue = sum.time_in_queue / dk->nr_lower;
	u->aggr_util = max_util;
	u->has_aggr = true;
}

void diskset_util(const struct disk_set *s, unsigned i, struct disk_util *u)
{
	const struct disk *dk = &s->disks[i];
	struct disk_counters c;
	double elapsed_ms = 0.0;

	memset(u, 0, sizeof(*u));
	u->name = dk->name;
	if (!s->have_before || !s->have_after)
		return;
	if (s->after_ns > s->before_ns)
		elapsed_ms = (double)(s->after_ns - s->before_ns) / (double)NS_PER_MSEC;
	counters_delta(dk, &c);
	for (unsigned d = 0; d < 2; d++) {
		u->ios[d] = c.ios[d];
		u->merges[d] = c.merges[d];
		u->sectors[d] = c.sectors[d];
		u->ticks[d] = c.ticks[d];
	}
	u->in_queue = c.time_in_queue;
	u->util = util_pct(c.io_ticks, elapsed_ms);
	if ((dk->kind == DISK_MD || dk->kind == DISK_DM) && dk->nr_lower)
		fill_aggr(s, dk, elapsed_ms, u);
}
