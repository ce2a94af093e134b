/* SPDX-License-Identifier: MIT */
/*
 * exec.c - docker:exec=CONTAINER: the jobs run inside a container that
 * already runs (the user's application), where its data lives.
 *
 * Each visit copies the static worker and the resolved jobs into the
 * container's root with the archive API, under names holding the run's
 * id, and runs `WORKER --worker --unlink JOBS` there with exec, in the
 * container's working directory: the worker removes both files as soon
 * as it has read them, so nothing is left in the container even if it is
 * killed.  The exec's output stream carries the wire events.  Its process
 * is a process of this host too: it is written to the ledger as a
 * `process` record (so the sweep kills it if this run dies), a stop
 * request is a SIGINT to it, and the container's cgroup CPU over the
 * visit is the host's share.  The report says which mount the working
 * directory falls on: a volume, a bind mount, a tmpfs, or the layer.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "job/resolved.h"
#include "lib/proc.h"
#include "targets/docker/docker_impl.h"
#include "targets/ledger.h"

/* inspect - GET /containers/NAME/json, parsed.  NULL with a message. */
static struct json_object *inspect(struct dk_client *c, const char *name,
				   struct diag *d)
{
	struct dk_buf resp = { 0 };
	struct json_object *o = NULL;
	long code = 0;

	if (!dk_call(c, "GET", NULL, 0, NULL, &code, &resp, d,
		     "/containers/%s/json", name)) {
		if (code == 200)
			o = json_tokener_parse(resp.data);
		else
			diag_set(d, NULL, "docker:exec: no container '%s' (%s)", name,
				 dk_error_message(&resp));
	}
	dk_buf_release(&resp);
	return o;
}

/* get_path - the string at a.b of o, or NULL. */
static const char *get_path(struct json_object *o, const char *a, const char *b)
{
	struct json_object *x, *y;

	if (!json_object_object_get_ex(o, a, &x) ||
	    !json_object_object_get_ex(x, b, &y))
		return NULL;
	return json_object_get_string(y);
}

/* describe_mount - the mount the working directory falls on: the one
 * whose destination is its longest prefix, or the container's layer. */
static void describe_mount(struct target *t, struct dk_target *k,
			   struct json_object *info)
{
	struct json_object *mounts, *best = NULL;
	size_t best_len = 0;

	if (json_object_object_get_ex(info, "Mounts", &mounts) &&
	    json_object_is_type(mounts, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(mounts); i++) {
			struct json_object *m = json_object_array_get_idx(mounts, i), *dst;
			const char *p;
			size_t n;

			if (!json_object_object_get_ex(m, "Destination", &dst))
				continue;
			p = json_object_get_string(dst);
			n = strlen(p);
			if (!strncmp(k->workdir, p, n) &&
			    (k->workdir[n] == '/' || !k->workdir[n] || n == 1) &&
			    n > best_len) {
				best = m;
				best_len = n;
			}
		}
	}
	if (best) {
		struct json_object *type, *src;

		json_object_object_get_ex(best, "Type", &type);
		json_object_object_get_ex(best, "Source", &src);
		target_prop_set(t, "mount", "%s", json_object_get_string(type));
		target_prop_set(t, "source", "%s", json_object_get_string(src));
		if (src && json_object_get_string(src)[0] == '/')
			snprintf(t->host_path, sizeof(t->host_path), "%s",
				 json_object_get_string(src));
	} else {
		target_prop_set(t, "mount", "layer");
	}
}

int dkt_exec_prepare(struct target *t, struct dk_target *k, struct diag *d)
{
	struct json_object *info = inspect(&k->api, k->ctr, d);
	struct json_object *state, *running, *id;
	const char *wd;
	int ret = 0;

	if (!info)
		return -ENOENT;
	if (!json_object_object_get_ex(info, "State", &state) ||
	    !json_object_object_get_ex(state, "Running", &running) ||
	    !json_object_get_boolean(running)) {
		diag_set(d, NULL, "docker:exec: container '%s' is not running", k->ctr);
		ret = -ESRCH;
		goto out_put;
	}
	if (json_object_object_get_ex(info, "Id", &id))
		snprintf(k->ctr_id, sizeof(k->ctr_id), "%s", json_object_get_string(id));
	wd = get_path(info, "Config", "WorkingDir");
	snprintf(k->workdir, sizeof(k->workdir), "%s", wd && *wd ? wd : "/");
	target_prop_set(t, "container", "%s", k->ctr);
	target_prop_set(t, "workdir", "%s", k->workdir);
	describe_mount(t, k, info);

out_put:
	json_object_put(info);
	return ret;
}

/* copy_in - the worker and the visit's jobs into the container's root,
 * as worker and jobs (names without the leading '/'). */
static int copy_in(struct visit *v, const char *worker, const char *jobs,
		   struct diag *d)
{
	struct dk_buf bin = { 0 }, tar = { 0 }, resp = { 0 };
	char *text = NULL;
	size_t len = 0;
	long code = 0;
	FILE *f = open_memstream(&text, &len);
	int ret;

	if (!f)
		return -ENOMEM;
	ret = resolved_write(v->ph->jobs, v->ph->first, v->ph->nr, f);
	if (fclose(f) && !ret)
		ret = -EIO;
	if (!ret)
		ret = dk_buf_read_file(&bin, v->k->worker);
	if (ret)
		diag_set(d, NULL, "docker:exec: unable to read the worker '%s': %s",
			 v->k->worker, strerror(-ret));
	if (!ret)
		ret = dk_tar_add(&tar, worker, bin.data, bin.len, 0755);
	if (!ret)
		ret = dk_tar_add(&tar, jobs, text, len, 0600);
	if (!ret)
		ret = dk_tar_finish(&tar);
	if (!ret)
		ret = dk_call(&v->k->api, "PUT", tar.data, tar.len, "application/x-tar",
			      &code, &resp, d, "/containers/%s/archive?path=/", v->k->ctr);
	if (!ret && code != 200) {
		diag_set(d, NULL, "docker:exec: unable to copy the worker into '%s': %s",
			 v->k->ctr, dk_error_message(&resp));
		ret = -EIO;
	}
	free(text);
	dk_buf_release(&bin);
	dk_buf_release(&tar);
	dk_buf_release(&resp);
	return ret;
}

static int create_exec(struct visit *v, const char *worker, const char *jobs,
		       struct diag *d)
{
	struct json_object *body = json_object_new_object(), *cmd = json_object_new_array();
	char path[200], what[160];
	const char *text;
	int ret;

	snprintf(path, sizeof(path), "/%.190s", worker);
	json_object_array_add(cmd, json_object_new_string(path));
	json_object_array_add(cmd, json_object_new_string("--worker"));
	json_object_array_add(cmd, json_object_new_string("--unlink"));
	snprintf(path, sizeof(path), "/%.190s", jobs);
	json_object_array_add(cmd, json_object_new_string(path));
	json_object_object_add(body, "Cmd", cmd);
	json_object_object_add(body, "AttachStdout", json_object_new_boolean(1));
	json_object_object_add(body, "AttachStderr", json_object_new_boolean(1));
	json_object_object_add(body, "Tty", json_object_new_boolean(0));
	json_object_object_add(body, "WorkingDir", json_object_new_string(v->k->workdir));
	snprintf(what, sizeof(what), "exec in container '%.100s'", v->k->ctr);
	text = json_object_to_json_string_ext(body, JSON_C_TO_STRING_PLAIN);
	ret = dk_create(&v->k->api, text, v->exec_id, sizeof(v->exec_id), what, d,
			"/containers/%s/exec", v->k->ctr);
	json_object_put(body);
	return ret;
}

/* exec_state - the exec's host pid and, once it has ended, exit code
 * (-1 while it runs). */
static void exec_state(struct dk_client *c, const char *id, int *pid, int *exit_code)
{
	struct dk_buf resp = { 0 };
	struct json_object *o, *x;
	struct diag d = { { 0 } };
	long code = 0;

	*exit_code = -1;
	if (dk_call(c, "GET", NULL, 0, NULL, &code, &resp, &d, "/exec/%s/json", id) ||
	    code != 200 || !(o = json_tokener_parse(resp.data))) {
		dk_buf_release(&resp);
		return;
	}
	if (json_object_object_get_ex(o, "Pid", &x) && json_object_get_int(x) > 0)
		*pid = json_object_get_int(x);
	if (json_object_object_get_ex(o, "Running", &x) && !json_object_get_boolean(x) &&
	    json_object_object_get_ex(o, "ExitCode", &x) &&
	    !json_object_is_type(x, json_type_null))
		*exit_code = json_object_get_int(x);
	json_object_put(o);
	dk_buf_release(&resp);
}

/* record_pid - once the exec's host pid is known, put it in the ledger as
 * a process, so the sweep kills it if this run dies. */
static void record_pid(struct visit *v)
{
	uint64_t start = 0;
	char desc[300];
	struct diag d = { { 0 } };
	int code;

	if (v->exec_pid)
		return;
	exec_state(&v->k->ctl, v->exec_id, &v->exec_pid, &code);
	if (!v->exec_pid)
		return;
	proc_starttime(v->exec_pid, &start);
	snprintf(desc, sizeof(desc), "%d %" PRIu64 " docker exec in %.200s",
		 v->exec_pid, start, v->k->ctr);
	if (ledger_add(v->t->ledger, "process", desc, &v->exec_rec, &d))
		diag_print(&d);
}

static int on_poll_exec(void *arg)
{
	struct visit *v = arg;

	dkt_sample_cpu(v);
	record_pid(v);
	if (!v->forwarded && atomic_load(v->ph->stop) && v->exec_pid > 0) {
		v->forwarded = true;
		kill(v->exec_pid, SIGINT);
	}
	return 0;
}

int dkt_exec_visit(struct visit *v, struct diag *d)
{
	char worker[160], jobs[160], how[64], who[300];
	long code = 0;
	int ret, exit_code = -1, pid = 0;

	snprintf(worker, sizeof(worker), ".%.128s-worker", v->name);
	snprintf(jobs, sizeof(jobs), ".%.128s-jobs", v->name);
	snprintf(v->id, sizeof(v->id), "%s", v->k->ctr_id);
	remote_begin(&v->conv, v->t, v->ph, d);
	v->conv.host_cpu = dkt_host_cpu;
	v->conv.host_cpu_arg = v;
	ret = copy_in(v, worker, jobs, d);
	if (!ret)
		ret = create_exec(v, worker, jobs, d);
	if (!ret)
		ret = dk_stream(&v->k->api, "POST", "{\"Detach\":false,\"Tty\":false}",
				&code, dkt_on_logs, on_poll_exec, v, d,
				"/exec/%s/start", v->exec_id);
	if (v->exec_id[0])
		exec_state(&v->k->api, v->exec_id, &pid, &exit_code);
	if (v->exec_rec)
		ledger_drop(v->t->ledger, "process", v->exec_rec);
	snprintf(how, sizeof(how), "exited with status %d", exit_code);
	snprintf(who, sizeof(who), "docker exec in %.200s", v->k->ctr);
	if (ret) {
		remote_end(&v->conv, who, how);
		return ret;
	}
	ret = remote_end(&v->conv, who, how);
	if (ret == -EPERM)
		dkt_explain_eperm(v, d);
	return ret;
}
