/* SPDX-License-Identifier: MIT */
/*
 * compare_json.c - the comparison as a JSON document:
 *
 *   { "iostress compare": "iostress-VERSION",
 *     "test": { "name": "Mann-Whitney U", "sides": 2, "alpha": 0.05,
 *               "exact_up_to": 50 },
 *     "base": LABEL,
 *     "groups": [ { "label": LABEL, "files": [FILE...] } ],
 *     "rows": [ { "jobname": J, "groupid": G, "dir": "read",
 *                 "placements": [ { "label": LABEL, "present": true,
 *                                   "runs": N,
 *                                   "iops": { "runs": [...], "median": M,
 *                                             "min": A, "max": B,
 *                                             "spread": S, "ratio": R,
 *                                             "verdict": "beyond",
 *                                             "p": P },
 *                                   ... } ] } ] }
 *
 * A column the runs do not have is null; the base has no ratio, verdict
 * or p.  Verdicts are "beyond", "within" or "cannot tell".
 */
#include "report/compare.h"
#include "lib/json.h"

#include <errno.h>
#include <math.h>

static const char *const verdicts[] = {
	[NOISE_CANNOT_TELL] = "cannot tell",
	[NOISE_WITHIN] = "within",
	[NOISE_BEYOND] = "beyond",
};

static void write_stat(struct json_writer *w, enum cmp_col c,
		       const struct cmp_stat *s, bool base)
{
	if (!s->nr) {
		json_str(w, cmp_col_name(c), NULL);
		return;
	}
	json_obj_begin(w, cmp_col_name(c));
	json_arr_begin(w, "runs");
	for (unsigned i = 0; i < s->nr; i++)
		json_double(w, NULL, s->runs[i]);
	json_arr_end(w);
	json_double(w, "median", s->med);
	json_double(w, "min", s->min);
	json_double(w, "max", s->max);
	json_double(w, "spread", s->spread);
	if (!base) {
		if (!isnan(s->ratio))
			json_double(w, "ratio", s->ratio);
		else
			json_str(w, "ratio", NULL);
		json_str(w, "verdict", verdicts[s->verdict]);
		json_double(w, "p", s->p);
	}
	json_obj_end(w);
}

static void write_row(struct json_writer *w, const struct cmp_set *set,
		      const struct cmp_row *row)
{
	json_obj_begin(w, NULL);
	json_str(w, "jobname", row->job);
	json_i64(w, "groupid", row->groupid);
	json_str(w, "dir", cmp_dir_name(row->dir));
	json_arr_begin(w, "placements");
	for (unsigned k = 0; k < set->nr_groups; k++) {
		const struct cmp_cell *c = &row->cells[k];

		json_obj_begin(w, NULL);
		json_str(w, "label", set->groups[k].label);
		json_bool(w, "present", c->present);
		json_u64(w, "runs", c->nr_runs);
		for (unsigned i = 0; c->nr_runs && i < CMP_NR; i++)
			write_stat(w, i, &c->col[i], k == 0);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

int cmp_json(FILE *out, const struct cmp_set *set)
{
	struct json_writer w;
	int ret;

	json_init(&w, out);
	json_obj_begin(&w, NULL);
	json_str(&w, "iostress compare", "iostress-" PACKAGE_VERSION);
	json_obj_begin(&w, "test");
	json_str(&w, "name", "Mann-Whitney U");
	json_u64(&w, "sides", 2);
	json_double(&w, "alpha", NOISE_ALPHA);
	json_u64(&w, "exact_up_to", NOISE_EXACT_MAX);
	json_obj_end(&w);
	json_str(&w, "base", set->nr_groups ? set->groups[0].label : NULL);
	json_arr_begin(&w, "groups");
	for (unsigned k = 0; k < set->nr_groups; k++) {
		json_obj_begin(&w, NULL);
		json_str(&w, "label", set->groups[k].label);
		json_arr_begin(&w, "files");
		for (unsigned i = 0; i < set->groups[k].nr; i++)
			json_str(&w, NULL, set->groups[k].docs[i]->file);
		json_arr_end(&w);
		json_obj_end(&w);
	}
	json_arr_end(&w);
	json_arr_begin(&w, "rows");
	for (unsigned r = 0; r < set->nr_rows; r++)
		write_row(&w, set, &set->rows[r]);
	json_arr_end(&w);
	json_obj_end(&w);
	ret = json_finish(&w);
	return ret == -EINVAL ? -EIO : ret;
}
