/* SPDX-License-Identifier: MIT */
/*
 * image.c - the worker image, "iostress-worker:HASH", built FROM scratch
 * around the static worker when the daemon does not have it yet
 * (targets/docker/api.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

#include "targets/docker/api.h"

#define WORKER_NAME	"iostress-worker"

static const char dockerfile[] =
	"FROM scratch\n"
	"COPY " WORKER_NAME " /" WORKER_NAME "\n"
	"ENTRYPOINT [\"/" WORKER_NAME "\"]\n"
	"LABEL io.iostress.worker=1\n";

/* read_file - the whole of path into b. */
static int read_file(const char *path, struct dk_buf *b, struct diag *d)
{
	char chunk[65536];
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		diag_set(d, NULL, "cannot open worker binary '%s': %s", path,
			 strerror(-ret));
		return ret;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			diag_set(d, NULL, "cannot read worker binary '%s': %s",
				 path, strerror(-ret));
			goto close_fd;
		}
		ret = dk_buf_add(b, chunk, (size_t)n);
		if (ret < 0) {
			diag_set(d, NULL, "out of memory reading worker binary '%s'", path);
			goto close_fd;
		}
	}

close_fd:
	close(fd);
	return ret;
}

/* build_error - the first error of the build's JSON lines, or NULL; the
 * string lives in the returned object (*doc, to be put). */
static const char *build_error(const struct dk_buf *resp,
			       struct json_object **doc)
{
	struct json_tokener *tok = json_tokener_new();
	const char *line = resp->data, *end, *msg = NULL;
	struct json_object *o, *e, *m;

	*doc = NULL;
	for (; tok && line && *line && !msg; line = *end ? end + 1 : end) {
		end = strchr(line, '\n');
		if (!end)
			end = line + strlen(line);
		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, line, (int)(end - line));
		if (!o)
			continue;
		if ((json_object_object_get_ex(o, "errorDetail", &e) &&
		     json_object_object_get_ex(e, "message", &m)) ||
		    json_object_object_get_ex(o, "error", &m)) {
			*doc = o;
			msg = json_object_get_string(m);
		} else {
			json_object_put(o);
		}
	}
	if (tok)
		json_tokener_free(tok);
	return msg;
}

/* build - POST /build with a context of the Dockerfile and the binary. */
static int build(struct dk_client *c, const struct dk_buf *bin,
		 const char *tag, struct diag *d)
{
	struct dk_buf ctx = { 0 }, resp = { 0 };
	struct json_object *doc;
	const char *err;
	long status = 0;
	int ret;

	ret = dk_tar_add(&ctx, "Dockerfile", dockerfile, strlen(dockerfile), 0644);
	if (!ret)
		ret = dk_tar_add(&ctx, WORKER_NAME, bin->data, bin->len, 0755);
	if (!ret)
		ret = dk_tar_finish(&ctx);
	if (ret < 0) {
		diag_set(d, NULL, "cannot make the build context of image '%s': %s",
			 tag, strerror(-ret));
		goto free_ctx;
	}
	ret = dk_call(c, "POST", ctx.data, ctx.len, "application/x-tar",
		      &status, &resp, d, "/build?t=%s&rm=1&forcerm=1", tag);
	if (ret < 0)
		goto free_resp;
	if (status != 200) {
		diag_set(d, NULL, "docker build of image '%s' answered %ld: %s",
			 tag, status, dk_error_message(&resp));
		ret = -EIO;
		goto free_resp;
	}
	err = build_error(&resp, &doc);
	if (err) {
		diag_set(d, NULL, "docker build of image '%s' failed: %s", tag, err);
		json_object_put(doc);
		ret = -EIO;
	}

free_resp:
	dk_buf_release(&resp);
free_ctx:
	dk_buf_release(&ctx);
	return ret;
}

int dk_image_ensure(struct dk_client *c, const char *worker_path, char *tag,
		    size_t tag_len, bool *built, struct diag *d)
{
	struct dk_buf bin = { 0 }, resp = { 0 };
	long status = 0;
	int ret;

	*built = false;
	ret = read_file(worker_path, &bin, d);
	if (ret < 0)
		goto free_bin;
	if ((size_t)snprintf(tag, tag_len, WORKER_NAME ":%016" PRIx64,
			     (uint64_t)XXH64(bin.data, bin.len, 0)) >= tag_len) {
		diag_set(d, NULL, "image tag buffer too small '%zu'", tag_len);
		ret = -ENAMETOOLONG;
		goto free_bin;
	}
	ret = dk_call(c, "GET", NULL, 0, NULL, &status, &resp, d,
		      "/images/%s/json", tag);
	if (ret < 0)
		goto free_resp;
	if (status == 200)
		goto free_resp;
	if (status != 404) {
		diag_set(d, NULL, "docker image lookup of '%s' answered %ld: %s",
			 tag, status, dk_error_message(&resp));
		ret = -EIO;
		goto free_resp;
	}
	ret = build(c, &bin, tag, d);
	if (!ret)
		*built = true;

free_resp:
	dk_buf_release(&resp);
free_bin:
	dk_buf_release(&bin);
	return ret;
}
