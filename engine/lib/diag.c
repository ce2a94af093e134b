/* SPDX-License-Identifier: MIT */
#include "lib/diag.h"

#include <stdio.h>
#include <string.h>

void diag_vset(struct diag *d, const struct srcloc *loc, const char *fmt,
	       va_list ap)
{
	size_t n = 0;

	if (!d)
		return;
	d->msg[0] = '\0';
	if (loc && loc->file) {
		int r = loc->line ?
			snprintf(d->msg, sizeof(d->msg), "%s:%u: ", loc->file, loc->line) :
			snprintf(d->msg, sizeof(d->msg), "%s: ", loc->file);
		n = r < 0 ? 0 : ((size_t)r >= sizeof(d->msg) ? sizeof(d->msg) - 1 : (size_t)r);
	}
	vsnprintf(d->msg + n, sizeof(d->msg) - n, fmt, ap);
}

void diag_set(struct diag *d, const struct srcloc *loc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vset(d, loc, fmt, ap);
	va_end(ap);
}

void diag_print(const struct diag *d)
{
	if (d && d->msg[0])
		fprintf(stderr, "iostress: %s\n", d->msg);
}

void err_printf(const char *fmt, ...)
{
	va_list ap;

	fputs("iostress: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
