/* SPDX-License-Identifier: MIT */
/*
 * options.h - the option table: every job option iostress understands.
 *
 * One static const table lists each option with its type, where it lands
 * in struct job, its fio default and a one-line help.  options_apply() is
 * the only way a value gets into a job.  Unknown names get a did-you-mean
 * suggestion; fio options iostress does not implement are refused by name.
 */
#ifndef IOSTRESS_OPTIONS_H
#define IOSTRESS_OPTIONS_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/diag.h"
#include "job/job.h"

/*
 * options_apply - parse val for option key and store it in job.  val is
 * NULL for a bare option.  On error returns -EINVAL and writes a message
 * naming loc, the option and the value to d, e.g.
 *     mixed.job:12: unknown option 'iodepht' (did you mean 'iodepth'?)
 *     mixed.job:7: invalid value 'fast' for option 'rw'
 */
int options_apply(struct job *job, const char *key, const char *val,
		  const struct srcloc *loc, struct diag *d);

/*
 * options_validate - cross-option checks once a job section is complete
 * (e.g. ioengine resolved to a backend, bs > 0, iodepth >= 1).  Errors name
 * the job's loc.  Returns 0 or -EINVAL.
 */
int options_validate(struct job *job, struct diag *d);

/* options_recognized - key is an option of the table (or an alias), a fio
 * option iostress refuses by name, or close enough to one that
 * options_apply() would suggest it.  For the command line: such a
 * "--key=value" is a job option. */
bool options_recognized(const char *key);

/* options_enum_name - the name of value v of enum option key (e.g.
 * "kvm_disk_cache", KVM_CACHE_NONE: "none"); NULL when key is no enum
 * option or v none of its values. */
const char *options_enum_name(const char *key, unsigned v);

/* options_dump - print the job's resolved options, one "key=value" per
 * line, in table order (for --dump-jobs). */
void options_dump(const struct job *job, FILE *out);

#endif
