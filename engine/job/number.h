/* SPDX-License-Identifier: MIT */
/*
 * number.h - fio's number syntax: sizes, times, integers and booleans.
 *
 * Sizes take fio's suffixes k/m/g/t/p (case-insensitive, optional trailing
 * "b"/"B", or IEC "KiB").  With kb_base=1024 (fio's default, "compatibility
 * mode") 1k = 1KB = 1024 and 1KiB = 1000; with kb_base=1000 the meanings
 * swap.  A bare number is bytes.  Times take us/ms/s/m/h/d; a bare number is
 * in the option's default unit.  Booleans are 0/1, true/false, yes/no,
 * on/off, or bare (true).
 *
 * A value that starts with '(' is fio arithmetic (numexpr.h), e.g.
 * "(1+2)*4k"; integers take it too.
 *
 * Every parser refuses trailing garbage, an empty string, a negative value
 * and overflow with -EINVAL or -ERANGE.  None of them prints.
 */
#ifndef IOSTRESS_NUMBER_H
#define IOSTRESS_NUMBER_H

#include <stdbool.h>
#include <stdint.h>

/* parse_size - "4k" -> 4096.  Returns 0, -EINVAL or -ERANGE. */
int parse_size(const char *s, unsigned kb_base, uint64_t *out);

/*
 * parse_size_pct - a size, or a percentage "1%".."100%" of the file or
 * device (fio's size=50%).  For a percentage *pct is 1..100 and *out 0;
 * otherwise *pct is 0.  Returns 0, -EINVAL or -ERANGE (percent outside
 * 1..100).
 */
int parse_size_pct(const char *s, unsigned kb_base, uint64_t *out,
		   unsigned *pct);

/* parse_uint - plain non-negative integer (decimal or 0x hex). */
int parse_uint(const char *s, uint64_t *out);

/*
 * parse_time_ns - "10s" -> 10e9.  unit_ns is the unit of a bare number
 * (1e9 for runtime, 1e3 for thinktime).  Returns 0, -EINVAL or -ERANGE.
 */
int parse_time_ns(const char *s, uint64_t unit_ns, uint64_t *out);

/* parse_bool - see above.  s == NULL means bare (true). */
int parse_bool(const char *s, bool *out);

/* parse_double - a non-negative decimal fraction such as "0.5", "99.9"
 * or "1e3".  Returns 0, -EINVAL or -ERANGE. */
int parse_double(const char *s, double *out);

#endif
