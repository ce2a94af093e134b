/* SPDX-License-Identifier: MIT */
/*
 * cycles.h - CPU cycles spent per I/O, counted three ways (doc/design.md,
 * "Measurement"):
 *
 *   thread   the worker thread's own cycles, from its start (or the end of
 *            its ramp) to the end of its run;
 *   process  the whole process over a phase: every worker, the runner,
 *            and io_uring's io-wq (iou-wrk-*) and sqpoll (iou-sqp-*)
 *            threads, which since Linux 5.12 are threads of the process
 *            that owns the ring, so its CPU time includes theirs;
 *   system   every CPU over the same phase, from the non-idle jiffies of
 *            /proc/stat's "cpu" line: user + nice + system + irq + softirq
 *            + steal.  iowait is idle time (a CPU with nothing to run while
 *            I/O is outstanding spends no cycles) and is left out; guest
 *            time is already inside user and nice.
 *
 * Source.  When perf_event_open(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES)
 * works for the calling thread, the thread and process figures are counted
 * by the PMU ("pmu").  Otherwise (no PMU, as in most VMs) they are CPU time
 * (CLOCK_THREAD_CPUTIME_ID, CLOCK_PROCESS_CPUTIME_ID) times clock_tsc_hz()
 * ("cpu-time"), an estimate that assumes the cores run at the TSC rate.
 * The system figure always comes from /proc/stat (jiffies times
 * tsc_hz / USER_HZ), so it is an estimate with 1/USER_HZ s (10 ms)
 * resolution per CPU; over short phases it may come out below the process
 * figure.
 *
 * Usage: the runner wraps each phase in cycles_span_begin()/end() (begin
 * before it creates the worker threads, so that a PMU counter with inherit
 * follows them), and each worker wraps its measured period in
 * cycles_thread_begin()/end().
 *
 * clock_init() must have run before any of these are used.
 */
#ifndef IOSTRESS_CYCLES_H
#define IOSTRESS_CYCLES_H

#include <stdbool.h>
#include <stdint.h>

enum cycles_source {
	CYCLES_SRC_NONE = 0,	/* nothing measured */
	CYCLES_SRC_CPU_TIME,	/* CPU time x TSC Hz: an estimate */
	CYCLES_SRC_PMU,		/* perf_event_open HW_CPU_CYCLES */
};

/*
 * What one job (or a merged group) spent, as stored in struct job_stats.
 * thread adds across workers.  process, system and span_ios describe the
 * phase the job ran in, and are the same for every job of that phase, so
 * merging keeps the larger of each (a group never spans phases).
 */
struct cycles_stat {
	uint64_t thread;	/* cycles of the job's worker threads */
	uint64_t process;	/* cycles of the whole process, over the phase */
	uint64_t system;	/* cycles of all CPUs, over the phase */
	uint64_t span_ios;	/* I/Os completed by every job of the phase:
				 * the divisor for process, system and host */
	uint64_t host;		/* what the host spent on a remote placement
				 * over the phase, seen from outside it (the
				 * worker process, a container's cgroup, the
				 * QEMU process); 0 for native */
	uint64_t tsc_hz;	/* TSC Hz used for estimates; 0 if none */
	uint8_t source;		/* enum cycles_source; the weakest used */
};

/* cycles_stat_merge - fold src into dst with the rules above; the merged
 * source is the weaker of the two (an estimate taints the sum). */
void cycles_stat_merge(struct cycles_stat *dst, const struct cycles_stat *src);

/* cycles_stat_add - fold in the figures of another process (an MPI
 * rank): thread, process, system, host and span_ios all add, so that the
 * per-I/O figures are over every process; tsc_hz and source as
 * cycles_stat_merge(). */
void cycles_stat_add(struct cycles_stat *dst, const struct cycles_stat *src);

/* cycles_per_io - cycles / ios, or 0 when ios is 0. */
double cycles_per_io(uint64_t cycles, uint64_t ios);

/* cycles_source - what this machine offers for the thread and process
 * figures: CYCLES_SRC_PMU when a HW_CPU_CYCLES counter opens for the
 * calling thread, else CYCLES_SRC_CPU_TIME (or CYCLES_SRC_NONE without a
 * TSC frequency).  Probed once; thread-safe. */
enum cycles_source cycles_source(void);

/* cycles_source_name - "pmu", "cpu-time" or "none", for reports. */
const char *cycles_source_name(enum cycles_source src);

/* ------------------------------------------------------------------------
 * A worker thread
 */

struct cycles_thread {
	int fd;			/* perf counter, valid while open */
	bool open;		/* fd holds a counter */
	bool started;		/* begin() has run */
	uint8_t source;		/* enum cycles_source of this sampler */
	uint64_t start;		/* counter value, or thread CPU ns, at begin */
};

/*
 * cycles_thread_begin - start (or, called again, restart: end of ramp)
 * counting the calling thread.  Opens a PMU counter the first time when
 * cycles_source() is CYCLES_SRC_PMU, falling back to thread CPU time if
 * the open fails.  t must be zeroed before the first call.  Returns 0 or
 * -errno (when even the CPU clock cannot be read).
 */
int cycles_thread_begin(struct cycles_thread *t);

/*
 * cycles_thread_end - stop counting (on the same thread as begin) and set
 * out->thread, out->source and out->tsc_hz.  Closes the counter; t may be
 * begun again.  Returns 0 or -errno (out->thread is then 0).
 */
int cycles_thread_end(struct cycles_thread *t, struct cycles_stat *out);

/* ------------------------------------------------------------------------
 * A phase: process and system
 */

struct cycles_span {
	int fd;			/* inherited perf counter, valid while open */
	bool open;
	uint8_t source;		/* enum cycles_source of the process figure */
	uint64_t proc_start;	/* counter value, or process CPU ns, at begin */
	uint64_t sys_start;	/* busy jiffies of all CPUs at begin */
};

/*
 * cycles_span_begin - start counting the whole process and the whole
 * system.  Call on the runner thread before creating the threads to be
 * counted (a PMU counter follows only threads created after it opens).
 * Returns 0 or -errno (/proc/stat or the CPU clock unreadable).
 */
int cycles_span_begin(struct cycles_span *s);

/*
 * cycles_span_end - stop, and set out->process, out->system, out->tsc_hz
 * and out->source (the process figure's).  out->span_ios is left to the
 * caller, who knows the phase's I/Os.  Closes the counter.  Returns 0 or
 * -errno, in which case out is unchanged.
 */
int cycles_span_end(struct cycles_span *s, struct cycles_stat *out);

/* cycles_span_apply - copy the phase-wide figures of span (process,
 * system, source, tsc_hz) into a job's stat, with span_ios as the phase's
 * I/O count.  The job's own thread figure is kept. */
void cycles_span_apply(const struct cycles_stat *span, uint64_t span_ios,
		       struct cycles_stat *job);

/* ------------------------------------------------------------------------
 * Building blocks, exposed for the tests
 */

/* cycles_proc_stat_busy - sum of the busy fields (see above) of the "cpu"
 * line of a /proc/stat text.  Returns 0 or -EINVAL when there is none. */
int cycles_proc_stat_busy(const char *text, uint64_t *jiffies);

/* cycles_system_jiffies - busy jiffies of all CPUs, from /proc/stat.
 * Returns 0 or -errno. */
int cycles_system_jiffies(uint64_t *jiffies);

/* cycles_from_ns - ns of CPU time as cycles at tsc_hz. */
uint64_t cycles_from_ns(uint64_t ns, uint64_t tsc_hz);

#endif
