/* SPDX-License-Identifier: MIT */
#include "targets/worker_bin.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WORKER_NAME	"iostress-worker"

int worker_binary(char *out, size_t len, bool *is_static)
{
	const char *env = getenv("IOSTRESS_WORKER");
	char self[PATH_MAX], *slash;
	ssize_t n;

	*is_static = false;
	if (env && *env) {
		snprintf(out, len, "%s", env);
		*is_static = strstr(env, WORKER_NAME) != NULL;
		return access(out, X_OK) ? -errno : 0;
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n < 0)
		return -errno;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash) {
		snprintf(out, len, "%.*s/" WORKER_NAME, (int)(slash - self), self);
		if (!access(out, X_OK)) {
			*is_static = true;
			return 0;
		}
	}
#ifdef PKGLIBEXECDIR
	snprintf(out, len, "%s/" WORKER_NAME, PKGLIBEXECDIR);
	if (!access(out, X_OK)) {
		*is_static = true;
		return 0;
	}
#endif
	snprintf(out, len, "%s", self);
	return 0;
}

