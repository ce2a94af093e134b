/* SPDX-License-Identifier: MIT */
/*
 * api.h - a small client of the Docker Engine API over the daemon's unix
 * socket, through libcurl (CURLOPT_UNIX_SOCKET_PATH) and json-c.  No
 * shelling out to the docker command.
 *
 * The socket is $DOCKER_HOST when it is unix://PATH (any other scheme is
 * refused with a message), else /var/run/docker.sock.  dk_open() asks
 * GET /version and talks the lower of the daemon's ApiVersion and
 * DK_API_MAX from then on, refusing a daemon whose ApiVersion is below
 * DK_API_MIN; every path is prefixed with /vVERSION.
 */
#ifndef IOSTRESS_DK_API_H
#define IOSTRESS_DK_API_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"

#define DK_API_MIN	"1.41"	/* Debian 12's docker.io, Engine 20.10 */
#define DK_API_MAX	"1.45"

/* A growing byte buffer (responses, tar archives). */
struct dk_buf {
	char *data;		/* NUL-terminated for convenience */
	size_t len, cap;
};

struct dk_client {
	void *curl;			/* CURL *, reused for every call */
	char socket[108];
	char api[16];			/* negotiated, e.g. "1.41" */
	char server_version[64];	/* the Engine's Version */
};

/* dk_open - connect (lazily) and negotiate.  Returns 0, or -errno with a
 * message naming the socket: -ENOENT/-ECONNREFUSED when no daemon
 * answers, -EPROTONOSUPPORT for a non-unix DOCKER_HOST or a daemon too
 * old.  On success the caller must dk_close(). */
int dk_open(struct dk_client *c, struct diag *d);

void dk_close(struct dk_client *c);

/*
 * dk_call - one request: method ("GET", "POST", "PUT", "DELETE"), path
 * (printf format, without the /vX prefix, query included), an optional
 * body with its content type ("application/json",
 * "application/x-tar"), the HTTP status in *status and the body in resp
 * (may be NULL to discard).  Returns 0 when the request completed (any
 * status), or -EIO with a message when the daemon could not be reached.
 */
int dk_call(struct dk_client *c, const char *method, const void *body,
	    size_t body_len, const char *content_type, long *status,
	    struct dk_buf *resp, struct diag *d, const char *path_fmt, ...)
	__attribute__((format(printf, 9, 10)));

/*
 * dk_stream - a request whose response body streams (container logs with
 * follow=1, an exec's start), with an optional JSON body: on_data gets each chunk as it arrives; poll is called about
 * every 100 ms while the stream is open (it may issue dk_call()s on
 * another client, e.g. to kill the container).  Either returning nonzero
 * ends the stream with that value.  Returns 0 at the end of the body,
 * the callback's value, or -EIO with a message.  The HTTP status is in
 * *status (may be NULL); a body under a status >= 300 is the daemon's
 * error, so it does not go to on_data but into d's message, and the
 * return is 0 (check *status).  The stream runs in a libcurl multi
 * handle of its own (curl_easy_perform() wakes only once a second on an
 * idle connection), and has no time limit.
 */
int dk_stream(struct dk_client *c, const char *method, const char *json,
	      long *status, int (*on_data)(const char *buf, size_t len, void *arg),
	      int (*poll)(void *arg), void *arg, struct diag *d,
	      const char *path_fmt, ...) __attribute__((format(printf, 9, 10)));

/*
 * dk_create - POST json to the path and expect 201 Created: *id receives
 * the "Id" of what was made (a container, an exec).  Returns 0, or -EIO
 * with "docker: unable to WHAT: the daemon's message" in d, or -ENOMEM.
 */
int dk_create(struct dk_client *c, const char *json, char *id, size_t id_len,
	      const char *what, struct diag *d, const char *path_fmt, ...)
	__attribute__((format(printf, 7, 8)));

/* dk_error_message - the "message" of a daemon's JSON error body, or the
 * body itself, for diagnostics (static buffer). */
const char *dk_error_message(const struct dk_buf *resp);

/* dk_buf_read_file - append the whole file at path.  0 or -errno. */
int dk_buf_read_file(struct dk_buf *b, const char *path);

/* dk_buf_add - append; dk_buf_release - free.  0 or -ENOMEM. */
int dk_buf_add(struct dk_buf *b, const void *data, size_t len);
void dk_buf_release(struct dk_buf *b);

/*
 * The multiplexed stream of logs, attach and exec (Tty false): frames of
 * an 8-byte header (byte 0: 1 stdout, 2 stderr; bytes 4-7: big-endian
 * length) and the payload.  dk_demux_feed() takes any slice of the
 * stream and hands each complete payload piece to out(fd, data, len).
 */
struct dk_demux {
	unsigned char hdr[8];
	size_t hdr_len;			/* header bytes seen of the frame */
	size_t left;			/* payload bytes left of the frame */
	int fd;				/* 1 or 2 */
};

int dk_demux_feed(struct dk_demux *m, const char *buf, size_t len,
		  int (*out)(int fd, const char *data, size_t len, void *arg),
		  void *arg);

/* ------------------------------------------------------------------------
 * tar (ustar) archives in memory: image build contexts and the archive
 * API (PUT /containers/ID/archive).  Fixed owner 0:0 and mtime 0, so the
 * same files give the same bytes (and the same image layer).
 */
int dk_tar_add(struct dk_buf *tar, const char *name, const void *data,
	       size_t len, unsigned mode);
int dk_tar_finish(struct dk_buf *tar);

/*
 * dk_image_ensure - the worker image for the static worker at
 * worker_path: "iostress-worker:HASH" with HASH the XXH64 of the binary
 * (16 hex digits), built FROM scratch (COPY the binary to
 * /iostress-worker, ENTRYPOINT ["/iostress-worker"], LABEL
 * io.iostress.worker=1) through POST /build when GET /images/TAG/json
 * says it is missing.  The tag goes to tag (>= 64 bytes); *built says
 * whether it was built now.  A build error in the JSON-lines stream
 * (errorDetail) is an error with the daemon's message.  Returns 0 or
 * -errno with a message.
 */
int dk_image_ensure(struct dk_client *c, const char *worker_path, char *tag,
		    size_t tag_len, bool *built, struct diag *d);

#endif
