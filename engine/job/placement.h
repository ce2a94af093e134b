/* SPDX-License-Identifier: MIT */
/*
 * placement.h - where a job runs: the target spec of --target= and of the
 * job option target= (an iostress extension).
 *
 * A spec is KIND or KIND:ARGS.  The kinds are a fixed enum; which of them
 * this build has depends on its libraries (docker needs libcurl, kvm
 * libvirt).  The ops that make each kind work live in targets/, in a table
 * indexed by this enum (targets/target.h); this module only parses and
 * names specs, so the job-file parser can refuse a bad one with file:line
 * before anything starts.
 *
 *   native          this process, on this host (the default)
 *   process         `iostress --worker` in a child process on this host
 *   docker:MODE     a Docker container (builds with libcurl): MODE is
 *                   layer (the container's writable layer), volume (a
 *                   volume made for the run), volume=NAME (an existing
 *                   volume) or bind=HOSTDIR (an absolute host directory)
 *   kvm[:DOMAIN]    an appliance guest made for the run, or the running
 *                   libvirt domain DOMAIN through its guest agent (builds
 *                   with libvirt)
 *
 * A placement's name is the spec with every character outside
 * [A-Za-z0-9._] turned into '-' (runs of them folded): "native",
 * "docker-volume", "docker-bind-srv-data".  It is what %t in --output
 * becomes and what reports label the placement with.
 */
#ifndef IOSTRESS_PLACEMENT_H
#define IOSTRESS_PLACEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/diag.h"

enum placement_kind {
	PLACE_NATIVE = 0,
	PLACE_PROCESS,
	PLACE_DOCKER,
	PLACE_KVM,
	PLACE_NR,
};

#define PLACEMENT_NAME_MAX	64

struct placement {
	enum placement_kind kind;
	const char *kind_name;		/* static: "native", ... */
	char *spec;			/* owned: the spec as given */
	char *args;			/* owned: what follows "KIND:", or NULL */
	char name[PLACEMENT_NAME_MAX];	/* for %t and reports */
};

/*
 * placement_parse - parse spec into p.  Returns 0, -EINVAL with a message
 * in d (at loc when given) for an empty spec, an unknown kind or one this
 * build lacks (the message lists the kinds it has), or arguments the kind
 * does not take; -ENOMEM.  On success the caller must placement_release().
 */
int placement_parse(const char *spec, struct placement *p,
		    const struct srcloc *loc, struct diag *d);

/* placement_release - free what placement_parse() allocated.  Safe on a
 * zeroed or released placement. */
void placement_release(struct placement *p);

/* placement_kinds - static, comma-separated list of the kinds this build
 * has, for help text and messages. */
const char *placement_kinds(void);

/*
 * placement_list_parse - split a comma-separated list of specs (the value
 * of --target=) and parse each.  *out receives a malloc'd array of *nr
 * placements.  Returns 0 or -errno with a message in d; on failure
 * nothing is left allocated.  Free with placement_list_release().
 */
int placement_list_parse(const char *list, struct placement **out,
			 unsigned *nr, struct diag *d);

/* placement_list_release - release every placement and the array. */
void placement_list_release(struct placement *list, unsigned nr);

#endif
