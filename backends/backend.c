/* SPDX-License-Identifier: MIT */
/*
 * backend.c - the registry of I/O engines compiled into this build.
 *
 * A static array, not constructors: constructors are dropped when the
 * object sits in a static archive (DESIGN.md, "Interfaces").
 */
#include "backend.h"

#include <stddef.h>
#include <string.h>

#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

extern const struct backend_ops backend_psync;
extern const struct backend_ops backend_null;

static const struct backend_ops *const backends[] = {
	&backend_psync,
	&backend_null,
};

const struct backend_ops *backend_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < sizeof(backends) / sizeof(backends[0]); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

const char *backend_names(void)
{
	return "psync, null";
}
