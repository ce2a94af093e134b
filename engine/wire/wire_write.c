/* SPDX-License-Identifier: MIT */
/*
 * wire_write.c - the worker's side of wire.h: job stats and status lines.
 */
#include "wire/wire.h"

#include <errno.h>
#include <stdlib.h>

#include "lib/json.h"
#include "wire/wire_fields.h"

/* put_double - a double as its exact hex-float text. */
static void put_double(struct json_writer *w, const char *key, double v)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%a", v);
	json_str(w, key, buf);
}

/* put_u64s - the members of base that table lists. */
static void put_u64s(struct json_writer *w, const void *base,
		     const struct wire_field *table, size_t n)
{
	for (size_t i = 0; i < n; i++)
		json_u64(w, table[i].key, *wire_u64_at((void *)base, &table[i]));
}

static void put_lat(struct json_writer *w, const struct lat_stat *l)
{
	json_obj_begin(w, NULL);
	put_u64s(w, l, wire_lat_u64, ARRAY_SIZE(wire_lat_u64));
	json_u64(w, "sumsq_hi", (uint64_t)(l->sumsq >> 64));
	json_u64(w, "sumsq_lo", (uint64_t)l->sumsq);
	json_obj_end(w);
}

/* put_hist - the non-empty bins of h as [bin, count, ...]. */
static void put_hist(struct json_writer *w, const struct hist *h)
{
	json_arr_begin(w, NULL);
	for (unsigned i = 0; h && h->total && i < HIST_NR_BINS; i++) {
		if (!h->bins[i])
			continue;
		json_u64(w, NULL, i);
		json_u64(w, NULL, h->bins[i]);
	}
	json_arr_end(w);
}

static void put_dir(struct json_writer *w, const struct dir_stats *ds)
{
	json_obj_begin(w, NULL);
	put_u64s(w, ds, wire_dir_u64, ARRAY_SIZE(wire_dir_u64));
	json_arr_begin(w, "lat");
	for (unsigned k = 0; k < LAT_NR; k++)
		put_lat(w, &ds->lat[k]);
	json_arr_end(w);
	json_arr_begin(w, "hist");
	for (unsigned k = 0; k < LAT_NR; k++)
		put_hist(w, ds->hist[k]);
	json_arr_end(w);
	json_obj_end(w);
}

static void put_rate(struct json_writer *w, const struct rate_stat *r)
{
	json_obj_begin(w, NULL);
	put_u64s(w, r, wire_rate_u64, ARRAY_SIZE(wire_rate_u64));
	put_double(w, "mean", r->mean);
	put_double(w, "S", r->S);
	json_obj_end(w);
}

static void put_rates(struct json_writer *w, const char *key,
		      const struct rate_stat *r)
{
	json_arr_begin(w, key);
	for (unsigned d = 0; d < DDIR_NR; d++)
		put_rate(w, &r[d]);
	json_arr_end(w);
}

/* put_ss - a steady-state result, exactly (doubles as hex floats). */
static void put_ss(struct json_writer *w, const struct ss_result *ss)
{
	json_obj_begin(w, "ss");
	json_u64(w, "flags", ss->spec.flags);
	put_double(w, "limit", ss->spec.limit);
	json_u64(w, "dur", ss->spec.dur);
	json_bool(w, "attained", ss->attained);
	put_double(w, "slope", ss->slope);
	put_double(w, "deviation", ss->deviation);
	put_double(w, "criterion", ss->criterion);
	json_u64_array(w, "iops", ss->iops, ss->spec.dur);
	json_u64_array(w, "bw", ss->bw, ss->spec.dur);
	json_obj_end(w);
}

void wire_stats_write(struct json_writer *w, const char *key,
		      const struct job_stats *st)
{
	json_obj_begin(w, key);
	json_arr_begin(w, "dir");
	for (unsigned d = 0; d < DDIR_NR; d++)
		put_dir(w, &st->dir[d]);
	json_arr_end(w);
	put_u64s(w, st, wire_job_u64, ARRAY_SIZE(wire_job_u64));
	json_obj_begin(w, "cpu");
	put_u64s(w, &st->cpu, wire_cpu_u64, ARRAY_SIZE(wire_cpu_u64));
	json_obj_end(w);
	json_obj_begin(w, "features");
	json_u64(w, "uring_setup_flags", st->features.uring_setup_flags);
	for (size_t i = 0; i < ARRAY_SIZE(wire_features_bool); i++)
		json_bool(w, wire_features_bool[i].key,
			  *wire_bool_at((void *)&st->features, &wire_features_bool[i]));
	json_obj_end(w);
	json_i64(w, "error", st->error);
	json_u64(w, "nr_merged", st->nr_merged);
	json_obj_begin(w, "rates");
	put_rates(w, "bw", st->rates.bw);
	put_rates(w, "iops", st->rates.iops);
	json_obj_end(w);
	json_obj_begin(w, "cycles");
	put_u64s(w, &st->cycles, wire_cycles_u64, ARRAY_SIZE(wire_cycles_u64));
	json_u64(w, "source", st->cycles.source);
	json_obj_end(w);
	json_obj_begin(w, "opens");
	put_u64s(w, &st->opens, wire_opens_u64, ARRAY_SIZE(wire_opens_u64));
	json_obj_end(w);
	if (st->ss)
		put_ss(w, st->ss);
	json_obj_end(w);
}

int wire_status_write(FILE *f, const struct status_snapshot *snap)
{
	struct json_writer w;

	json_init_compact(&w, f);
	json_obj_begin(&w, NULL);
	json_str(&w, "event", "status");
	json_u64(&w, "running", snap->running);
	json_u64(&w, "total", snap->total);
	json_arr_begin(&w, "bw");
	for (unsigned d = 0; d < DDIR_NR; d++)
		put_double(&w, NULL, snap->bw[d]);
	json_arr_end(&w);
	json_arr_begin(&w, "iops");
	for (unsigned d = 0; d < DDIR_NR; d++)
		put_double(&w, NULL, snap->iops[d]);
	json_arr_end(&w);
	put_double(&w, "pct_done", snap->pct_done);
	if (snap->eta_known)
		json_u64(&w, "eta_ns", snap->eta_ns);
	json_obj_end(&w);
	return json_finish(&w) ? -EIO : 0;
}

/* encode - what put writes of x, as one compact document. */
static int encode(void (*put)(struct json_writer *, const void *), const void *x,
		  char **text)
{
	struct json_writer w;
	size_t len;
	FILE *f = open_memstream(text, &len);
	int ret;

	if (!f)
		return -ENOMEM;
	json_init_compact(&w, f);
	put(&w, x);
	ret = json_finish(&w);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (ret) {
		free(*text);
		*text = NULL;
	}
	return ret;
}

static void put_stats(struct json_writer *w, const void *st)
{
	wire_stats_write(w, NULL, st);
}

int wire_stats_encode(const struct job_stats *st, char **text)
{
	return encode(put_stats, st, text);
}

/* put_counters - one reading, in struct disk_counters' order. */
static void put_counters(struct json_writer *w, const char *key,
			 const struct disk_counters *c)
{
	json_arr_begin(w, key);
	for (unsigned d = 0; d < 2; d++)
		json_u64(w, NULL, c->ios[d]);
	for (unsigned d = 0; d < 2; d++)
		json_u64(w, NULL, c->merges[d]);
	for (unsigned d = 0; d < 2; d++)
		json_u64(w, NULL, c->sectors[d]);
	for (unsigned d = 0; d < 2; d++)
		json_u64(w, NULL, c->ticks[d]);
	json_u64(w, NULL, c->io_ticks);
	json_u64(w, NULL, c->time_in_queue);
	json_arr_end(w);
}

void wire_disks_write(struct json_writer *w, const char *key,
		      const struct disk_set *s)
{
	json_obj_begin(w, key);
	json_u64(w, "before_ns", s->before_ns);
	json_u64(w, "after_ns", s->after_ns);
	json_bool(w, "have_before", s->have_before);
	json_bool(w, "have_after", s->have_after);
	json_arr_begin(w, "set");
	for (unsigned i = 0; i < s->nr; i++) {
		const struct disk *dk = &s->disks[i];

		json_obj_begin(w, NULL);
		json_str(w, "name", dk->name);
		json_u64(w, "major", dk->major);
		json_u64(w, "minor", dk->minor);
		json_u64(w, "kind", dk->kind);
		json_arr_begin(w, "lower");
		for (unsigned k = 0; k < dk->nr_lower; k++)
			json_u64(w, NULL, dk->lower[k]);
		json_arr_end(w);
		put_counters(w, "before", &dk->before);
		put_counters(w, "after", &dk->after);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

static void put_disks(struct json_writer *w, const void *s)
{
	wire_disks_write(w, NULL, s);
}

int wire_disks_encode(const struct disk_set *s, char **text)
{
	return encode(put_disks, s, text);
}

void wire_md_write(struct json_writer *w, const char *key,
		   const struct md_timeline *t)
{
	json_obj_begin(w, key);
	json_arr_begin(w, "dev");
	for (unsigned k = 0; k < MD_DEVS; k++)
		json_str(w, NULL, t->dev[k]);
	json_arr_end(w);
	json_u64(w, "failed", t->failed);
	json_u64(w, "fail_at_ms", t->fail_at_ms);
	json_bool(w, "rebuild", t->rebuild);
	json_u64(w, "resync_ms", t->resync_ms);
	json_str(w, "state_failed", t->state_failed);
	json_str(w, "degraded", t->degraded);
	json_str(w, "state_end", t->state_end);
	json_i64(w, "error", t->error);
	json_u64(w, "dropped", t->dropped);
	json_arr_begin(w, "marks");
	for (unsigned i = 0; i < t->nr; i++) {
		const struct md_mark *m = &t->marks[i];

		json_obj_begin(w, NULL);
		json_u64(w, "kind", m->kind);
		json_u64(w, "ns", m->ns);
		json_u64(w, "phase", m->phase);
		json_bool(w, "have_jobs", m->have_jobs);
		json_arr_begin(w, "jobs");
		for (unsigned d = 0; d < 2; d++) {
			json_u64(w, NULL, m->jobs.ios[d]);
			json_u64(w, NULL, m->jobs.bytes[d]);
			json_u64(w, NULL, m->jobs.clat_ns[d]);
		}
		json_arr_end(w);
		json_arr_begin(w, "dev");
		for (unsigned k = 0; k < MD_DEVS; k++)
			put_counters(w, NULL, &m->dev[k]);
		json_arr_end(w);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_obj_end(w);
}

static void put_md(struct json_writer *w, const void *t)
{
	wire_md_write(w, NULL, t);
}

int wire_md_encode(const struct md_timeline *t, char **text)
{
	return encode(put_md, t, text);
}
