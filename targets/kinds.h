/* SPDX-License-Identifier: MIT */
/*
 * kinds.h - the ops table of every target kind, for the registry in
 * target.c and nothing else.
 */
#ifndef IOSTRESS_KINDS_H
#define IOSTRESS_KINDS_H

#include "targets/target.h"

extern const struct target_ops native_target_ops;	/* native_target.c */
extern const struct target_ops process_target_ops;	/* process.c */
extern const struct target_ops docker_target_ops;	/* docker/docker.c */
extern const struct target_ops kvm_target_ops;		/* kvm/kvm.c */

#endif
