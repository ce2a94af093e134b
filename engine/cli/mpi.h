/* SPDX-License-Identifier: MIT */
/*
 * mpi.h - `mpirun -n N iostress JOB`: one run on many hosts at once.
 *
 * Every rank runs the same job list.  The runner agrees with the other
 * ranks at every phase boundary (runner_sync, run/runner.h): a phase starts
 * on all ranks at one collective after every rank's workers have set up,
 * and the next starts only when every rank has ended the one before.  A
 * failure or a stop anywhere is carried to every rank (at the start before
 * any I/O, while a phase runs by a message polled every 20 ms, at its end),
 * so that no rank ever waits in a collective for one that has left.  At
 * the end every rank's job stats go to rank 0, exactly (wire/wire.h), and
 * are merged there with job_stats_merge(): rank 0 writes the one report,
 * with each rank's figures in run_result.ranks.
 *
 * MPI is only in the iostress binary built with --with-mpi (mpi.c); the
 * static worker and a build without it get mpi_none.c, where nothing is
 * ever launched by MPI.  Only cmd_run uses it.  No call is on the I/O path.
 */
#ifndef IOSTRESS_MPI_H
#define IOSTRESS_MPI_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/diag.h"
#include "run/result.h"
#include "run/runner.h"

struct mpi_state;

struct mpi_run {
	unsigned rank;			/* 0 outside MPI */
	unsigned size;			/* ranks; 0 = not an MPI run */
	char host[RANK_HOST_MAX];	/* this host's name */
	struct runner_sync sync;	/* the phase boundaries, under MPI */
	struct mpi_state *state;	/* mpi.c's own */
};

/* mpi_alone - m as a process that is not a rank: rank 0 of size 0 on this
 * host. */
static inline void mpi_alone(struct mpi_run *m)
{
	memset(m, 0, sizeof(*m));
	if (gethostname(m->host, sizeof(m->host) - 1))
		strcpy(m->host, "localhost");
}

/*
 * mpi_start - fill m: when the process was started by an MPI launcher
 * (mpirun, or srun: OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK in the
 * environment) initialise MPI and return 1; otherwise (or without MPI
 * support) m is rank 0 of size 0 on this host and 0 is returned.
 * -errno with a message in d when MPI could not start.
 */
int mpi_start(struct mpi_run *m, struct diag *d);

/* mpi_any - every rank says whether flag holds for it; true when it
 * holds on any (a collective).  Outside MPI: flag. */
bool mpi_any(struct mpi_run *m, bool flag);

/* mpi_same - whether value is the same on every rank (a collective).
 * Outside MPI: true. */
bool mpi_same(struct mpi_run *m, unsigned value);

/* mpi_worst - the largest of every rank's status, on every rank (a
 * collective).  Outside MPI: status. */
int mpi_worst(struct mpi_run *m, int status);

/* mpi_print - text (len bytes) of every rank to out on rank 0, in rank
 * order (a collective; the other ranks print nothing).  Returns 0 or
 * -errno on rank 0's write. */
int mpi_print(struct mpi_run *m, const char *text, size_t len, FILE *out);

/*
 * mpi_reduce - every rank's res to rank 0 (a collective): there each job's
 * stats become every rank's merged (counts and histograms add, so
 * percentiles are exact; runtime is the slowest rank's; cycles add,
 * cycles_stat_add()), interrupted any rank's, the groups are merged again,
 * and res->ranks holds each rank's host and figures per job.  The other
 * ranks' res is left as it was.  Returns 0, or -errno with a message in d
 * (on rank 0: a rank's stats could not be read).
 */
int mpi_reduce(struct mpi_run *m, struct run_result *res, struct diag *d);

/* mpi_finish - end MPI (after the stop messages still on their way are
 * taken in); nothing outside MPI. */
void mpi_finish(struct mpi_run *m);

#endif
