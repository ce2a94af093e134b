/* SPDX-License-Identifier: MIT */
/*
 * jobfile.c - the job-file tokenizer: text in, sections of options out.
 *
 * Lines may be of any length: the buffer is copied once and every line is
 * cut out of the copy in place.  Comments follow fio: a line whose first
 * non-blank character is ';' or '#' is ignored, and on any other line a ';'
 * or '#' ends the line (fio 3.33 reads "bs=8k ; note" as "bs=8k").
 *
 * "include FILE" inside a section splices FILE's options into it, each
 * keeping its own file:line; "${VAR}" in an option line is replaced by the
 * environment variable (empty when unset), as fio does.
 */
#include "job/jobfile.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define INCLUDE_DEPTH_MAX	16
#define JOBFILE_SIZE_MAX	(64u << 20)	/* no job file is this big */
#define INCLUDE_SIZE_MAX	(1 << 20)	/* nor an included one */

/* A file being read, for include loop detection. */
struct jf_open {
	dev_t dev;
	ino_t ino;
};

/* State while tokenizing one buffer. */
struct jf_parser {
	struct jobfile *jf;
	struct diag *d;
	struct srcloc loc;		/* of the current line */
	unsigned secs_cap;		/* allocated entries in jf->secs */
	unsigned opts_cap;		/* allocated entries in the last section */
	unsigned incs_cap;		/* allocated entries in jf->incs */
	struct jf_open open[INCLUDE_DEPTH_MAX + 1];
	unsigned depth;			/* entries in open[]: 0 = top level */
	bool top_known;			/* open[0] holds the top-level file */
	char *unset_var;		/* of the current line, for add_option */
};

static int parse_lines(struct jf_parser *p, char *text, size_t len);
static int read_all(FILE *f, char **out, size_t *out_len);

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
	opt->unset_var = p->unset_var;
	p->unset_var = NULL;
	if (!opt->key || (val && !opt->val)) {
		free(opt->key);
		free(opt->val);
		free(opt->unset_var);
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
	if (p->depth) {
		diag_set(p->d, &p->loc,
			 "section '%.*s' in an included file (included files hold options only)",
			 (int)(close - line + 1), line);
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

/* ---------------------------------------------------------------------
 * ${VAR} expansion
 */

/*
 * expand_env - a malloc'd copy of line with every "${NAME}" replaced by
 * getenv(NAME), or "" when unset (the first such NAME goes to *unset,
 * malloc'd); "${" without a closing '}' is kept as is, like fio.  Returns
 * NULL on ENOMEM.
 */
static char *expand_env(const char *line, char **unset)
{
	size_t cap = strlen(line) + 1, len = 0;
	char *out = malloc(cap), *nout;

	while (out && *line) {
		const char *close, *val = NULL;
		size_t n = 1;

		if (line[0] == '$' && line[1] == '{' &&
		    (close = strchr(line + 2, '}'))) {
			char *name = strndup(line + 2, (size_t)(close - line - 2));

			if (!name) {
				free(out);
				return NULL;
			}
			val = getenv(name);
			if (!val && !*unset)
				*unset = name;
			else
				free(name);
			if (!val)
				val = "";
			n = strlen(val);
			line = close + 1;
		} else {
			val = line++;
		}
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			nout = realloc(out, cap);
			if (!nout) {
				free(out);
				return NULL;
			}
			out = nout;
		}
		memcpy(out + len, val, n);
		len += n;
	}
	if (out)
		out[len] = '\0';
	return out;
}

/* ---------------------------------------------------------------------
 * include
 */

/* include_path - FILE relative to the directory of the including file. */
static char *include_path(const char *including, const char *file)
{
	const char *slash = strrchr(including, '/');
	char *path;

	if (file[0] == '/' || !slash)
		return strdup(file);
	if (asprintf(&path, "%.*s/%s", (int)(slash - including), including,
		     file) < 0)
		return NULL;
	return path;
}

/* remember_path - keep path in jf->incs so that locs may point at it. */
static int remember_path(struct jf_parser *p, char *path)
{
	struct jobfile *jf = p->jf;

	if (grow((void **)&jf->incs, jf->nr_incs, &p->incs_cap,
		 sizeof(*jf->incs)))
		return -ENOMEM;
	jf->incs[jf->nr_incs++] = path;
	return 0;
}

/* check_loop - refuse a file already being read, and too deep nesting. */
static int check_loop(struct jf_parser *p, const char *path,
		      const struct stat *st)
{
	for (unsigned i = p->top_known ? 0 : 1; i <= p->depth; i++) {
		if (p->open[i].dev == st->st_dev && p->open[i].ino == st->st_ino) {
			diag_set(p->d, &p->loc, "include loop: '%s' is already being read",
				 path);
			return -ELOOP;
		}
	}
	if (p->depth >= INCLUDE_DEPTH_MAX) {
		diag_set(p->d, &p->loc, "includes nested more than %d deep at '%s'",
			 INCLUDE_DEPTH_MAX, path);
		return -ELOOP;
	}
	return 0;
}

/* read_include - open path (a regular file), check for loops, read it. */
static int read_include(struct jf_parser *p, const char *path, char **buf,
			size_t *len)
{
	struct stat st;
	FILE *f;
	int ret;

	f = fopen(path, "r");
	if (!f) {
		ret = -errno;
		diag_set(p->d, &p->loc, "unable to open include file '%s': %s",
			 path, strerror(-ret));
		return ret;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > INCLUDE_SIZE_MAX) {
		diag_set(p->d, &p->loc,
			 "include file '%s' is not a regular file of at most 1 MiB",
			 path);
		ret = -EINVAL;
		goto out_close;
	}
	ret = check_loop(p, path, &st);
	if (ret)
		goto out_close;
	ret = read_all(f, buf, len);
	if (ret) {
		diag_set(p->d, &p->loc, "unable to read include file '%s': %s",
			 path, strerror(-ret));
		goto out_close;
	}
	p->open[p->depth + 1].dev = st.st_dev;
	p->open[p->depth + 1].ino = st.st_ino;

out_close:
	fclose(f);
	return ret;
}

/*
 * parse_include - "include FILE": tokenize FILE's lines into the current
 * section.  The included file may hold options and further includes, but
 * no sections (fio: "No new sections in included files").
 */
static int parse_include(struct jf_parser *p, const char *file)
{
	struct srcloc saved = p->loc;
	size_t len = 0;
	char *path, *buf = NULL;
	int ret;

	if (!*file) {
		diag_set(p->d, &p->loc, "include needs a file name");
		return -EINVAL;
	}
	if (!p->jf->nr_secs) {
		diag_set(p->d, &p->loc, "'include %s' outside of any [section]",
			 file);
		return -EINVAL;
	}
	path = include_path(p->loc.file, file);
	if (!path || remember_path(p, path)) {
		free(path);
		return out_of_memory(p);
	}
	ret = read_include(p, path, &buf, &len);
	if (ret)
		return ret;
	p->depth++;
	p->loc.file = path;
	p->loc.line = 0;
	ret = parse_lines(p, buf, len);
	p->depth--;
	free(buf);
	if (!ret)
		p->loc = saved;
	return ret;
}

/* is_include - "include" followed by a blank: returns the file name. */
static const char *is_include(const char *line)
{
	if (strncmp(line, "include", 7) || (line[7] != ' ' && line[7] != '\t'))
		return NULL;
	line += 7;
	while (is_blank(*line))
		line++;
	return line;
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
	const char *inc;
	char *s, *exp;
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
	inc = is_include(s);
	if (inc)
		return parse_include(p, inc);
	if (!strstr(s, "${"))
		return parse_option_line(p, s);
	exp = expand_env(s, &p->unset_var);
	if (!exp)
		ret = out_of_memory(p);
	else
		ret = parse_option_line(p, trim(exp));
	free(exp);
	free(p->unset_var);	/* NULL once add_option took it */
	p->unset_var = NULL;
	return ret;
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
	struct stat st;
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
	if (!stat(name, &st)) {
		p.open[0].dev = st.st_dev;
		p.open[0].ino = st.st_ino;
		p.top_known = true;
	}
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
			if (cap >= JOBFILE_SIZE_MAX) {
				free(buf);
				return -EFBIG;
			}
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

int jobfile_from_args(char *const *args, const int *argi, unsigned nr,
		      struct jobfile *jf, struct diag *d)
{
	struct jf_parser p = { .jf = jf, .d = d };
	int ret = 0;

	memset(jf, 0, sizeof(*jf));
	jf->path = strdup(JOBFILE_CMDLINE);
	if (!jf->path) {
		diag_set(d, NULL, "out of memory");
		return -ENOMEM;
	}
	p.loc.file = jf->path;
	for (unsigned i = 0; i < nr && !ret; i++) {
		const char *arg = args[i] + (strncmp(args[i], "--", 2) ? 0 : 2);
		const char *eq = strchr(arg, '=');
		char *key = strndup(arg, eq ? (size_t)(eq - arg) : strlen(arg));

		p.loc.line = argi ? (unsigned)argi[i] : i + 1;
		if (!key) {
			ret = out_of_memory(&p);
			break;
		}
		if (!strcmp(key, "name") && eq && !eq[1]) {
			diag_set(d, &p.loc, "--name needs a job name");
			ret = -EINVAL;
		} else if (!strcmp(key, "name") && eq) {
			ret = add_section(&p, eq + 1);
		} else {
			if (!jf->nr_secs)
				ret = add_section(&p, "global");
			if (!ret)
				ret = add_option(&p, key, eq ? eq + 1 : NULL);
		}
		free(key);
	}
	if (ret)
		jobfile_release(jf);
	return ret;
}

void jobfile_release(struct jobfile *jf)
{
	for (unsigned i = 0; i < jf->nr_secs; i++) {
		struct jf_section *sec = &jf->secs[i];

		for (unsigned j = 0; j < sec->nr_opts; j++) {
			free(sec->opts[j].key);
			free(sec->opts[j].val);
			free(sec->opts[j].unset_var);
		}
		free(sec->opts);
		free(sec->name);
	}
	free(jf->secs);
	for (unsigned i = 0; i < jf->nr_incs; i++)
		free(jf->incs[i]);
	free(jf->incs);
	free(jf->path);
	memset(jf, 0, sizeof(*jf));
}
