/* SPDX-License-Identifier: MIT */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "jsondoc.h"

/* Nesting json-c accepts; the writer stops at 32 (report/json.h). */
#define JSONDOC_MAX_DEPTH 64

#define fail_at(file, line, ...) do {		\
	print_error(__VA_ARGS__);		\
	print_error("\n");			\
	_fail((file), (line));			\
} while (0)

struct json_object *jsondoc_parse_at(const char *doc, const char *file, int line)
{
	struct json_tokener *tok = json_tokener_new_ex(JSONDOC_MAX_DEPTH);
	size_t len = strlen(doc), end;
	json_object *root;

	if (!tok)
		fail_at(file, line, "json_tokener_new_ex failed");
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)doc[i] < 0x20 && doc[i] != '\n')
			fail_at(file, line, "control byte 0x%02x at offset %zu:\n%s",
				(unsigned char)doc[i], i, doc);
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, doc, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (!root)
		fail_at(file, line, "invalid JSON (%s) near offset %zu:\n%s",
			json_tokener_error_desc(json_tokener_get_error(tok)), end, doc);
	json_tokener_free(tok);
	while (end < len && (doc[end] == ' ' || doc[end] == '\n'))
		end++;
	if (end != len)
		fail_at(file, line, "trailing text at offset %zu:\n%s", end, doc);
	return root;
}

struct json_object *jsondoc_parse_prefix(const char *text, size_t *end)
{
	struct json_tokener *tok = json_tokener_new_ex(JSONDOC_MAX_DEPTH);
	json_object *root;
	size_t n;

	assert_non_null(tok);
	json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, text, (int)strlen(text));
	n = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root)
		fail_msg("no JSON document at the start of:\n%s", text);
	/* json-c may have taken the newline after the document too */
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	*end = n;
	return root;
}

void jsondoc_put(struct json_object *doc)
{
	json_object_put(doc);
}

bool jsondoc_has(struct json_object *root, const char *ptr)
{
	json_object *v;

	return json_pointer_get(root, ptr, &v) == 0;
}

static json_object *value_at(json_object *root, const char *ptr,
			     const char *file, int line)
{
	json_object *v = NULL;

	if (json_pointer_get(root, ptr, &v))
		fail_at(file, line, "no value at %s in:\n%s", ptr,
			json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY));
	return v;
}

static const char *compact(json_object *v)
{
	return json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
						 JSON_C_TO_STRING_NOSLASHESCAPE);
}

const char *jsondoc_text_at(struct json_object *root, const char *ptr,
			    const char *file, int line)
{
	return compact(value_at(root, ptr, file, line));
}

void jsondoc_assert(struct json_object *root, const char *ptr,
		    const char *want, const char *file, int line)
{
	const char *got = jsondoc_text_at(root, ptr, file, line);

	if (strcmp(got, want))
		fail_at(file, line, "%s is %s, expected %s", ptr, got, want);
}

void jsondoc_assert_keys(struct json_object *root, const char *ptr,
			 const char *want, const char *file, int line)
{
	json_object *obj = value_at(root, ptr, file, line);
	char keys[2048];
	size_t n = 0;

	if (!json_object_is_type(obj, json_type_object))
		fail_at(file, line, "%s is %s, not an object", ptr, compact(obj));
	keys[0] = '\0';
	json_object_object_foreach(obj, key, val) {
		(void)val;
		n += (size_t)snprintf(keys + n, sizeof(keys) - n, "%s%s",
				      n ? " " : "", key);
		if (n >= sizeof(keys))
			fail_at(file, line, "%s: too many keys", ptr);
	}
	if (strcmp(keys, want))
		fail_at(file, line, "%s has keys '%s', expected '%s'", ptr, keys, want);
}

static unsigned count_key(json_object *v, const char *key)
{
	unsigned n = 0;

	if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++)
			n += count_key(json_object_array_get_idx(v, i), key);
	} else if (json_object_is_type(v, json_type_object)) {
		json_object_object_foreach(v, k, val) {
			n += !strcmp(k, key);
			n += count_key(val, key);
		}
	}
	return n;
}

unsigned jsondoc_count_key(struct json_object *root, const char *ptr,
			   const char *key)
{
	return count_key(value_at(root, ptr, __FILE__, __LINE__), key);
}

size_t jsondoc_array_len_at(struct json_object *root, const char *ptr,
			    const char *file, int line)
{
	json_object *v = value_at(root, ptr, file, line);

	if (!json_object_is_type(v, json_type_array))
		fail_at(file, line, "%s is %s, not an array", ptr, compact(v));
	return json_object_array_length(v);
}
