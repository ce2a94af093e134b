/* SPDX-License-Identifier: MIT */
#include "cli/output.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/signals.h"
#include "report/report.h"

bool output_has(const char *tmpl, char conv)
{
	for (const char *p = tmpl; *p; p++) {
		if (p[0] == '%' && p[1] == conv)
			return true;
		if (p[0] == '%' && p[1] == '%')
			p++;
	}
	return false;
}

/* expand - the text of conversion p[1] at p, or NULL when p is not one. */
static const char *expand(const char *p, const char *name, const char *rep,
			  const char *rank)
{
	if (p[0] != '%')
		return NULL;
	switch (p[1]) {
	case 't':
		return name;
	case 'r':
		return rep;
	case 'R':
		return rank;
	case '%':
		return "%";
	default:
		return NULL;
	}
}

char *output_path(const char *tmpl, const char *name, unsigned rep,
		  unsigned rank)
{
	size_t len = strlen(tmpl) + 1, n = 0;
	char repbuf[16], rankbuf[16];
	const char *v;
	char *out;

	snprintf(repbuf, sizeof(repbuf), "%u", rep);
	snprintf(rankbuf, sizeof(rankbuf), "%u", rank);
	for (const char *p = tmpl; *p; p++)
		if ((v = expand(p, name, repbuf, rankbuf)))
			len += strlen(v);
	out = malloc(len);
	if (!out)
		return NULL;
	for (const char *p = tmpl; *p; p++) {
		v = expand(p, name, repbuf, rankbuf);
		if (v) {
			strcpy(out + n, v);
			n += strlen(v);
			p++;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
	return out;
}

int output_write_with(const char *path, output_fn fn, const void *arg)
{
	char *tmp = NULL;
	FILE *out;
	mode_t mask;
	int fd, ret;

	if (!path) {
		ret = fn(stdout, arg);
		if (fflush(stdout) && !ret)
			ret = -EIO;
		return ret;
	}
	if (asprintf(&tmp, "%s.XXXXXX", path) < 0)
		return -ENOMEM;
	fd = mkstemp(tmp);
	if (fd < 0) {
		ret = -errno;
		err_printf("unable to create '%s': %s", tmp, strerror(errno));
		goto out_free_tmp;
	}
	signals_report_tmp(tmp);
	mask = umask(0);
	umask(mask);
	fchmod(fd, 0666 & ~mask);
	out = fdopen(fd, "w");
	if (!out) {
		ret = -errno;
		close(fd);
		goto out_unlink_tmp;
	}
	ret = fn(out, arg);
	if (fclose(out) && !ret)
		ret = -EIO;
	if (ret) {
		err_printf("unable to write '%s': %s", path, strerror(-ret));
		goto out_unlink_tmp;
	}
	if (rename(tmp, path)) {
		ret = -errno;
		err_printf("unable to write '%s': %s", path, strerror(errno));
		goto out_unlink_tmp;
	}
	goto out_forget_tmp;

out_unlink_tmp:
	unlink(tmp);
out_forget_tmp:
	signals_report_tmp(NULL);
out_free_tmp:
	free(tmp);
	return ret;
}

/* The arguments of report_write() but its FILE. */
struct report_args {
	unsigned formats;
	const struct run_result *res;
};

static int write_report(FILE *out, const void *arg)
{
	const struct report_args *a = arg;

	return report_write(out, a->formats, a->res);
}

int output_write(const char *path, unsigned formats,
		 const struct run_result *res)
{
	struct report_args a = { formats, res };

	return output_write_with(path, write_report, &a);
}
