/* SPDX-License-Identifier: MIT */
/*
 * compare.h - `iostress compare`: result documents side by side.
 *
 * Four steps, one file each:
 *
 *   compare_read.c   a result document (iostress's or fio's, json or
 *                    json+) into a struct cmp_doc, refusing a bad or
 *                    foreign one with the JSON pointer that is wrong
 *   compare_group.c  documents sharing a label into groups (the runs of
 *                    one placement), jobs matched by name and group id
 *                    into rows, each group's medians, spread, ratio to
 *                    the first group and noise verdict (noise.h)
 *   compare_text.c   the table, as summary.h's
 *   compare_json.c   the same as a JSON document
 *   compare_html.c   a self-contained page with inline SVG charts drawn
 *                    by compare_svg.c
 *
 * A figure a document does not hold (fio has no cycles or setup time, a
 * document without percentiles no p99.9) is NAN in the model and "-" in
 * the output: never invented.
 */
#ifndef IOSTRESS_COMPARE_H
#define IOSTRESS_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "lib/diag.h"
#include "report/noise.h"

/* The columns, in the order of the table. */
enum cmp_col {
	CMP_IOPS,		/* jobs[].DIR.iops */
	CMP_BW,			/* jobs[].DIR.bw_bytes, bytes/s */
	CMP_P50,		/* clat percentiles, ns */
	CMP_P99,
	CMP_P999,
	CMP_CYC_THREAD,		/* iostress.cpu.cycles_per_io.* */
	CMP_CYC_PROCESS,
	CMP_CYC_HOST,		/* only where the placement has a host */
	CMP_SETUP,		/* iostress.target.setup_ms, ms */
	CMP_NR
};

/* The directions compared, as fio's keys. */
enum { CMP_READ, CMP_WRITE, CMP_DIRS };

/* Points of a latency percentile curve, at most. */
#define CMP_CURVE_MAX	32u
/* The highest percentile a curve goes to. */
#define CMP_CURVE_TOP	99.99

/* One point of a latency curve: the clat percentile pct (0..100) is ns. */
struct cmp_point {
	double pct;
	double ns;
};

/* One direction of one job in one document. */
struct cmp_dir {
	bool moved;				/* it did I/O */
	double v[CMP_NR];			/* NAN where there is none */
	struct cmp_point curve[CMP_CURVE_MAX];	/* increasing pct */
	unsigned nr_points;
};

struct cmp_job {
	char *name;				/* jobname */
	long long groupid;
	struct cmp_dir dir[CMP_DIRS];
};

/* One result document. */
struct cmp_doc {
	char *file;				/* as given */
	char *label;				/* its placement's label */
	bool fio;				/* written by fio itself */
	struct cmp_job *jobs;
	unsigned nr_jobs;
};

/* cmp_col_name - the column's name in the JSON output ("iops",
 * "clat_p99_ns", ...). */
const char *cmp_col_name(enum cmp_col c);

/* cmp_dir_name - "read" or "write". */
const char *cmp_dir_name(unsigned dir);

/*
 * cmp_doc_parse - the document text[0..len) read from file into doc,
 * labelled label (borrowed; NULL: the first job's iostress.target.name,
 * else its placement, else the file's name without directory, extension
 * and a trailing run number: "out/fio-2.json" is "fio").  Returns 0, or
 * -EINVAL with "compare: FILE: /json/pointer: what is wrong" in d ("/"
 * for the whole document; a byte offset when it is not JSON at all), or
 * -ENOMEM.  Release doc with cmp_doc_release() either way.
 */
int cmp_doc_parse(const char *text, size_t len, const char *file,
		  const char *label, struct cmp_doc *doc, struct diag *d);

/* cmp_doc_read - cmp_doc_parse() of the file's contents; -errno with a
 * message when it cannot be read. */
int cmp_doc_read(const char *file, const char *label, struct cmp_doc *doc,
		 struct diag *d);

void cmp_doc_release(struct cmp_doc *doc);

/* cmp_label_of_file - the label a file's name gives (see cmp_doc_parse),
 * malloc'd; NULL when memory lacks. */
char *cmp_label_of_file(const char *file);

/* One column of one group's runs of a row. */
struct cmp_stat {
	double *runs;		/* the runs' figures, in document order */
	unsigned nr;		/* runs that have the figure */
	double med, min, max;	/* NAN when nr is 0 */
	double spread;		/* noise_spread(), a fraction */
	double ratio;		/* med / the base group's med; NAN when
				 * either is missing or 0 */
	enum noise_verdict verdict;	/* against the base group */
	double p;		/* the test's p-value (1.0: not made) */
};

/* One group's runs of a row. */
struct cmp_cell {
	bool present;		/* some document of the group has the job */
	unsigned nr_runs;	/* documents where the direction did I/O */
	struct cmp_stat col[CMP_NR];
	struct cmp_point curve[CMP_CURVE_MAX];	/* medians over the runs */
	unsigned nr_points;
};

/* One job and direction across the groups. */
struct cmp_row {
	const char *job;	/* borrowed from a document */
	long long groupid;
	unsigned dir;		/* CMP_READ or CMP_WRITE */
	struct cmp_cell *cells;	/* one per group */
};

/* The documents of one label: the runs of one placement. */
struct cmp_group {
	const char *label;	/* borrowed from its first document */
	const struct cmp_doc **docs;
	unsigned nr;
};

struct cmp_set {
	struct cmp_group *groups;	/* in order of first appearance; the
					 * first is the base */
	unsigned nr_groups;
	struct cmp_row *rows;		/* the base's jobs first, in order */
	unsigned nr_rows;
	unsigned lo_runs;		/* the fewest documents a group has */
};

/*
 * cmp_set_build - group docs[0..n) by label, match their jobs by name and
 * group id, and work out each group's medians, spread, ratios to the first
 * group and noise verdicts (the Mann-Whitney U test, noise.h).  A row
 * lists a job and direction that did I/O somewhere; a group without the
 * job has a cell that is not present.  docs must outlive set.  Returns 0
 * or -ENOMEM; release set with cmp_set_release() either way.
 */
int cmp_set_build(const struct cmp_doc *docs, unsigned n, struct cmp_set *set);

void cmp_set_release(struct cmp_set *set);

/* cmp_format - a figure of column c in its unit, as people read it
 * ("28.1k", "110MiB/s", "32.1us"); "-" for NAN. */
void cmp_format(char *buf, size_t len, enum cmp_col c, double v);

/* The lines of a group in the tables. */
enum cmp_line {
	CMP_LINE_MEDIAN,	/* the medians */
	CMP_LINE_SPREAD,	/* the spread of the runs, "2.1%" */
	CMP_LINE_RATIO,		/* the ratios to the base, "0.72x*" */
};

#define CMP_CELL	32

/* cmp_cells - the cells of a table line of cell c; "-" where there is no
 * figure (or, for ratios, "- "). */
void cmp_cells(char cells[CMP_NR][CMP_CELL], const struct cmp_cell *c,
	       enum cmp_line line);

/* cmp_text - the table: per row, each group's medians (and with several
 * runs their spread), each later group's ratios to the first marked as
 * summary.h's, and the legend.  Returns 0 or -EIO. */
int cmp_text(FILE *out, const struct cmp_set *set);

/* cmp_json - the comparison as a JSON document: the test's name and
 * level, the groups and their files, and per row and group each column's
 * runs, median, range, spread, ratio, verdict and p-value.  Returns 0 or
 * -EIO. */
int cmp_json(FILE *out, const struct cmp_set *set);

/* cmp_html - one self-contained HTML page (no network, no script, inline
 * SVG, a Content-Security-Policy that forbids loading anything): per job
 * IOPS and bandwidth bars with the runs' range, latency percentile curves
 * on a "nines" axis, cycles per I/O (the host's part apart), setup time,
 * and the table.  Every chart is an <svg class="chart" data-chart=KIND>,
 * every series in it a <g class="series" data-series=LABEL>.  Returns 0
 * or -EIO. */
int cmp_html(FILE *out, const struct cmp_set *set);

#endif
