/* SPDX-License-Identifier: MIT */
/*
 * jobfile.h - the job-file tokenizer.
 *
 * Turns the text of an fio-dialect job file into sections of key/value
 * options, each remembering its file and line.  It knows the syntax only;
 * whether an option exists or a value is valid is options.h's business.
 *
 * Syntax: "[name]" starts a section ("[global]" is a section like any
 * other here); "key=value", "key = value" or a bare "key"; blank lines;
 * comments whole-line with ';' or '#'.  Anything before the first section
 * is an error, as is an unclosed '[' or an empty section name.
 *
 * "include FILE" in a section reads FILE (relative to the directory of the
 * file that includes it) and adds its options to that section; includes
 * nest, may not hold sections, and a missing file or a loop is an error
 * naming the include line.  Options from an included file carry that
 * file's path and line.  "${VAR}" in an option line becomes the value of
 * the environment variable VAR, or nothing when it is unset (the option
 * then names VAR in unset_var, for messages).
 */
#ifndef IOSTRESS_JOBFILE_H
#define IOSTRESS_JOBFILE_H

#include <stddef.h>

#include "lib/diag.h"

struct jf_option {
	char *key;		/* owned; as written, trimmed */
	char *val;		/* owned; NULL when the option was bare */
	struct srcloc loc;	/* loc.file points at jobfile.path */
	char *unset_var;	/* owned; the first ${NAME} of the line that
				 * was not set (expanded to ""), or NULL */
};

struct jf_section {
	char *name;		/* owned, without brackets */
	struct srcloc loc;
	struct jf_option *opts;
	unsigned nr_opts;
};

struct jobfile {
	char *path;		/* owned; as given */
	struct jf_section *secs;
	unsigned nr_secs;
	char **incs;		/* owned paths of included files; option
				 * locs of included options point here */
	unsigned nr_incs;
};

/* jobfile_parse - read and tokenize path.  Returns 0 or -errno with a
 * message in d (file:line for syntax errors, "unable to open 'x': ..." for
 * I/O errors).  On failure jf holds nothing to release. */
int jobfile_parse(const char *path, struct jobfile *jf, struct diag *d);

/* jobfile_parse_buf - same over an in-memory buffer (which need not be NUL
 * terminated and may hold any bytes); name is used in messages.  For tests
 * and the fuzzer. */
int jobfile_parse_buf(const char *name, const char *buf, size_t len,
		      struct jobfile *jf, struct diag *d);

/* The file name of command-line jobs in messages: "<cmdline>:N:" where N
 * is the argument's index in argv. */
#define JOBFILE_CMDLINE "<cmdline>"

/*
 * jobfile_from_args - tokenize fio-style command-line job options
 * ("--name=a", "--rw=read", "--direct", ...; the leading "--" optional)
 * into jf as if they were a job file: options before the first --name go
 * into a [global] section, and each --name=X starts section [X]
 * ("--name=global" starts a [global] one, as in fio).  argi[i] is the argv
 * index of args[i], used as the line number (argi may be NULL: 1, 2, ...).
 * Returns 0, or -EINVAL/-ENOMEM with a message in d.
 */
int jobfile_from_args(char *const *args, const int *argi, unsigned nr,
		      struct jobfile *jf, struct diag *d);

/* jobfile_release - free everything jobfile_parse() allocated. */
void jobfile_release(struct jobfile *jf);

#endif
