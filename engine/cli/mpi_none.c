/* SPDX-License-Identifier: MIT */
/*
 * mpi_none.c - mpi.h without MPI: the static worker, and a build without
 * --with-mpi.  Every process is alone.
 */
#include "cli/mpi.h"

#include <errno.h>

int mpi_start(struct mpi_run *m, struct diag *d)
{
	(void)d;
	mpi_alone(m);
	return 0;
}

bool mpi_any(struct mpi_run *m, bool flag)
{
	(void)m;
	return flag;
}

bool mpi_same(struct mpi_run *m, unsigned value)
{
	(void)m;
	(void)value;
	return true;
}

int mpi_worst(struct mpi_run *m, int status)
{
	(void)m;
	return status;
}

int mpi_print(struct mpi_run *m, const char *text, size_t len, FILE *out)
{
	(void)m;
	return fwrite(text, 1, len, out) == len ? 0 : -EIO;
}

int mpi_reduce(struct mpi_run *m, struct run_result *res, struct diag *d)
{
	(void)m;
	(void)res;
	(void)d;
	return 0;
}

void mpi_finish(struct mpi_run *m)
{
	(void)m;
}
