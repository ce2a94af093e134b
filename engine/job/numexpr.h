/* SPDX-License-Identifier: MIT */
/*
 * numexpr.h - fio's arithmetic in parentheses: "bs=(4*1024)",
 * "size=(1g/2)", "offset=(1+2)*4k".
 *
 * fio evaluates a value as an expression when, and only when, it starts
 * with '('; the whole value is then one expression.  Operators, from the
 * loosest to the tightest binding (fio's yacc grammar, exp/):
 *     + -          left
 *     SUFFIX       postfix unit: applies to the product before it, so
 *                  "(8/2k)" is (8/2)*1024 and "(1+2k)" is 1+2048
 *     * /          left; '/' truncates on integers
 *     ^            right; exponentiation
 *     %            left; modulus (integers only)
 *     unary -
 * Numbers are decimal, 0x hex, or decimal with a fraction or exponent
 * ("1.5", "2e3"); a fraction makes the computation floating point, and the
 * result is truncated towards zero, as in fio.
 *
 * Units inside an expression are fio's, whatever kb_base says:
 *   sizes: k kb m mb g gb t tb p pb = 1024^n; kib mib gib tib pib = 1000^n;
 *   times: us ms s m (minutes) h d.
 * A time expression with a unit is computed in whole microseconds, as in
 * fio (a fraction of a microsecond is dropped).  When no unit appears
 * anywhere in it, it is taken in the option's default unit (seconds for
 * runtime, µs for thinktime) and a fraction is kept to the nanosecond.
 * Either way numexpr_eval() returns nanoseconds.
 *
 * Stricter than fio: a size unit in a time or a time unit in a size, a
 * negative result, overflow, division by zero, a '%' on a fraction and any
 * trailing text are errors (-EINVAL or -ERANGE).  Unlike fio, a time such
 * as "(1500ms)" for runtime is kept exactly, not cut to whole seconds.
 */
#ifndef IOSTRESS_NUMEXPR_H
#define IOSTRESS_NUMEXPR_H

#include <stdint.h>

enum numexpr_kind {
	NUMEXPR_SIZE,	/* bytes */
	NUMEXPR_TIME,	/* result in ns */
	NUMEXPR_PLAIN,	/* no units at all */
};

/*
 * numexpr_eval - evaluate s, which must start with '('.  For NUMEXPR_TIME,
 * unit_ns is the unit of a unitless expression and *out is in ns.
 * Returns 0, -EINVAL or -ERANGE.
 */
int numexpr_eval(const char *s, enum numexpr_kind kind, uint64_t unit_ns,
		 uint64_t *out);

#endif
