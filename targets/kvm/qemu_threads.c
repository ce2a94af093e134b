/* SPDX-License-Identifier: MIT */
/*
 * qemu_threads.c - the QEMU process's CPU by thread class (qemu_threads.h).
 */
#include "targets/kvm/qemu_threads.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static enum qemu_thread_class class_of(pid_t pid, pid_t tid, const char *comm)
{
	if (tid == pid)
		return QT_MAIN;
	if (!strncmp(comm, "CPU ", 4))
		return QT_VCPU;
	if (!strncmp(comm, "IO ", 3))
		return QT_IOTHREAD;
	return QT_OTHER;
}

/* read_thread - the name and utime+stime of one thread. */
static int read_thread(pid_t pid, pid_t tid, char *comm, size_t size,
		       uint64_t *ticks)
{
	char path[64], buf[1024], *open_paren, *close_paren;
	unsigned long long ut, st;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (!open_paren || !close_paren || close_paren < open_paren)
		return -EIO;
	*close_paren = '\0';
	snprintf(comm, size, "%s", open_paren + 1);
	/* after "pid (comm) ": state is field 3; utime, stime are 14, 15 */
	if (sscanf(close_paren + 2, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu",
		   &ut, &st) != 2)
		return -EIO;
	*ticks = ut + st;
	return 0;
}

int qemu_threads_read(pid_t pid, struct qemu_threads *out)
{
	char path[64], comm[64];
	struct dirent *e;
	DIR *dir;

	out->nr = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return errno == ENOENT ? -ESRCH : -errno;
	while ((e = readdir(dir)) && out->nr < QEMU_THREADS_MAX) {
		pid_t tid = (pid_t)strtol(e->d_name, NULL, 10);
		uint64_t ticks = 0;

		if (tid <= 0 || read_thread(pid, tid, comm, sizeof(comm), &ticks))
			continue;	/* a thread that just ended */
		out->t[out->nr].tid = tid;
		out->t[out->nr].cls = class_of(pid, tid, comm);
		out->t[out->nr].ticks = ticks;
		out->nr++;
	}
	closedir(dir);
	return 0;
}

int qemu_threads_split(const struct qemu_threads *a,
		       const struct qemu_threads *b, char *buf, size_t size)
{
	static const char *const names[QT_NR] = {
		[QT_VCPU] = "vcpus", [QT_IOTHREAD] = "iothreads",
		[QT_MAIN] = "main loop", [QT_OTHER] = "other",
	};
	uint64_t sum[QT_NR] = { 0 }, total = 0;
	size_t n = 0;

	for (unsigned i = 0; i < b->nr; i++) {
		uint64_t before = 0, d;

		for (unsigned k = 0; k < a->nr; k++)
			if (a->t[k].tid == b->t[i].tid)
				before = a->t[k].ticks;
		d = b->t[i].ticks > before ? b->t[i].ticks - before : 0;
		sum[b->t[i].cls] += d;
		total += d;
	}
	if (!total)
		return -ENODATA;
	buf[0] = '\0';
	for (unsigned c = 0; c < QT_NR && n < size; c++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s %.1f%%", c ? ", " : "",
				      names[c], 100.0 * (double)sum[c] / (double)total);
	return 0;
}
