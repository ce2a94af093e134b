/* SPDX-License-Identifier: MIT */
/*
 * container.c - one container of a visit: its HostConfig (no network,
 * the mount, docker_seccomp, docker_memory), creation, the resolved jobs
 * copied in, start, its multiplexed log stream fed to the worker
 * conversation with a stop forwarded as SIGINT, its exit, its removal.
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

#include "lib/file.h"
#include "targets/docker/docker_impl.h"
#include "targets/ledger.h"
#include "job/resolved.h"

/* remove_container - force-remove name with its anonymous volumes; gone
 * already is fine. */
int dkt_remove_container(struct dk_client *c, const char *name,
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
		int ret = file_read_all(j->docker_seccomp, &profile, NULL);

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
int dkt_run_container(struct visit *v, char *how, size_t how_len,
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
