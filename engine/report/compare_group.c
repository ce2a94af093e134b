/* SPDX-License-Identifier: MIT */
/*
 * compare_group.c - documents into groups by label, jobs into rows by name
 * and group id, and each group's figures of a row: medians, range,
 * spread, ratio to the base group and the noise verdict (noise.h).
 */
#include "report/compare.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const col_names[CMP_NR] = {
	[CMP_IOPS] = "iops",
	[CMP_BW] = "bw_bytes",
	[CMP_P50] = "clat_p50_ns",
	[CMP_P99] = "clat_p99_ns",
	[CMP_P999] = "clat_p99.9_ns",
	[CMP_CYC_THREAD] = "cycles_per_io_thread",
	[CMP_CYC_PROCESS] = "cycles_per_io_process",
	[CMP_CYC_HOST] = "cycles_per_io_host",
	[CMP_SETUP] = "setup_ms",
};

const char *cmp_col_name(enum cmp_col c)
{
	return col_names[c];
}

const char *cmp_dir_name(unsigned dir)
{
	return dir == CMP_READ ? "read" : "write";
}

/* job_in - doc's job named name in group gid, or NULL. */
static const struct cmp_job *job_in(const struct cmp_doc *doc, const char *name,
				    long long gid)
{
	for (unsigned i = 0; i < doc->nr_jobs; i++)
		if (doc->jobs[i].groupid == gid && !strcmp(doc->jobs[i].name, name))
			return &doc->jobs[i];
	return NULL;
}

/* group_docs - docs into set->groups by label, in order of appearance. */
static int group_docs(const struct cmp_doc *docs, unsigned n, struct cmp_set *set)
{
	set->groups = calloc(n ? n : 1, sizeof(*set->groups));
	if (!set->groups)
		return -ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		struct cmp_group *g = NULL;

		for (unsigned k = 0; k < set->nr_groups && !g; k++)
			if (!strcmp(set->groups[k].label, docs[i].label))
				g = &set->groups[k];
		if (!g) {
			g = &set->groups[set->nr_groups++];
			g->label = docs[i].label;
			g->docs = calloc(n, sizeof(*g->docs));
			if (!g->docs)
				return -ENOMEM;
		}
		g->docs[g->nr++] = &docs[i];
	}
	set->lo_runs = n;
	for (unsigned k = 0; k < set->nr_groups; k++)
		if (set->groups[k].nr < set->lo_runs)
			set->lo_runs = set->groups[k].nr;
	return 0;
}

/* has_row - the set has a row for the job and direction already. */
static bool has_row(const struct cmp_set *set, const struct cmp_job *j, unsigned d)
{
	for (unsigned r = 0; r < set->nr_rows; r++)
		if (set->rows[r].dir == d && set->rows[r].groupid == j->groupid &&
		    !strcmp(set->rows[r].job, j->name))
			return true;
	return false;
}

/* list_rows - every job and direction that did I/O in some document, in
 * the order the groups, then their documents, list them. */
static int list_rows(const struct cmp_doc *docs, unsigned n, struct cmp_set *set)
{
	unsigned cap = 0;

	for (unsigned i = 0; i < n; i++)
		cap += docs[i].nr_jobs * CMP_DIRS;
	set->rows = calloc(cap ? cap : 1, sizeof(*set->rows));
	if (!set->rows)
		return -ENOMEM;
	for (unsigned k = 0; k < set->nr_groups; k++)
		for (unsigned i = 0; i < set->groups[k].nr; i++) {
			const struct cmp_doc *doc = set->groups[k].docs[i];

			for (unsigned j = 0; j < doc->nr_jobs; j++)
				for (unsigned d = 0; d < CMP_DIRS; d++) {
					const struct cmp_job *job = &doc->jobs[j];
					struct cmp_row *row;

					if (!job->dir[d].moved || has_row(set, job, d))
						continue;
					row = &set->rows[set->nr_rows++];
					row->job = job->name;
					row->groupid = job->groupid;
					row->dir = d;
				}
		}
	return 0;
}

/* median_curve - the cell's curve: at each percentile of the first run's
 * curve, the median over the runs that have that percentile. */
static void median_curve(struct cmp_cell *cell, const struct cmp_dir **dirs,
			 unsigned n, double *tmp)
{
	cell->nr_points = 0;
	if (!n)
		return;
	for (unsigned p = 0; p < dirs[0]->nr_points; p++) {
		double pct = dirs[0]->curve[p].pct;
		unsigned m = 0;

		for (unsigned i = 0; i < n; i++)
			for (unsigned q = 0; q < dirs[i]->nr_points; q++)
				if (fabs(dirs[i]->curve[q].pct - pct) < 1e-9)
					tmp[m++] = dirs[i]->curve[q].ns;
		cell->curve[cell->nr_points++] =
			(struct cmp_point){ pct, noise_median(tmp, m) };
	}
}

/* fill_cell - a group's runs of the row: figures, medians, range. */
static int fill_cell(const struct cmp_group *g, const struct cmp_row *row,
		     struct cmp_cell *cell)
{
	const struct cmp_dir **dirs = calloc(g->nr, sizeof(*dirs));
	double *tmp = calloc(g->nr, sizeof(*tmp));
	int ret = -ENOMEM;

	if (!dirs || !tmp)
		goto out_free;
	for (unsigned i = 0; i < g->nr; i++) {
		const struct cmp_job *j = job_in(g->docs[i], row->job, row->groupid);

		if (!j)
			continue;
		cell->present = true;
		if (j->dir[row->dir].moved)
			dirs[cell->nr_runs++] = &j->dir[row->dir];
	}
	for (unsigned c = 0; c < CMP_NR; c++) {
		struct cmp_stat *s = &cell->col[c];

		s->runs = calloc(g->nr, sizeof(*s->runs));
		if (!s->runs)
			goto out_free;
		for (unsigned i = 0; i < cell->nr_runs; i++)
			if (!isnan(dirs[i]->v[c]))
				s->runs[s->nr++] = dirs[i]->v[c];
		s->med = s->min = s->max = s->ratio = NAN;
		s->p = 1.0;
		if (!s->nr)
			continue;
		memcpy(tmp, s->runs, s->nr * sizeof(*tmp));
		s->med = noise_median(tmp, s->nr);
		s->min = tmp[0];
		s->max = tmp[s->nr - 1];	/* noise_median sorted them */
		s->spread = noise_spread(s->runs, s->nr, s->med);
	}
	median_curve(cell, dirs, cell->nr_runs, tmp);
	ret = 0;
out_free:
	free(dirs);
	free(tmp);
	return ret;
}

/* judge - each column of cell against the base's. */
static void judge(struct cmp_cell *cell, const struct cmp_cell *base)
{
	for (unsigned c = 0; c < CMP_NR; c++) {
		struct cmp_stat *s = &cell->col[c];
		const struct cmp_stat *b = &base->col[c];

		if (s->nr && b->nr && s->med > 0.0 && b->med > 0.0)
			s->ratio = s->med / b->med;
		s->verdict = noise_judge(s->runs, s->nr, b->runs, b->nr, &s->p);
	}
}

int cmp_set_build(const struct cmp_doc *docs, unsigned n, struct cmp_set *set)
{
	int ret;

	memset(set, 0, sizeof(*set));
	if ((ret = group_docs(docs, n, set)) || (ret = list_rows(docs, n, set)))
		return ret;
	for (unsigned r = 0; r < set->nr_rows; r++) {
		struct cmp_row *row = &set->rows[r];

		row->cells = calloc(set->nr_groups, sizeof(*row->cells));
		if (!row->cells)
			return -ENOMEM;
		for (unsigned k = 0; k < set->nr_groups; k++)
			if ((ret = fill_cell(&set->groups[k], row, &row->cells[k])))
				return ret;
		for (unsigned k = 1; k < set->nr_groups; k++)
			judge(&row->cells[k], &row->cells[0]);
	}
	return 0;
}

void cmp_set_release(struct cmp_set *set)
{
	for (unsigned r = 0; r < set->nr_rows; r++) {
		for (unsigned k = 0; set->rows[r].cells && k < set->nr_groups; k++)
			for (unsigned c = 0; c < CMP_NR; c++)
				free(set->rows[r].cells[k].col[c].runs);
		free(set->rows[r].cells);
	}
	free(set->rows);
	for (unsigned k = 0; k < set->nr_groups; k++)
		free(set->groups[k].docs);
	free(set->groups);
	memset(set, 0, sizeof(*set));
}
