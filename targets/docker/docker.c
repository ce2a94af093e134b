/* SPDX-License-Identifier: MIT */
/*
 * docker.c - the docker placement: the jobs run in a container, through
 * the Engine API (api.h), with their files where the mode says:
 *
 *   docker:layer         the container's writable layer (under overlay2,
 *                        its upper dir), created by the jobs
 *   docker:volume        a named volume made for the run, removed after it
 *   docker:volume=NAME   an existing volume, left as it was found
 *   docker:bind=HOSTDIR  a bind mount of a host directory
 *
 * The image is the static worker alone, FROM scratch, built once per
 * worker binary (dk_image_ensure).  Every visit of the runner (one or
 * more consecutive phases) is one container: created with the resolved
 * jobs copied in (the archive API), its working directory /iostress on
 * the volume or bind mount (or in its layer), no network; started; its
 * log stream followed to the end, which carries the wire events
 * (remote.h); then removed.  A stop request becomes SIGINT for the
 * worker, which is the container's PID 1.  Containers and the run's
 * volume are labelled with the run's id and owner and written to the
 * ledger before they are created, so the sweep removes what a killed run
 * left.  The host's share: the container's CPU time from its cgroup, read
 * while the container lives (at every poll of the log stream and when
 * the result arrives), as host cycles per I/O.
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

#define WORKDIR		"/iostress"
#define JOBS_FILE	"iostress-jobs"
#define LABEL_RUN	"io.iostress.run"
#define LABEL_OWNER	"io.iostress.owner"

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
static void labels(const struct target *t, char *buf, size_t len)
{
	snprintf(buf, len, "{\"" LABEL_RUN "\":\"%s\",\"" LABEL_OWNER "\":\"%d\"}",
		 t->ledger ? t->ledger->runid : "", (int)getpid());
}

/* make_volume - the run's own volume, recorded before it is made. */
static int make_volume(struct target *t, struct dk_target *k, struct diag *d)
{
	struct dk_buf resp = { 0 };
	char body[512], lab[256], desc[160];
	long code = 0;
	int ret;

	snprintf(desc, sizeof(desc), "volume %s", k->volume);
	ret = ledger_add(t->ledger, "docker", desc, &k->volume_id, d);
	if (ret)
		return ret;
	labels(t, lab, sizeof(lab));
	snprintf(body, sizeof(body), "{\"Name\":\"%s\",\"Labels\":%s}", k->volume, lab);
	ret = dk_call(&k->api, "POST", body, strlen(body), "application/json",
		      &code, &resp, d, "/volumes/create");
	if (!ret && code != 201 && code != 200) {
		diag_set(d, NULL, "docker: unable to create volume '%s': %s",
			 k->volume, dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

/* check_volume - an existing volume the user named. */
static int check_volume(struct dk_target *k, struct diag *d)
{
	long code = 0;
	int ret = dk_call(&k->api, "GET", NULL, 0, NULL, &code, NULL, d,
			  "/volumes/%s", k->volume);

	if (!ret && code != 200) {
		diag_set(d, NULL, "docker: no volume '%s' (GET /volumes answered %ld)",
			 k->volume, code);
		ret = -ENOENT;
	}
	return ret;
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

/* volume_mountpoint - the volume's directory on this host, for disk
 * stats (kept as the daemon's root when it cannot be had). */
static void volume_mountpoint(struct target *t, struct dk_target *k)
{
	struct dk_buf resp = { 0 };
	struct json_object *o, *mp;
	struct diag d = { { 0 } };
	long code = 0;

	if (!dk_call(&k->api, "GET", NULL, 0, NULL, &code, &resp, &d,
		     "/volumes/%s", k->volume) && code == 200 &&
	    (o = json_tokener_parse(resp.data))) {
		if (json_object_object_get_ex(o, "Mountpoint", &mp))
			snprintf(t->host_path, sizeof(t->host_path), "%s",
				 json_object_get_string(mp));
		json_object_put(o);
	}
	dk_buf_release(&resp);
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
		ret = k->own_volume ? make_volume(t, k, d) : check_volume(k, d);
	if (!ret && k->mode == MODE_VOLUME)
		volume_mountpoint(t, k);
	if (!ret && k->mode == MODE_BIND)
		snprintf(t->host_path, sizeof(t->host_path), "%s", k->bind);
	if (!ret && (k->mode == MODE_VOLUME || k->mode == MODE_BIND))
		target_prop_set(t, "source", "%s", k->mode == MODE_VOLUME ? k->volume : k->bind);
	return ret;
}

/* ------------------------------------------------------------------------
 * Removing
 */

/* remove_container - force-remove name with its anonymous volumes; gone
 * already is fine. */
static int remove_container(struct dk_client *c, const char *name,
			    struct diag *d)
{
	struct dk_buf resp = { 0 };
	long code = 0;
	int ret = dk_call(c, "DELETE", NULL, 0, NULL, &code, &resp, d,
			  "/containers/%s?force=1&v=1", name);

	if (!ret && code != 204 && code != 404) {
		diag_set(d, NULL, "docker: unable to remove container '%s': %s",
			 name, dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

static int remove_volume(struct dk_client *c, const char *name, struct diag *d)
{
	struct dk_buf resp = { 0 };
	long code = 0;
	int ret = dk_call(c, "DELETE", NULL, 0, NULL, &code, &resp, d,
			  "/volumes/%s?force=1", name);

	if (!ret && code != 204 && code != 404) {
		diag_set(d, NULL, "docker: unable to remove volume '%s': %s", name,
			 dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

static int remove_image(struct dk_client *c, const char *name, struct diag *d)
{
	struct dk_buf resp = { 0 };
	long code = 0;
	int ret = dk_call(c, "DELETE", NULL, 0, NULL, &code, &resp, d,
			  "/images/%s?force=1", name);

	if (!ret && code != 200 && code != 404) {
		diag_set(d, NULL, "docker: unable to remove image '%s': %s", name,
			 dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

static void docker_teardown(struct target *t)
{
	struct dk_target *k = t->priv;
	struct diag d = { { 0 } };

	if (!k)
		return;
	if (k->own_volume && k->volume_id && k->api_open) {
		if (remove_volume(&k->api, k->volume, &d))
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
	ret = !strcmp(what, "container") ? remove_container(&c, name, d) :
	      !strcmp(what, "image") ? remove_image(&c, name, d) :
	      remove_volume(&c, name, d);
	dk_close(&c);
	if (!ret)
		fprintf(log, "docker %s %s", what, name);
	return ret;
}

/* ------------------------------------------------------------------------
 * One visit: a container
 */

/* read_text - a whole small file (a seccomp profile) as a string;
 * malloc'd.  Returns 0 or -errno. */
static int read_text(const char *path, char **out)
{
	struct dk_buf b = { 0 };
	int ret = dk_buf_read_file(&b, path);

	if (!ret && !b.data)
		ret = dk_buf_add(&b, "", 0);
	if (ret) {
		dk_buf_release(&b);
		return ret;
	}
	*out = b.data;
	return 0;
}

/* host_config - HostConfig for the visit: no network, the mount, and the
 * first job's docker_seccomp and docker_memory.  NULL on failure (a
 * message in d). */
static struct json_object *host_config(struct visit *v, struct diag *d)
{
	const struct job *j = &v->ph->jobs->jobs[v->ph->first];
	struct json_object *hc = json_object_new_object();
	struct json_object *binds = json_object_new_array();
	char bind[PATH_MAX + 160], *profile = NULL, *opt = NULL;

	json_object_object_add(hc, "NetworkMode", json_object_new_string("none"));
	if (v->k->mode == MODE_VOLUME || v->k->mode == MODE_BIND) {
		snprintf(bind, sizeof(bind), "%s:" WORKDIR,
			 v->k->mode == MODE_VOLUME ? v->k->volume : v->k->bind);
		json_object_array_add(binds, json_object_new_string(bind));
	}
	json_object_object_add(hc, "Binds", binds);
	if (j->docker_memory)
		json_object_object_add(hc, "Memory",
				       json_object_new_int64((int64_t)j->docker_memory));
	if (j->docker_seccomp && strcmp(j->docker_seccomp, "unconfined")) {
		int ret = read_text(j->docker_seccomp, &profile);

		if (ret) {
			diag_set(d, &j->loc, "job '%s': unable to read docker_seccomp='%s': %s",
				 j->name, j->docker_seccomp, strerror(-ret));
			json_object_put(hc);
			return NULL;
		}
	}
	if (j->docker_seccomp &&
	    asprintf(&opt, "seccomp=%s", profile ? profile : "unconfined") >= 0) {
		struct json_object *sec = json_object_new_array();

		json_object_array_add(sec, json_object_new_string(opt));
		json_object_object_add(hc, "SecurityOpt", sec);
	}
	free(opt);
	free(profile);
	return hc;
}

static int create_container(struct visit *v, struct diag *d)
{
	struct dk_target *k = v->k;
	struct json_object *body, *cmd, *lab, *hc = host_config(v, d);
	char owner[16], what[160];
	const char *text;
	int ret;

	if (!hc)
		return -EINVAL;
	body = json_object_new_object();
	cmd = json_object_new_array();
	lab = json_object_new_object();
	json_object_array_add(cmd, json_object_new_string("--worker"));
	if (v->layout)
		json_object_array_add(cmd, json_object_new_string("--layout"));
	json_object_array_add(cmd, json_object_new_string("/" JOBS_FILE));
	snprintf(owner, sizeof(owner), "%d", (int)getpid());
	json_object_object_add(lab, LABEL_RUN, json_object_new_string(
				       v->t->ledger ? v->t->ledger->runid : ""));
	json_object_object_add(lab, LABEL_OWNER, json_object_new_string(owner));
	json_object_object_add(body, "Image", json_object_new_string(v->image));
	json_object_object_add(body, "Cmd", cmd);
	json_object_object_add(body, "WorkingDir", json_object_new_string(WORKDIR));
	json_object_object_add(body, "Labels", lab);
	json_object_object_add(body, "HostConfig", hc);
	snprintf(what, sizeof(what), "create container '%.100s'", v->name);
	text = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);
	ret = dk_create(&k->api, text, v->id, sizeof(v->id), what, d,
			"/containers/create?name=%s", v->name);
	json_object_put(body);
	return ret;
}

/* copy_jobs - the visit's resolved jobs into the container's root. */
static int copy_jobs(struct visit *v, struct diag *d)
{
	struct dk_buf text = { 0 }, tar = { 0 }, resp = { 0 };
	long code = 0;
	FILE *f;
	int ret;

	f = open_memstream(&text.data, &text.len);
	if (!f)
		return -ENOMEM;
	ret = resolved_write(v->send, v->send_first, v->send_nr, f);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (!ret)
		ret = dk_tar_add(&tar, JOBS_FILE, text.data, text.len, 0644);
	if (!ret)
		ret = dk_tar_finish(&tar);
	if (!ret)
		ret = dk_call(&v->k->api, "PUT", tar.data, tar.len, "application/x-tar",
			      &code, &resp, d, "/containers/%s/archive?path=/", v->name);
	if (!ret && code != 200) {
		diag_set(d, NULL, "docker: unable to copy the jobs into '%s': %s",
			 v->name, dk_error_message(&resp));
		ret = -EIO;
	}
	free(text.data);
	dk_buf_release(&tar);
	dk_buf_release(&resp);
	return ret;
}

static int start_container(struct visit *v, struct diag *d)
{
	struct dk_buf resp = { 0 };
	long code = 0;
	int ret = dk_call(&v->k->api, "POST", NULL, 0, NULL, &code, &resp, d,
			  "/containers/%s/start", v->name);

	if (!ret && code != 204) {
		diag_set(d, NULL, "docker: unable to start container '%s': %s",
			 v->name, dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

/* container_cpu_ns - the container's CPU time from its cgroup: cgroup v1
 * cpuacct (ns), or v2 cpu.stat usage_usec; 0 when neither is found. */
static uint64_t container_cpu_ns(const char *id)
{
	static const char *const v1[] = {
		"/sys/fs/cgroup/cpuacct/docker/%s/cpuacct.usage",
		"/sys/fs/cgroup/cpu,cpuacct/docker/%s/cpuacct.usage",
		"/sys/fs/cgroup/cpuacct/system.slice/docker-%s.scope/cpuacct.usage",
	};
	static const char *const v2[] = {
		"/sys/fs/cgroup/docker/%s/cpu.stat",
		"/sys/fs/cgroup/system.slice/docker-%s.scope/cpu.stat",
	};
	unsigned long long v;
	char path[PATH_MAX], key[64];
	FILE *f;

	for (size_t i = 0; i < sizeof(v1) / sizeof(v1[0]); i++) {
		snprintf(path, sizeof(path), v1[i], id);
		f = fopen(path, "re");
		if (f && fscanf(f, "%llu", &v) == 1) {
			fclose(f);
			return v;
		}
		if (f)
			fclose(f);
	}
	for (size_t i = 0; i < sizeof(v2) / sizeof(v2[0]); i++) {
		snprintf(path, sizeof(path), v2[i], id);
		f = fopen(path, "re");
		while (f && fscanf(f, "%63s %llu", key, &v) == 2) {
			if (!strcmp(key, "usage_usec")) {
				fclose(f);
				return v * NS_PER_USEC;
			}
		}
		if (f)
			fclose(f);
	}
	return 0;
}

/* dkt_sample_cpu - read the container's CPU while its cgroup exists (it
 * goes with the container's exit). */
void dkt_sample_cpu(struct visit *v)
{
	uint64_t ns = v->id[0] ? container_cpu_ns(v->id) : 0;

	if (ns > v->cpu_ns)
		v->cpu_ns = ns;
}

/* on_frame - a piece of the worker's stdout (fd 1) or stderr (fd 2). */
static int on_frame(int fd, const char *data, size_t len, void *arg)
{
	struct visit *v = arg;

	if (fd == 2) {
		fwrite(data, 1, len, stderr);
		return 0;
	}
	if (v->layout)
		return 0;
	remote_feed(&v->conv, data, len);	/* its errors come at the end */
	if (v->conv.got_result)
		dkt_sample_cpu(v);		/* the jobs are done; it is exiting */
	return 0;
}

int dkt_on_logs(const char *buf, size_t len, void *arg)
{
	struct visit *v = arg;

	return dk_demux_feed(&v->demux, buf, len, on_frame, v);
}

/* on_poll - forward a stop request as SIGINT to the worker, once. */
static int on_poll(void *arg)
{
	struct visit *v = arg;
	struct diag d = { { 0 } };
	long code = 0;

	dkt_sample_cpu(v);
	if (v->forwarded || !atomic_load(v->ph->stop))
		return 0;
	v->forwarded = true;
	if (dk_call(&v->k->ctl, "POST", NULL, 0, NULL, &code, NULL, &d,
		    "/containers/%s/kill?signal=SIGINT", v->name))
		diag_print(&d);
	return 0;
}

/* wait_exit - the container's exit status, in words. */
static void wait_exit(struct visit *v, char *how, size_t len)
{
	struct dk_buf resp = { 0 };
	struct json_object *o, *code_o;
	struct diag d = { { 0 } };
	long code = 0;

	snprintf(how, len, "ended");
	if (dk_call(&v->k->api, "POST", NULL, 0, NULL, &code, &resp, &d,
		    "/containers/%s/wait", v->name) || code != 200) {
		dk_buf_release(&resp);
		return;
	}
	o = json_tokener_parse(resp.data);
	if (o && json_object_object_get_ex(o, "StatusCode", &code_o))
		snprintf(how, len, "exited with status %d", json_object_get_int(code_o));
	json_object_put(o);
	dk_buf_release(&resp);
}

void dkt_host_cycles(const struct target_phase *ph, uint64_t cpu_ns)
{
	uint64_t cycles = cycles_from_ns(cpu_ns, clock_tsc_hz());

	for (unsigned i = ph->first; i < ph->first + ph->nr; i++)
		ph->job_stats[i].cycles.host = cycles;
}

/* dkt_explain_eperm - a job of the visit that uses io_uring failed with
 * EPERM: say why, and both ways out. */
void dkt_explain_eperm(const struct visit *v, struct diag *d)
{
	for (unsigned i = v->ph->first; i < v->ph->first + v->ph->nr; i++) {
		const struct job *j = &v->ph->jobs->jobs[i];

		if (!j->ioengine || strcmp(j->ioengine, "io_uring"))
			continue;
		diag_set(d, &j->loc,
			 "job '%s': io_uring is blocked in container %s (io_uring_setup: EPERM) by its seccomp profile, as Docker's default profile does since Engine 25: use ioengine=libaio, or docker_seccomp=unconfined",
			 j->name, v->name);
		return;
	}
}

/* run_container - create, fill, start and follow one container to its
 * end; *how says how it ended.  The container is left for the caller to
 * commit or remove. */
static int run_container(struct visit *v, char *how, size_t how_len,
			 struct diag *d)
{
	long code = 0;
	int ret = create_container(v, d);

	snprintf(how, how_len, "did not start");
	if (!ret)
		ret = copy_jobs(v, d);
	if (!ret)
		ret = start_container(v, d);
	if (!ret) {
		ret = dk_stream(&v->k->api, "GET", NULL, &code, dkt_on_logs, on_poll, v, d,
				"/containers/%s/logs?follow=1&stdout=1&stderr=1",
				v->name);
		wait_exit(v, how, how_len);
	}
	return ret;
}

/* layout_jobs - a copy of ph's jobs that reads, so that a --layout worker
 * writes every data file in full (a worker lays out what a job reads).
 * Returns 0 or -ENOMEM; job_list_release() it. */
static int layout_jobs(const struct target_phase *ph, struct job_list *out)
{
	memset(out, 0, sizeof(*out));
	out->jobs = calloc(ph->nr, sizeof(*out->jobs));
	if (!out->jobs)
		return -ENOMEM;
	for (unsigned i = 0; i < ph->nr; i++) {
		if (job_copy(&out->jobs[i], &ph->jobs->jobs[ph->first + i])) {
			job_list_release(out);
			return -ENOMEM;
		}
		out->nr++;
		out->jobs[i].rw = RW_READ;
	}
	return 0;
}

/* commit_layer - the layout container as image repo:tag (labelled),
 * written to the ledger first; *rec is its record. */
static int commit_layer(struct visit *lv, const char *image, unsigned *rec,
			struct diag *d)
{
	struct dk_buf resp = { 0 };
	char desc[200], lab[256], body[320];
	const char *colon = strchr(image, ':');
	long code = 0;
	int ret;

	snprintf(desc, sizeof(desc), "image %s", image);
	ret = ledger_add(lv->t->ledger, "docker", desc, rec, d);
	if (ret)
		return ret;
	labels(lv->t, lab, sizeof(lab));
	snprintf(body, sizeof(body), "{\"Labels\":%s}", lab);
	ret = dk_call(&lv->k->api, "POST", body, strlen(body), "application/json",
		      &code, &resp, d, "/commit?container=%s&repo=%.*s&tag=%s",
		      lv->name, (int)(colon - image), image, colon + 1);
	if (!ret && code != 201) {
		diag_set(d, NULL, "docker: unable to commit '%s' as '%s': %s",
			 lv->name, image, dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

/*
 * make_layer - docker:copyup: lay the visit's files out in a container of
 * the worker image (--layout), commit it as an image, so that the jobs'
 * container finds them in a lower layer and copies each up at its first
 * open for writing.  *image receives the layer image's name, *rec its
 * ledger record; the time it took is the target's layout_ms.
 */
static int make_layer(struct visit *v, char *image, size_t len, unsigned *rec,
		      struct diag *d)
{
	struct visit lv = { .t = v->t, .k = v->k, .ph = v->ph, .layout = true,
			    .image = v->k->image };
	struct job_list copy;
	uint64_t t0 = clock_monotonic_ns();
	char how[64], desc[200];
	unsigned crec = 0;
	int ret = layout_jobs(v->ph, &copy);

	if (ret)
		return ret;
	lv.send = &copy;
	lv.send_nr = copy.nr;
	snprintf(lv.name, sizeof(lv.name), "%.100s-layout", v->name);
	snprintf(image, len, "iostress-layer:%s", v->name + strlen("iostress-"));
	snprintf(desc, sizeof(desc), "container %s", lv.name);
	ret = ledger_add(v->t->ledger, "docker", desc, &crec, d);
	if (!ret)
		ret = run_container(&lv, how, sizeof(how), d);
	if (!ret && strcmp(how, "exited with status 0")) {
		diag_set(d, NULL, "docker: laying out the files in '%s' %s", lv.name, how);
		ret = -EIO;
	}
	if (!ret)
		ret = commit_layer(&lv, image, rec, d);
	if (!remove_container(&v->k->api, lv.name, d))
		ledger_drop(v->t->ledger, "docker", crec);
	job_list_release(&copy);
	target_prop_set(v->t, "layout_ms", "%.1f",
			(double)(clock_monotonic_ns() - t0) / 1e6);
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
		ret = make_layer(&v, layer, sizeof(layer), &layer_rec, d);
		if (ret)
			goto out_remove_layer;
		v.image = layer;
	}
	snprintf(desc, sizeof(desc), "container %s", v.name);
	ret = ledger_add(t->ledger, "docker", desc, &rec, d);
	if (ret)
		goto out_remove_layer;
	remote_begin(&v.conv, t, ph, d);
	ret = run_container(&v, how, sizeof(how), d);
	if (!ret)
		dkt_host_cycles(ph, v.cpu_ns);
	if (!ret) {
		char who[160];

		snprintf(who, sizeof(who), "container %s", v.name);
		ret = remote_end(&v.conv, who, how);
		if (ret == -EPERM)
			dkt_explain_eperm(&v, d);
	} else {
		remote_end(&v.conv, "", "");
	}
	if (remove_container(&k->api, v.name, d) == 0)
		ledger_drop(t->ledger, "docker", rec);

out_remove_layer:
	if (layer_rec && !remove_image(&k->api, layer, d))
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
