/* SPDX-License-Identifier: MIT */
/*
 * native_target.c - the native placement: the jobs run in this process,
 * in the runner's own threads (run_phase is NULL), on this host's files
 * and devices.  It creates nothing, so it has no teardown and no sweep;
 * it only describes where the jobs' data lives.
 */
#include "targets/kinds.h"

static int native_prepare(struct target *t, struct diag *d)
{
	int ret = target_describe_here(t);

	if (ret)
		diag_set(d, NULL, "out of memory");
	return ret;
}

const struct target_ops native_target_ops = {
	.kind = "native",
	.prepare = native_prepare,
};
