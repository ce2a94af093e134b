/* SPDX-License-Identifier: MIT */
/*
 * options_zones.c - parse hook for zonemode: fio's classic zones
 * (strided) are here; zoned block devices (zbd) are refused by name.
 * zonesize, zonerange and zoneskip are plain sizes; options_check.c
 * applies fio's defaults between them.
 */
#include <errno.h>
#include <string.h>

#include "job/options_impl.h"

int opt_parse_zonemode(const struct opt_ctx *c)
{
	if (c->val && !strcmp(c->val, "zbd")) {
		diag_set(c->d, c->loc,
			 "'zonemode=zbd' is a fio option iostress does not support: zoned devices are not supported yet");
		return -EINVAL;
	}
	return opt_apply_enum(c);
}
