/* SPDX-License-Identifier: MIT */
/*
 * options_misc.c - parse hooks for ioengine, verify, verify_pattern,
 * buffer_pattern, percentile_list and the write_*_log options.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "backends/backend.h"
#include "job/number.h"
#include "job/options_impl.h"

/* ---------------------------------------------------------------------
 * ioengine
 */

int opt_parse_ioengine(const struct opt_ctx *c)
{
	const struct backend_ops *be;
	const char *what;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	be = backend_find(c->val);
	if (!be) {
		what = opt_fio_engine(c->val);
		if (!what)
			return opt_bad_value(c, "available engines: %s", backend_names());
		diag_set(c->d, c->loc,
			 "'ioengine=%s' is a fio engine iostress does not support%s%s (available engines: %s)",
			 c->val, *what ? ": " : "", what, backend_names());
		return -EINVAL;
	}
	ret = opt_set_string(c, &c->job->ioengine, c->val);
	if (!ret)
		c->job->backend = be;
	return ret;
}

void opt_dump_ioengine(const struct opt_def *o, const struct job *job,
		       FILE *out)
{
	if (job->ioengine)
		fprintf(out, "%s=%s\n", o->name, job->ioengine);
}

/* ---------------------------------------------------------------------
 * verify
 */

static const struct opt_enum verify_kinds[] = {
	{ "0",			VERIFY_NONE },
	{ "none",		VERIFY_NONE },
	{ "crc32c",		VERIFY_CRC32C },
	{ "crc32c-intel",	VERIFY_CRC32C },
	{ "md5",		VERIFY_MD5 },
	{ "xxhash",		VERIFY_XXHASH },
	{ "pattern",		VERIFY_PATTERN },
	{ "meta",		VERIFY_META },
	{ NULL, 0 },
};

/* fio's other verify kinds: named as unsupported, not as typos. */
static const char *const fio_verify_kinds[] = {
	"crc64", "crc32", "crc16", "crc7", "sha1", "sha256", "sha512",
	"sha3-224", "sha3-256", "sha3-384", "sha3-512", "null",
};

int opt_parse_verify(const struct opt_ctx *c)
{
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	for (const struct opt_enum *e = verify_kinds; e->name; e++) {
		if (!strcmp(c->val, e->name)) {
			c->job->verify.kind = e->val;
			return 0;
		}
	}
	for (size_t i = 0; i < ARRAY_SIZE(fio_verify_kinds); i++) {
		if (!strcmp(c->val, fio_verify_kinds[i])) {
			diag_set(c->d, c->loc,
				 "'verify=%s' is a fio option iostress does not support (use crc32c, md5, xxhash or pattern)",
				 c->val);
			return -EINVAL;
		}
	}
	return opt_bad_value(c, "expected 0, crc32c, crc32c-intel, md5, xxhash or pattern");
}

void opt_dump_verify(const struct opt_def *o, const struct job *job, FILE *out)
{
	const char *name = "0";

	for (const struct opt_enum *e = verify_kinds + 2; e->name; e++) {
		if (e->val == (unsigned)job->verify.kind) {
			name = e->name;
			break;
		}
	}
	fprintf(out, "%s=%s\n", o->name, name);
}

/* ---------------------------------------------------------------------
 * verify_pattern: 0xhex, "text", decimal; concatenated
 */

struct pattern_buf {
	uint8_t *b;
	unsigned len;
};

static int put_byte(struct pattern_buf *p, unsigned v)
{
	if (p->len >= VERIFY_PATTERN_MAX)
		return -ERANGE;
	p->b[p->len++] = (uint8_t)v;
	return 0;
}

static int hex_nibble(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)(ch | 0x20);
	return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* pattern_hex - "0x1234abcd" at *s; an odd digit count gets a leading 0. */
static int pattern_hex(const char **s, struct pattern_buf *p)
{
	const char *q = *s + 2;
	size_t n = 0;
	int ret = 0;

	while (hex_nibble(q[n]) >= 0)
		n++;
	if (!n)
		return -EINVAL;
	if (n % 2) {
		ret = put_byte(p, (unsigned)hex_nibble(*q));
		q++;
		n--;
	}
	for (; !ret && n; n -= 2, q += 2)
		ret = put_byte(p, (unsigned)(hex_nibble(q[0]) << 4 | hex_nibble(q[1])));
	*s = q;
	return ret;
}

static int pattern_text(const char **s, struct pattern_buf *p)
{
	char quote = **s;
	const char *q = *s + 1;
	int ret = 0;

	while (*q && *q != quote && !ret)
		ret = put_byte(p, (unsigned char)*q++);
	if (!ret && *q != quote)
		return -EINVAL;
	*s = q + 1;
	return ret;
}

/* pattern_decimal - a number's bytes, least significant first, as few
 * as hold it (0 is one zero byte). */
static int pattern_decimal(const char **s, struct pattern_buf *p)
{
	char *end;
	unsigned long long v;
	int ret;

	errno = 0;
	v = strtoull(*s, &end, 10);
	if (errno || end == *s)
		return -EINVAL;
	*s = end;
	do {
		ret = put_byte(p, (unsigned)(v & 0xff));
		v >>= 8;
	} while (!ret && v);
	return ret;
}

/* parse_pattern - fio's pattern syntax into bytes[VERIFY_PATTERN_MAX];
 * *len is the byte count.  0, or -EINVAL with a message. */
static int parse_pattern(const struct opt_ctx *c, uint8_t *bytes, unsigned *len)
{
	struct pattern_buf p = { .b = bytes };
	const char *s;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	for (s = c->val; *s && !ret; ) {
		if (*s == ' ' || *s == '\t' || *s == ',')
			s++;
		else if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
			ret = pattern_hex(&s, &p);
		else if (*s == '"' || *s == '\'')
			ret = pattern_text(&s, &p);
		else if (isdigit((unsigned char)*s))
			ret = pattern_decimal(&s, &p);
		else if (*s == '%')
			return opt_bad_value(c, "fio's %%o (block offset) is not supported");
		else
			ret = -EINVAL;
	}
	if (ret == -ERANGE)
		return opt_bad_value(c, "longer than %d bytes", VERIFY_PATTERN_MAX);
	if (ret || !p.len)
		return opt_bad_value(c, "expected 0x hex digits, \"text\" or a number");
	*len = p.len;
	return 0;
}

int opt_parse_verify_pattern(const struct opt_ctx *c)
{
	struct verify_spec *v = &c->job->verify;
	uint8_t bytes[VERIFY_PATTERN_MAX];
	unsigned len = 0;
	int ret = parse_pattern(c, bytes, &len);

	if (ret)
		return ret;
	memcpy(v->pattern, bytes, len);
	v->pattern_len = len;
	if (v->kind == VERIFY_NONE)
		v->kind = VERIFY_PATTERN;	/* fio: a pattern implies verify */
	return 0;
}

static void dump_pattern(FILE *out, const char *name, const uint8_t *b,
			 unsigned len)
{
	if (!len)
		return;
	fprintf(out, "%s=0x", name);
	for (unsigned i = 0; i < len; i++)
		fprintf(out, "%02x", b[i]);
	fputc('\n', out);
}

void opt_dump_verify_pattern(const struct opt_def *o, const struct job *job,
			     FILE *out)
{
	dump_pattern(out, o->name, job->verify.pattern, job->verify.pattern_len);
}

int opt_parse_buffer_pattern(const struct opt_ctx *c)
{
	uint8_t bytes[VERIFY_PATTERN_MAX];
	unsigned len = 0;
	int ret = parse_pattern(c, bytes, &len);

	if (ret)
		return ret;
	memcpy(c->job->buffer_pattern, bytes, len);
	c->job->buffer_pattern_len = len;
	return 0;
}

void opt_dump_buffer_pattern(const struct opt_def *o, const struct job *job,
			     FILE *out)
{
	dump_pattern(out, o->name, job->buffer_pattern, job->buffer_pattern_len);
}

/* ---------------------------------------------------------------------
 * percentile_list=1:5:99.9
 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The percentiles read so far. */
struct percentiles {
	double v[PERCENTILE_LIST_MAX];
	unsigned nr;
};

/* add_percentile - append tok to the struct percentiles at arg; 0, or
 * -EINVAL with a message when it is full or tok is no percentile. */
static int add_percentile(const struct opt_ctx *c, char *tok, void *arg)
{
	struct percentiles *p = arg;

	if (p->nr == PERCENTILE_LIST_MAX)
		return opt_bad_value(c, "at most %d percentiles",
				     PERCENTILE_LIST_MAX);
	if (parse_double(tok, &p->v[p->nr]) || p->v[p->nr] > 100.0)
		return opt_bad_value(c, "'%s' is not a percentile from 0 to 100",
				     tok);
	p->nr++;
	return 0;
}

int opt_parse_percentile_list(const struct opt_ctx *c)
{
	struct percentiles p = { .nr = 0 };
	int ret = opt_for_each_token(c, ":", add_percentile, &p);

	if (!ret && !p.nr)
		ret = opt_bad_value(c, "expected percentiles such as 50:99:99.9");
	if (ret)
		return ret;
	qsort(p.v, p.nr, sizeof(p.v[0]), cmp_double);
	memcpy(c->job->percentile_list, p.v, p.nr * sizeof(p.v[0]));
	c->job->nr_percentiles = p.nr;
	return 0;
}

void opt_dump_percentile_list(const struct opt_def *o, const struct job *job,
			      FILE *out)
{
	if (!job->nr_percentiles)
		return;
	fprintf(out, "%s=", o->name);
	for (unsigned i = 0; i < job->nr_percentiles; i++)
		fprintf(out, "%s%g", i ? ":" : "", job->percentile_list[i]);
	fputc('\n', out);
}

/* ---------------------------------------------------------------------
 * write_lat_log, write_bw_log, write_iops_log: "prefix", or bare for the
 * job's name (stored as "")
 */

int opt_parse_log(const struct opt_ctx *c)
{
	return opt_set_string(c, opt_field(c->job, c->def), c->val ? c->val : "");
}
