/* SPDX-License-Identifier: MIT */
#include "run/gate.h"

int gate_init(struct gate *g, unsigned needed)
{
	int r;

	r = pthread_mutex_init(&g->lock, NULL);
	if (r)
		return -r;
	r = pthread_cond_init(&g->cond, NULL);
	if (r) {
		pthread_mutex_destroy(&g->lock);
		return -r;
	}
	g->needed = needed;
	g->arrived = 0;
	g->open = needed == 0;
	g->on_open = NULL;
	g->on_open_arg = NULL;
	return 0;
}

void gate_wait(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	if (++g->arrived >= g->needed && !g->open) {
		if (g->on_open)
			g->on_open(g->on_open_arg);
		g->open = true;
	}
	pthread_cond_broadcast(&g->cond);	/* the opening, or gate_await */
	while (!g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

void gate_await(struct gate *g, unsigned arrived)
{
	pthread_mutex_lock(&g->lock);
	while (g->arrived < arrived && !g->open)
		pthread_cond_wait(&g->cond, &g->lock);
	pthread_mutex_unlock(&g->lock);
}

void gate_force_open(struct gate *g)
{
	pthread_mutex_lock(&g->lock);
	g->open = true;
	pthread_cond_broadcast(&g->cond);
	pthread_mutex_unlock(&g->lock);
}

void gate_release(struct gate *g)
{
	pthread_cond_destroy(&g->cond);
	pthread_mutex_destroy(&g->lock);
}
