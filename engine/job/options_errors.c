/* SPDX-License-Identifier: MIT */
/*
 * options_errors.c - parse and dump hooks for ignore_error (fio's lists of
 * errors that continue_on_error lets a job go on after).
 *
 * fio 3.33's syntax: ignore_error=READ_LIST,WRITE_LIST,VERIFY_LIST, each
 * list errors separated by ':', each error a number or one of the names
 * EPERM..ERANGE (errno 1 to 34).  A non-empty list replaces the default
 * (EIO, EILSEQ) for its type and turns continue_on_error on for that type.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"
#include "job/options_impl.h"

/* fio's str2error(): the names it knows, errno i + 1 each. */
static const char *const error_names[] = {
	"EPERM", "ENOENT", "ESRCH", "EINTR", "EIO", "ENXIO", "E2BIG",
	"ENOEXEC", "EBADF", "ECHILD", "EAGAIN", "ENOMEM", "EACCES", "EFAULT",
	"ENOTBLK", "EBUSY", "EEXIST", "EXDEV", "ENODEV", "ENOTDIR", "EISDIR",
	"EINVAL", "ENFILE", "EMFILE", "ENOTTY", "ETXTBSY", "EFBIG", "ENOSPC",
	"ESPIPE", "EROFS", "EMLINK", "EPIPE", "EDOM", "ERANGE",
};

/* error_value - one error of a list: a name or a number; 0 when unknown. */
static int error_value(const char *s)
{
	char *end;
	long v;

	if (s[0] == 'E') {
		for (size_t i = 0; i < ARRAY_SIZE(error_names); i++)
			if (!strcmp(s, error_names[i]))
				return (int)i + 1;
		return 0;
	}
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < -4095 || v > 4095)
		return 0;
	return (int)(v < 0 ? -v : v);
}

/* parse_list - the ':' list of type t into a scratch policy. */
static int parse_list(const struct opt_ctx *c, char *list, enum err_type t,
		      struct error_policy *p)
{
	char *save = NULL;
	unsigned n = 0;

	for (char *e = strtok_r(list, ":", &save); e; e = strtok_r(NULL, ":", &save)) {
		int v = error_value(e);

		if (!v)
			return opt_bad_value(c, "unknown error '%s': use a number or EPERM..ERANGE", e);
		if (n == IGNORE_ERROR_MAX)
			return opt_bad_value(c, "at most %d errors per type", IGNORE_ERROR_MAX);
		p->ignore[t][n++] = v;
	}
	if (n) {
		p->nr_ignore[t] = n;
		p->continue_on |= ERR_TYPE_BIT(t);
	}
	return 0;
}

int opt_parse_ignore_error(const struct opt_ctx *c)
{
	struct error_policy p = c->job->errors;
	char *copy, *rest, *field;
	unsigned t = 0;
	int ret = opt_need_value(c);

	if (ret)
		return ret;
	copy = strdup(c->val);
	if (!copy)
		return opt_out_of_memory(c);
	rest = copy;
	while ((field = strsep(&rest, ",")) && !ret) {
		if (t == ERR_TYPE_NR) {
			ret = opt_bad_value(c, "at most three lists: read,write,verify");
			break;
		}
		ret = parse_list(c, field, (enum err_type)t++, &p);
	}
	free(copy);
	if (!ret)
		c->job->errors = p;
	return ret;
}

void opt_dump_ignore_error(const struct opt_def *o, const struct job *job,
			   FILE *out)
{
	const struct error_policy *p = &job->errors;
	unsigned last = ERR_TYPE_NR;

	while (last && !p->nr_ignore[last - 1])
		last--;
	if (!last)
		return;
	fprintf(out, "%s=", o->name);
	for (unsigned t = 0; t < last; t++) {
		if (t)
			fputc(',', out);
		for (unsigned i = 0; i < p->nr_ignore[t]; i++)
			fprintf(out, "%s%d", i ? ":" : "", p->ignore[t][i]);
	}
	fputc('\n', out);
}
