/* SPDX-License-Identifier: MIT */
/*
 * units.h - time units and conversions, defined once for the whole tree.
 */
#ifndef IOSTRESS_UNITS_H
#define IOSTRESS_UNITS_H

#include <stdint.h>
#include <sys/time.h>
#include <time.h>

#define NS_PER_USEC	UINT64_C(1000)
#define NS_PER_MSEC	UINT64_C(1000000)
#define NS_PER_SEC	UINT64_C(1000000000)
#define USEC_PER_SEC	UINT64_C(1000000)
#define MSEC_PER_SEC	UINT64_C(1000)

/* timespec_ns - ts in nanoseconds (ts must not be negative). */
static inline uint64_t timespec_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NS_PER_SEC + (uint64_t)ts->tv_nsec;
}

/* timeval_ms - tv in milliseconds (tv must not be negative). */
static inline uint64_t timeval_ms(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * MSEC_PER_SEC +
	       (uint64_t)tv->tv_usec / (USEC_PER_SEC / MSEC_PER_SEC);
}

#endif
