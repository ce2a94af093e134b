/* SPDX-License-Identifier: MIT */
/*
 * wire_read.c - the host's side of wire.h: JSON (json-c) back into job
 * stats and status snapshots.  Every member is checked; the first one
 * missing or of the wrong type is named by its JSON path.
 */
#include "wire/wire.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "wire/wire_fields.h"

/* A position in the document, for messages. */
struct rd {
	const char *path;	/* of the object being read */
	struct diag *d;
};

static int rd_fail(const struct rd *r, const char *key, const char *what)
{
	diag_set(r->d, NULL, "worker result: %s.%s: %s", r->path, key, what);
	return -EPROTO;
}

static int rd_member(const struct rd *r, struct json_object *o,
		     const char *key, json_type type, struct json_object **out)
{
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, out))
		return rd_fail(r, key, "missing");
	if (!json_object_is_type(*out, type) &&
	    !(type == json_type_double && json_object_is_type(*out, json_type_int)))
		return rd_fail(r, key, "wrong type");
	return 0;
}

static int rd_u64(const struct rd *r, struct json_object *o, const char *key,
		  uint64_t *out)
{
	struct json_object *v;
	int ret = rd_member(r, o, key, json_type_int, &v);

	if (!ret)
		*out = json_object_get_uint64(v);
	return ret;
}

static int rd_bool(const struct rd *r, struct json_object *o, const char *key,
		   bool *out)
{
	struct json_object *v;
	int ret = rd_member(r, o, key, json_type_boolean, &v);

	if (!ret)
		*out = json_object_get_boolean(v);
	return ret;
}

/* rd_u64s - the members of base that table lists. */
static int rd_u64s(const struct rd *r, struct json_object *o, void *base,
		   const struct wire_field *table, size_t n)
{
	int ret = 0;

	for (size_t i = 0; !ret && i < n; i++)
		ret = rd_u64(r, o, table[i].key, wire_u64_at(base, &table[i]));
	return ret;
}

/* rd_hexdouble - a double written as "%a" text. */
static int rd_double_str(const struct rd *r, struct json_object *v,
			 const char *key, double *out)
{
	const char *s;
	char *end;

	if (!json_object_is_type(v, json_type_string))
		return rd_fail(r, key, "wrong type");
	s = json_object_get_string(v);
	*out = strtod(s, &end);
	if (end == s || *end)
		return rd_fail(r, key, "not a number");
	return 0;
}

static int rd_double(const struct rd *r, struct json_object *o,
		     const char *key, double *out)
{
	struct json_object *v;
	int ret = rd_member(r, o, key, json_type_string, &v);

	return ret ? ret : rd_double_str(r, v, key, out);
}

/* rd_array - member key, an array of exactly n entries (n = 0: any). */
static int rd_array(const struct rd *r, struct json_object *o,
		    const char *key, size_t n, struct json_object **out)
{
	int ret = rd_member(r, o, key, json_type_array, out);

	if (!ret && n && json_object_array_length(*out) != n)
		return rd_fail(r, key, "wrong length");
	return ret;
}

/* rd_sub - r for the member key (index idx when >= 0) of r's object. */
static void rd_sub(struct rd *sub, char *buf, size_t len, const struct rd *r,
		   const char *key, int idx)
{
	int n;

	if (idx >= 0)
		n = snprintf(buf, len, "%s.%s[%d]", r->path, key, idx);
	else
		n = snprintf(buf, len, "%s.%s", r->path, key);
	if (n < 0 || (size_t)n >= len)
		snprintf(buf, len, "...");	/* paths here are short */
	sub->path = buf;
	sub->d = r->d;
}

static int rd_lat(const struct rd *r, struct json_object *o,
		  struct lat_stat *l)
{
	uint64_t hi = 0, lo = 0;
	int ret;

	if ((ret = rd_u64s(r, o, l, wire_lat_u64, ARRAY_SIZE(wire_lat_u64))) ||
	    (ret = rd_u64(r, o, "sumsq_hi", &hi)) ||
	    (ret = rd_u64(r, o, "sumsq_lo", &lo)))
		return ret;
	l->sumsq = (unsigned __int128)hi << 64 | lo;
	return 0;
}

static int rd_hist(const struct rd *r, const char *key,
		   struct json_object *arr, struct hist *h)
{
	size_t n = json_object_array_length(arr);

	if (n % 2)
		return rd_fail(r, key, "odd length");
	hist_clear(h);
	for (size_t i = 0; i < n; i += 2) {
		struct json_object *b = json_object_array_get_idx(arr, i);
		struct json_object *c = json_object_array_get_idx(arr, i + 1);
		uint64_t bin, count;

		if (!json_object_is_type(b, json_type_int) ||
		    !json_object_is_type(c, json_type_int))
			return rd_fail(r, key, "bins must be integers");
		bin = json_object_get_uint64(b);
		count = json_object_get_uint64(c);
		if (bin >= HIST_NR_BINS)
			return rd_fail(r, key, "bin out of range");
		h->bins[bin] += count;
		h->total += count;
	}
	return 0;
}

static int rd_dir(const struct rd *r, struct json_object *o,
		  struct dir_stats *ds)
{
	struct json_object *lat, *hist;
	struct rd sub;
	char buf[160];
	int ret;

	if ((ret = rd_u64s(r, o, ds, wire_dir_u64, ARRAY_SIZE(wire_dir_u64))) ||
	    (ret = rd_array(r, o, "lat", LAT_NR, &lat)) ||
	    (ret = rd_array(r, o, "hist", LAT_NR, &hist)))
		return ret;
	for (int k = 0; k < LAT_NR; k++) {
		struct json_object *h = json_object_array_get_idx(hist, k);

		rd_sub(&sub, buf, sizeof(buf), r, "lat", k);
		ret = rd_lat(&sub, json_object_array_get_idx(lat, k), &ds->lat[k]);
		if (ret)
			return ret;
		if (!json_object_is_type(h, json_type_array))
			return rd_fail(r, "hist", "wrong type");
		rd_sub(&sub, buf, sizeof(buf), r, "hist", k);
		ret = rd_hist(&sub, "bins", h, ds->hist[k]);
		if (ret)
			return ret;
	}
	return 0;
}

static int rd_rates(const struct rd *r, struct json_object *o,
		    const char *key, struct rate_stat *rs)
{
	struct json_object *arr;
	struct rd sub;
	char buf[160];
	int ret = rd_array(r, o, key, DDIR_NR, &arr);

	for (int d = 0; !ret && d < DDIR_NR; d++) {
		struct json_object *e = json_object_array_get_idx(arr, d);

		rd_sub(&sub, buf, sizeof(buf), r, key, d);
		if ((ret = rd_u64s(&sub, e, &rs[d], wire_rate_u64, ARRAY_SIZE(wire_rate_u64))) ||
		    (ret = rd_double(&sub, e, "mean", &rs[d].mean)) ||
		    (ret = rd_double(&sub, e, "S", &rs[d].S)))
			break;
	}
	return ret;
}

static int rd_features(const struct rd *r, struct json_object *o,
		       struct be_features *f)
{
	uint64_t flags = 0;
	int ret = rd_u64(r, o, "uring_setup_flags", &flags);

	for (size_t i = 0; !ret && i < ARRAY_SIZE(wire_features_bool); i++)
		ret = rd_bool(r, o, wire_features_bool[i].key,
			      wire_bool_at(f, &wire_features_bool[i]));
	f->uring_setup_flags = (unsigned)flags;
	return ret;
}

static int rd_cycles(const struct rd *r, struct json_object *o,
		     struct cycles_stat *c)
{
	uint64_t source = 0;
	int ret;

	if ((ret = rd_u64s(r, o, c, wire_cycles_u64, ARRAY_SIZE(wire_cycles_u64))) ||
	    (ret = rd_u64(r, o, "source", &source)))
		return ret;
	if (source > CYCLES_SRC_PMU)
		return rd_fail(r, "source", "unknown cycles source");
	c->source = (uint8_t)source;
	return 0;
}

/* rd_samples - member key, an array of exactly n integers, into v. */
static int rd_samples(const struct rd *r, struct json_object *o,
		      const char *key, unsigned n, uint64_t *v)
{
	struct json_object *arr;
	int ret = rd_array(r, o, key, n, &arr);

	for (unsigned i = 0; !ret && i < n; i++) {
		struct json_object *e = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(e, json_type_int))
			return rd_fail(r, key, "samples must be integers");
		v[i] = json_object_get_uint64(e);
	}
	return ret;
}

/* rd_ss - the optional steady-state result "ss" into st->ss. */
static int rd_ss(const struct rd *r, struct json_object *o,
		 struct job_stats *st)
{
	struct ss_spec spec = { 0 };
	struct ss_result *ss;
	uint64_t flags = 0, dur = 0;
	int ret;

	if ((ret = rd_u64(r, o, "flags", &flags)) ||
	    (ret = rd_u64(r, o, "dur", &dur)) ||
	    (ret = rd_double(r, o, "limit", &spec.limit)))
		return ret;
	if (!dur || dur > UINT32_MAX)
		return rd_fail(r, "dur", "out of range");
	spec.flags = (unsigned)flags;
	spec.dur = (unsigned)dur;
	ss = ss_result_new(&spec);
	if (!ss) {
		diag_set(r->d, NULL, "worker result: %s: out of memory", r->path);
		return -ENOMEM;
	}
	if ((ret = rd_bool(r, o, "attained", &ss->attained)) ||
	    (ret = rd_double(r, o, "slope", &ss->slope)) ||
	    (ret = rd_double(r, o, "deviation", &ss->deviation)) ||
	    (ret = rd_double(r, o, "criterion", &ss->criterion)) ||
	    (ret = rd_samples(r, o, "iops", spec.dur, ss->iops)) ||
	    (ret = rd_samples(r, o, "bw", spec.dur, ss->bw))) {
		ss_result_put(ss);
		return ret;
	}
	ss_result_put(st->ss);
	st->ss = ss;
	return 0;
}

int wire_stats_read(struct json_object *o, const char *path,
		    struct job_stats *st, struct diag *d)
{
	struct rd r = { .path = path, .d = d }, sub;
	struct json_object *dir, *cpu, *features, *rates, *cycles, *opens, *err, *ss;
	uint64_t merged = 0;
	char buf[160];
	int ret;

	if ((ret = rd_array(&r, o, "dir", DDIR_NR, &dir)) ||
	    (ret = rd_u64s(&r, o, st, wire_job_u64, ARRAY_SIZE(wire_job_u64))) ||
	    (ret = rd_member(&r, o, "cpu", json_type_object, &cpu)) ||
	    (ret = rd_member(&r, o, "features", json_type_object, &features)) ||
	    (ret = rd_member(&r, o, "error", json_type_int, &err)) ||
	    (ret = rd_u64(&r, o, "nr_merged", &merged)) ||
	    (ret = rd_member(&r, o, "rates", json_type_object, &rates)) ||
	    (ret = rd_member(&r, o, "cycles", json_type_object, &cycles)) ||
	    (ret = rd_member(&r, o, "opens", json_type_object, &opens)))
		return ret;
	st->error = (int)json_object_get_int64(err);
	st->nr_merged = (unsigned)merged;
	for (int k = 0; k < DDIR_NR; k++) {
		rd_sub(&sub, buf, sizeof(buf), &r, "dir", k);
		ret = rd_dir(&sub, json_object_array_get_idx(dir, k), &st->dir[k]);
		if (ret)
			return ret;
	}
	rd_sub(&sub, buf, sizeof(buf), &r, "cpu", -1);
	if ((ret = rd_u64s(&sub, cpu, &st->cpu, wire_cpu_u64, ARRAY_SIZE(wire_cpu_u64))))
		return ret;
	rd_sub(&sub, buf, sizeof(buf), &r, "features", -1);
	if ((ret = rd_features(&sub, features, &st->features)))
		return ret;
	rd_sub(&sub, buf, sizeof(buf), &r, "rates", -1);
	if ((ret = rd_rates(&sub, rates, "bw", st->rates.bw)) ||
	    (ret = rd_rates(&sub, rates, "iops", st->rates.iops)))
		return ret;
	rd_sub(&sub, buf, sizeof(buf), &r, "opens", -1);
	if ((ret = rd_u64s(&sub, opens, &st->opens, wire_opens_u64, ARRAY_SIZE(wire_opens_u64))))
		return ret;
	if (json_object_object_get_ex(o, "ss", &ss)) {	/* only with ss_dur */
		rd_sub(&sub, buf, sizeof(buf), &r, "ss", -1);
		if (!json_object_is_type(ss, json_type_object))
			return rd_fail(&r, "ss", "wrong type");
		if ((ret = rd_ss(&sub, ss, st)))
			return ret;
	}
	rd_sub(&sub, buf, sizeof(buf), &r, "cycles", -1);
	return rd_cycles(&sub, cycles, &st->cycles);
}

#define DISK_COUNTERS	10	/* the members of struct disk_counters */

/* rd_counter_list - arr, DISK_COUNTERS integers (key names it in
 * messages), into c. */
static int rd_counter_list(const struct rd *r, struct json_object *arr,
			   const char *key, struct disk_counters *c)
{
	uint64_t *dst[DISK_COUNTERS] = {
		&c->ios[0], &c->ios[1], &c->merges[0], &c->merges[1],
		&c->sectors[0], &c->sectors[1], &c->ticks[0], &c->ticks[1],
		&c->io_ticks, &c->time_in_queue,
	};

	if (!json_object_is_type(arr, json_type_array) ||
	    json_object_array_length(arr) != DISK_COUNTERS)
		return rd_fail(r, key, "not a list of counters");
	for (unsigned i = 0; i < DISK_COUNTERS; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(v, json_type_int))
			return rd_fail(r, key, "a counter that is not an integer");
		*dst[i] = json_object_get_uint64(v);
	}
	return 0;
}

static int rd_counters(const struct rd *r, struct json_object *o, const char *key,
		       struct disk_counters *c)
{
	struct json_object *arr;
	int ret = rd_array(r, o, key, DISK_COUNTERS, &arr);

	return ret ? ret : rd_counter_list(r, arr, key, c);
}

static int rd_disk(const struct rd *r, struct json_object *o, unsigned nr,
		   struct disk *dk)
{
	struct json_object *name, *lower;
	uint64_t major = 0, minor = 0, kind = 0;
	int ret;

	if ((ret = rd_member(r, o, "name", json_type_string, &name)) ||
	    (ret = rd_u64(r, o, "major", &major)) ||
	    (ret = rd_u64(r, o, "minor", &minor)) ||
	    (ret = rd_u64(r, o, "kind", &kind)) ||
	    (ret = rd_array(r, o, "lower", 0, &lower)) ||
	    (ret = rd_counters(r, o, "before", &dk->before)) ||
	    (ret = rd_counters(r, o, "after", &dk->after)))
		return ret;
	if (kind > DISK_DM)
		return rd_fail(r, "kind", "unknown disk kind");
	if (json_object_array_length(lower) > DISK_LOWER_MAX)
		return rd_fail(r, "lower", "too many devices");
	snprintf(dk->name, sizeof(dk->name), "%s", json_object_get_string(name));
	dk->major = (unsigned)major;
	dk->minor = (unsigned)minor;
	dk->kind = (enum disk_kind)kind;
	dk->nr_lower = (unsigned)json_object_array_length(lower);
	for (unsigned k = 0; k < dk->nr_lower; k++) {
		struct json_object *v = json_object_array_get_idx(lower, k);
		uint64_t idx = json_object_get_uint64(v);

		if (!json_object_is_type(v, json_type_int) || idx >= nr)
			return rd_fail(r, "lower", "not a device of the set");
		dk->lower[k] = (unsigned)idx;
	}
	return 0;
}

int wire_disks_read(struct json_object *o, const char *path,
		    struct disk_set *s, struct diag *d)
{
	struct rd r = { .path = path, .d = d }, sub;
	struct json_object *set;
	char buf[160];
	size_t n;
	int ret;

	if ((ret = rd_u64(&r, o, "before_ns", &s->before_ns)) ||
	    (ret = rd_u64(&r, o, "after_ns", &s->after_ns)) ||
	    (ret = rd_bool(&r, o, "have_before", &s->have_before)) ||
	    (ret = rd_bool(&r, o, "have_after", &s->have_after)) ||
	    (ret = rd_array(&r, o, "set", 0, &set)))
		return ret;
	n = json_object_array_length(set);
	if (n > DISKSET_MAX)
		return rd_fail(&r, "set", "too many devices");
	for (size_t i = 0; i < n; i++) {
		rd_sub(&sub, buf, sizeof(buf), &r, "set", (int)i);
		ret = rd_disk(&sub, json_object_array_get_idx(set, i), (unsigned)n,
			      &s->disks[i]);
		if (ret)
			return ret;
	}
	s->nr = (unsigned)n;
	return 0;
}

/* rd_str - member key, a string, into buf. */
static int rd_str(const struct rd *r, struct json_object *o, const char *key,
		  char *buf, size_t size)
{
	struct json_object *v;
	int ret = rd_member(r, o, key, json_type_string, &v);

	if (!ret)
		snprintf(buf, size, "%s", json_object_get_string(v));
	return ret;
}

static int rd_md_mark(const struct rd *r, struct json_object *o,
		      struct md_mark *m)
{
	uint64_t *jobs[6] = {
		&m->jobs.ios[0], &m->jobs.bytes[0], &m->jobs.clat_ns[0],
		&m->jobs.ios[1], &m->jobs.bytes[1], &m->jobs.clat_ns[1],
	};
	struct json_object *arr, *dev;
	uint64_t kind = 0, phase = 0;
	char buf[160];
	struct rd sub;
	int ret;

	if ((ret = rd_u64(r, o, "kind", &kind)) ||
	    (ret = rd_u64(r, o, "ns", &m->ns)) ||
	    (ret = rd_u64(r, o, "phase", &phase)) ||
	    (ret = rd_bool(r, o, "have_jobs", &m->have_jobs)) ||
	    (ret = rd_array(r, o, "jobs", 6, &arr)) ||
	    (ret = rd_array(r, o, "dev", MD_DEVS, &dev)))
		return ret;
	if (kind >= MD_MARK_NR)
		return rd_fail(r, "kind", "unknown mark");
	m->kind = (enum md_mark_kind)kind;
	m->phase = (unsigned)phase;
	for (unsigned i = 0; i < 6; i++) {
		struct json_object *v = json_object_array_get_idx(arr, i);

		if (!json_object_is_type(v, json_type_int))
			return rd_fail(r, "jobs", "a total that is not an integer");
		*jobs[i] = json_object_get_uint64(v);
	}
	for (unsigned k = 0; k < MD_DEVS; k++) {
		rd_sub(&sub, buf, sizeof(buf), r, "dev", (int)k);
		ret = rd_counter_list(&sub, json_object_array_get_idx(dev, k), "counters",
				      &m->dev[k]);
		if (ret)
			return ret;
	}
	return 0;
}

int wire_md_read(struct json_object *o, const char *path,
		 struct md_timeline *t, struct diag *d)
{
	struct rd r = { .path = path, .d = d }, sub;
	struct json_object *dev, *marks, *err;
	uint64_t failed = 0, dropped = 0;
	char buf[160];
	size_t n;
	int ret;

	memset(t, 0, sizeof(*t));
	if ((ret = rd_array(&r, o, "dev", MD_DEVS, &dev)) ||
	    (ret = rd_u64(&r, o, "failed", &failed)) ||
	    (ret = rd_u64(&r, o, "fail_at_ms", &t->fail_at_ms)) ||
	    (ret = rd_bool(&r, o, "rebuild", &t->rebuild)) ||
	    (ret = rd_u64(&r, o, "resync_ms", &t->resync_ms)) ||
	    (ret = rd_str(&r, o, "state_failed", t->state_failed, sizeof(t->state_failed))) ||
	    (ret = rd_str(&r, o, "degraded", t->degraded, sizeof(t->degraded))) ||
	    (ret = rd_str(&r, o, "state_end", t->state_end, sizeof(t->state_end))) ||
	    (ret = rd_member(&r, o, "error", json_type_int, &err)) ||
	    (ret = rd_u64(&r, o, "dropped", &dropped)) ||
	    (ret = rd_array(&r, o, "marks", 0, &marks)))
		return ret;
	if (failed >= MD_DEVS)
		return rd_fail(&r, "failed", "not a member");
	if (dropped > UINT_MAX)
		return rd_fail(&r, "dropped", "out of range");
	t->failed = (unsigned)failed;
	t->dropped = (unsigned)dropped;
	t->error = json_object_get_int(err);
	for (unsigned k = 0; k < MD_DEVS; k++) {
		struct json_object *v = json_object_array_get_idx(dev, k);

		if (!json_object_is_type(v, json_type_string))
			return rd_fail(&r, "dev", "a name that is not a string");
		snprintf(t->dev[k], sizeof(t->dev[k]), "%s", json_object_get_string(v));
	}
	n = json_object_array_length(marks);
	if (n > MD_MARKS_MAX)
		return rd_fail(&r, "marks", "too many marks");
	for (size_t i = 0; i < n; i++) {
		rd_sub(&sub, buf, sizeof(buf), &r, "marks", (int)i);
		ret = rd_md_mark(&sub, json_object_array_get_idx(marks, i), &t->marks[i]);
		if (ret)
			return ret;
	}
	t->nr = (unsigned)n;
	return 0;
}

int wire_status_read(struct json_object *o, struct status_snapshot *snap,
		     struct diag *d)
{
	struct rd r = { .path = "status", .d = d };
	struct json_object *bw, *iops, *eta;
	uint64_t running = 0, total = 0;
	int ret;

	memset(snap, 0, sizeof(*snap));
	if ((ret = rd_u64(&r, o, "running", &running)) ||
	    (ret = rd_u64(&r, o, "total", &total)) ||
	    (ret = rd_array(&r, o, "bw", DDIR_NR, &bw)) ||
	    (ret = rd_array(&r, o, "iops", DDIR_NR, &iops)) ||
	    (ret = rd_double(&r, o, "pct_done", &snap->pct_done)))
		return ret;
	for (int k = 0; k < DDIR_NR; k++) {
		if ((ret = rd_double_str(&r, json_object_array_get_idx(bw, k), "bw", &snap->bw[k])) ||
		    (ret = rd_double_str(&r, json_object_array_get_idx(iops, k), "iops", &snap->iops[k])))
			return ret;
	}
	snap->running = (unsigned)running;
	snap->total = (unsigned)total;
	if (json_object_object_get_ex(o, "eta_ns", &eta)) {
		snap->eta_known = true;
		snap->eta_ns = json_object_get_uint64(eta);
	}
	return 0;
}

const char *wire_event(struct json_object *o)
{
	struct json_object *ev;

	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "event", &ev) ||
	    !json_object_is_type(ev, json_type_string))
		return NULL;
	return json_object_get_string(ev);
}

/* parse - text as a JSON document, or NULL with a message naming what. */
static struct json_object *parse(const char *text, const char *what, struct diag *d)
{
	struct json_object *o = json_tokener_parse(text);

	if (!o)
		diag_set(d, NULL, "worker result: %s: not a JSON document", what);
	return o;
}

int wire_stats_decode(const char *text, struct job_stats *st,
		      struct diag *d)
{
	struct json_object *o = parse(text, "stats", d);
	int ret;

	if (!o)
		return -EPROTO;
	ret = wire_stats_read(o, "stats", st, d);
	json_object_put(o);
	return ret;
}

int wire_disks_decode(const char *text, struct disk_set *s, struct diag *d)
{
	struct json_object *o = parse(text, "disks", d);
	int ret;

	if (!o)
		return -EPROTO;
	ret = wire_disks_read(o, "disks", s, d);
	json_object_put(o);
	return ret;
}

int wire_md_decode(const char *text, struct md_timeline *t, struct diag *d)
{
	struct json_object *o = parse(text, "raid1", d);
	int ret;

	if (!o)
		return -EPROTO;
	ret = wire_md_read(o, "raid1", t, d);
	json_object_put(o);
	return ret;
}
