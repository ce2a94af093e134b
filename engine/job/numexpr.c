/* SPDX-License-Identifier: MIT */
/*
 * numexpr.c - fio's arithmetic in parentheses, by precedence climbing.
 *
 * fio's grammar (exp/expression-parser.y) is an operator-precedence one, so
 * a precedence-climbing parser gives the same trees: a unit suffix is a
 * postfix operator that binds between '+' and '*'.  Values carry both an
 * integer and, once a fraction is involved, a double, as in fio.
 */
#include "job/numexpr.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/array.h"
#include "lib/units.h"

#define MAX_DEPTH	64	/* nesting of parentheses and operators */

enum prec {
	PREC_ADD = 1,
	PREC_SUFFIX,
	PREC_MUL,
	PREC_POW,
	PREC_MOD,
};

struct value {
	int64_t i;
	double d;
	bool fl;		/* d is the value (a fraction was involved) */
};

struct ex {
	const char *p;
	enum numexpr_kind kind;
	bool units;		/* a unit suffix appeared somewhere */
	unsigned depth;
	int err;		/* first error, 0 if none */
};

struct unit {
	const char *name;
	enum numexpr_kind kind;
	uint64_t mult;		/* bytes, or µs for times */
};

static const struct unit units[] = {
	{ "k",   NUMEXPR_SIZE, 1ull << 10 }, { "kb",  NUMEXPR_SIZE, 1ull << 10 },
	{ "m",   NUMEXPR_SIZE, 1ull << 20 }, { "mb",  NUMEXPR_SIZE, 1ull << 20 },
	{ "g",   NUMEXPR_SIZE, 1ull << 30 }, { "gb",  NUMEXPR_SIZE, 1ull << 30 },
	{ "t",   NUMEXPR_SIZE, 1ull << 40 }, { "tb",  NUMEXPR_SIZE, 1ull << 40 },
	{ "p",   NUMEXPR_SIZE, 1ull << 50 }, { "pb",  NUMEXPR_SIZE, 1ull << 50 },
	{ "kib", NUMEXPR_SIZE, 1000ull },
	{ "mib", NUMEXPR_SIZE, 1000000ull },
	{ "gib", NUMEXPR_SIZE, 1000000000ull },
	{ "tib", NUMEXPR_SIZE, 1000000000000ull },
	{ "pib", NUMEXPR_SIZE, 1000000000000000ull },
	{ "us",  NUMEXPR_TIME, 1ull },
	{ "ms",  NUMEXPR_TIME, USEC_PER_SEC / MSEC_PER_SEC },
	{ "s",   NUMEXPR_TIME, USEC_PER_SEC },
	{ "m",   NUMEXPR_TIME, 60 * USEC_PER_SEC },
	{ "h",   NUMEXPR_TIME, 3600 * USEC_PER_SEC },
	{ "d",   NUMEXPR_TIME, 86400 * USEC_PER_SEC },
};

static void fail(struct ex *e, int err)
{
	if (!e->err)
		e->err = err;
}

static void skip_blanks(struct ex *e)
{
	while (*e->p == ' ' || *e->p == '\t')
		e->p++;
}

/* ---------------------------------------------------------------------
 * Arithmetic on values
 */

static double as_double(const struct value *v)
{
	return v->fl ? v->d : (double)v->i;
}

/* to_float - make v floating point; its integer part stays in sync. */
static struct value to_float(double d, struct ex *e)
{
	struct value v = { .d = d, .fl = true };

	if (!isfinite(d) || d >= 9.2e18 || d <= -9.2e18)
		fail(e, -ERANGE);
	else
		v.i = (int64_t)d;
	return v;
}

static struct value int_value(int64_t i)
{
	struct value v = { .i = i, .d = (double)i, .fl = false };

	return v;
}

static struct value int_pow(int64_t b, int64_t x, struct ex *e)
{
	int64_t r = 1;

	if (x < 0)
		return to_float(pow((double)b, (double)x), e);
	for (int64_t k = 0; k < x && !e->err; k++) {
		if (__builtin_mul_overflow(r, b, &r))
			fail(e, -ERANGE);
		if (r == 0 || r == 1)
			break;
	}
	return int_value(r);
}

static struct value apply_op(char op, struct value a, struct value b,
			     struct ex *e)
{
	int64_t r = 0;
	bool ovf = false;

	if (op == '%') {
		if (a.fl || b.fl || b.i == 0) {
			fail(e, -EINVAL);
			return int_value(0);
		}
		return int_value(b.i == -1 ? 0 : a.i % b.i);
	}
	if (op == '/' && as_double(&b) == 0.0) {
		fail(e, -EINVAL);
		return int_value(0);
	}
	if (a.fl || b.fl) {
		double x = as_double(&a), y = as_double(&b);

		switch (op) {
		case '+': return to_float(x + y, e);
		case '-': return to_float(x - y, e);
		case '*': return to_float(x * y, e);
		case '/': return to_float(x / y, e);
		default:  return to_float(pow(x, y), e);
		}
	}
	switch (op) {
	case '+': ovf = __builtin_add_overflow(a.i, b.i, &r); break;
	case '-': ovf = __builtin_sub_overflow(a.i, b.i, &r); break;
	case '*': ovf = __builtin_mul_overflow(a.i, b.i, &r); break;
	case '/':
		if (a.i == INT64_MIN && b.i == -1)
			ovf = true;
		else
			r = a.i / b.i;
		break;
	default:
		return int_pow(a.i, b.i, e);
	}
	if (ovf)
		fail(e, -ERANGE);
	return int_value(r);
}

/* ---------------------------------------------------------------------
 * Tokens
 */

static struct value parse_expr(struct ex *e, int min_prec);

/* scan_number - decimal, 0x hex, or a decimal fraction/exponent. */
static struct value scan_number(struct ex *e)
{
	const char *s = e->p;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		unsigned long long v;

		if (!isxdigit((unsigned char)s[2])) {
			fail(e, -EINVAL);
			return int_value(0);
		}
		errno = 0;
		v = strtoull(s + 2, &end, 16);
		e->p = end;
		if (errno || v > INT64_MAX)
			fail(e, -ERANGE);
		return int_value((int64_t)(v > INT64_MAX ? 0 : v));
	}
	size_t n = strspn(s, "0123456789");
	bool frac = s[n] == '.' && isdigit((unsigned char)s[n + 1]);
	bool expo = (s[n] == 'e' || s[n] == 'E') &&
		(isdigit((unsigned char)s[n + 1]) ||
		 ((s[n + 1] == '-' || s[n + 1] == '+') &&
		  isdigit((unsigned char)s[n + 2])));

	if (frac || expo || (n == 0 && s[0] == '.')) {
		double d;

		if (n == 0 && !isdigit((unsigned char)s[1])) {
			fail(e, -EINVAL);
			return int_value(0);
		}
		d = strtod(s, &end);
		e->p = end;
		return to_float(d, e);
	}
	{
		unsigned long long v;

		errno = 0;
		v = strtoull(s, &end, 10);
		e->p = end;
		if (errno || v > INT64_MAX)
			fail(e, -ERANGE);
		return int_value((int64_t)(v > INT64_MAX ? 0 : v));
	}
}

/* scan_unit - the unit word at e->p, or NULL when there is none. */
static const struct unit *scan_unit(struct ex *e, bool *bad)
{
	const char *s = e->p;
	size_t n = 0;
	char word[8];

	*bad = false;
	while (isalpha((unsigned char)s[n]))
		n++;
	if (!n)
		return NULL;
	*bad = true;
	if (n >= sizeof(word))
		return NULL;
	memcpy(word, s, n);
	word[n] = '\0';
	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		if (units[i].kind == e->kind && !strcasecmp(units[i].name, word)) {
			*bad = false;
			e->p += n;
			return &units[i];
		}
	}
	return NULL;
}

static struct value parse_primary(struct ex *e)
{
	struct value v = int_value(0);

	skip_blanks(e);
	if (++e->depth > MAX_DEPTH) {
		fail(e, -EINVAL);
		return v;
	}
	if (*e->p == '(') {
		e->p++;
		v = parse_expr(e, PREC_ADD);
		skip_blanks(e);
		if (*e->p == ')')
			e->p++;
		else
			fail(e, -EINVAL);
	} else if (*e->p == '-') {
		e->p++;
		v = parse_primary(e);
		if (v.fl)
			v = to_float(-v.d, e);
		else if (v.i == INT64_MIN)
			fail(e, -ERANGE);
		else
			v = int_value(-v.i);
	} else if (isdigit((unsigned char)*e->p) || *e->p == '.') {
		v = scan_number(e);
	} else {
		fail(e, -EINVAL);
	}
	e->depth--;
	return v;
}

static int op_prec(char c)
{
	switch (c) {
	case '+': case '-': return PREC_ADD;
	case '*': case '/': return PREC_MUL;
	case '^':           return PREC_POW;
	case '%':           return PREC_MOD;
	default:            return 0;
	}
}

static struct value apply_unit(struct value v, const struct unit *u,
			       struct ex *e)
{
	e->units = true;
	return apply_op('*', v, int_value((int64_t)u->mult), e);
}

static struct value parse_expr(struct ex *e, int min_prec)
{
	struct value lhs = parse_primary(e);

	while (!e->err) {
		const struct unit *u;
		bool bad;
		int prec;
		char op;

		skip_blanks(e);
		if (isalpha((unsigned char)*e->p)) {
			if (PREC_SUFFIX < min_prec)
				break;
			u = scan_unit(e, &bad);
			if (!u) {
				fail(e, -EINVAL);
				break;
			}
			lhs = apply_unit(lhs, u, e);
			continue;
		}
		op = *e->p;
		prec = op_prec(op);
		if (!prec || prec < min_prec)
			break;
		e->p++;
		/* '^' is right-associative, every other operator left */
		struct value rhs = parse_expr(e, op == '^' ? prec : prec + 1);
		lhs = apply_op(op, lhs, rhs, e);
	}
	return lhs;
}

/* ---------------------------------------------------------------------
 * Public API
 */

int numexpr_eval(const char *s, enum numexpr_kind kind, uint64_t unit_ns,
		 uint64_t *out)
{
	struct ex e = { .p = s, .kind = kind };
	struct value v;
	uint64_t r;

	if (!s || s[0] != '(' || (kind == NUMEXPR_TIME && !unit_ns))
		return -EINVAL;
	v = parse_expr(&e, PREC_ADD);
	skip_blanks(&e);
	if (!e.err && *e.p)
		e.err = -EINVAL;
	if (e.err)
		return e.err;
	if (v.i < 0 || (v.fl && v.d < 0))
		return -EINVAL;
	r = (uint64_t)v.i;
	if (kind == NUMEXPR_TIME) {
		/* µs when a unit was given, the option's unit otherwise */
		uint64_t mult = e.units ? NS_PER_USEC : unit_ns;

		if (v.fl && !e.units) {
			double ns = v.d * (double)unit_ns;

			if (ns >= 1.8e19)
				return -ERANGE;
			r = (uint64_t)ns;
		} else if (__builtin_mul_overflow(r, mult, &r))
			return -ERANGE;
	}
	*out = r;
	return 0;
}
