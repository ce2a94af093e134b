/* SPDX-License-Identifier: MIT */
/*
 * report_measure.c - bw_agg and cycles per I/O for the reports
 * (report_measure.h).
 */
#include "report/report_measure.h"

#include "report/report.h"
#include "lib/units.h"

double report_bw_agg_pct(const struct run_result *res, unsigned groupid,
			 const struct rate_stat *bw, unsigned ddir)
{
	const struct job_stats *g;
	uint64_t run, agg_kib;
	double pct;

	if (!bw->samples || !res->group_stats || groupid >= res->jobs->nr_groups)
		return 0.0;
	g = &res->group_stats[groupid];
	run = report_dir_runtime_ns(g, ddir);
	if (!run)
		return 0.0;
	agg_kib = (uint64_t)((double)g->dir[ddir].bytes * (double)NS_PER_SEC / (double)run) / 1024;
	if (!agg_kib)
		return 0.0;
	pct = rate_stat_mean(bw) * 100.0 / (double)agg_kib;
	return pct > 100.0 ? 100.0 : pct;
}

void report_cycles(const struct job_stats *st, struct report_cycles *out)
{
	const struct cycles_stat *c = &st->cycles;
	uint64_t ios = st->dir[DDIR_READ].ios + st->dir[DDIR_WRITE].ios +
		       st->dir[DDIR_TRIM].ios;

	out->thread = cycles_per_io(c->thread, ios);
	out->process = cycles_per_io(c->process, c->span_ios);
	out->system = cycles_per_io(c->system, c->span_ios);
	out->host = cycles_per_io(c->host, c->span_ios);
	out->source = cycles_source_name((enum cycles_source)c->source);
	out->tsc_hz = c->tsc_hz;
	out->estimate = c->source != CYCLES_SRC_PMU;
}
