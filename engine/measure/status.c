/* SPDX-License-Identifier: MIT */
/*
 * status.c - deciding on and formatting the live status line (status.h).
 */
#include "measure/status.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

int status_parse_eta(const char *s, enum eta_mode *out, struct diag *d)
{
	if (!strcmp(s, "auto"))
		*out = ETA_AUTO;
	else if (!strcmp(s, "always"))
		*out = ETA_ALWAYS;
	else if (!strcmp(s, "never"))
		*out = ETA_NEVER;
	else {
		diag_set(d, NULL, "invalid --eta value '%s' (expected auto, always or never)", s);
		return -EINVAL;
	}
	return 0;
}

bool status_enabled(enum eta_mode mode, FILE *f)
{
	if (mode == ETA_ALWAYS)
		return true;
	if (mode == ETA_NEVER || !f)
		return false;
	return isatty(fileno(f));
}

/* fmt_scaled - v with k/M/G (base 1000) or KiB/MiB/GiB (base 1024) and
 * three significant digits, like fio's status line. */
static void fmt_scaled(char *buf, size_t len, double v, bool iec)
{
	static const char *const si[] = { "", "k", "M", "G", "T" };
	static const char *const bin[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double base = iec ? 1024.0 : 1000.0;
	unsigned u = 0;

	if (iec)
		v /= 1024.0;
	while (v >= 1000.0 && u < 4) {
		v /= base;
		u++;
	}
	if (v < 10.0 && u > 0)
		snprintf(buf, len, "%.2f%s", v, iec ? bin[u] : si[u]);
	else if (v < 100.0 && u > 0)
		snprintf(buf, len, "%.1f%s", v, iec ? bin[u] : si[u]);
	else
		snprintf(buf, len, "%.0f%s", v, iec ? bin[u] : si[u]);
}

void status_format(const struct status_snapshot *snap, char *buf, size_t len)
{
	char bw[DDIR_NR][24], iops[DDIR_NR][24], eta[32];
	uint64_t secs;

	for (unsigned d = 0; d < DDIR_NR; d++) {
		fmt_scaled(bw[d], sizeof(bw[d]), snap->bw[d], true);
		fmt_scaled(iops[d], sizeof(iops[d]), snap->iops[d], false);
	}
	if (snap->eta_known) {
		secs = (snap->eta_ns + 999999999ull) / 1000000000ull;
		if (secs >= 3600)
			snprintf(eta, sizeof(eta), "%02lluh:%02llum:%02llus",
				 (unsigned long long)(secs / 3600),
				 (unsigned long long)(secs / 60 % 60),
				 (unsigned long long)(secs % 60));
		else
			snprintf(eta, sizeof(eta), "%02llum:%02llus",
				 (unsigned long long)(secs / 60),
				 (unsigned long long)(secs % 60));
	} else {
		snprintf(eta, sizeof(eta), "--m:--s");
	}
	snprintf(buf, len, "Jobs: %u (of %u): [%.1f%% done] [r=%s/s,w=%s/s] "
		 "[r=%s,w=%s IOPS] [eta %s]", snap->running, snap->total,
		 snap->pct_done, bw[DDIR_READ], bw[DDIR_WRITE], iops[DDIR_READ],
		 iops[DDIR_WRITE], eta);
}
