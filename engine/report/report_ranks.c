/* SPDX-License-Identifier: MIT */
#include "report/report_ranks.h"

#include <inttypes.h>
#include <string.h>

#include "lib/json.h"
#include "lib/units.h"

/* in_entry - job i is one of e's jobs. */
static bool in_entry(const struct run_result *res, const struct report_entry *e,
		     unsigned i)
{
	const struct job *job = &res->jobs->jobs[i];

	if (e->nr_jobs == 1 && e->job)
		return job == e->job;
	return job->groupid == e->groupid;
}

/* rank_entry - what rank r did for e: its jobs' figures added, the
 * runtime the longest, the first error. */
static struct rank_job rank_entry(const struct run_result *res,
				  const struct report_entry *e, unsigned r)
{
	struct rank_job sum = { 0 };

	for (unsigned i = 0; i < res->jobs->nr; i++) {
		const struct rank_job *rj = run_ranks_job(res->ranks, r, i);

		if (!in_entry(res, e, i))
			continue;
		sum.ios += rj->ios;
		sum.bytes += rj->bytes;
		if (rj->runtime_ns > sum.runtime_ns)
			sum.runtime_ns = rj->runtime_ns;
		if (!sum.error)
			sum.error = rj->error;
	}
	return sum;
}

static double per_sec(uint64_t count, uint64_t ns)
{
	return ns ? (double)count * 1e9 / (double)ns : 0.0;
}

/* host_entry - what the ranks on rank r's host did for e (*nr ranks);
 * false when an earlier rank is on that host (it was counted there). */
static bool host_entry(const struct run_result *res, const struct report_entry *e,
		       unsigned r, struct rank_job *sum, double *iops,
		       double *bw, unsigned *nr)
{
	const struct run_ranks *rr = res->ranks;

	for (unsigned k = 0; k < r; k++)
		if (!strcmp(rr->host[k], rr->host[r]))
			return false;
	memset(sum, 0, sizeof(*sum));
	*iops = *bw = 0.0;
	*nr = 0;
	for (unsigned k = r; k < rr->nr; k++) {
		struct rank_job one;

		if (strcmp(rr->host[k], rr->host[r]))
			continue;
		one = rank_entry(res, e, k);
		sum->ios += one.ios;
		sum->bytes += one.bytes;
		if (one.runtime_ns > sum->runtime_ns)
			sum->runtime_ns = one.runtime_ns;
		*iops += per_sec(one.ios, one.runtime_ns);
		*bw += per_sec(one.bytes, one.runtime_ns);
		(*nr)++;
	}
	return true;
}

static unsigned slowest_rank(const struct run_result *res,
			     const struct report_entry *e)
{
	uint64_t longest = 0;
	unsigned slowest = 0;

	for (unsigned r = 0; r < res->ranks->nr; r++) {
		struct rank_job one = rank_entry(res, e, r);

		if (one.runtime_ns > longest) {
			longest = one.runtime_ns;
			slowest = r;
		}
	}
	return slowest;
}

static unsigned nr_hosts(const struct run_ranks *rr)
{
	unsigned n = 0;

	for (unsigned r = 0; r < rr->nr; r++) {
		unsigned k = 0;

		while (k < r && strcmp(rr->host[k], rr->host[r]))
			k++;
		n += k == r;
	}
	return n;
}

void report_ranks_json(struct json_writer *w, const struct run_result *res,
		       const struct report_entry *e)
{
	const struct run_ranks *rr = res->ranks;
	unsigned slow;

	if (!rr)
		return;
	json_arr_begin(w, "ranks");
	for (unsigned r = 0; r < rr->nr; r++) {
		struct rank_job one = rank_entry(res, e, r);

		json_obj_begin(w, NULL);
		json_u64(w, "rank", r);
		json_str(w, "host", rr->host[r]);
		json_u64(w, "total_ios", one.ios);
		json_u64(w, "io_kbytes", one.bytes / 1024);
		json_double(w, "iops", per_sec(one.ios, one.runtime_ns));
		json_u64(w, "bw_bytes", (uint64_t)per_sec(one.bytes, one.runtime_ns));
		json_u64(w, "runtime_ms", report_ns_to_ms(one.runtime_ns));
		json_i64(w, "error", one.error < 0 ? -(int64_t)one.error : one.error);
		json_obj_end(w);
	}
	json_arr_end(w);
	json_arr_begin(w, "hosts");
	for (unsigned r = 0; r < rr->nr; r++) {
		struct rank_job sum;
		double iops, bw;
		unsigned nr;

		if (!host_entry(res, e, r, &sum, &iops, &bw, &nr))
			continue;
		json_obj_begin(w, NULL);
		json_str(w, "host", rr->host[r]);
		json_u64(w, "ranks", nr);
		json_u64(w, "total_ios", sum.ios);
		json_u64(w, "io_kbytes", sum.bytes / 1024);
		json_double(w, "iops", iops);
		json_u64(w, "bw_bytes", (uint64_t)bw);
		json_u64(w, "runtime_ms", report_ns_to_ms(sum.runtime_ns));
		json_obj_end(w);
	}
	json_arr_end(w);
	slow = slowest_rank(res, e);
	json_obj_begin(w, "slowest_rank");
	json_u64(w, "rank", slow);
	json_str(w, "host", rr->host[slow]);
	json_u64(w, "runtime_ms", report_ns_to_ms(rank_entry(res, e, slow).runtime_ns));
	json_obj_end(w);
}

void report_ranks_text(FILE *out, const struct run_result *res,
		       const struct report_entry *e)
{
	const struct run_ranks *rr = res->ranks;
	unsigned slow, hosts;

	if (!rr)
		return;
	slow = slowest_rank(res, e);
	hosts = nr_hosts(rr);
	fprintf(out, "  ranks        : %u on %u host%s, slowest rank %u on %s: %" PRIu64 " ms\n",
		rr->nr, hosts, hosts == 1 ? "" : "s", slow, rr->host[slow],
		report_ns_to_ms(rank_entry(res, e, slow).runtime_ns));
	for (unsigned r = 0; r < rr->nr && hosts > 1; r++) {
		struct rank_job sum;
		double iops, bw;
		unsigned nr;

		if (host_entry(res, e, r, &sum, &iops, &bw, &nr))
			fprintf(out, "    host %s: %u rank%s, iops=%.0f, bw=%.1fMiB/s, ios=%" PRIu64 ", runtime=%" PRIu64 "ms\n",
				rr->host[r], nr, nr == 1 ? "" : "s", iops,
				bw / (1024.0 * 1024.0), sum.ios,
				report_ns_to_ms(sum.runtime_ns));
	}
	for (unsigned r = 0; r < rr->nr; r++) {
		struct rank_job one = rank_entry(res, e, r);

		fprintf(out, "    rank %u (%s): iops=%.0f, bw=%.1fMiB/s, ios=%" PRIu64 ", runtime=%" PRIu64 "ms",
			r, rr->host[r], per_sec(one.ios, one.runtime_ns),
			per_sec(one.bytes, one.runtime_ns) / (1024.0 * 1024.0),
			one.ios, report_ns_to_ms(one.runtime_ns));
		if (one.error)
			fprintf(out, ", err=%d", one.error < 0 ? -one.error : one.error);
		fputc('\n', out);
	}
}
