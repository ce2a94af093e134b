/* SPDX-License-Identifier: MIT */
/*
 * mpi.c - mpi.h with Open MPI (or any MPI): the iostress binary built
 * --with-mpi.  Every MPI call is made from the main thread
 * (MPI_THREAD_FUNNELED): the runner calls its sync hooks from there.
 */
#include "cli/mpi.h"

#include <errno.h>
#include <limits.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "measure/cycles.h"
#include "wire/wire.h"

/* A stop message: "this rank stopped" (its payload is unused). */
#define MPI_TAG_STOP 7301

struct mpi_state {
	MPI_Request *sends;	/* one stop message to each other rank */
	unsigned *received;	/* stop messages taken in, per sender */
	int *sent, *due;	/* mpi_finish()'s counts, per rank */
	int stop_word;		/* what the stop messages carry */
	bool announced;		/* this rank sent its stop messages */
};

/* launched - the process was started by an MPI launcher. */
static bool launched(void)
{
	return getenv("OMPI_COMM_WORLD_SIZE") || getenv("PMIX_RANK") ||
	       getenv("PMI_RANK");
}

/* any_rank - MPI_LOR of flag over every rank. */
static bool any_rank(bool flag)
{
	int in = flag, out = 0;

	MPI_Allreduce(&in, &out, 1, MPI_INT, MPI_LOR, MPI_COMM_WORLD);
	return out;
}

/* take_stops - take in the stop messages that have arrived; true when
 * there was one. */
static bool take_stops(struct mpi_state *s)
{
	bool got = false;

	for (;;) {
		MPI_Status st;
		int flag = 0, word;

		MPI_Iprobe(MPI_ANY_SOURCE, MPI_TAG_STOP, MPI_COMM_WORLD, &flag, &st);
		if (!flag)
			return got;
		MPI_Recv(&word, 1, MPI_INT, st.MPI_SOURCE, MPI_TAG_STOP,
			 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
		s->received[st.MPI_SOURCE]++;
		got = true;
	}
}

/* announce - tell every other rank that this one stopped, once. */
static void announce(struct mpi_run *m)
{
	struct mpi_state *s = m->state;

	if (s->announced)
		return;
	s->announced = true;
	for (unsigned r = 0; r < m->size; r++)
		if (r != m->rank)
			MPI_Isend(&s->stop_word, 1, MPI_INT, (int)r, MPI_TAG_STOP,
				  MPI_COMM_WORLD, &s->sends[r]);
}

static bool sync_start(unsigned phase, bool failed, void *arg)
{
	(void)phase;
	(void)arg;
	return any_rank(failed);
}

static bool sync_poll(bool stopped, void *arg)
{
	struct mpi_run *m = arg;

	if (stopped)
		announce(m);
	return take_stops(m->state);
}

static bool sync_end(unsigned phase, bool failed, void *arg)
{
	(void)phase;
	(void)arg;
	return any_rank(failed);
}

static void state_free(struct mpi_state *s)
{
	free(s->sends);
	free(s->received);
	free(s->sent);
	free(s->due);
	free(s);
}

static int state_new(struct mpi_run *m)
{
	struct mpi_state *s = calloc(1, sizeof(*s));

	if (!s)
		return -ENOMEM;
	s->sends = calloc(m->size, sizeof(*s->sends));
	s->received = calloc(m->size, sizeof(*s->received));
	s->sent = calloc(m->size, sizeof(*s->sent));
	s->due = calloc(m->size, sizeof(*s->due));
	if (!s->sends || !s->received || !s->sent || !s->due) {
		state_free(s);
		return -ENOMEM;
	}
	for (unsigned r = 0; r < m->size; r++)
		s->sends[r] = MPI_REQUEST_NULL;
	m->state = s;
	return 0;
}

int mpi_start(struct mpi_run *m, struct diag *d)
{
	int provided, rank, size, len = 0, ret;
	char name[MPI_MAX_PROCESSOR_NAME];

	mpi_alone(m);
	if (!launched())
		return 0;
	if (MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS) {
		diag_set(d, NULL, "mpi: initialisation failed");
		return -EIO;
	}
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &size);
	m->rank = (unsigned)rank;
	m->size = (unsigned)size;
	if (MPI_Get_processor_name(name, &len) == MPI_SUCCESS && len > 0)
		snprintf(m->host, sizeof(m->host), "%.*s", len, name);
	ret = state_new(m);
	if (ret) {
		diag_set(d, NULL, "mpi: out of memory");
		MPI_Abort(MPI_COMM_WORLD, 1);
		return ret;
	}
	m->sync = (struct runner_sync){
		.start = sync_start,
		.poll = sync_poll,
		.end = sync_end,
		.arg = m,
	};
	return 1;
}

bool mpi_any(struct mpi_run *m, bool flag)
{
	return m->size ? any_rank(flag) : flag;
}

bool mpi_same(struct mpi_run *m, unsigned value)
{
	long in[2] = { (long)value, -(long)value }, out[2] = { 0, 0 };

	if (!m->size)
		return true;
	MPI_Allreduce(in, out, 2, MPI_LONG, MPI_MAX, MPI_COMM_WORLD);
	return out[0] == -out[1];	/* the largest is the smallest */
}

int mpi_worst(struct mpi_run *m, int status)
{
	int out = status;

	if (m->size)
		MPI_Allreduce(&status, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
	return out;
}

/* gather - every rank's len bytes at buf to rank 0: there *all holds them
 * in rank order (malloc'd) and lens[r], offs[r] (m->size entries each,
 * malloc'd) where rank r's are.  A collective.  Returns 0 or -ENOMEM, the
 * same on every rank (a rank that cannot take part sends nothing). */
static int gather(struct mpi_run *m, const char *buf, size_t len, char **all,
		  int **lens, int **offs)
{
	int mine = len > INT_MAX ? -1 : (int)len, fail = 0;
	size_t total = 0;

	*all = NULL;
	*lens = *offs = NULL;
	if (m->rank == 0) {
		*lens = calloc(m->size, sizeof(**lens));
		*offs = calloc(m->size, sizeof(**offs));
		fail = !*lens || !*offs;
	}
	if (mine < 0)
		fail = 1;
	if (any_rank(fail))
		goto err_free;
	MPI_Gather(&mine, 1, MPI_INT, *lens, 1, MPI_INT, 0, MPI_COMM_WORLD);
	if (m->rank == 0) {
		for (unsigned r = 0; r < m->size; r++) {
			(*offs)[r] = (int)total;
			total += (size_t)(*lens)[r];
		}
		fail = total > INT_MAX || !(*all = malloc(total + 1));
	}
	if (any_rank(fail))
		goto err_free;
	MPI_Gatherv(buf, mine, MPI_CHAR, *all, *lens, *offs, MPI_CHAR, 0,
		    MPI_COMM_WORLD);
	return 0;

err_free:
	free(*all);
	free(*lens);
	free(*offs);
	*all = NULL;
	*lens = *offs = NULL;
	return -ENOMEM;
}

int mpi_print(struct mpi_run *m, const char *text, size_t len, FILE *out)
{
	int *lens, *offs, ret;
	char *all;

	if (!m->size)
		return fwrite(text, 1, len, out) == len ? 0 : -EIO;
	ret = gather(m, text, len, &all, &lens, &offs);
	if (ret || m->rank)
		return ret;
	for (unsigned r = 0; r < m->size && !ret; r++)
		if (fwrite(all + offs[r], 1, (size_t)lens[r], out) != (size_t)lens[r])
			ret = -EIO;
	free(all);
	free(lens);
	free(offs);
	return ret;
}

/*
 * What a rank sends rank 0, as NUL-terminated strings: its host, "1" when
 * it was interrupted (else "0"), then each job's stats as one wire
 * document (wire_stats_encode()), in job order.
 */
static int pack(const struct mpi_run *m, const struct run_result *res,
		char **buf, size_t *len)
{
	FILE *f = open_memstream(buf, len);
	int ret = 0;

	if (!f)
		return -ENOMEM;
	fprintf(f, "%s%c%d%c", m->host, '\0', res->interrupted ? 1 : 0, '\0');
	for (unsigned i = 0; i < res->jobs->nr && !ret; i++) {
		char *text;

		ret = wire_stats_encode(&res->job_stats[i], &text);
		if (!ret) {
			fprintf(f, "%s%c", text, '\0');
			free(text);
		}
	}
	if (fclose(f) && !ret)
		ret = -ENOMEM;
	if (ret) {
		free(*buf);
		*buf = NULL;
	}
	return ret;
}

/* rank_figures - what rank r did with job i, from its stats. */
static void rank_figures(struct run_ranks *rr, unsigned r, unsigned i,
			 const struct job_stats *st)
{
	struct rank_job *rj = run_ranks_job(rr, r, i);

	for (unsigned dd = 0; dd < DDIR_NR; dd++) {
		rj->ios += st->dir[dd].ios;
		rj->bytes += st->dir[dd].bytes;
	}
	rj->runtime_ns = st->runtime_ns;
	rj->error = st->error;
}

/* fold - rank r's stats of job i into rank 0's: job_stats_merge(), with
 * the cycles of another process added rather than maxed, and one job
 * still one job. */
static void fold(struct job_stats *dst, const struct job_stats *src)
{
	struct cycles_stat cycles = dst->cycles;
	unsigned merged = dst->nr_merged;

	job_stats_merge(dst, src);
	cycles_stat_add(&cycles, &src->cycles);
	dst->cycles = cycles;
	dst->nr_merged = merged;
}

/* unpack - rank r's part [p, end) into res and rr.  Returns 0, or
 * -EPROTO with a message in d. */
static int unpack(struct run_result *res, struct run_ranks *rr, unsigned r,
		  const char *p, const char *end, struct diag *d)
{
	struct job_stats st;
	int ret = 0;

	if (p >= end || !memchr(p, '\0', (size_t)(end - p)))
		goto err_short;
	snprintf(rr->host[r], sizeof(rr->host[r]), "%s", p);
	p += strlen(p) + 1;
	if (p >= end || !memchr(p, '\0', (size_t)(end - p)))
		goto err_short;
	if (!strcmp(p, "1"))
		res->interrupted = true;
	p += strlen(p) + 1;
	for (unsigned i = 0; i < res->jobs->nr; i++) {
		if (p >= end || !memchr(p, '\0', (size_t)(end - p)))
			goto err_short;
		if (job_stats_init(&st))
			return -ENOMEM;
		ret = wire_stats_decode(p, &st, d);
		if (!ret) {
			rank_figures(rr, r, i, &st);
			fold(&res->job_stats[i], &st);
		}
		job_stats_release(&st);
		if (ret) {
			char why[sizeof(d->msg)];

			snprintf(why, sizeof(why), "%s", d->msg);
			diag_set(d, NULL, "mpi: rank %u's stats of job %u: %s",
				 r, i, why);
			return ret;
		}
		p += strlen(p) + 1;
	}
	return 0;

err_short:
	diag_set(d, NULL, "mpi: rank %u sent too little", r);
	return -EPROTO;
}

int mpi_reduce(struct mpi_run *m, struct run_result *res, struct diag *d)
{
	struct run_ranks *rr = NULL;
	int *lens, *offs, ret;
	size_t len = 0;
	char *buf = NULL, *all;

	if (!m->size)
		return 0;
	ret = pack(m, res, &buf, &len);
	if (ret)	/* still take part: an empty part says it */
		len = 0;
	ret = gather(m, buf ? buf : "", len, &all, &lens, &offs);
	free(buf);
	if (ret) {
		diag_set(d, NULL, "mpi: out of memory gathering the ranks' stats");
		return ret;
	}
	if (m->rank)
		return 0;
	rr = run_ranks_new(m->size, res->jobs->nr);
	if (!rr) {
		ret = -ENOMEM;
		diag_set(d, NULL, "mpi: out of memory");
		goto out_free;
	}
	snprintf(rr->host[0], sizeof(rr->host[0]), "%s", m->host);
	for (unsigned i = 0; i < res->jobs->nr; i++)
		rank_figures(rr, 0, i, &res->job_stats[i]);
	for (unsigned r = 1; r < m->size && !ret; r++)
		ret = unpack(res, rr, r, all + offs[r], all + offs[r] + lens[r], d);
	run_result_merge_groups(res);
	res->ranks = rr;
out_free:
	free(all);
	free(lens);
	free(offs);
	return ret;
}

void mpi_finish(struct mpi_run *m)
{
	struct mpi_state *s = m->state;

	if (!m->size)
		return;
	/* how many stop messages each rank is owed, so it takes them all */
	for (unsigned r = 0; r < m->size; r++)
		s->sent[r] = s->sends[r] != MPI_REQUEST_NULL;
	MPI_Alltoall(s->sent, 1, MPI_INT, s->due, 1, MPI_INT, MPI_COMM_WORLD);
	for (unsigned r = 0; r < m->size; r++) {
		int word;

		if (s->due[r] && !s->received[r])
			MPI_Recv(&word, 1, MPI_INT, (int)r, MPI_TAG_STOP,
				 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
	}
	MPI_Waitall((int)m->size, s->sends, MPI_STATUSES_IGNORE);
	state_free(s);
	m->state = NULL;
	MPI_Finalize();
}
