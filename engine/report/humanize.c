/* SPDX-License-Identifier: MIT */
#include "report/humanize.h"

void hum_count(char *buf, size_t len, double v, const char *unit)
{
	static const char sfx[] = " kMGT";
	unsigned k = 0;

	while (v >= 999.5 && k < sizeof(sfx) - 2) {
		v /= 1000.0;
		k++;
	}
	if (k)
		snprintf(buf, len, "%.3g%c%s", v, sfx[k], unit);
	else
		snprintf(buf, len, "%.3g%s", v, unit);
}

void hum_bytes_rate(char *buf, size_t len, double v)
{
	static const char *const units[] = { "B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s" };
	unsigned k = 0;

	while (v >= 1023.5 && k < 4) {
		v /= 1024.0;
		k++;
	}
	if (v >= 99.95)
		snprintf(buf, len, "%.0f%s", v, units[k]);
	else
		snprintf(buf, len, "%.3g%s", v, units[k]);
}

void hum_ns(char *buf, size_t len, double ns)
{
	if (ns < 1e3)
		snprintf(buf, len, "%.0fns", ns);
	else if (ns < 1e6)
		snprintf(buf, len, "%.3gus", ns / 1e3);
	else if (ns < 1e9)
		snprintf(buf, len, "%.3gms", ns / 1e6);
	else
		snprintf(buf, len, "%.3gs", ns / 1e9);
}

void hum_spread(char *buf, size_t len, double frac)
{
	snprintf(buf, len, "%.1f%%", 100.0 * frac);
}

char hum_mark(enum noise_verdict v)
{
	static const char mark[] = {
		[NOISE_CANNOT_TELL] = ' ',
		[NOISE_WITHIN] = '~',
		[NOISE_BEYOND] = '*',
	};

	return mark[v];
}

void hum_ratio(char *buf, size_t len, double ratio, enum noise_verdict v)
{
	snprintf(buf, len, "%.2fx%c", ratio, hum_mark(v));
}

void hum_legend_text(char *buf, size_t len, unsigned lo)
{
	if (lo < 2 || noise_min_p(lo, lo) > NOISE_ALPHA)
		snprintf(buf, len, "%u run%s a placement cannot tell a difference from "
			 "run-to-run noise; --repeat=5 can", lo, lo == 1 ? "" : "s");
	else
		snprintf(buf, len, "* beyond the run-to-run noise, ~ within it (Mann-Whitney U "
			 "on the runs' figures, two-sided, p < %.2g)", NOISE_ALPHA);
}

void hum_legend(FILE *out, unsigned lo)
{
	char buf[160];

	hum_legend_text(buf, sizeof(buf), lo);
	fprintf(out, "%s\n", buf);
}
