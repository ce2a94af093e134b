/* SPDX-License-Identifier: MIT */
/*
 * agent.c - the QEMU guest agent's commands (agent.h).
 */
#include "targets/kvm/agent.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "lib/base64.h"

#define AGENT_TIMEOUT_S	30
#define WRITE_CHUNK	(48u << 10)	/* bytes per guest-file-write: an
					 * agent command is one JSON line, and
					 * large ones are refused */

/*
 * call - {"execute": execute, "arguments": args} (args consumed; NULL for
 * none); *ret receives the answer's "return" member (a new reference),
 * when ret is given.  Returns 0 or -EIO with a message.
 */
static int call(struct virt_dom *dom, const char *execute, struct json_object *args,
		struct json_object **ret, struct diag *d)
{
	struct json_object *cmd = json_object_new_object(), *answer, *r;
	char *reply = NULL;
	int rc;

	if (ret)
		*ret = NULL;
	if (!cmd) {
		json_object_put(args);
		return -ENOMEM;
	}
	json_object_object_add(cmd, "execute", json_object_new_string(execute));
	if (args)
		json_object_object_add(cmd, "arguments", args);
	rc = virt_agent(dom, json_object_to_json_string_ext(cmd, JSON_C_TO_STRING_PLAIN),
			AGENT_TIMEOUT_S, &reply, d);
	json_object_put(cmd);
	if (rc)
		return rc;
	answer = json_tokener_parse(reply);
	if (!answer || !json_object_object_get_ex(answer, "return", &r)) {
		diag_set(d, NULL, "kvm: the guest agent answered %s with '%.120s'", execute, reply);
		json_object_put(answer);
		free(reply);
		return -EIO;
	}
	if (ret)
		*ret = json_object_get(r);
	json_object_put(answer);
	free(reply);
	return 0;
}

int agent_ping(struct virt_dom *dom, struct diag *d)
{
	return call(dom, "guest-ping", NULL, NULL, d);
}

int agent_write_file(struct virt_dom *dom, const char *path, const void *data,
		     size_t len, struct diag *d)
{
	struct json_object *args, *r = NULL;
	char *text = malloc(base64_encoded_len(WRITE_CHUNK) + 1);
	int64_t handle;
	int ret;

	if (!text)
		return -ENOMEM;
	args = json_object_new_object();
	json_object_object_add(args, "path", json_object_new_string(path));
	json_object_object_add(args, "mode", json_object_new_string("w"));
	ret = call(dom, "guest-file-open", args, &r, d);
	if (ret)
		goto out_free;
	handle = json_object_get_int64(r);
	json_object_put(r);
	for (size_t off = 0; !ret && off < len; off += WRITE_CHUNK) {
		size_t n = len - off < WRITE_CHUNK ? len - off : WRITE_CHUNK;

		base64_encode((const char *)data + off, n, text);
		args = json_object_new_object();
		json_object_object_add(args, "handle", json_object_new_int64(handle));
		json_object_object_add(args, "buf-b64", json_object_new_string(text));
		ret = call(dom, "guest-file-write", args, NULL, d);
	}
	args = json_object_new_object();
	json_object_object_add(args, "handle", json_object_new_int64(handle));
	if (call(dom, "guest-file-close", args, NULL, ret ? NULL : d) && !ret)
		ret = -EIO;
	if (ret) {
		char why[DIAG_MSG_MAX];

		snprintf(why, sizeof(why), "%s", d->msg);
		diag_set(d, NULL, "kvm: unable to write '%s' in the guest: %s", path, why);
	}
out_free:
	free(text);
	return ret;
}

int agent_exec(struct virt_dom *dom, const char *path, const char *const *args,
	       unsigned nargs, bool capture, int64_t *pid, struct diag *d)
{
	struct json_object *a = json_object_new_object(), *arr = json_object_new_array();
	struct json_object *r = NULL, *p;
	int ret;

	json_object_object_add(a, "path", json_object_new_string(path));
	for (unsigned i = 0; i < nargs; i++)
		json_object_array_add(arr, json_object_new_string(args[i]));
	json_object_object_add(a, "arg", arr);
	json_object_object_add(a, "capture-output", json_object_new_boolean(capture));
	ret = call(dom, "guest-exec", a, &r, d);
	if (ret)
		return ret;
	if (!json_object_object_get_ex(r, "pid", &p)) {
		diag_set(d, NULL, "kvm: guest-exec of '%s' gave no pid", path);
		ret = -EIO;
	} else {
		*pid = json_object_get_int64(p);
	}
	json_object_put(r);
	return ret;
}

/* data_of - a base64 member of r, decoded, with a NUL after it. */
static int data_of(struct json_object *r, const char *key, unsigned char **out,
		   size_t *len)
{
	struct json_object *v;
	const char *text;
	size_t n;

	*out = NULL;
	*len = 0;
	if (!json_object_object_get_ex(r, key, &v))
		return 0;
	text = json_object_get_string(v);
	n = strlen(text);
	*out = malloc(n / 4 * 3 + 1);
	if (!*out)
		return -ENOMEM;
	if (base64_decode(text, n, *out, len)) {
		free(*out);
		*out = NULL;
		return -EIO;
	}
	(*out)[*len] = '\0';	/* text output reads as a string */
	return 0;
}

int agent_exec_status(struct virt_dom *dom, int64_t pid, struct agent_status *st,
		      struct diag *d)
{
	struct json_object *a = json_object_new_object(), *r = NULL, *v;
	int ret;

	memset(st, 0, sizeof(*st));
	json_object_object_add(a, "pid", json_object_new_int64(pid));
	ret = call(dom, "guest-exec-status", a, &r, d);
	if (ret)
		return ret;
	st->exited = json_object_object_get_ex(r, "exited", &v) && json_object_get_boolean(v);
	if (json_object_object_get_ex(r, "exitcode", &v))
		st->exitcode = json_object_get_int(v);
	if (json_object_object_get_ex(r, "signal", &v))
		st->signal = json_object_get_int(v);
	ret = data_of(r, "out-data", &st->out, &st->out_len);
	if (!ret)
		ret = data_of(r, "err-data", &st->err, &st->err_len);
	if (ret) {
		diag_set(d, NULL, "kvm: guest-exec-status of %lld: output that is not base64",
			 (long long)pid);
		agent_status_release(st);
	}
	json_object_put(r);
	return ret;
}

void agent_status_release(struct agent_status *st)
{
	free(st->out);
	free(st->err);
	st->out = st->err = NULL;
	st->out_len = st->err_len = 0;
}

int agent_run(struct virt_dom *dom, const char *path, const char *const *args,
	      unsigned nargs, struct diag *d)
{
	struct agent_status st = { 0 };
	int64_t pid;
	int ret = agent_exec(dom, path, args, nargs, true, &pid, d);

	while (!ret) {
		ret = agent_exec_status(dom, pid, &st, d);
		if (ret || st.exited)
			break;
		agent_status_release(&st);
		usleep(100000);
	}
	if (!ret && (st.exitcode || st.signal)) {
		char first[160] = "";

		if (st.err_len)
			snprintf(first, sizeof(first), ": %.*s", (int)strcspn((char *)st.err, "\n"),
				 (char *)st.err);
		diag_set(d, NULL, "kvm: '%s' in the guest %s %d%s", path,
			 st.signal ? "was killed by signal" : "exited with status",
			 st.signal ? st.signal : st.exitcode, first);
		ret = -EIO;
	}
	agent_status_release(&st);
	return ret;
}
