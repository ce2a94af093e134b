/* SPDX-License-Identifier: MIT */
#include "job/placement.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lib/array.h"

/* What each kind accepts after "KIND:". */
enum place_args {
	ARGS_NONE,		/* nothing: "native" */
	ARGS_DOCKER,		/* layer, volume[=NAME], bind=/DIR */
	ARGS_KVM,		/* nothing, or DOMAIN */
};

struct place_kind {
	const char *name;
	enum place_args args;
	bool built;		/* this build has the kind */
};

#ifdef USE_DOCKER
#define DOCKER_BUILT	true
#define KINDS_DOCKER	", docker"
#else
#define DOCKER_BUILT	false
#define KINDS_DOCKER	""
#endif
#ifdef USE_LIBVIRT
#define KVM_BUILT	true
#define KINDS_KVM	", kvm"
#else
#define KVM_BUILT	false
#define KINDS_KVM	""
#endif

static const struct place_kind place_kinds[PLACE_NR] = {
	[PLACE_NATIVE] = { .name = "native", .args = ARGS_NONE, .built = true },
	[PLACE_PROCESS] = { .name = "process", .args = ARGS_NONE, .built = true },
	[PLACE_DOCKER] = { .name = "docker", .args = ARGS_DOCKER,
			   .built = DOCKER_BUILT },
	[PLACE_KVM] = { .name = "kvm", .args = ARGS_KVM, .built = KVM_BUILT },
};

const char *placement_kinds(void)
{
	return "native, process" KINDS_DOCKER KINDS_KVM;
}

/* check_docker_args - layer, copyup, volume, volume=NAME, bind=/DIR or
 * exec=CONTAINER. */
static int check_docker_args(const char *spec, const char *args,
			     const struct srcloc *loc, struct diag *d)
{
	if (args && (!strcmp(args, "layer") || !strcmp(args, "copyup") ||
		     !strcmp(args, "volume") ||
		     (!strncmp(args, "volume=", 7) && args[7]) ||
		     (!strncmp(args, "exec=", 5) && args[5]) ||
		     (!strncmp(args, "bind=", 5) && args[5] == '/')))
		return 0;
	diag_set(d, loc, "'target=%s': docker takes layer, copyup, volume, volume=NAME, bind=/HOSTDIR or exec=CONTAINER",
		 spec);
	return -EINVAL;
}

/* placement_make_name - the spec with runs of characters outside
 * [A-Za-z0-9._] folded into one '-', no '-' at either end. */
static void placement_make_name(const char *spec, char *out, size_t len)
{
	size_t n = 0;
	bool dash = false;

	for (const char *s = spec; *s && n + 1 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || c == '.' || c == '_') {
			if (dash && n && n + 2 < len)
				out[n++] = '-';
			out[n++] = (char)c;
			dash = false;
		} else {
			dash = true;
		}
	}
	out[n] = '\0';
}

int placement_parse(const char *spec, struct placement *p,
		    const struct srcloc *loc, struct diag *d)
{
	const char *colon;
	size_t klen;
	int kind = -1;

	memset(p, 0, sizeof(*p));
	if (!spec || !*spec) {
		diag_set(d, loc, "empty target (this build has: %s)",
			 placement_kinds());
		return -EINVAL;
	}
	colon = strchr(spec, ':');
	klen = colon ? (size_t)(colon - spec) : strlen(spec);
	for (size_t i = 0; i < ARRAY_SIZE(place_kinds); i++)
		if (strlen(place_kinds[i].name) == klen &&
		    !strncmp(spec, place_kinds[i].name, klen))
			kind = (int)i;
	if (kind < 0) {
		diag_set(d, loc, "unknown target kind '%.*s' in 'target=%s' (this build has: %s)",
			 (int)klen, spec, spec, placement_kinds());
		return -EINVAL;
	}
	if (!place_kinds[kind].built) {
		diag_set(d, loc, "target kind '%s' in 'target=%s' is not in this build (this build has: %s)",
			 place_kinds[kind].name, spec, placement_kinds());
		return -EINVAL;
	}
	if (colon && place_kinds[kind].args == ARGS_NONE) {
		diag_set(d, loc, "target '%s' takes no arguments, got 'target=%s'",
			 place_kinds[kind].name, spec);
		return -EINVAL;
	}
	if (place_kinds[kind].args == ARGS_DOCKER &&
	    check_docker_args(spec, colon ? colon + 1 : NULL, loc, d))
		return -EINVAL;
	if (place_kinds[kind].args == ARGS_KVM && colon && !colon[1]) {
		diag_set(d, loc, "'target=%s': kvm takes nothing (an appliance guest made for the run) or the name of a running libvirt domain",
			 spec);
		return -EINVAL;
	}
	p->kind = (enum placement_kind)kind;
	p->kind_name = place_kinds[kind].name;
	p->spec = strdup(spec);
	if (colon)
		p->args = strdup(colon + 1);
	if (!p->spec || (colon && !p->args)) {
		placement_release(p);
		diag_set(d, loc, "out of memory");
		return -ENOMEM;
	}
	placement_make_name(spec, p->name, sizeof(p->name));
	return 0;
}

void placement_release(struct placement *p)
{
	free(p->spec);
	free(p->args);
	p->spec = p->args = NULL;
}

int placement_list_parse(const char *list, struct placement **out,
			 unsigned *nr, struct diag *d)
{
	struct placement *arr = NULL;
	unsigned n = 0, cap = 0;
	char *copy, *save = NULL, *tok;
	int ret = 0;

	*out = NULL;
	*nr = 0;
	copy = strdup(list);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == cap) {
			struct placement *grown;

			cap = cap ? 2 * cap : 4;
			grown = realloc(arr, cap * sizeof(*arr));
			if (!grown) {
				ret = -ENOMEM;
				diag_set(d, NULL, "out of memory");
				goto out_release_list;
			}
			arr = grown;
		}
		ret = placement_parse(tok, &arr[n], NULL, d);
		if (ret)
			goto out_release_list;
		for (unsigned i = 0; i < n; i++) {
			if (!strcmp(arr[i].name, arr[n].name)) {
				diag_set(d, NULL, "--target lists '%s' twice", tok);
				n++;
				ret = -EINVAL;
				goto out_release_list;
			}
		}
		n++;
	}
	if (!n) {
		diag_set(d, NULL, "--target needs at least one target (this build has: %s)",
			 placement_kinds());
		ret = -EINVAL;
		goto out_release_list;
	}
	*out = arr;
	*nr = n;
	free(copy);
	return 0;

out_release_list:
	placement_list_release(arr, n);
	free(copy);
	return ret;
}

void placement_list_release(struct placement *list, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++)
		placement_release(&list[i]);
	free(list);
}
