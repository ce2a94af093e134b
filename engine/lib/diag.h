/* SPDX-License-Identifier: MIT */
/*
 * diag.h - error messages that name where they came from.
 *
 * Parsers and option handlers do not print.  They describe what went wrong
 * in a struct diag and return -EINVAL (or another -errno); the caller decides
 * whether and where to print it.  This keeps every message testable: a unit
 * test asserts the exact text a user would see.
 *
 * Message format (see doc/design.md, "Error messages"):
 *     FILE:LINE: what failed 'value'
 * lowercase, no trailing full stop.  main() prefixes "iostress: " when it
 * prints the message to stderr.
 */
#ifndef IOSTRESS_DIAG_H
#define IOSTRESS_DIAG_H

#include <stdarg.h>

/* Where a token came from.  file is borrowed, never freed through this. */
struct srcloc {
	const char *file;	/* job file path as given, or "<cmdline>" */
	unsigned line;		/* 1-based; 0 when there is no line */
};

#define DIAG_MSG_MAX 512

struct diag {
	char msg[DIAG_MSG_MAX];	/* empty string when nothing was reported */
};

/*
 * diag_set - record a message, prefixed with "file:line: " when loc is
 * non-NULL and loc->file is set (line omitted when 0).  Overwrites any
 * earlier message.  d may be NULL, in which case nothing is recorded.
 */
void diag_set(struct diag *d, const struct srcloc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* diag_vset - va_list form of diag_set. */
void diag_vset(struct diag *d, const struct srcloc *loc, const char *fmt,
	       va_list ap) __attribute__((format(printf, 3, 0)));

/* diag_print - print "iostress: <msg>\n" to stderr if a message is set. */
void diag_print(const struct diag *d);

/* err_printf - print "iostress: <formatted>\n" to stderr. */
void err_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
