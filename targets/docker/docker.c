/* SPDX-License-Identifier: MIT */
/*
 * docker.c - the docker placement: the jobs run in a container, through
 * the Engine API (api.h), with their files where the mode says:
 *
 *   docker:layer         the container's writable layer (under overlay2,
 *                        its upper dir), created by the jobs
 *   docker:copyup        in a lower image layer, copied up at the first
 *                        open for writing (layer.c)
 *   docker:volume        a named volume made for the run, removed after it
 *   docker:volume=NAME   an existing volume, left as it was found
 *                        (volume.c)
 *   docker:bind=HOSTDIR  a bind mount of a host directory
 *   docker:exec=CTR      inside a container that already runs (exec.c)
 *
 * The image is the static worker alone, FROM scratch, built once per
 * worker binary (dk_image_ensure).  Every visit of the runner (one or
 * more consecutive phases) is one container: created with the resolved
 * jobs copied in (the archive API), its working directory /iostress on
 * the volume or bind mount (or in its layer), no network; started; its
 * log stream followed to the end, which carries the wire events
 * (remote.h); then removed (container.c).  A stop request becomes SIGINT for the
 * worker, which is the container's PID 1.  Containers and the run's
 * volume are labelled with the run's id and owner and written to the
 * ledger before they are created, so the sweep removes what a killed run
 * left.  The host's share: the container's CPU time from its cgroup, read
 * at each phase's start and end event (and at every poll of the log
 * stream, for when its cgroup is gone by the last end), as each phase's
 * host cycles (cgroup.c, remote.h).  This file is
 * the kind itself: the modes, the daemon's description, prepare, a
 * visit, teardown and the sweep.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "job/resolved.h"
#include "lib/units.h"
#include "measure/clock.h"
#include "measure/cycles.h"
#include "targets/docker/api.h"
#include "targets/docker/docker_impl.h"
#include "targets/kinds.h"
#include "targets/ledger.h"
#include "targets/remote.h"
#include "targets/worker_bin.h"


/* ------------------------------------------------------------------------
 * Preparing
 */

static int parse_mode(struct target *t, struct dk_target *k, struct diag *d)
{
	const char *a = t->pl.args;
	struct stat st;

	if (!strcmp(a, "layer")) {
		k->mode = MODE_LAYER;
	} else if (!strcmp(a, "copyup")) {
		k->mode = MODE_COPYUP;
	} else if (!strcmp(a, "volume")) {
		k->mode = MODE_VOLUME;
		k->own_volume = true;
		snprintf(k->volume, sizeof(k->volume), "iostress-%s",
			 t->ledger ? t->ledger->runid : "norun");
	} else if (!strncmp(a, "exec=", 5)) {
		k->mode = MODE_EXEC;
		snprintf(k->ctr, sizeof(k->ctr), "%s", a + 5);
	} else if (!strncmp(a, "volume=", 7)) {
		k->mode = MODE_VOLUME;
		snprintf(k->volume, sizeof(k->volume), "%s", a + 7);
	} else {
		k->mode = MODE_BIND;
		snprintf(k->bind, sizeof(k->bind), "%s", a + 5);
		if (stat(k->bind, &st) || !S_ISDIR(st.st_mode)) {
			diag_set(d, NULL, "target '%s': '%s' is not a directory on this host",
				 t->pl.spec, k->bind);
			return -ENOTDIR;
		}
	}
	return 0;
}

/* describe_daemon - what decides the placement's speed: the storage
 * driver and its backing filesystem, the engine and API versions. */
static int describe_daemon(struct target *t, struct dk_target *k,
			   struct diag *d)
{
	struct dk_buf body = { 0 };
	struct json_object *info, *v, *status;
	long code = 0;
	int ret = dk_call(&k->api, "GET", NULL, 0, NULL, &code, &body, d, "/info");

	if (ret)
		return ret;
	info = code == 200 ? json_tokener_parse(body.data) : NULL;
	if (!info) {
		diag_set(d, NULL, "docker: GET /info answered %ld: %s", code,
			 dk_error_message(&body));
		dk_buf_release(&body);
		return -EPROTO;
	}
	if (json_object_object_get_ex(info, "DockerRootDir", &v))
		snprintf(t->host_path, sizeof(t->host_path), "%s",
			 json_object_get_string(v));	/* where layers live */
	if (json_object_object_get_ex(info, "Driver", &v)) {
		snprintf(k->driver, sizeof(k->driver), "%s", json_object_get_string(v));
		target_prop_set(t, "storage_driver", "%s", k->driver);
	}
	if (json_object_object_get_ex(info, "DriverStatus", &status) &&
	    json_object_is_type(status, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(status); i++) {
			struct json_object *pair = json_object_array_get_idx(status, i);
			const char *key = json_object_get_string(json_object_array_get_idx(pair, 0));

			if (key && !strcmp(key, "Backing Filesystem"))
				target_prop_set(t, "backing_fs", "%s",
						json_object_get_string(json_object_array_get_idx(pair, 1)));
		}
	}
	target_prop_set(t, "docker_version", "%s", k->api.server_version);
	target_prop_set(t, "docker_api", "%s", k->api.api);
	if (k->mode != MODE_EXEC)
		target_prop_set(t, "mount", "%s", k->mode == MODE_LAYER ? "layer" :
			k->mode == MODE_COPYUP ? "layer, files in a lower layer" :
			k->mode == MODE_VOLUME ? "volume" : "bind");
	json_object_put(info);
	dk_buf_release(&body);
	return 0;
}

/* labels - the run's labels, as JSON object text. */
void dkt_labels(const struct target *t, char *buf, size_t len)
{
	snprintf(buf, len, "{\"" LABEL_RUN "\":\"%s\",\"" LABEL_OWNER "\":\"%d\"}",
		 t->ledger ? t->ledger->runid : "", (int)getpid());
}

/* kernel_has_fs - name is in /proc/filesystems. */
static bool kernel_has_fs(const char *name)
{
	char line[128], fs[64];
	bool found = false;
	FILE *f = fopen("/proc/filesystems", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %63s", fs) == 1 ? !strcmp(fs, name) :
			sscanf(line, "%63s", fs) == 1 && !strcmp(fs, name);
	if (f)
		fclose(f);
	return found;
}

/* check_driver - every job that names a storage driver gets that one:
 * never measure one driver and label it another. */
static int check_driver(struct target *t, struct dk_target *k, struct diag *d)
{
	for (unsigned i = 0; i < t->jobs->nr; i++) {
		const struct job *j = &t->jobs->jobs[i];
		const char *want = j->docker_storage_driver;

		if (!want || !strcmp(want, k->driver))
			continue;
		if (!strcmp(want, "aufs") && !kernel_has_fs("aufs"))
			diag_set(d, &j->loc,
				 "job '%s' needs docker_storage_driver=aufs but the daemon at '%s' runs %s, and this kernel has no aufs (it is not in /proc/filesystems)",
				 j->name, k->api.socket, k->driver);
		else
			diag_set(d, &j->loc,
				 "job '%s' needs docker_storage_driver=%s but the daemon at '%s' runs %s (start dockerd with --storage-driver=%s)",
				 j->name, want, k->api.socket, k->driver, want);
		return -EINVAL;
	}
	return 0;
}

static int docker_prepare(struct target *t, struct diag *d)
{
	struct dk_target *k = calloc(1, sizeof(*k));
	bool is_static, built = false;
	int ret;

	if (!k)
		return -ENOMEM;
	t->priv = k;
	ret = parse_mode(t, k, d);
	if (ret)
		return ret;
	ret = worker_binary(k->worker, sizeof(k->worker), &is_static);
	if (!ret && !is_static) {
		diag_set(d, NULL, "target '%s' needs the static worker, the only file of its image (configure --enable-static-worker, or IOSTRESS_WORKER=PATH)",
			 t->pl.spec);
		return -ENOENT;
	}
	if (ret)
		return ret;
	ret = dk_open(&k->api, d);
	if (ret)
		return ret;
	k->api_open = true;
	ret = dk_open(&k->ctl, d);
	if (ret)
		return ret;
	k->ctl_open = true;
	ret = describe_daemon(t, k, d);
	if (!ret)
		ret = check_driver(t, k, d);
	if (!ret && k->mode == MODE_EXEC)
		return dkt_exec_prepare(t, k, d);
	if (!ret)
		ret = dk_image_ensure(&k->api, k->worker, k->image, sizeof(k->image), &built, d);
	if (ret)
		return ret;
	target_prop_set(t, "image", "%s", k->image);
	if (k->mode == MODE_VOLUME)
		ret = k->own_volume ? dkt_make_volume(t, k, d) : dkt_check_volume(k, d);
	if (!ret && k->mode == MODE_VOLUME)
		dkt_volume_mountpoint(t, k);
	if (!ret && k->mode == MODE_BIND)
		snprintf(t->host_path, sizeof(t->host_path), "%s", k->bind);
	if (!ret && (k->mode == MODE_VOLUME || k->mode == MODE_BIND))
		target_prop_set(t, "source", "%s", k->mode == MODE_VOLUME ? k->volume : k->bind);
	return ret;
}

static void docker_teardown(struct target *t)
{
	struct dk_target *k = t->priv;
	struct diag d = { { 0 } };

	if (!k)
		return;
	if (k->own_volume && k->volume_id && k->api_open) {
		if (dkt_remove_volume(&k->api, k->volume, &d))
			diag_print(&d);
		else
			ledger_drop(t->ledger, "docker", k->volume_id);
	}
	if (k->api_open)
		dk_close(&k->api);
	if (k->ctl_open)
		dk_close(&k->ctl);
	free(k);
	t->priv = NULL;
}

/* docker_sweep - desc is "container NAME", "volume NAME" or "image NAME". */
static int docker_sweep(const char *desc, FILE *log, struct diag *d)
{
	struct dk_client c;
	char what[16], name[200];
	int ret;

	if (sscanf(desc, "%15s %199s", what, name) != 2 ||
	    (strcmp(what, "container") && strcmp(what, "volume") &&
	     strcmp(what, "image"))) {
		diag_set(d, NULL, "unreadable docker record '%s'", desc);
		return -EINVAL;
	}
	ret = dk_open(&c, d);
	if (ret)
		return ret;
	ret = !strcmp(what, "container") ? dkt_remove_container(&c, name, d) :
	      !strcmp(what, "image") ? dkt_remove_image(&c, name, d) :
	      dkt_remove_volume(&c, name, d);
	dk_close(&c);
	if (!ret)
		fprintf(log, "docker %s %s", what, name);
	return ret;
}

static int docker_run_phase(struct target *t, const struct target_phase *ph,
			    struct diag *d)
{
	struct dk_target *k = t->priv;
	struct visit v = { .t = t, .k = k, .ph = ph, .image = k->image,
			   .send = ph->jobs, .send_first = ph->first,
			   .send_nr = ph->nr };
	char desc[160], how[64], layer[160];
	unsigned rec = 0, layer_rec = 0;
	int ret;

	snprintf(v.name, sizeof(v.name), "iostress-%s-%u",
		 t->ledger ? t->ledger->runid : "norun", ++k->visits);
	if (k->mode == MODE_EXEC)
		return dkt_exec_visit(&v, d);
	if (k->mode == MODE_COPYUP) {
		ret = dkt_make_layer(&v, layer, sizeof(layer), &layer_rec, d);
		if (ret)
			goto out_remove_layer;
		v.image = layer;
	}
	snprintf(desc, sizeof(desc), "container %s", v.name);
	ret = ledger_add(t->ledger, "docker", desc, &rec, d);
	if (ret)
		goto out_remove_layer;
	remote_begin(&v.conv, t, ph, d);
	v.conv.host_cpu = dkt_host_cpu;
	v.conv.host_cpu_arg = &v;
	ret = dkt_run_container(&v, how, sizeof(how), d);
	if (!ret) {
		char who[160];

		snprintf(who, sizeof(who), "container %s", v.name);
		ret = remote_end(&v.conv, who, how);
		if (ret == -EPERM)
			dkt_explain_eperm(&v, d);
	} else {
		remote_end(&v.conv, "", "");
	}
	if (dkt_remove_container(&k->api, v.name, d) == 0)
		ledger_drop(t->ledger, "docker", rec);

out_remove_layer:
	if (layer_rec && !dkt_remove_image(&k->api, layer, d))
		ledger_drop(t->ledger, "docker", layer_rec);
	return ret;
}

const struct target_ops docker_target_ops = {
	.kind = "docker",
	.prepare = docker_prepare,
	.run_phase = docker_run_phase,
	.teardown = docker_teardown,
	.sweep = docker_sweep,
};
