/* SPDX-License-Identifier: MIT */
/*
 * remote.c - the host's half of a worker conversation (remote.h).
 */
#include "targets/remote.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "measure/clock.h"
#include "measure/cycles.h"
#include "wire/wire.h"

void remote_begin(struct remote_conv *c, struct target *t,
		  const struct target_phase *ph, struct diag *d)
{
	memset(c, 0, sizeof(*c));
	c->t = t;
	c->ph = ph;
	c->d = d;
	c->t0 = clock_monotonic_ns();
}

static void on_status(struct remote_conv *c, struct json_object *o)
{
	struct status_snapshot snap;
	struct diag d = { { 0 } };
	char line[256];

	if (!c->ph->status || wire_status_read(o, &snap, &d))
		return;
	status_format(&snap, line, sizeof(line));
	fprintf(c->ph->status, "\r%-100s", line);
	fflush(c->ph->status);
	c->status_shown = true;
}

/* on_result - fold the jobs' stats into the result, as the runner folds a
 * local worker's (job_stats_merge). */
static int on_result(struct remote_conv *c, struct json_object *o)
{
	const struct target_phase *ph = c->ph;
	struct json_object *jobs, *place, *err, *disks, *raid1;
	size_t n;

	if (!json_object_object_get_ex(o, "jobs", &jobs) ||
	    !json_object_is_type(jobs, json_type_array)) {
		diag_set(c->d, NULL, "worker result: jobs: missing");
		return -EPROTO;
	}
	n = json_object_array_length(jobs);
	if (n != ph->nr) {
		diag_set(c->d, NULL, "worker result: %zu jobs for the %u sent", n, ph->nr);
		return -EPROTO;
	}
	for (unsigned i = 0; i < ph->nr; i++) {
		struct json_object *ji = json_object_array_get_idx(jobs, i), *so;
		struct job_stats *dst = &ph->job_stats[ph->first + i];
		struct job_stats tmp;
		unsigned merged = dst->nr_merged;
		char path[64];
		int ret;

		snprintf(path, sizeof(path), "jobs[%u].stats", i);
		if (!json_object_object_get_ex(ji, "stats", &so)) {
			diag_set(c->d, NULL, "worker result: %s: missing", path);
			return -EPROTO;
		}
		ret = job_stats_init(&tmp);
		if (ret)
			return ret;
		ret = wire_stats_read(so, path, &tmp, c->d);
		if (!ret)
			job_stats_merge(dst, &tmp);
		job_stats_release(&tmp);
		if (ret)
			return ret;
		dst->nr_merged = merged;	/* one worker job is one job */
	}
	if (json_object_object_get_ex(o, "disks", &disks) && ph->guest_disks) {
		struct disk_set *set = calloc(1, sizeof(*set));
		int ret = set ? 0 : -ENOMEM;

		if (set) {
			diskset_init(set);
			ret = wire_disks_read(disks, "disks", set, c->d);
		}
		if (ret) {
			free(set);
			return ret;
		}
		free(*ph->guest_disks);
		*ph->guest_disks = set;
	}
	if (json_object_object_get_ex(o, "raid1", &raid1) && ph->raid1) {
		struct md_timeline *t = calloc(1, sizeof(*t));
		int ret = t ? wire_md_read(raid1, "raid1", t, c->d) : -ENOMEM;

		if (ret) {
			free(t);
			return ret;
		}
		free(*ph->raid1);
		*ph->raid1 = t;
	}
	if (json_object_object_get_ex(o, "place", &place) &&
	    json_object_is_type(place, json_type_object)) {
		json_object_object_foreach(place, key, val) {
			char k[64];

			snprintf(k, sizeof(k), "worker_%s", key);
			target_prop_set(c->t, k, "%s", json_object_get_string(val));
		}
	}
	if (json_object_object_get_ex(o, "error", &err) && json_object_get_int(err)) {
		struct json_object *msg;

		c->job_error = json_object_get_int(err);
		if (json_object_object_get_ex(o, "message", &msg))
			diag_set(c->d, NULL, "%s", json_object_get_string(msg));
	}
	c->got_result = true;
	return 0;
}

/* phase_of - the "phase" member of a start or end event; -1 if none. */
static long phase_of(struct json_object *o)
{
	struct json_object *p;

	if (!json_object_object_get_ex(o, "phase", &p) ||
	    !json_object_is_type(p, json_type_int))
		return -1;
	return (long)json_object_get_int64(p);
}

static void on_start(struct remote_conv *c, struct json_object *o)
{
	(void)o;
	if (!c->t->first_phase_done)
		c->t->info.setup_ns += clock_monotonic_ns() - c->t0;
	c->t->first_phase_done = true;
	c->phase_cpu_ok = c->host_cpu &&
			  !c->host_cpu(c->host_cpu_arg, &c->phase_cpu0);
}

/* on_end - what the place spent over the phase, as the host cycles of
 * every job of it (a figure of the phase, divided by its I/Os). */
static void on_end(struct remote_conv *c, struct json_object *o)
{
	const struct target_phase *ph = c->ph;
	long phase = phase_of(o);
	uint64_t ns, cycles;

	if (!c->phase_cpu_ok || phase < 0 || c->host_cpu(c->host_cpu_arg, &ns))
		return;
	c->phase_cpu_ok = false;
	cycles = cycles_from_ns(ns > c->phase_cpu0 ? ns - c->phase_cpu0 : 0,
				clock_tsc_hz());
	for (unsigned i = ph->first; i < ph->first + ph->nr; i++)
		if (ph->jobs->jobs[i].phase == (unsigned)phase)
			ph->job_stats[i].cycles.host = cycles;
}

/* on_line - one document from the worker. */
static int on_line(struct remote_conv *c, const char *line)
{
	struct json_object *o = json_tokener_parse(line);
	const char *ev = o ? wire_event(o) : NULL;
	int ret = 0;

	if (!ev) {
		diag_set(c->d, NULL, "worker sent a line that is not a wire event: '%.80s'", line);
		ret = -EPROTO;
	} else if (!strcmp(ev, "hello")) {
		c->hello = true;
	} else if (!strcmp(ev, "start")) {
		on_start(c, o);
	} else if (!strcmp(ev, "end")) {
		on_end(c, o);
	} else if (!strcmp(ev, "status")) {
		on_status(c, o);
	} else if (!strcmp(ev, "result")) {
		ret = on_result(c, o);
	}
	json_object_put(o);
	return ret;
}


/* line_add - append to the incomplete line.  Returns 0 or -ENOMEM. */
static int line_add(struct remote_conv *c, const char *buf, size_t len)
{
	if (c->len + len + 1 > c->cap) {
		size_t cap = c->cap ? c->cap : 4096;
		char *grown;

		while (cap < c->len + len + 1)
			cap *= 2;
		grown = realloc(c->line, cap);
		if (!grown)
			return -ENOMEM;
		c->line = grown;
		c->cap = cap;
	}
	memcpy(c->line + c->len, buf, len);
	c->len += len;
	c->line[c->len] = '\0';
	return 0;
}

int remote_feed(struct remote_conv *c, const char *buf, size_t len)
{
	while (len && !c->proto_err) {
		const char *nl = memchr(buf, '\n', len);
		size_t n = nl ? (size_t)(nl - buf) : len;
		int ret = line_add(c, buf, n);

		if (!ret && nl && c->len)
			ret = on_line(c, c->line);
		if (nl)
			c->len = 0;
		if (ret)
			c->proto_err = ret;
		buf += n + (nl ? 1 : 0);
		len -= n + (nl ? 1 : 0);
	}
	return c->proto_err;
}

int remote_end(struct remote_conv *c, const char *who, const char *exit_desc)
{
	int ret = c->proto_err;

	if (c->status_shown) {
		fprintf(c->ph->status, "\r%-100s\r", "");
		fflush(c->ph->status);
	}
	free(c->line);
	c->line = NULL;
	if (!ret && !c->got_result) {
		diag_set(c->d, NULL, "%s %s before sending a result", who, exit_desc);
		ret = -EPROTO;
	}
	return ret ? ret : c->job_error;
}
