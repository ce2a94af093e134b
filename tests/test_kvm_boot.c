/* SPDX-License-Identifier: MIT */
/*
 * test_kvm_boot.c - the host-side pieces of the kvm appliance's boot:
 * the newc cpio writer (targets/kvm/cpio.h), module resolution through
 * modules.dep and modules.builtin (targets/kvm/kmod.h), and the choice of
 * the guest kernel (targets/kvm/kernel.h).
 *
 * Archives are unpacked with GNU cpio and parsed field by field here.
 * Module trees and /boot directories are built in a temporary directory;
 * one test resolves the virtio and ext4 modules through the host's real
 * /lib/modules tree, and skips when none is installed (a failure under
 * IOSTRESS_REQUIRE_ALL=1).
 */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "targets/kvm/cpio.h"
#include "targets/kvm/kernel.h"
#include "targets/kvm/kmod.h"

#define CPIO_HDR_LEN	110

/* ------------------------------------------------------------------------
 * Helpers: a temporary directory per test, files in it
 */

struct tmp {
	char dir[64];
};

static int tmp_setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	if (!t)
		return -1;
	strcpy(t->dir, "/tmp/test_kvm_boot.XXXXXX");
	if (!mkdtemp(t->dir)) {
		free(t);
		return -1;
	}
	*state = t;
	return 0;
}

static int tmp_teardown(void **state)
{
	struct tmp *t = *state;
	char cmd[128];
	int ret;

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->dir);
	ret = system(cmd);
	free(t);
	return ret ? -1 : 0;
}

/* path_in - base/rel in buf. */
static const char *path_in(char *buf, const char *base, const char *rel)
{
	assert_true((size_t)snprintf(buf, PATH_MAX, "%s/%s", base, rel) <
		    PATH_MAX);
	return buf;
}

/* make_dirs - mkdir -p of base/rel. */
static void make_dirs(const char *base, const char *rel)
{
	char path[PATH_MAX], *p;

	path_in(path, base, rel);
	for (p = path + strlen(base) + 1; ; p++) {
		if (*p == '/' || !*p) {
			char c = *p;

			*p = '\0';
			assert_true(mkdir(path, 0755) == 0 || errno == EEXIST);
			*p = c;
			if (!c)
				break;
		}
	}
}

/* put_file - base/rel holding data[0..len), its directories made. */
static void put_file(const char *base, const char *rel, const void *data,
		     size_t len)
{
	char path[PATH_MAX], dir[PATH_MAX], *slash;
	FILE *f;

	strcpy(dir, rel);
	slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		make_dirs(base, dir);
	}
	f = fopen(path_in(path, base, rel), "w");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void put_text(const char *base, const char *rel, const char *text)
{
	put_file(base, rel, text, strlen(text));
}

/* slurp_path - the whole file in a malloc'd buffer, its length in *len. */
static unsigned char *slurp_path(const char *path, size_t *len)
{
	unsigned char *buf;
	struct stat st;
	FILE *f;

	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fstat(fileno(f), &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f),
			 (size_t)st.st_size);
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}

/* assert_msg - d holds exactly the message fmt formats. */
__attribute__((format(printf, 2, 3)))
static void assert_msg(const struct diag *d, const char *fmt, ...)
{
	char want[2 * PATH_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(want, sizeof(want), fmt, ap);
	va_end(ap);
	assert_string_equal(d->msg, want);
}

/* skip_host - this host lacks what a test needs: skip, or fail under
 * IOSTRESS_REQUIRE_ALL=1. */
#define skip_host(...) do {						\
	const char *all = getenv("IOSTRESS_REQUIRE_ALL");		\
									\
	if (all && !strcmp(all, "1"))					\
		fail_msg(__VA_ARGS__);					\
	print_message("# skip: " __VA_ARGS__);				\
	print_message("\n");						\
	skip();								\
} while (0)

/* ------------------------------------------------------------------------
 * cpio
 */

/* A source file on the host: longer than the writer's copy buffer and
 * not a multiple of 4. */
#define SRC_LEN	(65536 * 2 + 3)

static unsigned char *make_src(const char *dir)
{
	unsigned char *buf = malloc(SRC_LEN);
	size_t i;

	assert_non_null(buf);
	for (i = 0; i < SRC_LEN; i++)
		buf[i] = (unsigned char)(i * 7 + i / 251);
	put_file(dir, "host/src.bin", buf, SRC_LEN);
	return buf;
}

static const char init_text[] = "#!/bin/sh\necho hello from init\n";

/* write_entries - the archive of every cpio test: two directories, a
 * script, an empty file and a copy of host/src.bin. */
static int write_entries(FILE *f, const char *dir)
{
	struct cpio_writer w;
	char src[PATH_MAX];

	cpio_begin(&w, f);
	assert_int_equal(cpio_add_dir(&w, "lib", 0755), 0);
	assert_int_equal(cpio_add_dir(&w, "lib/modules", 0700), 0);
	assert_int_equal(cpio_add_data(&w, "init", 0755, init_text,
				       strlen(init_text)), 0);
	assert_int_equal(cpio_add_data(&w, "empty", 0600, "", 0), 0);
	assert_int_equal(cpio_add_file(&w, "lib/modules/src.ko", 0644,
				       path_in(src, dir, "host/src.bin")), 0);
	assert_int_equal(w.ino, 5);
	return cpio_end(&w);
}

/* archive_bytes - write_entries() into memory. */
static char *archive_bytes(const char *dir, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	assert_non_null(f);
	assert_int_equal(write_entries(f, dir), 0);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static void assert_file(const char *path, const void *data, size_t len,
			mode_t mode)
{
	unsigned char *got;
	struct stat st;
	size_t n;

	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, mode);
	assert_int_equal(st.st_mtime, 0);
	got = slurp_path(path, &n);
	assert_int_equal(n, len);
	assert_memory_equal(got, data, len);
	free(got);
}

static void assert_dir(const char *path, mode_t mode)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, mode);
}

/* GNU cpio unpacks the archive into the same files and modes. */
static void test_cpio_gnu_cpio_unpacks_it(void **state)
{
	struct tmp *t = *state;
	char path[PATH_MAX], cmd[3 * PATH_MAX];
	unsigned char *src, *bytes;
	size_t len;
	FILE *f;

	if (system("command -v cpio >/dev/null 2>&1"))
		skip_host("no cpio here (apt-get install cpio)");
	src = make_src(t->dir);

	f = tmpfile();
	assert_non_null(f);
	assert_int_equal(write_entries(f, t->dir), 0);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = (size_t)ftell(f);
	rewind(f);
	bytes = malloc(len);
	assert_non_null(bytes);
	assert_int_equal(fread(bytes, 1, len, f), len);
	fclose(f);
	put_file(t->dir, "out.cpio", bytes, len);
	free(bytes);

	make_dirs(t->dir, "unpack");
	snprintf(cmd, sizeof(cmd),
		 "cd '%s/unpack' && "
		 "cpio -idm --quiet <../out.cpio 2>../cpio.err", t->dir);
	assert_int_equal(system(cmd), 0);
	bytes = slurp_path(path_in(path, t->dir, "cpio.err"), &len);
	assert_int_equal(len, 0);	/* no warning either */
	free(bytes);

	assert_dir(path_in(path, t->dir, "unpack/lib"), 0755);
	assert_dir(path_in(path, t->dir, "unpack/lib/modules"), 0700);
	assert_file(path_in(path, t->dir, "unpack/init"), init_text,
		    strlen(init_text), 0755);
	assert_file(path_in(path, t->dir, "unpack/empty"), "", 0, 0600);
	assert_file(path_in(path, t->dir, "unpack/lib/modules/src.ko"), src,
		    SRC_LEN, 0644);
	free(src);

	/* And lists exactly those entries, in order. */
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && cpio -it --quiet <out.cpio >list 2>&1", t->dir);
	assert_int_equal(system(cmd), 0);
	bytes = slurp_path(path_in(path, t->dir, "list"), &len);
	assert_int_equal(len, strlen("lib\nlib/modules\ninit\nempty\n"
				     "lib/modules/src.ko\n"));
	assert_memory_equal(bytes, "lib\nlib/modules\ninit\nempty\n"
			    "lib/modules/src.ko\n", len);
	free(bytes);
}

/* The same entries give the same bytes. */
static void test_cpio_same_entries_same_bytes(void **state)
{
	struct tmp *t = *state;
	size_t len1, len2;
	char *a, *b;

	free(make_src(t->dir));
	a = archive_bytes(t->dir, &len1);
	b = archive_bytes(t->dir, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(a, b, len1);
	free(a);
	free(b);
}

struct entry {
	const char *name;
	uint32_t mode, nlink, size;
};

static uint32_t hex8(const char *p)
{
	char field[9];
	char *end;
	unsigned long v;

	memcpy(field, p, 8);
	field[8] = '\0';
	assert_int_equal(strspn(field, "0123456789ABCDEFabcdef"), 8);
	v = strtoul(field, &end, 16);
	return (uint32_t)v;
}

static size_t align4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static bool zeros(const char *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Every header as the kernel's buffer-format.rst has it. */
static void test_cpio_header_fields(void **state)
{
	static const struct entry want[] = {
		{ "lib", S_IFDIR | 0755, 2, 0 },
		{ "lib/modules", S_IFDIR | 0700, 2, 0 },
		{ "init", S_IFREG | 0755, 1, sizeof(init_text) - 1 },
		{ "empty", S_IFREG | 0600, 1, 0 },
		{ "lib/modules/src.ko", S_IFREG | 0644, 1, SRC_LEN },
		{ "TRAILER!!!", 0, 1, 0 },
	};
	struct tmp *t = *state;
	unsigned char *src;
	size_t len, off = 0, i;
	char *a;

	src = make_src(t->dir);
	a = archive_bytes(t->dir, &len);
	assert_int_equal(len % 4, 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *h = a + off, *name = h + CPIO_HDR_LEN;
		uint32_t namesize, size;
		size_t data, next;

		assert_int_equal(off % 4, 0);
		assert_true(off + CPIO_HDR_LEN <= len);
		assert_memory_equal(h, "070701", 6);
		/* ino, counted from 1; the trailer's is 0 */
		assert_int_equal(hex8(h + 6), i + 1 < 6 ? i + 1 : 0);
		assert_int_equal(hex8(h + 14), want[i].mode);
		assert_int_equal(hex8(h + 22), 0);		/* uid */
		assert_int_equal(hex8(h + 30), 0);		/* gid */
		assert_int_equal(hex8(h + 38), want[i].nlink);
		assert_int_equal(hex8(h + 46), 0);		/* mtime */
		size = hex8(h + 54);
		assert_int_equal(size, want[i].size);
		for (int k = 62; k < 94; k += 8)		/* devs */
			assert_int_equal(hex8(h + k), 0);
		namesize = hex8(h + 94);
		assert_int_equal(hex8(h + 102), 0);		/* check */

		/* The name counts its NUL; the data starts 4-aligned, after
		 * zeros. */
		assert_int_equal(namesize, strlen(want[i].name) + 1);
		assert_memory_equal(name, want[i].name, namesize);
		data = align4(off + CPIO_HDR_LEN + namesize);
		assert_true(zeros(name + namesize,
				  data - off - CPIO_HDR_LEN - namesize));
		next = align4(data + size);
		assert_true(next <= len);
		assert_true(zeros(a + data + size, next - data - size));
		if (i == 4)
			assert_memory_equal(a + data, src, SRC_LEN);
		if (i == 2)
			assert_memory_equal(a + data, init_text, size);
		off = next;
	}
	assert_int_equal(off, len);	/* nothing after the trailer */
	free(a);
	free(src);
}

/* The first error sticks: nothing more is written, the end reports it. */
static void test_cpio_first_error_sticks(void **state)
{
	struct tmp *t = *state;
	struct cpio_writer w;
	char *buf = NULL, path[PATH_MAX];
	size_t len;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	cpio_begin(&w, f);
	assert_int_equal(cpio_add_dir(&w, "/abs", 0755), -EINVAL);
	assert_int_equal(cpio_add_dir(&w, "ok", 0755), -EINVAL);
	assert_int_equal(cpio_end(&w), -EINVAL);
	fclose(f);
	assert_int_equal(len, 0);
	free(buf);

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	cpio_begin(&w, f);
	assert_int_equal(cpio_add_data(&w, "a", 0644, "x", 1), 0);
	assert_int_equal(cpio_add_file(&w, "b", 0644,
				       path_in(path, t->dir, "missing")),
			 -ENOENT);
	assert_int_equal(cpio_add_data(&w, "c", 0644, "y", 1), -ENOENT);
	assert_int_equal(cpio_end(&w), -ENOENT);
	fclose(f);
	assert_int_equal(len, CPIO_HDR_LEN + 2 + 4);	/* "a" only */
	free(buf);

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	cpio_begin(&w, f);
	assert_int_equal(cpio_add_file(&w, "d", 0644, t->dir), -EISDIR);
	assert_int_equal(cpio_end(&w), -EISDIR);
	fclose(f);
	free(buf);

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	cpio_begin(&w, f);
	assert_int_equal(cpio_add_dir(&w, "", 0755), -EINVAL);
	fclose(f);
	free(buf);
}

/* A full disk shows at the latest when cpio_end() flushes. */
static void test_cpio_write_error_is_reported(void **state)
{
	struct cpio_writer w;
	FILE *f;
	int ret;

	(void)state;
	f = fopen("/dev/full", "w");
	if (!f)
		skip_host("no /dev/full here");
	cpio_begin(&w, f);
	ret = cpio_add_data(&w, "init", 0755, init_text, strlen(init_text));
	if (!ret)
		ret = cpio_end(&w);
	assert_true(ret == -ENOSPC || ret == -EIO);
	assert_int_equal(cpio_end(&w), ret);
	fclose(f);
}

/* ------------------------------------------------------------------------
 * kmod, on a made-up module tree
 */

#define VER	"9.9.9-test"

static const char fake_dep[] =
	"kernel/chain/a.ko: kernel/chain/b.ko kernel/chain/c.ko\n"
	"kernel/chain/b.ko: kernel/chain/c.ko\n"
	"kernel/chain/c.ko:\n"
	"# a comment line, and a blank one\n"
	"\n"
	"kernel/diamond/top.ko: kernel/diamond/left.ko "
		"kernel/diamond/right.ko kernel/diamond/base.ko\n"
	"kernel/diamond/left.ko: kernel/diamond/base.ko\n"
	"kernel/diamond/right.ko: kernel/diamond/base.ko\n"
	"kernel/diamond/base.ko:\n"
	"kernel/flat/x.ko: kernel/flat/y.ko kernel/flat/z.ko\n"
	"kernel/flat/y.ko:\n"
	"kernel/flat/z.ko:\n"
	"kernel/drivers/md/md_mod.ko:\n"
	"kernel/arch/x86/crypto/crc32c-intel.ko:\n"
	"kernel/xz/packed.ko.xz:\n"
	"kernel/xz/needs_packed.ko: kernel/xz/packed.ko.xz\n"
	"kernel/bad/orphan.ko: kernel/bad/ghost.ko\n"
	"kernel/bad/loop1.ko: kernel/bad/loop2.ko\n"
	"kernel/bad/loop2.ko: kernel/bad/loop1.ko\n"
	"/opt/extra/outside.ko:\n";

static const char fake_builtin[] =
	"kernel/fs/ext4/ext4.ko\n"
	"kernel/fs/jbd2/jbd2.ko\n";

/* fake_tree - DIR/lib/modules/VER with the files above; moddir in buf. */
static const char *fake_tree(const struct tmp *t, char *buf, bool builtin)
{
	char rel[PATH_MAX];

	put_text(t->dir, "lib/modules/" VER "/modules.dep", fake_dep);
	if (builtin)
		put_text(t->dir, "lib/modules/" VER "/modules.builtin",
			 fake_builtin);
	snprintf(rel, sizeof(rel), "lib/modules/%s", VER);
	return path_in(buf, t->dir, rel);
}

/* resolve_ok - kmod_resolve() succeeds with names names[0..nr). */
static void resolve_ok(const char *moddir, const char *const *wanted,
		       unsigned nwanted, const char *const *names,
		       const char *const *rels, unsigned nr)
{
	struct diag d = { "" };
	struct kmod_list l;
	char path[PATH_MAX];
	unsigned i;

	assert_int_equal(kmod_resolve(moddir, wanted, nwanted, &l, &d), 0);
	assert_string_equal(d.msg, "");
	assert_int_equal(l.nr, nr);
	for (i = 0; i < nr; i++) {
		assert_string_equal(l.names[i], names[i]);
		if (rels[i][0] == '/')
			assert_string_equal(l.paths[i], rels[i]);
		else
			assert_string_equal(l.paths[i],
					    path_in(path, moddir, rels[i]));
	}
	kmod_list_release(&l);
	assert_int_equal(l.nr, 0);
	assert_null(l.paths);
}

/* a needs b and c, b needs c: c, b, a. */
static void test_kmod_chain(void **state)
{
	const char *const wanted[] = { "a" };
	const char *const names[] = { "c", "b", "a" };
	const char *const rels[] = {
		"kernel/chain/c.ko", "kernel/chain/b.ko", "kernel/chain/a.ko",
	};
	char moddir[PATH_MAX];

	resolve_ok(fake_tree(*state, moddir, true), wanted, 1, names, rels, 3);
}

/* Dependencies on one line load last to first, as modprobe does. */
static void test_kmod_line_order_is_reversed(void **state)
{
	const char *const wanted[] = { "x" };
	const char *const names[] = { "z", "y", "x" };
	const char *const rels[] = {
		"kernel/flat/z.ko", "kernel/flat/y.ko", "kernel/flat/x.ko",
	};
	char moddir[PATH_MAX];

	resolve_ok(fake_tree(*state, moddir, true), wanted, 1, names, rels, 3);
}

/* top needs left and right, both need base: base once, first; a module
 * wanted again, or wanted after being pulled in, is not added again. */
static void test_kmod_diamond(void **state)
{
	const char *const wanted[] = { "top", "left", "base", "top" };
	const char *const names[] = { "base", "right", "left", "top" };
	const char *const rels[] = {
		"kernel/diamond/base.ko", "kernel/diamond/right.ko",
		"kernel/diamond/left.ko", "kernel/diamond/top.ko",
	};
	const char *const wanted2[] = { "left", "top" };
	const char *const names2[] = { "base", "left", "right", "top" };
	const char *const rels2[] = {
		"kernel/diamond/base.ko", "kernel/diamond/left.ko",
		"kernel/diamond/right.ko", "kernel/diamond/top.ko",
	};
	char moddir[PATH_MAX];

	fake_tree(*state, moddir, true);
	resolve_ok(moddir, wanted, 4, names, rels, 4);
	resolve_ok(moddir, wanted2, 2, names2, rels2, 4);
}

/* '-' and '_' are the same in a name, asked for and in the file name;
 * names come back in '_' form.  An absolute path stays as it is. */
static void test_kmod_dash_and_underscore(void **state)
{
	const char *const wanted[] = { "md-mod", "crc32c_intel", "crc32c-intel",
				       "outside" };
	const char *const names[] = { "md_mod", "crc32c_intel", "outside" };
	const char *const rels[] = {
		"kernel/drivers/md/md_mod.ko",
		"kernel/arch/x86/crypto/crc32c-intel.ko",
		"/opt/extra/outside.ko",
	};
	char moddir[PATH_MAX];

	resolve_ok(fake_tree(*state, moddir, true), wanted, 4, names, rels, 3);
}

/* A built-in module is nothing to load; without modules.builtin it is
 * not found. */
static void test_kmod_builtin_is_skipped(void **state)
{
	const char *const wanted[] = { "ext4", "c", "jbd2" };
	const char *const names[] = { "c" };
	const char *const rels[] = { "kernel/chain/c.ko" };
	struct diag d = { "" };
	struct kmod_list l;
	char moddir[PATH_MAX], path[PATH_MAX];

	fake_tree(*state, moddir, true);
	resolve_ok(moddir, wanted, 3, names, rels, 1);
	resolve_ok(moddir, wanted, 1, names, rels, 0);

	assert_int_equal(unlink(path_in(path, moddir, "modules.builtin")), 0);
	assert_int_equal(kmod_resolve(moddir, wanted, 3, &l, &d), -ENOENT);
	assert_msg(&d, "no module 'ext4' in '%s/modules.dep', nor built in",
		   moddir);
}

/* A compressed module cannot be loaded by the guest, also as a
 * dependency. */
static void test_kmod_compressed_is_refused(void **state)
{
	const char *const wanted[] = { "c", "needs-packed" };
	struct diag d = { "" };
	struct kmod_list l;
	char moddir[PATH_MAX];

	fake_tree(*state, moddir, true);
	assert_int_equal(kmod_resolve(moddir, wanted, 2, &l, &d), -ENOTSUP);
	assert_msg(&d, "module 'packed' is compressed "
		   "('kernel/xz/packed.ko.xz' in "
		   "'%s/modules.dep'): the guest loads plain .ko files only",
		   moddir);
	assert_int_equal(l.nr, 0);	/* c is not left behind */
	assert_null(l.paths);
	assert_null(l.names);
	kmod_list_release(&l);
}

/* A module that is neither in modules.dep nor built in is named. */
static void test_kmod_missing_is_named(void **state)
{
	const char *wanted[] = { "a", "no-such-module" };
	struct diag d = { "" };
	struct kmod_list l;
	char moddir[PATH_MAX];

	fake_tree(*state, moddir, true);
	assert_int_equal(kmod_resolve(moddir, wanted, 2, &l, &d), -ENOENT);
	assert_msg(&d, "no module 'no-such-module' in '%s/modules.dep', "
		   "nor built in",
		   moddir);
	assert_int_equal(l.nr, 0);

	/* A dependency is looked up by its name only, not as a path. */
	wanted[1] = "kernel/chain/c.ko";
	assert_int_equal(kmod_resolve(moddir, wanted, 2, &l, &d), -ENOENT);
}

/* A tree without modules.dep or with one that cannot be read, a
 * dependency without a line of its own, a loop, a malformed line. */
static void test_kmod_broken_trees(void **state)
{
	struct tmp *t = *state;
	const char *const orphan[] = { "orphan" };
	const char *const loop[] = { "loop1" };
	struct diag d = { "" };
	struct kmod_list l;
	char moddir[PATH_MAX];

	path_in(moddir, t->dir, "nothing");
	assert_int_equal(kmod_resolve(moddir, orphan, 1, &l, &d), -ENOENT);
	assert_msg(&d, "unable to read '%s/modules.dep': "
		   "No such file or directory",
		   moddir);

	make_dirs(t->dir, "odd/modules.dep");
	path_in(moddir, t->dir, "odd");
	assert_int_equal(kmod_resolve(moddir, orphan, 1, &l, &d), -EIO);
	assert_msg(&d, "unable to read '%s/modules.dep': Is a directory",
		   moddir);

	fake_tree(t, moddir, true);
	assert_int_equal(kmod_resolve(moddir, orphan, 1, &l, &d), -EIO);
	assert_msg(&d, "module 'ghost' needed by 'orphan' has no line in "
		   "'%s/modules.dep'", moddir);

	assert_int_equal(kmod_resolve(moddir, loop, 1, &l, &d), -EIO);
	assert_msg(&d, "module 'loop1' depends on itself in '%s/modules.dep'",
		   moddir);

	put_text(t->dir, "lib/modules/" VER "/modules.dep",
		 "kernel/a.ko:\nno colon here\n");
	assert_int_equal(kmod_resolve(moddir, orphan, 1, &l, &d), -EIO);
	assert_msg(&d, "%s/modules.dep:2: malformed line, no 'path:'", moddir);
	assert_int_equal(l.nr, 0);
}

/* ------------------------------------------------------------------------
 * kmod, on the host's real tree
 */

static int index_of(const struct kmod_list *l, const char *name)
{
	for (unsigned i = 0; i < l->nr; i++)
		if (!strcmp(l->names[i], name))
			return (int)i;
	return -1;
}

/* is_builtin - name is listed in moddir/modules.builtin. */
static bool is_builtin(const char *moddir, const char *name)
{
	char path[PATH_MAX], line[PATH_MAX], *base;
	bool found = false;
	FILE *f;

	f = fopen(path_in(path, moddir, "modules.builtin"), "r");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		base = strrchr(line, '/');
		base = base ? base + 1 : line;
		for (char *p = base; *p; p++)
			if (*p == '-')
				*p = '_';
		found = !strncmp(base, name, strlen(name)) &&
			!strcmp(base + strlen(name), ".ko");
	}
	fclose(f);
	return found;
}

/* assert_before - unless built in, mod is in l, and dep (unless built
 * in) comes before it. */
static void assert_before(const struct kmod_list *l, const char *moddir,
			  const char *dep, const char *mod)
{
	if (is_builtin(moddir, mod)) {
		assert_int_equal(index_of(l, mod), -1);
		return;
	}
	assert_true(index_of(l, mod) >= 0);
	if (is_builtin(moddir, dep)) {
		assert_int_equal(index_of(l, dep), -1);
		return;
	}
	assert_true(index_of(l, dep) >= 0);
	assert_true(index_of(l, dep) < index_of(l, mod));
}

/* The modules the appliance guest boots with, through the real
 * modules.dep: each after what it needs, every file there. */
static void test_kmod_real_tree(void **state)
{
	const char *const wanted[] = {
		"virtio_pci", "virtio_blk", "virtio_console", "crc32c_generic",
		"ext4",
	};
	char moddir[PATH_MAX], *slash;
	struct diag d = { "" };
	struct kmod_list l;
	struct stat st;
	glob_t g;
	int ret;

	(void)state;
	if (glob("/lib/modules/*/modules.dep", 0, NULL, &g) || !g.gl_pathc)
		skip_host("no /lib/modules/*/modules.dep here "
			  "(apt-get install linux-image-amd64)");
	/* The last in glob's (sorted) order. */
	strcpy(moddir, g.gl_pathv[g.gl_pathc - 1]);
	globfree(&g);
	slash = strrchr(moddir, '/');
	*slash = '\0';

	ret = kmod_resolve(moddir, wanted, 5, &l, &d);
	if (ret == -ENOTSUP) {
		assert_non_null(strstr(d.msg, "is compressed"));
		skip_host("%s", d.msg);
	}
	assert_int_equal(ret, 0);
	print_message("# %s:", moddir);
	for (unsigned i = 0; i < l.nr; i++)
		print_message(" %s", l.names[i]);
	print_message("\n");

	/* Built-in modules are not in the list; the others are, each after
	 * what it needs. */
	assert_before(&l, moddir, "virtio_ring", "virtio_blk");
	assert_before(&l, moddir, "virtio_ring", "virtio_pci");
	assert_before(&l, moddir, "jbd2", "ext4");
	assert_before(&l, moddir, "mbcache", "ext4");
	for (unsigned i = 0; i < l.nr; i++) {
		assert_int_equal(stat(l.paths[i], &st), 0);
		assert_true(S_ISREG(st.st_mode));
		assert_int_equal(index_of(&l, l.names[i]), (int)i); /* once */
	}
	kmod_list_release(&l);
}

/* ------------------------------------------------------------------------
 * kernel
 */

/* add_kernel - DIR/boot/vmlinuz-v, and with modules its module tree. */
static void add_kernel(const struct tmp *t, const char *v, bool modules)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "boot/vmlinuz-%s", v);
	put_text(t->dir, rel, "not really a kernel\n");
	if (modules) {
		snprintf(rel, sizeof(rel), "lib/modules/%s/modules.dep", v);
		put_text(t->dir, rel, "kernel/a.ko:\n");
	}
}

struct dirs {
	char boot[PATH_MAX], modules[PATH_MAX];
};

static void dirs_of(const struct tmp *t, struct dirs *dd)
{
	path_in(dd->boot, t->dir, "boot");
	path_in(dd->modules, t->dir, "lib/modules");
	make_dirs(t->dir, "boot");
	make_dirs(t->dir, "lib/modules");
}

static void assert_kernel(const struct kvm_kernel *k, const struct dirs *dd,
			  const char *v)
{
	char want[PATH_MAX + 300];

	snprintf(want, sizeof(want), "%s/vmlinuz-%s", dd->boot, v);
	assert_string_equal(k->image, want);
	assert_string_equal(k->version, v);
	snprintf(want, sizeof(want), "%s/%s", dd->modules, v);
	assert_string_equal(k->moddir, want);
}

/* The newest kernel by version order that has its modules. */
static void test_kernel_newest_with_modules(void **state)
{
	struct tmp *t = *state;
	struct kvm_kernel k;
	struct diag d = { "" };
	struct dirs dd;

	dirs_of(t, &dd);
	add_kernel(t, "5.10.0-30-amd64", true);
	add_kernel(t, "6.1.0-2-amd64", true);
	add_kernel(t, "6.1.0-9-amd64", true);
	add_kernel(t, "6.1.0-10-amd64", true);
	add_kernel(t, "6.1.0-11-amd64", false);		/* no modules */
	add_kernel(t, "6.1.0-10-amd64.old", false);	/* no modules */
	add_kernel(t, "6.1.0-12-amd64", false);
	make_dirs(t->dir, "lib/modules/6.1.0-12-amd64");	/* empty */
	put_text(t->dir, "boot/config-6.1.0-13-amd64", "");
	put_text(t->dir, "boot/vmlinuz-", "");			/* no version */
	make_dirs(t->dir, "boot/vmlinuz-6.1.0-14-amd64");	/* not a file */
	make_dirs(t->dir, "lib/modules/6.1.0-14-amd64");
	put_text(t->dir, "lib/modules/6.1.0-14-amd64/modules.dep", "");

	assert_int_equal(kvm_kernel_find(NULL, dd.boot, dd.modules, &k, &d), 0);
	assert_kernel(&k, &dd, "6.1.0-10-amd64");
	assert_string_equal(d.msg, "");

	memset(&k, 0, sizeof(k));
	assert_int_equal(kvm_kernel_find("", dd.boot, dd.modules, &k, &d), 0);
	assert_kernel(&k, &dd, "6.1.0-10-amd64");
}

/* An image named by the user is taken even if it is not the newest. */
static void test_kernel_explicit_want(void **state)
{
	struct tmp *t = *state;
	char want[PATH_MAX];
	struct kvm_kernel k;
	struct diag d = { "" };
	struct dirs dd;

	dirs_of(t, &dd);
	add_kernel(t, "6.1.0-9-amd64", true);
	add_kernel(t, "6.1.0-10-amd64", true);
	add_kernel(t, "6.1.0-11-amd64", false);

	path_in(want, dd.boot, "vmlinuz-6.1.0-9-amd64");
	assert_int_equal(kvm_kernel_find(want, dd.boot, dd.modules, &k, &d), 0);
	assert_kernel(&k, &dd, "6.1.0-9-amd64");

	/* Without its modules. */
	memset(&k, 0, sizeof(k));
	path_in(want, dd.boot, "vmlinuz-6.1.0-11-amd64");
	assert_int_equal(kvm_kernel_find(want, dd.boot, dd.modules, &k, &d),
			 -ENOENT);
	assert_msg(&d, "kernel image '%s' has no modules: '%s/6.1.0-11-amd64/"
		   "modules.dep' is missing (apt-get install "
		   "linux-image-6.1.0-11-amd64)", want, dd.modules);
	assert_string_equal(k.image, "");	/* untouched */

	/* Not there. */
	path_in(want, dd.boot, "vmlinuz-7.0");
	assert_int_equal(kvm_kernel_find(want, dd.boot, dd.modules, &k, &d),
			 -ENOENT);
	assert_msg(&d, "kernel image '%s' is not a readable file",
		   want);

	/* Named so that its version cannot be told. */
	put_text(t->dir, "bzImage", "");
	path_in(want, t->dir, "bzImage");
	assert_int_equal(kvm_kernel_find(want, dd.boot, dd.modules, &k, &d),
			 -ENOENT);
	assert_msg(&d, "kernel image '%s' is not named vmlinuz-VERSION, so its "
		   "modules in '%s' cannot be found", want, dd.modules);
}

/* None at all, or none usable: what is missing and how to get it. */
static void test_kernel_none(void **state)
{
	struct tmp *t = *state;
	char path[PATH_MAX];
	struct kvm_kernel k;
	struct diag d = { "" };
	struct dirs dd;

	dirs_of(t, &dd);
	assert_int_equal(kvm_kernel_find(NULL, dd.boot, dd.modules, &k, &d),
			 -ENOENT);
	assert_msg(&d, "no kernel in '%s': no vmlinuz-VERSION there "
		   "(apt-get install linux-image-amd64)", dd.boot);

	add_kernel(t, "6.1.0-11-amd64", false);
	assert_int_equal(kvm_kernel_find(NULL, dd.boot, dd.modules, &k, &d),
			 -ENOENT);
	assert_msg(&d, "no usable kernel in '%s': "
		   "'%s/vmlinuz-6.1.0-11-amd64' has "
		   "no '%s/6.1.0-11-amd64/modules.dep' "
		   "(apt-get install linux-image-amd64)", dd.boot, dd.boot,
		   dd.modules);

	path_in(path, t->dir, "no-boot");
	assert_int_equal(kvm_kernel_find(NULL, path, dd.modules, &k, &d),
			 -ENOENT);
	assert_non_null(strstr(d.msg, "No such file or directory"));
	assert_non_null(strstr(d.msg, "apt-get install linux-image-amd64"));
}

/* sort_v_last - the later of a and b by `sort -V`. */
static void sort_v_last(const char *a, const char *b, char *out, size_t len)
{
	char cmd[256];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "printf '%%s\\n' '%s' '%s' | sort -V | "
		 "tail -n 1", a, b);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(out, (int)len, p));
	out[strcspn(out, "\n")] = '\0';
	assert_int_equal(pclose(p), 0);
}

/* The choice between any two agrees with `sort -V`. */
static void test_kernel_order_is_sort_v(void **state)
{
	static const char *const v[] = {
		"5.10.0-30-amd64", "6.1.0-9-amd64", "6.1.0-10-amd64",
		"6.1.0-10-rt-amd64", "6.1.0-0.deb11.13-amd64", "6.1.0-09-amd64",
		"6.10.0-1-amd64", "6.1.0-10-amd64~bpo", "6.1",
	};
	const unsigned n = sizeof(v) / sizeof(v[0]);
	struct tmp *t = *state;
	char want[256], cmd[256];
	struct kvm_kernel k;
	struct diag d = { "" };
	struct dirs dd;

	for (unsigned i = 0; i < n; i++) {
		for (unsigned j = i + 1; j < n; j++) {
			snprintf(cmd, sizeof(cmd), "rm -rf '%s/boot' '%s/lib'",
				 t->dir, t->dir);
			assert_int_equal(system(cmd), 0);
			dirs_of(t, &dd);
			add_kernel(t, v[i], true);
			add_kernel(t, v[j], true);
			sort_v_last(v[i], v[j], want, sizeof(want));
			assert_int_equal(kvm_kernel_find(NULL, dd.boot,
							 dd.modules, &k, &d),
					 0);
			if (strcmp(k.version, want))
				fail_msg("'%s' or '%s': chose '%s', sort -V "
					 "'%s'", v[i], v[j], k.version, want);
		}
	}
}

/* The host's own kernel, when it has one. */
static void test_kernel_real_boot(void **state)
{
	struct kvm_kernel k;
	struct diag d = { "" };
	struct stat st;
	glob_t g;

	(void)state;
	if (glob("/boot/vmlinuz-*", 0, NULL, &g) || !g.gl_pathc)
		skip_host("no /boot/vmlinuz-* here "
			  "(apt-get install linux-image-amd64)");
	globfree(&g);
	assert_int_equal(kvm_kernel_find(NULL, "/boot", "/lib/modules", &k, &d),
			 0);
	print_message("# %s, %s\n", k.image, k.moddir);
	assert_int_equal(stat(k.image, &st), 0);
	assert_int_equal(stat(k.moddir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cpio_gnu_cpio_unpacks_it,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_cpio_same_entries_same_bytes,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_cpio_header_fields,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_cpio_first_error_sticks,
						tmp_setup, tmp_teardown),
		cmocka_unit_test(test_cpio_write_error_is_reported),
		cmocka_unit_test_setup_teardown(test_kmod_chain,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_line_order_is_reversed,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_diamond,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_dash_and_underscore,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_builtin_is_skipped,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_compressed_is_refused,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_missing_is_named,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kmod_broken_trees,
						tmp_setup, tmp_teardown),
		cmocka_unit_test(test_kmod_real_tree),
		cmocka_unit_test_setup_teardown(test_kernel_newest_with_modules,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kernel_explicit_want,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kernel_none,
						tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_kernel_order_is_sort_v,
						tmp_setup, tmp_teardown),
		cmocka_unit_test(test_kernel_real_boot),
	};

	return cmocka_run_group_tests_name("kvm_boot", tests, NULL, NULL);
}
