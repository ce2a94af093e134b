/* SPDX-License-Identifier: MIT */
/*
 * done.h - requests a backend completed inside commit() (null, vsync),
 * kept until reap() hands them back.  A stack: reap order is not
 * submission order, which backend.h allows.
 */
#ifndef IOSTRESS_DONE_H
#define IOSTRESS_DONE_H

#include "lib/io.h"

/* done_take - move up to max requests from the n on done[] into out[];
 * *n drops by as many.  Returns how many. */
static inline int done_take(struct io_req **done, unsigned *n, unsigned max,
			    struct io_req **out)
{
	unsigned k = *n < max ? *n : max;

	for (unsigned i = 0; i < k; i++)
		out[i] = done[--*n];
	return (int)k;
}

#endif
