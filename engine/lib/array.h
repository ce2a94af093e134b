/* SPDX-License-Identifier: MIT */
/*
 * array.h - ARRAY_SIZE, for static tables.
 */
#ifndef IOSTRESS_ARRAY_H
#define IOSTRESS_ARRAY_H

#include <stddef.h>

/* ARRAY_SIZE - the number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
