/* SPDX-License-Identifier: MIT */
#include "lib/proc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* proc_stat_fields - the text of /proc/pid/stat after "pid (comm) ",
 * whose first field is the state (field 3).  comm may hold spaces and
 * parentheses, so the fields start after the last ')'. */
static int proc_stat_fields(pid_t pid, char *buf, size_t len, char **out)
{
	char path[64];
	FILE *f;
	size_t n;
	char *paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return errno == ENOENT ? -ESRCH : -EIO;
	n = fread(buf, 1, len - 1, f);
	fclose(f);
	buf[n] = '\0';
	paren = strrchr(buf, ')');
	if (!paren || paren[1] != ' ')
		return -EIO;
	*out = paren + 2;
	return 0;
}

/* stat_field - field n (from 3) of the fields at p, in place. */
static const char *stat_field(char *p, int n)
{
	char *save = NULL, *tok = strtok_r(p, " ", &save);

	for (int field = 3; tok && field < n; field++)
		tok = strtok_r(NULL, " ", &save);
	return tok;
}

int proc_starttime(pid_t pid, uint64_t *out)
{
	char buf[1024], *p;
	const char *tok;
	int ret = proc_stat_fields(pid, buf, sizeof(buf), &p);

	if (ret)
		return ret;
	tok = stat_field(p, 22);
	if (!tok)
		return -EIO;
	*out = strtoull(tok, NULL, 10);
	return 0;
}

int proc_cpu_ns(pid_t pid, uint64_t *ns)
{
	char buf[1024], *p;
	unsigned long long utime, stime;
	long hz = sysconf(_SC_CLK_TCK);
	struct timespec ts;
	clockid_t cid;
	int ret;

	/* the process's CPU clock: ns, all threads, those ended too */
	if (!clock_getcpuclockid(pid, &cid) && !clock_gettime(cid, &ts)) {
		*ns = (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
		return 0;
	}
	ret = proc_stat_fields(pid, buf, sizeof(buf), &p);
	if (ret)
		return ret;
	/* p is field 3 (state); utime and stime are fields 14 and 15 */
	if (sscanf(p, "%*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %*s %llu %llu",
		   &utime, &stime) != 2 || hz <= 0)
		return -EIO;
	*ns = (uint64_t)(utime + stime) * (1000000000ull / (uint64_t)hz);
	return 0;
}

bool proc_alive(pid_t pid, uint64_t starttime)
{
	char buf[1024], *p;
	uint64_t st;

	if (pid <= 0 || proc_stat_fields(pid, buf, sizeof(buf), &p))
		return false;
	if (p[0] == 'Z' || p[0] == 'X')
		return false;
	return !proc_starttime(pid, &st) && st == starttime;
}
