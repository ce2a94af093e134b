/* SPDX-License-Identifier: MIT */
/*
 * test_docker_api.c - targets/docker/api.h: the stream demultiplexer with
 * frames split at every byte, the ustar writer's header fields and
 * checksum, and, against the daemon on $DOCKER_HOST (else the default
 * socket), version negotiation, plain calls, streams and the worker
 * image.  Without a daemon the daemon tests skip, except under
 * IOSTRESS_REQUIRE_ALL=1 where a skip fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "testutil.h"

#include "targets/docker/api.h"

/* ------------------------------------------------------------------------
 * The demultiplexer
 */

struct sink {
	struct dk_buf out[3];	/* [1] stdout, [2] stderr */
	int calls;
	int stop_after;		/* out() returns 9 at this call, 0: never */
};

static int sink_out(int fd, const char *data, size_t len, void *arg)
{
	struct sink *s = arg;

	assert_true(fd == 1 || fd == 2);
	assert_true(len > 0);
	assert_int_equal(dk_buf_add(&s->out[fd], data, len), 0);
	if (++s->calls == s->stop_after)
		return 9;
	return 0;
}

static void sink_release(struct sink *s)
{
	dk_buf_release(&s->out[1]);
	dk_buf_release(&s->out[2]);
}

static void add_frame(struct dk_buf *b, int fd, const char *data, size_t len)
{
	unsigned char h[8] = { (unsigned char)fd, 0, 0, 0,
			       (unsigned char)(len >> 24), (unsigned char)(len >> 16),
			       (unsigned char)(len >> 8), (unsigned char)len };

	assert_int_equal(dk_buf_add(b, h, sizeof(h)), 0);
	assert_int_equal(dk_buf_add(b, data, len), 0);
}

/* A stream of stdout, stderr, an empty frame and a payload longer than
 * 255 bytes; want1/want2 are what each fd must receive. */
static void make_stream(struct dk_buf *stream, struct dk_buf *want1,
			struct dk_buf *want2)
{
	char big[300];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)('a' + i % 26);
	add_frame(stream, 1, "hello ", 6);
	add_frame(stream, 2, "oops\n", 5);
	add_frame(stream, 1, "", 0);
	add_frame(stream, 1, big, sizeof(big));
	add_frame(stream, 2, "x", 1);
	assert_int_equal(dk_buf_add(want1, "hello ", 6), 0);
	assert_int_equal(dk_buf_add(want1, big, sizeof(big)), 0);
	assert_int_equal(dk_buf_add(want2, "oops\nx", 6), 0);
}

static void assert_sink(const struct sink *s, const struct dk_buf *want1,
			const struct dk_buf *want2)
{
	assert_int_equal(s->out[1].len, want1->len);
	assert_memory_equal(s->out[1].data, want1->data, want1->len);
	assert_int_equal(s->out[2].len, want2->len);
	assert_memory_equal(s->out[2].data, want2->data, want2->len);
}

static void test_demux_split_everywhere(void **state)
{
	struct dk_buf stream = { 0 }, want1 = { 0 }, want2 = { 0 };

	make_stream(&stream, &want1, &want2);
	for (size_t cut = 0; cut <= stream.len; cut++) {
		struct dk_demux m = { 0 };
		struct sink s = { 0 };

		assert_int_equal(dk_demux_feed(&m, stream.data, cut, sink_out, &s), 0);
		assert_int_equal(dk_demux_feed(&m, stream.data + cut,
					       stream.len - cut, sink_out, &s), 0);
		assert_sink(&s, &want1, &want2);
		assert_int_equal(m.left, 0);
		assert_int_equal(m.hdr_len, 0);
		sink_release(&s);
	}
	dk_buf_release(&stream);
	dk_buf_release(&want1);
	dk_buf_release(&want2);
}

static void test_demux_byte_by_byte(void **state)
{
	struct dk_buf stream = { 0 }, want1 = { 0 }, want2 = { 0 };
	struct dk_demux m = { 0 };
	struct sink s = { 0 };

	make_stream(&stream, &want1, &want2);
	for (size_t i = 0; i < stream.len; i++)
		assert_int_equal(dk_demux_feed(&m, stream.data + i, 1, sink_out, &s), 0);
	assert_sink(&s, &want1, &want2);
	/* Every payload byte came on its own. */
	assert_int_equal(s.calls, (int)(want1.len + want2.len));
	sink_release(&s);
	dk_buf_release(&stream);
	dk_buf_release(&want1);
	dk_buf_release(&want2);
}

static void test_demux_stop(void **state)
{
	struct dk_buf stream = { 0 }, want1 = { 0 }, want2 = { 0 };
	struct dk_demux m = { 0 };
	struct sink s = { .stop_after = 2 };

	make_stream(&stream, &want1, &want2);
	assert_int_equal(dk_demux_feed(&m, stream.data, stream.len, sink_out, &s), 9);
	assert_int_equal(s.calls, 2);
	assert_string_equal(s.out[2].data, "oops\n");
	sink_release(&s);
	dk_buf_release(&stream);
	dk_buf_release(&want1);
	dk_buf_release(&want2);
}

/* ------------------------------------------------------------------------
 * tar
 */

static unsigned long field_octal(const char *h, size_t off, size_t len)
{
	char tmp[16] = { 0 };

	memcpy(tmp, h + off, len);
	return strtoul(tmp, NULL, 8);
}

static void test_tar_header(void **state)
{
	struct dk_buf tar = { 0 };
	const char *h;
	unsigned sum = 0;

	assert_int_equal(dk_tar_add(&tar, "Dockerfile", "FROM x\n", 7, 0644), 0);
	assert_int_equal(tar.len, 1024);
	h = tar.data;
	assert_string_equal(h, "Dockerfile");
	assert_memory_equal(h + 100, "0000644", 8);	/* with the NUL */
	assert_memory_equal(h + 108, "0000000", 8);
	assert_memory_equal(h + 116, "0000000", 8);
	assert_memory_equal(h + 124, "00000000007", 12);
	assert_memory_equal(h + 136, "00000000000", 12);
	assert_int_equal(h[156], '0');
	assert_memory_equal(h + 257, "ustar", 6);
	assert_memory_equal(h + 263, "00", 2);

	/* POSIX: the sum of the header's bytes, the checksum field counted
	 * as eight spaces; six octal digits, a NUL, a space. */
	for (size_t i = 0; i < 512; i++)
		sum += (i >= 148 && i < 156) ? ' ' : (unsigned char)h[i];
	assert_int_equal(field_octal(h, 148, 6), sum);
	assert_int_equal(h[154], '\0');
	assert_int_equal(h[155], ' ');

	assert_memory_equal(h + 512, "FROM x\n", 7);
	for (size_t i = 512 + 7; i < 1024; i++)
		assert_int_equal(h[i], 0);
	dk_buf_release(&tar);
}

static void test_tar_sizes(void **state)
{
	struct dk_buf tar = { 0 };
	char block[512];
	char name[102];

	memset(block, 'b', sizeof(block));
	assert_int_equal(dk_tar_add(&tar, "a", "0123456789", 10, 0644), 0);
	assert_int_equal(dk_tar_add(&tar, "iostress-worker", block, 512, 0755), 0);
	assert_int_equal(dk_tar_finish(&tar), 0);
	/* 512 + 512, 512 + 512, and two zero blocks. */
	assert_int_equal(tar.len, 3072);
	assert_memory_equal(tar.data + 1024, "iostress-worker", 16);
	assert_memory_equal(tar.data + 1024 + 100, "0000755", 8);
	assert_memory_equal(tar.data + 1024 + 124, "00000001000", 12);
	for (size_t i = 2048; i < 3072; i++)
		assert_int_equal(tar.data[i], 0);

	/* An empty file is its header alone. */
	assert_int_equal(dk_tar_add(&tar, "empty", "", 0, 0644), 0);
	assert_int_equal(tar.len, 3584);

	memset(name, 'n', sizeof(name));
	name[101] = '\0';
	assert_int_equal(dk_tar_add(&tar, name, "", 0, 0644), -ENAMETOOLONG);
	dk_buf_release(&tar);
}

static void test_error_message(void **state)
{
	struct dk_buf b = { 0 };

	assert_int_equal(dk_buf_add(&b, "{\"message\":\"No such image: x:y\"}\n", 33), 0);
	assert_string_equal(dk_error_message(&b), "No such image: x:y");
	b.len = 0;
	assert_int_equal(dk_buf_add(&b, "page not found\n", 15), 0);
	assert_string_equal(dk_error_message(&b), "page not found");
	dk_buf_release(&b);
}

/* ------------------------------------------------------------------------
 * dk_open without a daemon
 */

struct saved_env {
	char *value;
};

static void env_save(struct saved_env *s)
{
	const char *v = getenv("DOCKER_HOST");

	s->value = v ? strdup(v) : NULL;
}

static void env_restore(struct saved_env *s)
{
	if (s->value)
		setenv("DOCKER_HOST", s->value, 1);
	else
		unsetenv("DOCKER_HOST");
	free(s->value);
}

static void test_open_refuses(void **state)
{
	struct saved_env env;
	struct dk_client c;
	struct diag d = { "" };

	env_save(&env);
	setenv("DOCKER_HOST", "tcp://127.0.0.1:2375", 1);
	assert_int_equal(dk_open(&c, &d), -EPROTONOSUPPORT);
	assert_non_null(strstr(d.msg, "'tcp://127.0.0.1:2375'"));

	setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock", 1);
	assert_int_equal(dk_open(&c, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "'/nonexistent/docker.sock'"));
	env_restore(&env);
}

/* ------------------------------------------------------------------------
 * Against the daemon
 */

struct fixture {
	struct dk_client c;
	bool up;
	char why[DIAG_MSG_MAX];
};

static struct fixture fx;

static int group_setup(void **state)
{
	struct diag d = { "" };
	int ret = dk_open(&fx.c, &d);

	fx.up = ret == 0;
	if (!fx.up)
		snprintf(fx.why, sizeof(fx.why), "no docker daemon: %s", d.msg);
	return 0;
}

static int group_teardown(void **state)
{
	if (fx.up)
		dk_close(&fx.c);
	return 0;
}

#define need_daemon() do {						\
	if (!fx.up)							\
		skip_or_fail("%s", fx.why);				\
} while (0)

static void test_negotiate(void **state)
{
	need_daemon();
	print_message("# engine %s, api %s\n", fx.c.server_version, fx.c.api);
	assert_true(strlen(fx.c.server_version) > 0);
	if (!strncmp(fx.c.server_version, "20.10.", 6))
		assert_string_equal(fx.c.api, "1.41");
	else
		assert_true(strcmp(fx.c.api, DK_API_MIN) >= 0 &&
			    strcmp(fx.c.api, DK_API_MAX) <= 0);
}

static void test_info_and_404(void **state)
{
	struct dk_buf resp = { 0 };
	struct json_object *doc, *v;
	struct diag d = { "" };
	long status = 0;

	need_daemon();
	assert_int_equal(dk_call(&fx.c, "GET", NULL, 0, NULL, &status, &resp,
				 &d, "/info"), 0);
	assert_int_equal(status, 200);
	doc = json_tokener_parse(resp.data);
	assert_non_null(doc);
	assert_true(json_object_object_get_ex(doc, "Driver", &v));
	assert_true(strlen(json_object_get_string(v)) > 0);
	json_object_put(doc);

	assert_int_equal(dk_call(&fx.c, "GET", NULL, 0, NULL, &status, &resp,
				 &d, "/images/%s/json",
				 "iostress-no-such-image:0"), 0);
	assert_int_equal(status, 404);
	assert_non_null(strstr(dk_error_message(&resp), "No such image"));
	dk_buf_release(&resp);
}

struct counts {
	int data, polls, stop_at;
};

static int count_data(const char *buf, size_t len, void *arg)
{
	struct counts *n = arg;

	n->data++;
	return n->stop_at < 0 ? 7 : 0;
}

static int count_polls(void *arg)
{
	struct counts *n = arg;

	return ++n->polls == n->stop_at ? 5 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_stream(void **state)
{
	struct counts n = { .stop_at = -1 };
	struct diag d = { "" };
	long status = 0;
	double t0;

	need_daemon();
	/* on_data's value ends the stream. */
	assert_int_equal(dk_stream(&fx.c, "GET", NULL, &status, count_data, NULL, &n,
				   &d, "/version"), 7);
	assert_int_equal(n.data, 1);

	/* An idle stream (events, none coming): poll about every 100 ms
	 * until it says stop. */
	n = (struct counts){ .stop_at = 5 };
	t0 = now_s();
	assert_int_equal(dk_stream(&fx.c, "GET", NULL, &status, count_data,
				   count_polls, &n, &d, "/events"), 5);
	t0 = now_s() - t0;
	print_message("# 5 polls in %.3f s\n", t0);
	assert_int_equal(n.polls, 5);
	assert_true(t0 >= 0.45 && t0 < 1.5);
	assert_int_equal(status, 200);

	/* An error status: its body is the message, not the stream. */
	n = (struct counts){ .stop_at = -1 };
	assert_int_equal(dk_stream(&fx.c, "GET", NULL, &status, count_data, count_polls,
				   &n, &d, "/containers/%s/logs?stdout=1&follow=1",
				   "iostress-no-such-container"), 0);
	assert_int_equal(status, 404);
	assert_int_equal(n.data, 0);
	assert_non_null(strstr(d.msg, "No such container"));

	/* The handle still works after an aborted stream. */
	assert_int_equal(dk_call(&fx.c, "GET", NULL, 0, NULL, &status, NULL,
				 &d, "/_ping"), 0);
	assert_int_equal(status, 200);
}

/* A file of our own bytes and a unique tail, so its image is new. */
static void make_worker_file(char *path, size_t len)
{
	char buf[65536], tail[64];
	ssize_t n;
	int in, out;

	snprintf(path, len, "%s/iostress-test-worker.XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	out = mkstemp(path);
	assert_true(out >= 0);
	in = open("/proc/self/exe", O_RDONLY);
	assert_true(in >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	snprintf(tail, sizeof(tail), "%ld.%ld", (long)getpid(), (long)time(NULL));
	assert_int_equal(write(out, tail, strlen(tail)), (ssize_t)strlen(tail));
	close(in);
	close(out);
}

static void test_image_ensure(void **state)
{
	char path[256], tag[64], tag2[64];
	struct dk_buf resp = { 0 };
	struct diag d = { "" };
	bool built = false;
	long status = 0;

	need_daemon();
	assert_int_equal(dk_image_ensure(&fx.c, "/nonexistent/worker", tag,
					 sizeof(tag), &built, &d), -ENOENT);
	assert_non_null(strstr(d.msg, "'/nonexistent/worker'"));

	make_worker_file(path, sizeof(path));
	if (dk_image_ensure(&fx.c, path, tag, sizeof(tag), &built, &d))
		fail_msg("%s", d.msg);
	assert_true(built);
	assert_int_equal(strlen(tag), strlen("iostress-worker:") + 16);
	assert_memory_equal(tag, "iostress-worker:", 16);

	if (dk_image_ensure(&fx.c, path, tag2, sizeof(tag2), &built, &d))
		fail_msg("%s", d.msg);
	assert_false(built);
	assert_string_equal(tag, tag2);

	assert_int_equal(dk_call(&fx.c, "GET", NULL, 0, NULL, &status, &resp,
				 &d, "/images/%s/json", tag), 0);
	assert_int_equal(status, 200);
	assert_non_null(strstr(resp.data, "\"io.iostress.worker\":\"1\""));
	assert_non_null(strstr(resp.data, "\"/iostress-worker\""));

	assert_int_equal(dk_call(&fx.c, "DELETE", NULL, 0, NULL, &status, &resp,
				 &d, "/images/%s?force=1", tag), 0);
	assert_int_equal(status, 200);
	unlink(path);
	dk_buf_release(&resp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demux_split_everywhere),
		cmocka_unit_test(test_demux_byte_by_byte),
		cmocka_unit_test(test_demux_stop),
		cmocka_unit_test(test_tar_header),
		cmocka_unit_test(test_tar_sizes),
		cmocka_unit_test(test_error_message),
		cmocka_unit_test(test_open_refuses),
		cmocka_unit_test(test_negotiate),
		cmocka_unit_test(test_info_and_404),
		cmocka_unit_test(test_stream),
		cmocka_unit_test(test_image_ensure),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
