/* SPDX-License-Identifier: MIT */
/*
 * flow.c - the flows of a phase (see flow.h).
 */
#include "run/flow.h"

#include <errno.h>
#include <stdlib.h>

struct flow *flow_set_find(struct flow_set *s, unsigned id)
{
	for (unsigned i = 0; i < s->nr; i++)
		if (s->flows[i].id == id)
			return &s->flows[i];
	return NULL;
}

int flow_set_init(struct flow_set *s, const struct job *jobs, unsigned first,
		  unsigned n)
{
	s->flows = NULL;
	s->nr = 0;
	for (unsigned i = first; i < first + n; i++) {
		const struct job *job = &jobs[i];
		struct flow *f;

		if (!job->flow)
			continue;
		f = flow_set_find(s, job->flow_id);
		if (!f) {
			if (!s->flows) {
				s->flows = calloc(n, sizeof(*s->flows));
				if (!s->flows)
					return -ENOMEM;
			}
			f = &s->flows[s->nr++];
			f->id = job->flow_id;
			atomic_init(&f->counter, 1);
			atomic_init(&f->weight, 0);
		}
		atomic_fetch_add(&f->weight, job->flow);
	}
	return 0;
}

void flow_set_release(struct flow_set *s)
{
	free(s->flows);
	s->flows = NULL;
	s->nr = 0;
}
