/* SPDX-License-Identifier: MIT */
/*
 * ioprio.h - the kernel's I/O priority value (linux/ioprio.h), as fio's
 * os-linux.h builds it: class << 13 | level.
 */
#ifndef IOSTRESS_IOPRIO_H
#define IOSTRESS_IOPRIO_H

#include <stdint.h>

#define IOPRIO_CLASS_SHIFT	13
#define IOPRIO_CLASS_RT		1
#define IOPRIO_CLASS_BE		2

/* ioprio_value - the value of class and level, class 0 taken as BE, as
 * fio's ioprio_value(). */
static inline uint16_t ioprio_value(unsigned prioclass, unsigned level)
{
	if (!prioclass)
		prioclass = IOPRIO_CLASS_BE;
	return (uint16_t)(prioclass << IOPRIO_CLASS_SHIFT | level);
}

#endif
