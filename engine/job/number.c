/* SPDX-License-Identifier: MIT */
/*
 * number.c - fio's number syntax: sizes, times, integers and booleans.
 *
 * Stricter than fio on purpose: fio 3.33 reads "4q" as 4, "1.5k" as 1,
 * "0x10k" as 16 and "4 k" as 4; every one of those is -EINVAL here.
 */
#include "job/number.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "lib/array.h"
#include "lib/units.h"
#include "job/numexpr.h"

/* ---------------------------------------------------------------------
 * Integers
 */

static int digit_value(char c, unsigned base)
{
	int v;

	if (c >= '0' && c <= '9')
		v = c - '0';
	else if (c >= 'a' && c <= 'f')
		v = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		v = c - 'A' + 10;
	else
		return -1;
	return (unsigned)v < base ? v : -1;
}

/*
 * scan_uint - read a decimal or 0x-hex integer at the start of s.  Stores
 * the value in *out and the first unread character in *end.  Decimal with
 * leading zeros stays decimal ("010" is 10, as in fio).  Returns 0, -EINVAL
 * when there are no digits, or -ERANGE on overflow.
 */
static int scan_uint(const char *s, uint64_t *out, const char **end,
		     bool *hex)
{
	unsigned base = 10;
	uint64_t v = 0;
	const char *p = s;
	int d;

	*hex = false;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
		*hex = true;
	}
	if (digit_value(*p, base) < 0)
		return -EINVAL;
	for (; (d = digit_value(*p, base)) >= 0; p++) {
		if (v > (UINT64_MAX - (uint64_t)d) / base)
			return -ERANGE;
		v = v * base + (uint64_t)d;
	}
	*out = v;
	*end = p;
	return 0;
}

/* mul_check - *v *= m, or -ERANGE on overflow. */
static int mul_check(uint64_t *v, uint64_t m)
{
	if (m && *v > UINT64_MAX / m)
		return -ERANGE;
	*v *= m;
	return 0;
}

/* Turns a unit suffix into a multiplier, given the parser's base (kb_base
 * or unit_ns); 0 or -EINVAL. */
typedef int (*suffix_fn)(const char *sfx, uint64_t base, uint64_t *mult);

/*
 * scan_scaled - a whole number and a unit suffix: digits (0x hex takes no
 * suffix, unlike fio, which ignores it), then a suffix that mult_of reads
 * with base.  Stores the scaled value in *out.  Returns 0, -EINVAL (no
 * digits, a bad suffix) or -ERANGE (overflow); *out is untouched on
 * failure.
 */
static int scan_scaled(const char *s, suffix_fn mult_of, uint64_t base,
		       uint64_t *out)
{
	const char *end;
	uint64_t v, mult;
	bool hex;
	int ret = scan_uint(s, &v, &end, &hex);

	if (ret)
		return ret;
	if (hex && *end)
		return -EINVAL;
	ret = mult_of(end, base, &mult);
	if (!ret)
		ret = mul_check(&v, mult);
	if (!ret)
		*out = v;
	return ret;
}

int parse_uint(const char *s, uint64_t *out)
{
	const char *end;
	uint64_t v;
	bool hex;
	int ret;

	if (!s)
		return -EINVAL;
	if (s[0] == '(')
		return numexpr_eval(s, NUMEXPR_PLAIN, 0, out);
	ret = scan_uint(s, &v, &end, &hex);
	if (ret)
		return ret;
	if (*end)
		return -EINVAL;
	*out = v;
	return 0;
}

/* ---------------------------------------------------------------------
 * Sizes
 */

/* power_of - base^exp, exp <= 5, never overflows for base <= 1024. */
static uint64_t power_of(uint64_t base, unsigned exp)
{
	uint64_t v = 1;

	while (exp--)
		v *= base;
	return v;
}

/*
 * size_multiplier - the multiplier for suffix sfx ("" "b" "k" "kb" "kib"
 * ..., any case).  In fio's compatibility mode (kb_base 1024) the plain
 * prefixes are binary and the IEC "iB" forms are decimal; kb_base 1000
 * swaps them.  Returns 0 or -EINVAL.
 */
static int size_multiplier(const char *sfx, uint64_t kb_base, uint64_t *mult)
{
	static const char prefixes[] = "kmgtp";
	const char *pos;
	unsigned exp;
	bool iec;

	if (!*sfx || !strcasecmp(sfx, "b")) {
		*mult = 1;
		return 0;
	}
	pos = strchr(prefixes, sfx[0] | 0x20);
	if (!pos)
		return -EINVAL;
	exp = (unsigned)(pos - prefixes) + 1;
	if (!sfx[1] || !strcasecmp(sfx + 1, "b"))
		iec = false;
	else if (!strcasecmp(sfx + 1, "ib"))
		iec = true;
	else
		return -EINVAL;
	*mult = power_of(iec == (kb_base == 1024) ? 1000 : 1024, exp);
	return 0;
}

int parse_size(const char *s, unsigned kb_base, uint64_t *out)
{
	if (!s || (kb_base != 1000 && kb_base != 1024))
		return -EINVAL;
	if (s[0] == '(')
		return numexpr_eval(s, NUMEXPR_SIZE, 0, out);
	return scan_scaled(s, size_multiplier, kb_base, out);
}

int parse_size_pct(const char *s, unsigned kb_base, uint64_t *out,
		   unsigned *pct)
{
	size_t n;
	uint64_t v;

	if (s) {
		n = strlen(s);
		if (n > 1 && s[n - 1] == '%' && s[0] != '(') {
			char num[24];

			if (n - 1 >= sizeof(num))
				return -EINVAL;
			memcpy(num, s, n - 1);
			num[n - 1] = '\0';
			if (parse_uint(num, &v))
				return -EINVAL;
			if (v < 1 || v > 100)
				return -ERANGE;
			*pct = (unsigned)v;
			*out = 0;
			return 0;
		}
	}
	*pct = 0;
	return parse_size(s, kb_base, out);
}

/* ---------------------------------------------------------------------
 * Times
 */

struct time_unit {
	const char *name;
	uint64_t ns;
};

static const struct time_unit time_units[] = {
	{ "us",   NS_PER_USEC },
	{ "usec", NS_PER_USEC },
	{ "ms",   NS_PER_MSEC },
	{ "msec", NS_PER_MSEC },
	{ "s",    NS_PER_SEC },
	{ "sec",  NS_PER_SEC },
	{ "m",    60 * NS_PER_SEC },
	{ "min",  60 * NS_PER_SEC },
	{ "h",    3600 * NS_PER_SEC },
	{ "d",    86400 * NS_PER_SEC },
};

/* time_multiplier - ns per unit for suffix sfx (any case); "" is unit_ns. */
static int time_multiplier(const char *sfx, uint64_t unit_ns, uint64_t *mult)
{
	if (!*sfx) {
		*mult = unit_ns;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(time_units); i++) {
		if (!strcasecmp(sfx, time_units[i].name)) {
			*mult = time_units[i].ns;
			return 0;
		}
	}
	return -EINVAL;
}

int parse_time_ns(const char *s, uint64_t unit_ns, uint64_t *out)
{
	if (!s || !unit_ns)
		return -EINVAL;
	if (s[0] == '(')
		return numexpr_eval(s, NUMEXPR_TIME, unit_ns, out);
	return scan_scaled(s, time_multiplier, unit_ns, out);
}

/* ---------------------------------------------------------------------
 * Booleans
 */

int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "on" };
	static const char *const no[] = { "0", "false", "no", "off" };

	if (!s) {
		*out = true;
		return 0;
	}
	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcasecmp(s, yes[i])) {
			*out = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*out = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* ---------------------------------------------------------------------
 * Fractions
 */

int parse_double(const char *s, double *out)
{
	char *end;
	double v;

	if (!s || !*s || !(isdigit((unsigned char)s[0]) || s[0] == '.'))
		return -EINVAL;
	errno = 0;
	v = strtod(s, &end);
	if (*end || end == s)
		return -EINVAL;
	if (errno == ERANGE || !isfinite(v))
		return -ERANGE;
	*out = v;
	return 0;
}
