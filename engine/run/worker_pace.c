/* SPDX-License-Identifier: MIT */
/*
 * worker_pace.c - waiting for rate= / rate_iops= and thinktime.  The
 * general prep path (worker_offset.c) decides that a wait is due; the loop
 * (worker.c) reaps everything in flight, as fio does, and calls this.
 */
#include "measure/clock.h"
#include "run/worker_impl.h"

int worker_pace_wait(struct worker *w)
{
	int ret = 0;

	if (w->think_spin_ns || w->think_sleep_ns) {
		if (w->think_spin_ns)
			rate_spin_ns(w->think_spin_ns);
		if (w->think_sleep_ns)
			ret = rate_sleep_ns(w->think_sleep_ns);
		w->think_spin_ns = w->think_sleep_ns = 0;
	}
	if (w->pace_until_ns) {
		uint64_t now = clock_now_ns();

		if (now < w->pace_until_ns)
			ret = rate_sleep_ns(w->pace_until_ns - now);
		w->pace_until_ns = 0;
	}
	return ret;
}
