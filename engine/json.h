/* SPDX-License-Identifier: MIT */
/*
 * json.h - a small streaming JSON writer.
 *
 * It writes pretty-printed JSON (two-space indent, like fio's) straight to
 * a FILE, inserting commas and escaping strings.  Keys are given with each
 * value inside an object and are NULL inside an array.  It never allocates.
 * Doubles are written with fio's "%f" precision; non-finite doubles become 0.
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
	bool overflow;			/* nesting exceeded JSON_MAX_DEPTH */
};

void json_init(struct json_writer *w, FILE *f);
void json_obj_begin(struct json_writer *w, const char *key);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w, const char *key);
void json_arr_end(struct json_writer *w);
void json_str(struct json_writer *w, const char *key, const char *val);
void json_u64(struct json_writer *w, const char *key, uint64_t val);
void json_i64(struct json_writer *w, const char *key, int64_t val);
void json_double(struct json_writer *w, const char *key, double val);
void json_bool(struct json_writer *w, const char *key, bool val);

/* json_finish - end the document with a newline.  Returns 0, -EINVAL if
 * objects were left open or nesting overflowed, or -EIO if the stream
 * failed. */
int json_finish(struct json_writer *w);

#endif
