/* SPDX-License-Identifier: MIT */
#include "targets/ledger.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/proc.h"

#define OWNER_FILE	"owner"

const char *ledger_state_dir(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("IOSTRESS_STATE_DIR");
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (env && *env)
		snprintf(buf, sizeof(buf), "%s", env);
	else if (geteuid() == 0)
		snprintf(buf, sizeof(buf), "/run/iostress");
	else if (xdg && *xdg)
		snprintf(buf, sizeof(buf), "%s/iostress", xdg);
	else
		snprintf(buf, sizeof(buf), "/tmp/iostress-%u", (unsigned)geteuid());
	return buf;
}

/* write_file - create path exclusively with text.  Returns 0 or -errno. */
static int write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != (ssize_t)len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	return ret;
}

int ledger_open(struct ledger *l, struct diag *d)
{
	const char *state = ledger_state_dir();
	uint64_t rnd, start = 0;
	char owner[64], *path = NULL;
	int ret;

	memset(l, 0, sizeof(*l));
	if (mkdir(state, 0700) && errno != EEXIST) {
		ret = -errno;
		diag_set(d, NULL, "unable to create state directory '%s': %s",
			 state, strerror(errno));
		return ret;
	}
	if (getrandom(&rnd, sizeof(rnd), 0) != sizeof(rnd))
		rnd = (uint64_t)getpid() << 32 ^ (uint64_t)time(NULL);
	snprintf(l->runid, sizeof(l->runid), "%016" PRIx64, rnd);
	if (asprintf(&l->dir, "%s/%s", state, l->runid) < 0) {
		l->dir = NULL;
		return -ENOMEM;
	}
	if (mkdir(l->dir, 0700)) {
		ret = -errno;
		diag_set(d, NULL, "unable to create '%s': %s", l->dir,
			 strerror(errno));
		goto out_free_dir;
	}
	proc_starttime(getpid(), &start);
	snprintf(owner, sizeof(owner), "%d %" PRIu64 "\n", (int)getpid(), start);
	if (asprintf(&path, "%s/" OWNER_FILE, l->dir) < 0) {
		ret = -ENOMEM;
		goto out_remove_dir;
	}
	ret = write_file(path, owner);
	free(path);
	if (ret) {
		diag_set(d, NULL, "unable to write to '%s': %s", l->dir,
			 strerror(-ret));
		goto out_remove_dir;
	}
	return 0;

out_remove_dir:
	rmdir(l->dir);
out_free_dir:
	free(l->dir);
	l->dir = NULL;
	return ret;
}

int ledger_add(struct ledger *l, const char *kind, const char *desc,
	       unsigned *id, struct diag *d)
{
	char *path, *text;
	int ret;

	if (!l || !l->dir) {
		diag_set(d, NULL, "no ledger for this run: a %s '%s' will not be swept if the run is killed",
			 kind, desc);
		return -ENOTCONN;
	}
	if (asprintf(&path, "%s/%s.%u", l->dir, kind, l->seq + 1) < 0)
		return -ENOMEM;
	if (asprintf(&text, "%s\n", desc) < 0) {
		free(path);
		return -ENOMEM;
	}
	ret = write_file(path, text);
	if (ret)
		diag_set(d, NULL, "unable to write '%s': %s", path, strerror(-ret));
	else
		*id = ++l->seq;
	free(text);
	free(path);
	return ret;
}

void ledger_drop(struct ledger *l, const char *kind, unsigned id)
{
	char *path;

	if (!l->dir || asprintf(&path, "%s/%s.%u", l->dir, kind, id) < 0)
		return;
	unlink(path);
	free(path);
}

/* remove_run - the owner record and the directory, when no resource
 * record is left. */
static void remove_run(const char *dir)
{
	char *path;

	if (asprintf(&path, "%s/" OWNER_FILE, dir) < 0)
		return;
	if (rmdir(dir) && errno == ENOTEMPTY) {
		DIR *dh = opendir(dir);
		struct dirent *e;
		bool others = false;

		while (dh && (e = readdir(dh)))
			if (e->d_name[0] != '.' && strcmp(e->d_name, OWNER_FILE))
				others = true;
		if (dh)
			closedir(dh);
		if (!others) {
			unlink(path);
			rmdir(dir);
		}
	}
	free(path);
}

void ledger_close(struct ledger *l)
{
	if (l->dir)
		remove_run(l->dir);
	free(l->dir);
	memset(l, 0, sizeof(*l));
}

/* owner_dead - the run in dir has no live owner (a missing or unreadable
 * owner record counts as dead only when the run is older than a minute,
 * so a run being created is not swept). */
static bool owner_dead(const char *dir)
{
	char *path, line[64];
	unsigned long long start;
	struct stat stb;
	FILE *f;
	int pid, n = 0;

	if (asprintf(&path, "%s/" OWNER_FILE, dir) < 0)
		return false;
	f = fopen(path, "re");
	free(path);
	if (f) {
		if (fgets(line, sizeof(line), f))
			n = sscanf(line, "%d %llu", &pid, &start);
		fclose(f);
	}
	if (n == 2)
		return !proc_alive(pid, start);
	return !stat(dir, &stb) && time(NULL) - stb.st_mtime > 60;
}

/* read_record - the one line of a record, without its newline. */
static int read_record(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* record_seq - N of a record "KIND.N", 0 for anything else. */
static unsigned long record_seq(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot ? strtoul(dot + 1, NULL, 10) : 0;
}

/* newest_first - scandir order: records in the reverse of their creation,
 * so a container goes before the volume it uses. */
static int newest_first(const struct dirent **a, const struct dirent **b)
{
	unsigned long x = record_seq((*a)->d_name), y = record_seq((*b)->d_name);

	return x < y ? 1 : x > y ? -1 : 0;
}

static int is_record(const struct dirent *e)
{
	const char *dot = strrchr(e->d_name, '.');

	return e->d_name[0] != '.' && strcmp(e->d_name, OWNER_FILE) && dot &&
	       dot != e->d_name && dot[1];
}

static int sweep_run(const char *dir, const char *runid,
		     int (*fn)(const char *, const char *, const char *, void *),
		     void *arg)
{
	struct dirent **names;
	int n = scandir(dir, &names, is_record, newest_first);
	int ret = 0;

	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		const char *dot = strrchr(name, '.');
		char *path = NULL, kind[64], desc[1024];
		int r = -ENAMETOOLONG;

		if ((size_t)(dot - name) < sizeof(kind) &&
		    asprintf(&path, "%s/%s", dir, name) >= 0) {
			memcpy(kind, name, (size_t)(dot - name));
			kind[dot - name] = '\0';
			r = read_record(path, desc, sizeof(desc));
			if (!r)
				r = fn(runid, kind, desc, arg);
			if (!r)
				unlink(path);
		}
		if (r && !ret)
			ret = r;
		free(path);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	remove_run(dir);
	return ret;
}

int ledger_for_each_dead(int (*fn)(const char *runid, const char *kind,
				   const char *desc, void *arg),
			 void *arg)
{
	const char *state = ledger_state_dir();
	DIR *dh = opendir(state);
	struct dirent *e;
	int ret = 0;

	if (!dh)
		return 0;
	while ((e = readdir(dh))) {
		char *dir;
		int r;

		if (e->d_name[0] == '.' || strlen(e->d_name) != LEDGER_RUNID_LEN)
			continue;
		if (asprintf(&dir, "%s/%s", state, e->d_name) < 0)
			break;
		if (owner_dead(dir)) {
			r = sweep_run(dir, e->d_name, fn, arg);
			if (r && !ret)
				ret = r;
		}
		free(dir);
	}
	closedir(dh);
	return ret;
}
