/* SPDX-License-Identifier: MIT */
/*
 * cycles.c - CPU cycles of a thread, the process and the system (see
 * cycles.h for what each figure includes and where it comes from).
 */
#include "measure/cycles.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lib/array.h"
#include "lib/units.h"
#include "measure/clock.h"

/* ------------------------------------------------------------------------
 * Figures in a cycles_stat
 */

static uint8_t weaker_source(uint8_t a, uint8_t b)
{
	if (a == CYCLES_SRC_NONE)
		return b;
	if (b == CYCLES_SRC_NONE)
		return a;
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

void cycles_stat_merge(struct cycles_stat *dst, const struct cycles_stat *src)
{
	dst->thread += src->thread;
	dst->process = max_u64(dst->process, src->process);
	dst->system = max_u64(dst->system, src->system);
	dst->host = max_u64(dst->host, src->host);
	dst->span_ios = max_u64(dst->span_ios, src->span_ios);
	dst->tsc_hz = max_u64(dst->tsc_hz, src->tsc_hz);
	dst->source = weaker_source(dst->source, src->source);
}

void cycles_stat_add(struct cycles_stat *dst, const struct cycles_stat *src)
{
	dst->thread += src->thread;
	dst->process += src->process;
	dst->system += src->system;
	dst->host += src->host;
	dst->span_ios += src->span_ios;
	dst->tsc_hz = max_u64(dst->tsc_hz, src->tsc_hz);
	dst->source = weaker_source(dst->source, src->source);
}

double cycles_per_io(uint64_t cycles, uint64_t ios)
{
	return ios ? (double)cycles / (double)ios : 0.0;
}

uint64_t cycles_from_ns(uint64_t ns, uint64_t tsc_hz)
{
	return (uint64_t)((unsigned __int128)ns * tsc_hz / NS_PER_SEC);
}

void cycles_span_apply(const struct cycles_stat *span, uint64_t span_ios,
		       struct cycles_stat *job)
{
	job->process = span->process;
	job->system = span->system;
	job->span_ios = span_ios;
	job->tsc_hz = max_u64(job->tsc_hz, span->tsc_hz);
	job->source = weaker_source(job->source, span->source);
}

/* ------------------------------------------------------------------------
 * The PMU
 */

/* perf_cycles_open - a HW_CPU_CYCLES counter on the calling thread, user
 * and kernel, counting from now; inherit makes it follow threads created
 * afterwards.  Returns the fd or -errno. */
static int perf_cycles_open(bool inherit)
{
	struct perf_event_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_HARDWARE;
	attr.config = PERF_COUNT_HW_CPU_CYCLES;
	attr.inherit = inherit;
	attr.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	return fd < 0 ? -errno : (int)fd;
}

static int perf_read(int fd, uint64_t *val)
{
	ssize_t n = read(fd, val, sizeof(*val));

	if (n < 0)
		return -errno;
	return n == (ssize_t)sizeof(*val) ? 0 : -EIO;
}

static enum cycles_source probed_source;
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void probe_source(void)
{
	int fd = perf_cycles_open(false);

	if (fd >= 0) {
		uint64_t v;

		if (!perf_read(fd, &v)) {
			probed_source = CYCLES_SRC_PMU;
			close(fd);
			return;
		}
		close(fd);
	}
	probed_source = clock_tsc_hz() ? CYCLES_SRC_CPU_TIME : CYCLES_SRC_NONE;
}

enum cycles_source cycles_source(void)
{
	pthread_once(&probe_once, probe_source);
	return probed_source;
}

const char *cycles_source_name(enum cycles_source src)
{
	switch (src) {
	case CYCLES_SRC_PMU:
		return "pmu";
	case CYCLES_SRC_CPU_TIME:
		return "cpu-time";
	default:
		return "none";
	}
}

/* ------------------------------------------------------------------------
 * CPU clocks
 */

static int cpu_clock_ns(clockid_t id, uint64_t *ns)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return -errno;
	*ns = timespec_ns(&ts);
	return 0;
}

/* ------------------------------------------------------------------------
 * A worker thread
 */

int cycles_thread_begin(struct cycles_thread *t)
{
	if (!t->open && cycles_source() == CYCLES_SRC_PMU) {
		int fd = perf_cycles_open(false);

		if (fd >= 0) {
			t->fd = fd;
			t->open = true;
		}
	}
	t->started = true;
	if (t->open) {
		t->source = CYCLES_SRC_PMU;
		if (!perf_read(t->fd, &t->start))
			return 0;
		close(t->fd);		/* unreadable: fall back for good */
		t->open = false;
	}
	t->source = clock_tsc_hz() ? CYCLES_SRC_CPU_TIME : CYCLES_SRC_NONE;
	return cpu_clock_ns(CLOCK_THREAD_CPUTIME_ID, &t->start);
}

int cycles_thread_end(struct cycles_thread *t, struct cycles_stat *out)
{
	uint64_t now = 0;
	int ret;

	out->thread = 0;
	out->tsc_hz = clock_tsc_hz();
	if (!t->started)
		return -EINVAL;
	t->started = false;
	if (t->open) {
		ret = perf_read(t->fd, &now);
		close(t->fd);
		t->open = false;
		if (ret)
			return ret;
		out->thread = now - t->start;
	} else {
		ret = cpu_clock_ns(CLOCK_THREAD_CPUTIME_ID, &now);
		if (ret)
			return ret;
		out->thread = cycles_from_ns(now - t->start, out->tsc_hz);
	}
	out->source = t->source;
	return 0;
}

/* ------------------------------------------------------------------------
 * The system: /proc/stat
 */

int cycles_proc_stat_busy(const char *text, uint64_t *jiffies)
{
	/* user nice system idle iowait irq softirq steal */
	static const bool busy[] = { 1, 1, 1, 0, 0, 1, 1, 1 };
	const char *p = text;
	uint64_t sum = 0;

	while (p && strncmp(p, "cpu ", 4)) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return -EINVAL;
	p += 4;
	for (unsigned i = 0; i < ARRAY_SIZE(busy); i++) {
		char *end;
		unsigned long long v = strtoull(p, &end, 10);

		if (end == p) {
			if (i < 4)		/* older kernels stop early */
				return -EINVAL;
			break;
		}
		if (busy[i])
			sum += v;
		p = end;
	}
	*jiffies = sum;
	return 0;
}

int cycles_system_jiffies(uint64_t *jiffies)
{
	char buf[4096];
	ssize_t n;
	int fd, ret;

	fd = open("/proc/stat", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);	/* the "cpu" line is first */
	ret = n < 0 ? -errno : 0;
	close(fd);
	if (ret)
		return ret;
	buf[n] = '\0';
	return cycles_proc_stat_busy(buf, jiffies);
}

/* ------------------------------------------------------------------------
 * A phase
 */

int cycles_span_begin(struct cycles_span *s)
{
	int ret;

	memset(s, 0, sizeof(*s));
	ret = cycles_system_jiffies(&s->sys_start);
	if (ret)
		return ret;
	if (cycles_source() == CYCLES_SRC_PMU) {
		int fd = perf_cycles_open(true);

		if (fd >= 0 && !perf_read(fd, &s->proc_start)) {
			s->fd = fd;
			s->open = true;
			s->source = CYCLES_SRC_PMU;
			return 0;
		}
		if (fd >= 0)
			close(fd);
	}
	s->source = clock_tsc_hz() ? CYCLES_SRC_CPU_TIME : CYCLES_SRC_NONE;
	return cpu_clock_ns(CLOCK_PROCESS_CPUTIME_ID, &s->proc_start);
}

int cycles_span_end(struct cycles_span *s, struct cycles_stat *out)
{
	uint64_t tsc_hz = clock_tsc_hz(), proc, sys;
	long hz = sysconf(_SC_CLK_TCK);
	int ret;

	if (s->open) {
		ret = perf_read(s->fd, &proc);
		close(s->fd);
		s->open = false;
		if (ret)
			return ret;
		proc -= s->proc_start;
	} else {
		ret = cpu_clock_ns(CLOCK_PROCESS_CPUTIME_ID, &proc);
		if (ret)
			return ret;
		proc = cycles_from_ns(proc - s->proc_start, tsc_hz);
	}
	ret = cycles_system_jiffies(&sys);
	if (ret)
		return ret;
	if (hz <= 0)
		hz = 100;
	out->process = proc;
	out->system = (uint64_t)((unsigned __int128)(sys - s->sys_start) *
				 tsc_hz / (uint64_t)hz);
	out->tsc_hz = tsc_hz;
	out->source = s->source;
	return 0;
}
