/* SPDX-License-Identifier: MIT */
/*
 * jobfile.c - the job-file tokenizer: text in, sections of options out.
 *
 * Lines may be of any length: the buffer is copied once and every line is
 * cut out of the copy in place.  Comments follow fio: a line whose first
 * non-blank character is ';' or '#' is ignored, and on any other line a ';'
 * or '#' ends the line (fio 3.33 reads "bs=8k ; note" as "bs=8k").
 */
#include "jobfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* State while tokenizing one buffer. */
struct jf_parser {
	struct jobfile *jf;
	struct diag *d;
	struct srcloc loc;		/* of the current line */
	unsigned secs_cap;		/* allocated entries in jf->secs */
	unsigned opts_cap;		/* allocated entries in the last section */
};

/* ---------------------------------------------------------------------
 * Small string helpers
 */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* trim - strip blanks at both ends of s in place; returns the new start. */
static char *trim(char *s)
{
	size_t n;

	while (is_blank(*s))
		s++;
	n = strlen(s);
	while (n && is_blank(s[n - 1]))
		s[--n] = '\0';
	return s;
}

/* grow - make room for one more element in *arr of *cap elements. */
static int grow(void **arr, unsigned nr, unsigned *cap, size_t elem)
{
	unsigned ncap;
	void *p;

	if (nr < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap <= *cap)
		return -ENOMEM;
	p = realloc(*arr, (size_t)ncap * elem);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = ncap;
	return 0;
}

static int out_of_memory(struct jf_parser *p)
{
	diag_set(p->d, &p->loc, "out of memory");
	return -ENOMEM;
}

/* ---------------------------------------------------------------------
 * Sections and options
 */

static int add_section(struct jf_parser *p, const char *name)
{
	struct jobfile *jf = p->jf;
	struct jf_section *sec;

	if (grow((void **)&jf->secs, jf->nr_secs, &p->secs_cap, sizeof(*sec)))
		return out_of_memory(p);
	sec = &jf->secs[jf->nr_secs];
	memset(sec, 0, sizeof(*sec));
	sec->name = strdup(name);
	if (!sec->name)
		return out_of_memory(p);
	sec->loc = p->loc;
	jf->nr_secs++;
	p->opts_cap = 0;
	return 0;
}

static int add_option(struct jf_parser *p, const char *key, const char *val)
{
	struct jf_section *sec = &p->jf->secs[p->jf->nr_secs - 1];
	struct jf_option *opt;

	if (grow((void **)&sec->opts, sec->nr_opts, &p->opts_cap, sizeof(*opt)))
		return out_of_memory(p);
	opt = &sec->opts[sec->nr_opts];
	opt->key = strdup(key);
	opt->val = val ? strdup(val) : NULL;
	opt->loc = p->loc;
	if (!opt->key || (val && !opt->val)) {
		free(opt->key);
		free(opt->val);
		return out_of_memory(p);
	}
	sec->nr_opts++;
	return 0;
}

/* parse_section_line - line starts with '['; comments already cut off. */
static int parse_section_line(struct jf_parser *p, char *line)
{
	char *close = strchr(line, ']');
	char *name;

	if (!close) {
		diag_set(p->d, &p->loc, "unclosed section '%s' (missing ']')", line);
		return -EINVAL;
	}
	if (*trim(close + 1)) {
		diag_set(p->d, &p->loc, "unexpected text '%s' after section '%.*s'",
			 trim(close + 1), (int)(close - line + 1), line);
		return -EINVAL;
	}
	*close = '\0';
	name = trim(line + 1);
	if (!*name) {
		diag_set(p->d, &p->loc, "empty section name '[]'");
		return -EINVAL;
	}
	if (strchr(name, '[')) {
		diag_set(p->d, &p->loc, "invalid section name '%s'", name);
		return -EINVAL;
	}
	return add_section(p, name);
}

/* parse_option_line - "key=value", "key = value" or a bare "key". */
static int parse_option_line(struct jf_parser *p, char *line)
{
	char *eq = strchr(line, '=');
	char *key = line, *val = NULL;

	if (eq) {
		*eq = '\0';
		val = trim(eq + 1);
	}
	key = trim(key);
	if (!*key) {
		diag_set(p->d, &p->loc, "missing option name before '=%s'",
			 val ? val : "");
		return -EINVAL;
	}
	if (!p->jf->nr_secs) {
		diag_set(p->d, &p->loc,
			 "option '%s' outside of any [section]", key);
		return -EINVAL;
	}
	return add_option(p, key, val);
}

/* ---------------------------------------------------------------------
 * Lines
 */

/*
 * check_bytes - refuse control characters (other than tab) in a line: a
 * NUL or other binary byte means this is not a job file.  Bytes >= 0x80
 * pass, so UTF-8 text in a description is fine.
 */
static int check_bytes(struct jf_parser *p, const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			diag_set(p->d, &p->loc,
				 "invalid byte 0x%02x in job file (is it a text file?)",
				 c);
			return -EINVAL;
		}
	}
	return 0;
}

static int parse_line(struct jf_parser *p, char *line, size_t len)
{
	char *s;
	int ret;

	if (len && line[len - 1] == '\r')	/* CRLF */
		line[--len] = '\0';
	ret = check_bytes(p, line, len);
	if (ret)
		return ret;
	line[strcspn(line, ";#")] = '\0';	/* comment to end of line */
	s = trim(line);
	if (!*s)
		return 0;
	if (*s == '[')
		return parse_section_line(p, s);
	return parse_option_line(p, s);
}

/* skip_bom - a UTF-8 byte order mark at the very start is not content. */
static size_t skip_bom(const char *buf, size_t len)
{
	if (len >= 3 && !memcmp(buf, "\xef\xbb\xbf", 3))
		return 3;
	return 0;
}

static int parse_lines(struct jf_parser *p, char *text, size_t len)
{
	size_t pos = skip_bom(text, len);
	int ret;

	while (pos < len) {
		char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		p->loc.line++;
		text[end] = '\0';
		ret = parse_line(p, text + pos, end - pos);
		if (ret)
			return ret;
		pos = end + 1;
	}
	return 0;
}

/* ---------------------------------------------------------------------
 * Public API
 */

int jobfile_parse_buf(const char *name, const char *buf, size_t len,
		      struct jobfile *jf, struct diag *d)
{
	struct jf_parser p = { .jf = jf, .d = d };
	char *text;
	int ret;

	memset(jf, 0, sizeof(*jf));
	jf->path = strdup(name);
	text = malloc(len + 1);
	if (!jf->path || !text) {
		diag_set(d, NULL, "out of memory reading '%s'", name);
		ret = -ENOMEM;
		goto err_release_jobfile;
	}
	memcpy(text, buf, len);
	text[len] = '\0';
	p.loc.file = jf->path;
	ret = parse_lines(&p, text, len);
	if (ret)
		goto err_release_jobfile;
	free(text);
	return 0;

err_release_jobfile:
	free(text);
	jobfile_release(jf);
	return ret;
}

/* read_all - read the whole stream into a malloc'd buffer. */
static int read_all(FILE *f, char **out, size_t *out_len)
{
	size_t cap = 0, len = 0, n;
	char *buf = NULL, *nbuf;

	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			nbuf = realloc(buf, cap);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	if (ferror(f)) {
		free(buf);
		return -EIO;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

int jobfile_parse(const char *path, struct jobfile *jf, struct diag *d)
{
	size_t len = 0;
	char *buf = NULL;
	FILE *f;
	int ret;

	memset(jf, 0, sizeof(*jf));
	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		diag_set(d, NULL, "unable to open '%s': %s", path, strerror(-ret));
		return ret;
	}
	errno = 0;
	ret = read_all(f, &buf, &len);
	if (ret == -EIO && errno)
		ret = -errno;
	fclose(f);
	if (ret) {
		diag_set(d, NULL, "unable to read '%s': %s", path, strerror(-ret));
		return ret;
	}
	ret = jobfile_parse_buf(path, buf, len, jf, d);
	free(buf);
	return ret;
}

void jobfile_release(struct jobfile *jf)
{
	for (unsigned i = 0; i < jf->nr_secs; i++) {
		struct jf_section *sec = &jf->secs[i];

		for (unsigned j = 0; j < sec->nr_opts; j++) {
			free(sec->opts[j].key);
			free(sec->opts[j].val);
		}
		free(sec->opts);
		free(sec->name);
	}
	free(jf->secs);
	free(jf->path);
	memset(jf, 0, sizeof(*jf));
}
