/* SPDX-License-Identifier: MIT */
#include "lib/proc.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int proc_starttime(pid_t pid, uint64_t *out)
{
	char buf[1024], *p, *save = NULL, *tok;
	int ret = proc_stat_fields(pid, buf, sizeof(buf), &p);

	if (ret)
		return ret;
	/* p is field 3; starttime is field 22 */
	tok = strtok_r(p, " ", &save);
	for (int field = 3; tok && field < 22; field++)
		tok = strtok_r(NULL, " ", &save);
	if (!tok)
		return -EIO;
	*out = strtoull(tok, NULL, 10);
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
