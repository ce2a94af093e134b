/* SPDX-License-Identifier: MIT */
/*
 * jsondoc.h - reading JSON documents back in the cmocka tests, with json-c:
 * strict RFC 8259 syntax, valid UTF-8, values found by JSON pointer
 * (RFC 6901, "/jobs/0/read/iops") and compared as the text the document
 * holds, so "3.000000" is not "3" and 18446744073709551615 survives.
 *
 * json-c's names clash with the report writer's (json_bool), so the tests
 * see json-c only through this header.  A failed check fails the calling
 * test at the caller's line.  Include after <cmocka.h>.
 */
#ifndef IOSTRESS_JSONDOC_H
#define IOSTRESS_JSONDOC_H

#include <stdbool.h>
#include <stddef.h>

struct json_object;

/* jsondoc_parse - doc, which must be exactly one JSON document (spaces
 * and newlines around it allowed, no other byte below 0x20 anywhere), or
 * fail the test.  Release it with jsondoc_put. */
#define jsondoc_parse(doc)	jsondoc_parse_at((doc), __FILE__, __LINE__)
struct json_object *jsondoc_parse_at(const char *doc, const char *file, int line);

/* jsondoc_parse_prefix - the JSON document at the start of text, and in
 * *end the offset just past its closing bracket; fails the test when
 * text does not start with one.  Release it with jsondoc_put. */
struct json_object *jsondoc_parse_prefix(const char *text, size_t *end);

void jsondoc_put(struct json_object *doc);

/* jsondoc_has - whether there is a value at ptr (a JSON null counts). */
bool jsondoc_has(struct json_object *root, const char *ptr);

/* jsondoc_text - the value at ptr as compact JSON, numbers as written
 * (valid until the document is put); fails the test when there is none. */
#define jsondoc_text(root, ptr)	jsondoc_text_at((root), (ptr), __FILE__, __LINE__)
const char *jsondoc_text_at(struct json_object *root, const char *ptr,
			    const char *file, int line);

/* assert_json - the value at ptr is exactly want, as compact JSON:
 * assert_json(doc, "/jobs/0/read/iops", "3.000000"). */
#define assert_json(root, ptr, want) \
	jsondoc_assert((root), (ptr), (want), __FILE__, __LINE__)
void jsondoc_assert(struct json_object *root, const char *ptr,
		    const char *want, const char *file, int line);

/* assert_keys - the object at ptr has exactly the keys in want
 * (space-separated), in that order. */
#define assert_keys(root, ptr, want) \
	jsondoc_assert_keys((root), (ptr), (want), __FILE__, __LINE__)
void jsondoc_assert_keys(struct json_object *root, const char *ptr,
			 const char *want, const char *file, int line);

/* jsondoc_count_key - how many objects at or under ptr have the key. */
unsigned jsondoc_count_key(struct json_object *root, const char *ptr,
			   const char *key);

/* jsondoc_array_len - the length of the array at ptr; fails the test when
 * there is no array there. */
#define jsondoc_array_len(root, ptr) \
	jsondoc_array_len_at((root), (ptr), __FILE__, __LINE__)
size_t jsondoc_array_len_at(struct json_object *root, const char *ptr,
			    const char *file, int line);

#endif
