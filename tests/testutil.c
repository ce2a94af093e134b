/* SPDX-License-Identifier: MIT */
#include "testutil.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

bool require_all(void)
{
	const char *v = getenv("IOSTRESS_REQUIRE_ALL");

	return v && !strcmp(v, "1");
}

int run(const char *cmd, char *out, size_t len)
{
	char buf[PATH_MAX];
	FILE *p = popen(cmd, "r");
	int st;

	if (!p)
		return -1;
	if (out && len) {
		out[0] = '\0';
		if (fgets(buf, sizeof(buf), p)) {
			size_t n;

			buf[strcspn(buf, "\n")] = '\0';
			n = strlen(buf) < len - 1 ? strlen(buf) : len - 1;
			memcpy(out, buf, n);
			out[n] = '\0';
		}
	}
	while (fgets(buf, sizeof(buf), p))
		;
	st = pclose(p);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool have_tool(const char *name)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", name);
	return run(cmd, NULL, 0) == 0;
}
