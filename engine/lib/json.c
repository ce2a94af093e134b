/* SPDX-License-Identifier: MIT */
/*
 * json.c - the streaming JSON writer declared in json.h.
 *
 * depth counts the open containers; the container opened at depth d (1..)
 * keeps its state in first[d] and is_array[d], and first[0] guards the
 * single top-level value.  Once nesting overflows, nothing more is written:
 * the document is already broken, and json_finish() says so.
 */
#include "lib/json.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>

void json_init(struct json_writer *w, FILE *f)
{
	*w = (struct json_writer){ .f = f };
	w->first[0] = true;
}

void json_init_compact(struct json_writer *w, FILE *f)
{
	json_init(w, f);
	w->compact = true;
}

/* ------------------------------------------------------------------------
 * String escaping
 */

static bool utf8_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/* utf8_seq_len - length of the valid UTF-8 sequence starting at s, or 0
 * when the byte at s does not start one (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF). */
static unsigned utf8_seq_len(const unsigned char *s)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	unsigned n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (unsigned i = 2; i < n; i++)
		if (!utf8_cont(s[i]))
			return 0;
	return n;
}

static void put_escaped_byte(FILE *f, unsigned char c)
{
	switch (c) {
	case '"':  fputs("\\\"", f); return;
	case '\\': fputs("\\\\", f); return;
	case '\n': fputs("\\n", f); return;
	case '\t': fputs("\\t", f); return;
	case '\r': fputs("\\r", f); return;
	case '\b': fputs("\\b", f); return;
	case '\f': fputs("\\f", f); return;
	}
	fprintf(f, "\\u%04x", c);
}

static void put_string(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;

	fputc('"', f);
	while (*s) {
		unsigned n = utf8_seq_len(s);

		if (n == 1 && *s >= 0x20 && *s != '"' && *s != '\\') {
			fputc(*s, f);
		} else if (n > 1) {
			fwrite(s, 1, n, f);
		} else {
			put_escaped_byte(f, *s);
			n = 1;
		}
		s += n;
	}
	fputc('"', f);
}

/* ------------------------------------------------------------------------
 * Structure: commas, indentation, keys
 */

static void put_indent(FILE *f, unsigned depth)
{
	for (unsigned i = 0; i < depth; i++)
		fputs("  ", f);
}

/* begin_value - write what goes before a value at the current depth: the
 * comma, newline and indent, and the key.  Returns false when nothing more
 * may be written. */
static bool begin_value(struct json_writer *w, const char *key)
{
	unsigned d = w->depth;

	if (w->overflow)
		return false;
	if (d == 0) {
		if (!w->first[0] || key)
			w->misuse = true;
		w->first[0] = false;
		return true;
	}
	if (!w->first[d])
		fputc(',', w->f);
	w->first[d] = false;
	if (!w->compact) {
		fputc('\n', w->f);
		put_indent(w->f, d);
	}
	if (w->is_array[d] != !key)
		w->misuse = true;
	if (key && !w->is_array[d]) {
		put_string(w->f, key);
		fputs(w->compact ? ":" : " : ", w->f);
	}
	return true;
}

static void container_begin(struct json_writer *w, const char *key,
			    bool array)
{
	if (!begin_value(w, key)) {
		w->depth++;
		return;
	}
	if (w->depth + 1 >= JSON_MAX_DEPTH) {
		w->overflow = true;
		w->depth++;
		return;
	}
	fputc(array ? '[' : '{', w->f);
	w->depth++;
	w->first[w->depth] = true;
	w->is_array[w->depth] = array;
}

static void container_end(struct json_writer *w, bool array)
{
	unsigned d = w->depth;

	if (d == 0) {
		w->misuse = true;
		return;
	}
	w->depth--;
	if (w->overflow)
		return;
	if (w->is_array[d] != array)
		w->misuse = true;
	if (!w->first[d] && !w->compact) {
		fputc('\n', w->f);
		put_indent(w->f, d - 1);
	}
	fputc(array ? ']' : '}', w->f);
}

void json_obj_begin(struct json_writer *w, const char *key)
{
	container_begin(w, key, false);
}

void json_obj_end(struct json_writer *w)
{
	container_end(w, false);
}

void json_arr_begin(struct json_writer *w, const char *key)
{
	container_begin(w, key, true);
}

void json_arr_end(struct json_writer *w)
{
	container_end(w, true);
}

/* ------------------------------------------------------------------------
 * Scalars
 */

void json_str(struct json_writer *w, const char *key, const char *val)
{
	if (!begin_value(w, key))
		return;
	if (val)
		put_string(w->f, val);
	else
		fputs("null", w->f);
}

void json_u64(struct json_writer *w, const char *key, uint64_t val)
{
	if (begin_value(w, key))
		fprintf(w->f, "%" PRIu64, val);
}

void json_u64_array(struct json_writer *w, const char *key,
		    const uint64_t *v, size_t n)
{
	json_arr_begin(w, key);
	for (size_t i = 0; i < n; i++)
		json_u64(w, NULL, v[i]);
	json_arr_end(w);
}

void json_i64(struct json_writer *w, const char *key, int64_t val)
{
	if (begin_value(w, key))
		fprintf(w->f, "%" PRId64, val);
}

void json_double(struct json_writer *w, const char *key, double val)
{
	if (!isfinite(val))
		val = 0.0;
	if (begin_value(w, key))
		fprintf(w->f, "%f", val);
}

void json_bool(struct json_writer *w, const char *key, bool val)
{
	if (begin_value(w, key))
		fputs(val ? "true" : "false", w->f);
}

int json_finish(struct json_writer *w)
{
	bool bad = w->depth || w->overflow || w->misuse || w->first[0];

	fputc('\n', w->f);
	if (fflush(w->f) || ferror(w->f))
		return -EIO;
	return bad ? -EINVAL : 0;
}
