/* SPDX-License-Identifier: MIT */
/*
 * gate.h - the start line of a phase.
 *
 * Like a barrier, every worker of a phase waits at the gate until all of
 * them have arrived, and then all are released together.  Unlike
 * pthread_barrier_t, the runner can also force the gate open, so that
 * workers already waiting are never stranded when a later thread fails to
 * start.  Used once per phase, never on the I/O path.
 */
#ifndef IOSTRESS_GATE_H
#define IOSTRESS_GATE_H

#include <pthread.h>
#include <stdbool.h>

struct gate {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned needed;	/* arrivals that open the gate */
	unsigned arrived;
	bool open;
	/* on_open - called once by the arrival that opens the gate, before
	 * anyone is released (not by gate_force_open); optional */
	void (*on_open)(void *arg);
	void *on_open_arg;
};

/* gate_init - a closed gate that opens after needed arrivals, without an
 * on_open (set it after init).  Returns 0 or -errno. */
int gate_init(struct gate *g, unsigned needed);

/* gate_wait - arrive, and block until the gate is open. */
void gate_wait(struct gate *g);

/* gate_await - block until arrived arrivals have come, without arriving
 * or opening (the runner, with needed one more than its workers, agrees
 * with other processes before it arrives last itself). */
void gate_await(struct gate *g, unsigned arrived);

/* gate_force_open - release every waiter now and let later arrivals pass. */
void gate_force_open(struct gate *g);

/* gate_release - destroy; no thread may be waiting. */
void gate_release(struct gate *g);

#endif
