/* SPDX-License-Identifier: MIT */
/*
 * backend.c - the registry of I/O engines compiled into this build.
 *
 * A static array, not constructors: constructors are dropped when the
 * object sits in a static archive (DESIGN.md, "Interfaces").
 */
#include "backends/backend.h"
#include "lib/array.h"

#include <stddef.h>
#include <string.h>

extern const struct backend_ops backend_psync;
extern const struct backend_ops backend_sync;
extern const struct backend_ops backend_vsync;
extern const struct backend_ops backend_pvsync;
extern const struct backend_ops backend_pvsync2;
extern const struct backend_ops backend_posixaio;
extern const struct backend_ops backend_null;
#ifdef HAVE_LIBURING
extern const struct backend_ops backend_uring;
#define URING_NAME ", io_uring"
#else
#define URING_NAME ""
#endif
#ifdef HAVE_LIBAIO
extern const struct backend_ops backend_aio;
#define AIO_NAME ", libaio"
#else
#define AIO_NAME ""
#endif

static const struct backend_ops *const backends[] = {
	&backend_psync,
	&backend_sync,
	&backend_vsync,
	&backend_pvsync,
	&backend_pvsync2,
	&backend_posixaio,
	&backend_null,
#ifdef HAVE_LIBURING
	&backend_uring,
#endif
#ifdef HAVE_LIBAIO
	&backend_aio,
#endif
};

const struct backend_ops *backend_find(const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(backends); i++)
		if (!strcmp(backends[i]->name, name))
			return backends[i];
	return NULL;
}

const char *backend_names(void)
{
	return "psync, sync, vsync, pvsync, pvsync2, posixaio, null" URING_NAME AIO_NAME;
}
