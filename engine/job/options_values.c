/* SPDX-License-Identifier: MIT */
/*
 * options_values.c - values of options iostress takes that are refused by
 * name, as a fio option iostress does not support, with the reason:
 * zonemode=zbd (zoned block devices).  The other values go to the
 * option's enum.
 */
#include <errno.h>
#include <string.h>

#include "lib/array.h"
#include "job/options_impl.h"

static const struct refused_value {
	const char *option;
	const char *value;
	const char *reason;
} refused_values[] = {
	{ "zonemode", "zbd", "zoned devices are not supported yet" },
};

int opt_parse_refused_value(const struct opt_ctx *c)
{
	for (size_t i = 0; c->val && i < ARRAY_SIZE(refused_values); i++) {
		const struct refused_value *r = &refused_values[i];

		if (strcmp(c->def->name, r->option) || strcmp(c->val, r->value))
			continue;
		diag_set(c->d, c->loc,
			 "'%s=%s' is a fio option iostress does not support: %s",
			 r->option, r->value, r->reason);
		return -EINVAL;
	}
	return opt_apply_enum(c);
}
