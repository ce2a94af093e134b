/* SPDX-License-Identifier: MIT */
/*
 * compare_read.c - a result document into the comparison's model, with
 * json-c (strict syntax, valid UTF-8).  json-c's json_bool clashes with
 * lib/json.h's writer, so this file does not include it.
 *
 * What is read, per job:
 *   jobname, groupid
 *   read|write: iops, bw_bytes, total_ios, clat_ns.percentile, clat_ns.bins
 *   iostress.cpu.cycles_per_io.{thread,process,host}
 *   iostress.target.{name,placement,setup_ms}
 * Every value read must have its type; a value that is absent leaves its
 * figure NAN, except those without which the document is no result.
 */
#include "report/compare.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/array.h"
#include "lib/file.h"

#define MAX_DEPTH	64
#define PATH_MAX_LEN	256

/* The percentiles a curve takes from json+ bins. */
static const double curve_pcts[] = {
	1, 5, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95, 97, 98, 99,
	99.5, 99.7, 99.9, 99.95, 99.97, 99.99,
};

/* Where the percentile columns are. */
static const struct {
	enum cmp_col col;
	double pct;
} pct_cols[] = {
	{ CMP_P50, 50.0 }, { CMP_P99, 99.0 }, { CMP_P999, 99.9 },
};

static const char *const dir_keys[CMP_DIRS] = { "read", "write" };

/* One document being read: its name for messages. */
struct reader {
	const char *file;
	struct diag *d;
};

/* at - a JSON pointer: parent's, then key escaped (RFC 6901). */
static void at(char *buf, size_t len, const char *parent, const char *key)
{
	size_t n = (size_t)snprintf(buf, len, "%s/", parent);

	for (; *key && n + 3 < len; key++) {
		if (*key == '~' || *key == '/') {
			buf[n++] = '~';
			buf[n++] = *key == '~' ? '0' : '1';
		} else {
			buf[n++] = *key;
		}
	}
	buf[n < len ? n : len - 1] = '\0';
}

static int refuse(struct reader *r, const char *path, const char *what)
{
	diag_set(r->d, NULL, "compare: %s: %s: %s", r->file, *path ? path : "/", what);
	return -EINVAL;
}

static bool is_number(json_object *o)
{
	return json_object_is_type(o, json_type_double) ||
	       json_object_is_type(o, json_type_int);
}

/* member - parent's key into *out (NULL when absent and not required),
 * which must be of type t (json_type_double: any number).  Returns 0 or
 * -EINVAL. */
static int member(struct reader *r, json_object *parent, const char *ppath,
		  const char *key, json_type t, bool required, json_object **out)
{
	static const char *const expect[] = {
		[json_type_null] = "expected null",
		[json_type_boolean] = "expected true or false",
		[json_type_double] = "expected a number",
		[json_type_int] = "expected an integer",
		[json_type_object] = "expected an object",
		[json_type_array] = "expected an array",
		[json_type_string] = "expected a string",
	};
	char path[PATH_MAX_LEN];
	json_object *o = NULL;
	bool ok;

	*out = NULL;
	at(path, sizeof(path), ppath, key);
	if (!json_object_object_get_ex(parent, key, &o) || !o) {
		if (!required)
			return 0;
		return refuse(r, path, "missing (not a fio or iostress result document)");
	}
	ok = t == json_type_double ? is_number(o) : json_object_is_type(o, t);
	if (!ok)
		return refuse(r, path, expect[t]);
	*out = o;
	return 0;
}

/* number - parent's key as a number into *v (left alone when absent and
 * not required). */
static int number(struct reader *r, json_object *parent, const char *ppath,
		  const char *key, bool required, double *v)
{
	json_object *o;
	int ret = member(r, parent, ppath, key, json_type_double, required, &o);

	if (!ret && o)
		*v = json_object_get_double(o);
	return ret;
}

/* ------------------------------------------------------------------------
 * Percentiles
 */

/* read_pct_list - clat_ns.percentile: { "99.900000": ns, ... } into the
 * curve (increasing, up to CMP_CURVE_TOP) and the percentile columns. */
static int read_pct_list(struct reader *r, json_object *pl, const char *ppath,
			 struct cmp_dir *dir)
{
	char path[PATH_MAX_LEN];

	json_object_object_foreach(pl, key, val) {
		char *end;
		double pct = strtod(key, &end);
		unsigned i;

		at(path, sizeof(path), ppath, key);
		if (end == key || *end || !(pct > 0.0 && pct <= 100.0))
			return refuse(r, path, "expected a percentile as the key");
		if (!is_number(val))
			return refuse(r, path, "expected a number");
		for (i = 0; i < ARRAY_SIZE(pct_cols); i++)
			if (fabs(pct - pct_cols[i].pct) < 1e-9)
				dir->v[pct_cols[i].col] = json_object_get_double(val);
		if (pct > CMP_CURVE_TOP + 1e-9 || dir->nr_points == CMP_CURVE_MAX)
			continue;
		/* keep the points in increasing order */
		for (i = dir->nr_points; i && dir->curve[i - 1].pct > pct; i--)
			dir->curve[i] = dir->curve[i - 1];
		dir->curve[i] = (struct cmp_point){ pct, json_object_get_double(val) };
		dir->nr_points++;
	}
	return 0;
}

struct bin {
	double ns;
	double count;
};

static int bin_cmp(const void *a, const void *b)
{
	const struct bin *x = a, *y = b;

	return (x->ns > y->ns) - (x->ns < y->ns);
}

/* bins_pct - fio's percentile of a histogram: the value of the first bin
 * where the running count reaches pct of the whole (stat.c,
 * calc_clat_percentiles). */
static double bins_pct(const struct bin *b, size_t n, double total, double pct)
{
	long double sum = 0.0;

	for (size_t i = 0; i < n; i++) {
		sum += b[i].count;
		if (sum >= (long double)pct / 100.0L * (long double)total)
			return b[i].ns;
	}
	return n ? b[n - 1].ns : NAN;
}

/* read_bins - json+ clat_ns.bins: { "ns": count, ... }: the curve at
 * curve_pcts, and the percentile columns the list did not give. */
static int read_bins(struct reader *r, json_object *bins, const char *ppath,
		     struct cmp_dir *dir)
{
	size_t n = 0, cap = (size_t)json_object_object_length(bins);
	char path[PATH_MAX_LEN];
	double total = 0.0;
	struct bin *b;

	if (!cap)
		return 0;
	b = calloc(cap, sizeof(*b));
	if (!b)
		return -ENOMEM;
	json_object_object_foreach(bins, key, val) {
		char *end;

		at(path, sizeof(path), ppath, key);
		b[n].ns = strtod(key, &end);
		if (end == key || *end || b[n].ns < 0.0) {
			free(b);
			return refuse(r, path, "expected a latency in ns as the key");
		}
		if (!is_number(val)) {
			free(b);
			return refuse(r, path, "expected a number");
		}
		b[n].count = json_object_get_double(val);
		total += b[n++].count;
	}
	qsort(b, n, sizeof(*b), bin_cmp);
	for (size_t i = 0; i < ARRAY_SIZE(pct_cols); i++)
		if (isnan(dir->v[pct_cols[i].col]))
			dir->v[pct_cols[i].col] = bins_pct(b, n, total, pct_cols[i].pct);
	dir->nr_points = 0;
	for (size_t i = 0; i < ARRAY_SIZE(curve_pcts); i++)
		dir->curve[dir->nr_points++] = (struct cmp_point){
			curve_pcts[i], bins_pct(b, n, total, curve_pcts[i])
		};
	free(b);
	return 0;
}

/* ------------------------------------------------------------------------
 * Jobs
 */

static int read_dir(struct reader *r, json_object *job, const char *jpath,
		    unsigned d, struct cmp_dir *dir)
{
	char path[PATH_MAX_LEN], cpath[PATH_MAX_LEN], ppath[PATH_MAX_LEN];
	json_object *o, *clat, *pl, *bins;
	double ios = NAN;
	int ret;

	ret = member(r, job, jpath, dir_keys[d], json_type_object, false, &o);
	if (ret || !o)
		return ret;
	at(path, sizeof(path), jpath, dir_keys[d]);
	if ((ret = number(r, o, path, "iops", true, &dir->v[CMP_IOPS])) ||
	    (ret = number(r, o, path, "bw_bytes", true, &dir->v[CMP_BW])) ||
	    (ret = number(r, o, path, "total_ios", false, &ios)) ||
	    (ret = member(r, o, path, "clat_ns", json_type_object, false, &clat)))
		return ret;
	dir->moved = isnan(ios) ? dir->v[CMP_IOPS] > 0.0 : ios > 0.0;
	if (!clat)
		return 0;
	at(cpath, sizeof(cpath), path, "clat_ns");
	if ((ret = member(r, clat, cpath, "percentile", json_type_object, false, &pl)) ||
	    (ret = member(r, clat, cpath, "bins", json_type_object, false, &bins)))
		return ret;
	if (pl) {
		at(ppath, sizeof(ppath), cpath, "percentile");
		ret = read_pct_list(r, pl, ppath, dir);
	}
	if (!ret && bins) {
		at(ppath, sizeof(ppath), cpath, "bins");
		ret = read_bins(r, bins, ppath, dir);
	}
	return ret;
}

/* read_iostress - jobs[].iostress: the cycles, the setup time and the
 * target's name (into *name, borrowed from the document). */
static int read_iostress(struct reader *r, json_object *job, const char *jpath,
			 struct cmp_job *cj, const char **name)
{
	static const struct { const char *key; enum cmp_col col; } cycles[] = {
		{ "thread", CMP_CYC_THREAD },
		{ "process", CMP_CYC_PROCESS },
		{ "host", CMP_CYC_HOST },
	};
	char path[PATH_MAX_LEN], cpath[PATH_MAX_LEN], tpath[PATH_MAX_LEN];
	json_object *io, *cpu, *cpi, *tg, *s;
	double setup = NAN;
	int ret;

	ret = member(r, job, jpath, "iostress", json_type_object, false, &io);
	if (ret || !io)
		return ret;
	at(path, sizeof(path), jpath, "iostress");
	if ((ret = member(r, io, path, "cpu", json_type_object, false, &cpu)) ||
	    (ret = member(r, io, path, "target", json_type_object, false, &tg)))
		return ret;
	if (cpu) {
		at(cpath, sizeof(cpath), path, "cpu");
		ret = member(r, cpu, cpath, "cycles_per_io", json_type_object, false, &cpi);
		if (ret)
			return ret;
		at(cpath, sizeof(cpath), cpath, "cycles_per_io");
		for (size_t i = 0; cpi && i < ARRAY_SIZE(cycles); i++) {
			double v = NAN;

			ret = number(r, cpi, cpath, cycles[i].key, false, &v);
			if (ret)
				return ret;
			for (unsigned d = 0; d < CMP_DIRS; d++)
				cj->dir[d].v[cycles[i].col] = v;
		}
	}
	if (!tg)
		return 0;
	at(tpath, sizeof(tpath), path, "target");
	if ((ret = number(r, tg, tpath, "setup_ms", false, &setup)))
		return ret;
	for (unsigned d = 0; d < CMP_DIRS; d++)
		cj->dir[d].v[CMP_SETUP] = setup;
	if ((ret = member(r, tg, tpath, "placement", json_type_string, false, &s)))
		return ret;
	if (s)
		*name = json_object_get_string(s);
	if ((ret = member(r, tg, tpath, "name", json_type_string, false, &s)))
		return ret;
	if (s)
		*name = json_object_get_string(s);
	return 0;
}

static int read_job(struct reader *r, json_object *arr, size_t i,
		    struct cmp_job *cj, const char **label)
{
	char jpath[PATH_MAX_LEN], idx[24];
	json_object *job = json_object_array_get_idx(arr, i), *o;
	const char *target = NULL;
	double gid = 0.0;
	int ret;

	snprintf(idx, sizeof(idx), "%zu", i);
	at(jpath, sizeof(jpath), "/jobs", idx);
	for (unsigned d = 0; d < CMP_DIRS; d++)
		for (unsigned c = 0; c < CMP_NR; c++)
			cj->dir[d].v[c] = NAN;
	if (!json_object_is_type(job, json_type_object))
		return refuse(r, jpath, "expected an object");
	if ((ret = member(r, job, jpath, "jobname", json_type_string, true, &o)))
		return ret;
	cj->name = strdup(json_object_get_string(o));
	if (!cj->name)
		return -ENOMEM;
	if ((ret = number(r, job, jpath, "groupid", false, &gid)))
		return ret;
	cj->groupid = (long long)gid;
	for (unsigned d = 0; d < CMP_DIRS; d++)
		if ((ret = read_dir(r, job, jpath, d, &cj->dir[d])))
			return ret;
	ret = read_iostress(r, job, jpath, cj, &target);
	if (!ret && target && !*label)
		*label = target;
	return ret;
}

/* read_root - the document's jobs, and the label its first placed job
 * gives (borrowed from root). */
static int read_root(struct reader *r, json_object *root, struct cmp_doc *doc,
		     const char **label)
{
	json_object *jobs, *o;
	size_t n;
	int ret;

	if (!json_object_is_type(root, json_type_object))
		return refuse(r, "", "expected an object (a fio or iostress result document)");
	if ((ret = member(r, root, "", "jobs", json_type_array, true, &jobs)))
		return ret;
	n = json_object_array_length(jobs);
	if (!n)
		return refuse(r, "/jobs", "no jobs");
	ret = member(r, root, "", "fio version", json_type_string, false, &o);
	if (ret)
		return ret;
	doc->fio = o != NULL;
	doc->jobs = calloc(n, sizeof(*doc->jobs));
	if (!doc->jobs)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		doc->nr_jobs++;
		ret = read_job(r, jobs, i, &doc->jobs[i], label);
		if (ret)
			return ret;
	}
	return 0;
}

char *cmp_label_of_file(const char *file)
{
	const char *base = strrchr(file, '/');
	char *label, *dot;
	size_t n;

	label = strdup(base ? base + 1 : file);
	if (!label)
		return NULL;
	dot = strrchr(label, '.');
	if (dot && dot != label)
		*dot = '\0';
	/* a trailing run number after a separator: fio-2, r_native.3 */
	n = strlen(label);
	while (n && label[n - 1] >= '0' && label[n - 1] <= '9')
		n--;
	if (n > 1 && n < strlen(label) && strchr("-_.", label[n - 1]))
		label[n - 1] = '\0';
	return label;
}

int cmp_doc_parse(const char *text, size_t len, const char *file,
		  const char *label, struct cmp_doc *doc, struct diag *d)
{
	struct reader r = { .file = file, .d = d };
	struct json_tokener *tok;
	const char *found = NULL;
	json_object *root;
	size_t end;
	int ret;

	memset(doc, 0, sizeof(*doc));
	doc->file = strdup(file);
	tok = json_tokener_new_ex(MAX_DEPTH);
	if (!doc->file || !tok || len > (size_t)INT32_MAX) {
		json_tokener_free(tok);
		diag_set(d, NULL, "compare: %s: out of memory", file);
		return -ENOMEM;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, text, (int)len);
	end = json_tokener_get_parse_end(tok);
	if (!root) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		diag_set(d, NULL, "compare: %s: not a JSON document (%s at byte %zu)", file,
			 e == json_tokener_continue ? "it ends too early"
						    : json_tokener_error_desc(e), end);
		ret = -EINVAL;
		goto out_free_tok;
	}
	while (end < len && strchr(" \t\r\n", text[end]))
		end++;
	if (end != len) {
		diag_set(d, NULL, "compare: %s: not one JSON document (more text at byte %zu)",
			 file, end);
		ret = -EINVAL;
		goto out_put_root;
	}
	ret = read_root(&r, root, doc, &found);
	if (ret == -ENOMEM)
		diag_set(d, NULL, "compare: %s: out of memory", file);
	if (ret)
		goto out_put_root;
	doc->label = label ? strdup(label) : found ? strdup(found) : cmp_label_of_file(file);
	if (!doc->label) {
		diag_set(d, NULL, "compare: %s: out of memory", file);
		ret = -ENOMEM;
	}
out_put_root:
	json_object_put(root);
out_free_tok:
	json_tokener_free(tok);
	return ret;
}

int cmp_doc_read(const char *file, const char *label, struct cmp_doc *doc,
		 struct diag *d)
{
	char *text = NULL;
	size_t len = 0;
	int ret;

	ret = file_read_all(file, &text, &len);
	if (ret) {
		memset(doc, 0, sizeof(*doc));
		diag_set(d, NULL, "compare: %s: %s", file, strerror(-ret));
		return ret;
	}
	ret = cmp_doc_parse(text, len, file, label, doc, d);
	free(text);
	return ret;
}

void cmp_doc_release(struct cmp_doc *doc)
{
	for (unsigned i = 0; i < doc->nr_jobs; i++)
		free(doc->jobs[i].name);
	free(doc->jobs);
	free(doc->file);
	free(doc->label);
	memset(doc, 0, sizeof(*doc));
}
