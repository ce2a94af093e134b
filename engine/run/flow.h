/* SPDX-License-Identifier: MIT */
/*
 * flow.h - fio's flow control (flow, flow_id, flow_sleep): jobs of one
 * phase that share a flow_id keep their I/O counts in the ratio of their
 * flow weights.
 *
 * fio 3.33's flow.c: a flow holds a counter of I/Os (starting at 1) and
 * the sum of its jobs' weights.  Before each I/O a job compares its own
 * count over the flow's with its weight over the total; while it is ahead
 * it is held back (after flow_sleep µs, or at once) and asks again; else
 * it counts the I/O in both.  A job that ends takes its count and weight
 * out of the flow.
 */
#ifndef IOSTRESS_FLOW_H
#define IOSTRESS_FLOW_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "job/job.h"

struct flow {
	unsigned id;				/* flow_id */
	atomic_uint_fast64_t counter;		/* I/Os of the flow, + 1 */
	atomic_uint_fast64_t weight;		/* its jobs' weights, summed */
};

/* The flows of one phase. */
struct flow_set {
	struct flow *flows;
	unsigned nr;
};

/*
 * flow_set_init - one flow per flow_id among jobs[i] with i in [first,
 * first + n) and a flow weight, each weighing what its jobs do.  Returns 0
 * or -ENOMEM; an empty set when no job has a flow.
 */
int flow_set_init(struct flow_set *s, const struct job *jobs, unsigned first,
		  unsigned n);

/* flow_set_find - the flow of flow_id id, or NULL. */
struct flow *flow_set_find(struct flow_set *s, unsigned id);

/* flow_set_release - free the flows. */
void flow_set_release(struct flow_set *s);

/*
 * flow_held - fio's flow_threshold_exceeded(): true when a job of weight
 * weight that has done *count I/Os of flow f is ahead of its share and
 * must wait; otherwise the next I/O is counted (in *count and f) and false
 * returned.
 */
static inline bool flow_held(struct flow *f, uint64_t *count, unsigned weight)
{
	uint64_t total = atomic_load_explicit(&f->counter, memory_order_relaxed);
	uint64_t sum = atomic_load_explicit(&f->weight, memory_order_relaxed);

	if (sum && (double)*count / (double)total > (double)weight / (double)sum)
		return true;
	atomic_fetch_add_explicit(&f->counter, 1, memory_order_relaxed);
	++*count;
	return false;
}

/* flow_leave - a job of weight weight that did count I/Os ends: take it
 * out of f (fio's flow_put()). */
static inline void flow_leave(struct flow *f, uint64_t count, unsigned weight)
{
	atomic_fetch_sub_explicit(&f->counter, count, memory_order_relaxed);
	atomic_fetch_sub_explicit(&f->weight, weight, memory_order_relaxed);
}

#endif
