/* SPDX-License-Identifier: MIT */
/*
 * json.h - a small streaming JSON writer.
 *
 * It writes pretty-printed JSON (two-space indent and "key" : value, like
 * fio's) straight to a FILE, inserting commas and escaping strings.  Keys
 * are given with each value inside an object and must be NULL inside an
 * array and for the top-level value; a mismatch is remembered and reported
 * by json_finish().  It never allocates.
 *
 * Strings (values and keys) are escaped: '"' and '\\' with a backslash,
 * control characters as \n, \t, \r, \b, \f or \u00XX, and every byte that
 * is not part of a valid UTF-8 sequence as \u00XX (the byte read as
 * Latin-1), so the output is always valid UTF-8.  A NULL string is null.
 *
 * Doubles are written with fio's "%f" precision; non-finite doubles become
 * 0.  An empty object or array is written as {} or [].
 *
 * Usage: json_init(), one top-level value (usually json_obj_begin(w,
 * NULL) ... json_obj_end(w)), then json_finish().
 */
#ifndef IOSTRESS_JSON_H
#define IOSTRESS_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *f;
	unsigned depth;
	bool first[JSON_MAX_DEPTH];	/* no value written yet at this depth */
	bool is_array[JSON_MAX_DEPTH];	/* the container at this depth is [] */
	bool overflow;			/* nesting exceeded JSON_MAX_DEPTH */
	bool misuse;			/* key given or missing wrongly, or an
					 * end without its begin */
	bool compact;			/* one line: no newlines, no indent */
};

void json_init(struct json_writer *w, FILE *f);

/* json_init_compact - like json_init(), but the document is written on
 * one line (no indent, no newline before json_finish()'s), so a stream of
 * documents can be framed by lines. */
void json_init_compact(struct json_writer *w, FILE *f);
void json_obj_begin(struct json_writer *w, const char *key);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w, const char *key);
void json_arr_end(struct json_writer *w);
void json_str(struct json_writer *w, const char *key, const char *val);
void json_u64(struct json_writer *w, const char *key, uint64_t val);
void json_i64(struct json_writer *w, const char *key, int64_t val);
void json_double(struct json_writer *w, const char *key, double val);
void json_bool(struct json_writer *w, const char *key, bool val);
/* json_u64_array - key: [v[0], ..., v[n-1]]. */
void json_u64_array(struct json_writer *w, const char *key,
		    const uint64_t *v, size_t n);

/* json_finish - end the document with a newline and flush.  Returns 0,
 * -EINVAL if no value or more than one top-level value was written,
 * containers were left open, nesting overflowed or the writer was misused
 * (see struct json_writer), or -EIO if the stream failed.  -EIO wins. */
int json_finish(struct json_writer *w);

#endif
