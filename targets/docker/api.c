/* SPDX-License-Identifier: MIT */
/*
 * api.c - requests to the Docker Engine API over its unix socket through
 * one reused libcurl easy handle (targets/docker/api.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <curl/curl.h>
#include <json-c/json.h>

#include "targets/docker/api.h"

#define DK_DEFAULT_SOCKET	"/var/run/docker.sock"
#define DK_POLL_NS		100000000LL	/* poll() every 100 ms */
#define DK_PATH_MAX		2048

/* ------------------------------------------------------------------------
 * Buffers
 */

int dk_buf_add(struct dk_buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		char *p;

		while (cap < b->len + len + 1)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p)
			return -ENOMEM;
		b->data = p;
		b->cap = cap;
	}
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

void dk_buf_release(struct dk_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *dk_error_message(const struct dk_buf *resp)
{
	static char msg[512];
	struct json_object *doc, *m;
	size_t n;

	msg[0] = '\0';
	if (!resp || !resp->data || !resp->len)
		return "(empty response)";
	doc = json_tokener_parse(resp->data);
	if (doc && json_object_object_get_ex(doc, "message", &m) &&
	    json_object_is_type(m, json_type_string))
		snprintf(msg, sizeof(msg), "%s", json_object_get_string(m));
	else
		snprintf(msg, sizeof(msg), "%s", resp->data);
	json_object_put(doc);
	n = strlen(msg);
	while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
		msg[--n] = '\0';
	return msg;
}

/* ------------------------------------------------------------------------
 * Requests
 */

/* One request's state, shared by the libcurl callbacks. */
struct dk_req {
	struct dk_buf *resp;
	int (*on_data)(const char *buf, size_t len, void *arg);
	int (*poll)(void *arg);
	void *arg;
	long long last_poll_ns;
	int cb_ret;		/* nonzero: a callback ended the transfer */
	int nomem;
	CURL *h;
	long status;		/* of a stream, once its body starts */
	struct dk_buf err_body;	/* a stream's body when status >= 300 */
};

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct dk_req *r = userdata;
	size_t n = size * nmemb;

	if (r->on_data) {
		/* An error status's body is a message, not the stream. */
		if (!r->status)
			curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, &r->status);
		if (r->status >= 300) {
			if (r->err_body.len < 4096 && dk_buf_add(&r->err_body, ptr, n) < 0)
				r->nomem = 1;
			return r->nomem ? 0 : n;
		}
		r->cb_ret = r->on_data(ptr, n, r->arg);
		return r->cb_ret ? 0 : n;
	}
	if (r->resp && dk_buf_add(r->resp, ptr, n) < 0) {
		r->nomem = 1;
		return 0;
	}
	return n;
}

/* maybe_poll - call r->poll when 100 ms have passed since the last call;
 * its nonzero value ends the transfer. */
static int maybe_poll(struct dk_req *r)
{
	long long t = now_ns();

	if (!r->poll || t - r->last_poll_ns < DK_POLL_NS)
		return 0;
	r->last_poll_ns = t;
	r->cb_ret = r->poll(r->arg);
	return r->cb_ret;
}

/* on_progress - libcurl's progress callback: polls during busy transfers. */
static int on_progress(void *userdata, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	return maybe_poll(userdata) ? 1 : 0;
}

/*
 * perform_polled - curl_easy_perform() for a stream that must poll every
 * 100 ms.  On an idle connection libcurl calls the progress function only
 * about once a second (curl_easy_perform waits up to 1 s per round), so
 * the handle runs in a multi handle of its own that waits at most until
 * the next poll.  Returns the transfer's result.
 */
static CURLcode perform_polled(CURL *h, struct dk_req *r)
{
	CURLcode rc = CURLE_OUT_OF_MEMORY;
	CURLMcode mc = CURLM_OK;
	CURLM *m = curl_multi_init();
	int running = 1;

	if (!m)
		return rc;
	if (curl_multi_add_handle(m, h) != CURLM_OK)
		goto cleanup_multi;
	rc = CURLE_OK;
	while (running && !r->cb_ret) {
		long long wait_ms = (r->last_poll_ns + DK_POLL_NS - now_ns()) / 1000000;

		mc = curl_multi_perform(m, &running);
		if (mc != CURLM_OK || !running || r->cb_ret)
			break;
		mc = curl_multi_poll(m, NULL, 0, wait_ms > 0 ? (int)wait_ms : 0, NULL);
		if (mc != CURLM_OK || maybe_poll(r))
			break;
	}
	if (mc != CURLM_OK) {
		rc = CURLE_RECV_ERROR;
	} else if (!r->cb_ret) {
		CURLMsg *msg;
		int left;

		while ((msg = curl_multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE)
				rc = msg->data.result;
	}
	curl_multi_remove_handle(m, h);
cleanup_multi:
	curl_multi_cleanup(m);
	return rc;
}

/*
 * perform - one request on c's handle: url_path is the whole path after
 * the host (the /vX prefix already in it).  Returns 0 with *status set,
 * the value a callback returned, -ENOMEM, or -errno with a message
 * (-ENOENT: no socket, -ECONNREFUSED: nobody listens, -EIO otherwise).
 */
static int perform(struct dk_client *c, const char *method,
		   const void *body, size_t body_len,
		   const char *content_type, long *status,
		   struct dk_req *r, struct diag *d, const char *url_path)
{
	CURL *h = c->curl;
	struct curl_slist *hdrs = NULL, *more;
	char url[DK_PATH_MAX + 32], ctype[128];
	CURLcode rc;
	int ret = 0;

	if (snprintf(url, sizeof(url), "http://docker%s", url_path) >=
	    (int)sizeof(url)) {
		diag_set(d, NULL, "docker api path too long '%.64s...'", url_path);
		return -ENAMETOOLONG;
	}
	curl_easy_reset(h);	/* keeps the open connection */
	r->h = h;
	curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, c->socket);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);

	/* No "Expect: 100-continue" round trip for large bodies. */
	hdrs = curl_slist_append(hdrs, "Expect:");
	if (!hdrs)
		return -ENOMEM;
	if (content_type) {
		snprintf(ctype, sizeof(ctype), "Content-Type: %s", content_type);
		more = curl_slist_append(hdrs, ctype);
		if (!more) {
			ret = -ENOMEM;
			goto free_headers;
		}
		hdrs = more;
	}
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);

	if (!strcmp(method, "POST") || !strcmp(method, "PUT") || body) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
				 (curl_off_t)(body ? body_len : 0));
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, body ? body : "");
	}
	if (strcmp(method, "GET") && strcmp(method, "POST"))
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method);
	else if (!strcmp(method, "GET") && body)
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "GET");

	if (r->poll) {
		r->last_poll_ns = now_ns();
		curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
		curl_easy_setopt(h, CURLOPT_XFERINFODATA, r);
		curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	}

	rc = r->poll ? perform_polled(h, r) : curl_easy_perform(h);
	if (status)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	if (r->cb_ret) {
		ret = r->cb_ret;
		goto free_headers;
	}
	if (r->nomem) {
		diag_set(d, NULL, "docker api %s %s: out of memory", method, url_path);
		ret = -ENOMEM;
		goto free_headers;
	}
	if (rc != CURLE_OK) {
		struct stat st;

		if (rc == CURLE_COULDNT_CONNECT)
			ret = stat(c->socket, &st) < 0 ? -ENOENT : -ECONNREFUSED;
		else
			ret = -EIO;
		diag_set(d, NULL, "docker daemon at '%s': %s %s failed: %s",
			 c->socket, method, url_path, curl_easy_strerror(rc));
		goto free_headers;
	}

free_headers:
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdrs);
	return ret;
}

/* api_path - "/vAPI" + the formatted path into out.  0 or -ENAMETOOLONG. */
static int api_path(const struct dk_client *c, char *out, size_t len,
		    struct diag *d, const char *fmt, va_list ap)
{
	int n = snprintf(out, len, "/v%s", c->api);
	int m = vsnprintf(out + n, len - n, fmt, ap);

	if (m < 0 || (size_t)(n + m) >= len) {
		diag_set(d, NULL, "docker api path too long '%.64s...'", out);
		return -ENAMETOOLONG;
	}
	return 0;
}

/* vrequest - api_path() of fmt, then perform(). */
static int vrequest(struct dk_client *c, const char *method, const void *body,
		    size_t body_len, const char *content_type, long *status,
		    struct dk_req *r, struct diag *d, const char *fmt, va_list ap)
{
	char path[DK_PATH_MAX];
	int ret = api_path(c, path, sizeof(path), d, fmt, ap);

	if (ret < 0)
		return ret;
	ret = perform(c, method, body, body_len, content_type, status, r, d,
		      path);
	if (!ret && r->on_data && r->status >= 300)
		diag_set(d, NULL, "docker api %s %s answered %ld: %s", method,
			 path, r->status, dk_error_message(&r->err_body));
	return ret;
}

/* call_result - what a call returns: ENOMEM and ENAMETOOLONG as they
 * are, any other failure as -EIO. */
static int call_result(int ret)
{
	return ret == -ENOMEM || ret == -ENAMETOOLONG ? ret : ret < 0 ? -EIO : ret;
}

/* stream_result - the end of a stream: a callback's value as it is. */
static int stream_result(struct dk_req *r, int ret)
{
	dk_buf_release(&r->err_body);
	return r->cb_ret ? ret : call_result(ret);
}

int dk_call(struct dk_client *c, const char *method, const void *body,
	    size_t body_len, const char *content_type, long *status,
	    struct dk_buf *resp, struct diag *d, const char *path_fmt, ...)
{
	struct dk_req r = { .resp = resp };
	va_list ap;
	int ret;

	if (resp)
		resp->len = 0;
	if (resp && dk_buf_add(resp, "", 0) < 0)
		return -ENOMEM;
	va_start(ap, path_fmt);
	ret = vrequest(c, method, body, body_len, content_type, status, &r, d,
		       path_fmt, ap);
	va_end(ap);
	return call_result(ret);
}

int dk_stream(struct dk_client *c, const char *method, const char *json,
	      long *status, int (*on_data)(const char *buf, size_t len, void *arg),
	      int (*poll)(void *arg), void *arg, struct diag *d,
	      const char *path_fmt, ...)
{
	struct dk_req r = { .on_data = on_data, .poll = poll, .arg = arg };
	va_list ap;
	int ret;

	va_start(ap, path_fmt);
	ret = vrequest(c, method, json, json ? strlen(json) : 0,
		       json ? "application/json" : NULL, status, &r, d, path_fmt, ap);
	va_end(ap);
	return stream_result(&r, ret);
}

/* ------------------------------------------------------------------------
 * Opening: the socket, the version
 */

/* socket_path - $DOCKER_HOST's unix:// path, or the default. */
static int socket_path(struct dk_client *c, struct diag *d)
{
	const char *host = getenv("DOCKER_HOST");
	const char *path = DK_DEFAULT_SOCKET;

	if (host && *host) {
		if (strncmp(host, "unix://", 7)) {
			diag_set(d, NULL, "docker host not supported (only unix:// sockets) '%s'",
				 host);
			return -EPROTONOSUPPORT;
		}
		path = host + 7;
	}
	if (!*path || strlen(path) >= sizeof(c->socket)) {
		diag_set(d, NULL, "docker socket path empty or too long '%s'", path);
		return -EINVAL;
	}
	snprintf(c->socket, sizeof(c->socket), "%s", path);
	return 0;
}

/* api_cmp - compare "1.41"-style versions as numbers, part by part. */
static int api_cmp(const char *a, const char *b)
{
	unsigned amaj = 0, amin = 0, bmaj = 0, bmin = 0;

	sscanf(a, "%u.%u", &amaj, &amin);
	sscanf(b, "%u.%u", &bmaj, &bmin);
	if (amaj != bmaj)
		return amaj < bmaj ? -1 : 1;
	return amin < bmin ? -1 : amin > bmin;
}

/* negotiate - GET /version; fill api and server_version. */
static int negotiate(struct dk_client *c, struct diag *d)
{
	struct dk_buf resp = { 0 };
	struct dk_req r = { .resp = &resp };
	struct json_object *doc = NULL, *v;
	const char *api;
	long status = 0;
	int ret;

	ret = perform(c, "GET", NULL, 0, NULL, &status, &r, d, "/version");
	if (ret < 0)
		goto free_resp;
	if (status != 200) {
		diag_set(d, NULL, "docker daemon at '%s': GET /version answered %ld: %s",
			 c->socket, status, dk_error_message(&resp));
		ret = -EIO;
		goto free_resp;
	}
	doc = json_tokener_parse(resp.data);
	if (!doc || !json_object_object_get_ex(doc, "ApiVersion", &v) ||
	    !json_object_is_type(v, json_type_string)) {
		diag_set(d, NULL, "docker daemon at '%s': no ApiVersion in GET /version '%.80s'",
			 c->socket, resp.data);
		ret = -EIO;
		goto put_doc;
	}
	api = json_object_get_string(v);
	if (api_cmp(api, DK_API_MIN) < 0) {
		diag_set(d, NULL, "docker daemon at '%s' too old: api version '%s' (need >= %s)",
			 c->socket, api, DK_API_MIN);
		ret = -EPROTONOSUPPORT;
		goto put_doc;
	}
	snprintf(c->api, sizeof(c->api), "%s",
		 api_cmp(api, DK_API_MAX) > 0 ? DK_API_MAX : api);
	if (json_object_object_get_ex(doc, "Version", &v))
		snprintf(c->server_version, sizeof(c->server_version), "%s",
			 json_object_get_string(v));

put_doc:
	json_object_put(doc);
free_resp:
	dk_buf_release(&resp);
	return ret;
}

static CURLcode global_rc;

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int dk_open(struct dk_client *c, struct diag *d)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	int ret;

	memset(c, 0, sizeof(*c));
	ret = socket_path(c, d);
	if (ret < 0)
		return ret;
	pthread_once(&once, global_init);
	if (global_rc != CURLE_OK) {
		diag_set(d, NULL, "libcurl initialisation failed: %s",
			 curl_easy_strerror(global_rc));
		return -ENOMEM;
	}
	c->curl = curl_easy_init();
	if (!c->curl) {
		diag_set(d, NULL, "libcurl handle for '%s' failed", c->socket);
		return -ENOMEM;
	}
	ret = negotiate(c, d);
	if (ret < 0)
		goto close_client;
	return 0;

close_client:
	dk_close(c);
	return ret;
}

void dk_close(struct dk_client *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
}


int dk_create(struct dk_client *c, const char *json, char *id, size_t id_len,
	      const char *what, struct diag *d, const char *path_fmt, ...)
{
	struct dk_req r = { 0 };
	struct dk_buf resp = { 0 };
	struct json_object *o, *idv;
	long code = 0;
	va_list ap;
	int ret;

	r.resp = &resp;
	if (dk_buf_add(&resp, "", 0))
		return -ENOMEM;
	va_start(ap, path_fmt);
	ret = vrequest(c, "POST", json, strlen(json), "application/json", &code,
		       &r, d, path_fmt, ap);
	va_end(ap);
	ret = call_result(ret);
	if (!ret && code != 201) {
		diag_set(d, NULL, "docker: unable to %s: %s", what, dk_error_message(&resp));
		ret = -EIO;
	}
	if (!ret && (o = json_tokener_parse(resp.data))) {
		if (json_object_object_get_ex(o, "Id", &idv))
			snprintf(id, id_len, "%s", json_object_get_string(idv));
		json_object_put(o);
	}
	dk_buf_release(&resp);
	return ret;
}

int dk_buf_read_file(struct dk_buf *b, const char *path)
{
	char chunk[65536];
	size_t n;
	FILE *f = fopen(path, "re");
	int ret = 0;

	if (!f)
		return -errno;
	while (!ret && (n = fread(chunk, 1, sizeof(chunk), f)))
		ret = dk_buf_add(b, chunk, n);
	if (!ret && ferror(f))
		ret = -EIO;
	fclose(f);
	return ret;
}
