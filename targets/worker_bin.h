/* SPDX-License-Identifier: MIT */
/*
 * worker_bin.h - which binary a remote placement runs as its worker.
 */
#ifndef IOSTRESS_WORKER_BIN_H
#define IOSTRESS_WORKER_BIN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * worker_binary - the worker, in order: $IOSTRESS_WORKER; iostress-worker
 * next to this binary (the build tree) or in PKGLIBEXECDIR (installed),
 * the static worker (configure --enable-static-worker); else this binary
 * itself.  Writes the path to out and whether it is the static worker
 * (a FROM scratch image or an initramfs can only hold that one) to
 * *is_static.  Returns 0, or -errno when $IOSTRESS_WORKER is not
 * executable or /proc/self/exe cannot be read.
 */
int worker_binary(char *out, size_t len, bool *is_static);

#endif
