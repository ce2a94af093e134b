/* SPDX-License-Identifier: MIT */
/*
 * worker_ddir.c - what kind of request comes next besides the data
 * direction (worker_pick_ddir() in worker_prep.h): fsync= and fdatasync=
 * requests, as fio's get_rw_ddir().
 */
#include "run/worker_prep.h"

unsigned worker_sync_due(const struct worker *w)
{
	const struct job *job = w->job;

	if (w->last_ddir != DDIR_WRITE || !w->writes_issued)
		return 0;
	if (job->fsync && !(w->writes_issued % job->fsync))
		return DDIR_SYNC;
	if (job->fdatasync && !(w->writes_issued % job->fdatasync))
		return DDIR_DATASYNC;
	return 0;
}
