/* SPDX-License-Identifier: MIT */
/*
 * agent_visit.c - a visit of kvm:DOMAIN: the jobs run in a domain that
 * already runs, through its QEMU guest agent (agent.h).
 *
 * Each phase is one program run in the guest: the static worker and the
 * phase's resolved jobs are written to GUEST_DIR under hidden names (in
 * the ledger first, so a sweep can remove them), the worker is made
 * executable and run as `--worker --unlink JOBS`, which removes both once
 * read, and its captured output, the wire events, is read when it exits
 * (the agent gives output only then: no live status line).  The jobs'
 * relative files go in GUEST_DIR too, unless a job says directory=.  The
 * QEMU process's CPU over each run is the phase's host cycles (the
 * worker's start and layout included: the agent cannot say when the
 * phase's I/O began).  A stop request is `kill -INT` of the worker.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "job/resolved.h"
#include "measure/clock.h"
#include "measure/cycles.h"
#include "targets/kvm/agent.h"
#include "targets/kvm/kvm_impl.h"
#include "targets/ledger.h"
#include "targets/remote.h"

#define POLL_US		200000

/* phase_jobs_text - the resolved text of jobs [first, first + nr), each
 * relative file placed in GUEST_DIR. */
static int phase_jobs_text(const struct target_phase *ph, unsigned first,
			   unsigned nr, char **text, size_t *len)
{
	struct job_list copy = { 0 };
	FILE *f;
	int ret = 0;

	copy.jobs = calloc(nr, sizeof(*copy.jobs));
	if (!copy.jobs)
		return -ENOMEM;
	for (unsigned i = 0; i < nr && !ret; i++) {
		struct job *j = &copy.jobs[i];

		ret = job_copy(j, &ph->jobs->jobs[first + i]);
		if (ret)
			break;
		copy.nr++;
		if (!j->directory && !(j->filename && j->filename[0] == '/')) {
			j->directory = strdup(KVM_GUEST_DIR);
			if (!j->directory)
				ret = -ENOMEM;
		}
	}
	f = ret ? NULL : open_memstream(text, len);
	if (!ret && !f)
		ret = -ENOMEM;
	if (f) {
		ret = resolved_write(&copy, 0, copy.nr, f);
		if (fclose(f) && !ret)
			ret = -ENOMEM;
		if (ret) {
			free(*text);
			*text = NULL;
		}
	}
	job_list_release(&copy);
	return ret;
}

/* put_files - the worker and the jobs text in the guest, executable,
 * each in the ledger first. */
static int put_files(struct target *t, struct kvm_target *k, const char *worker,
		     const char *jobs, const char *text, size_t len,
		     unsigned rec[2], struct diag *d)
{
	const char *chmod_args[] = { "0755", worker };
	char desc[sizeof(k->agent_name) + 2 * 256 + 16];
	int ret;

	snprintf(desc, sizeof(desc), "guestfile %s %s", k->agent_name, worker);
	ret = ledger_add(t->ledger, "kvm", desc, &rec[0], d);
	if (!ret) {
		snprintf(desc, sizeof(desc), "guestfile %s %s", k->agent_name, jobs);
		ret = ledger_add(t->ledger, "kvm", desc, &rec[1], d);
	}
	if (!ret)
		ret = agent_write_file(k->agent_dom, worker, k->worker_bin, k->worker_len, d);
	if (!ret)
		ret = agent_write_file(k->agent_dom, jobs, text, len, d);
	if (!ret)
		ret = agent_run(k->agent_dom, "chmod", chmod_args, 2, d);
	return ret;
}

/* run_worker - start it, wait for its exit (forwarding a stop), and hand
 * its output to the conversation.  *cpu_ns gets the QEMU process's CPU
 * over the run.  Returns 0 or -errno with a message. */
static int run_worker(struct kvm_target *k, const char *worker, const char *jobs,
		      const struct target_phase *ph, struct remote_conv *c,
		      uint64_t *cpu_ns, int *exit_code, struct diag *d)
{
	const char *args[] = { "--worker", "--unlink", jobs };
	struct agent_status st = { 0 };
	uint64_t cpu0 = 0, cpu1 = 0;
	bool stopped = false;
	int64_t pid;
	int ret;

	virt_cpu_ns(k->agent_dom, &cpu0);
	ret = agent_exec(k->agent_dom, worker, args, 3, true, &pid, d);
	if (!ret && !c->t->first_phase_done) {
		/* setup ends as the worker starts: its events come only at
		 * its exit, too late to time anything by */
		c->t->info.setup_ns += clock_monotonic_ns() - c->t0;
		c->t->first_phase_done = true;
	}
	while (!ret) {
		ret = agent_exec_status(k->agent_dom, pid, &st, d);
		if (ret || st.exited)
			break;
		agent_status_release(&st);
		if (atomic_load(ph->stop) && !stopped) {
			char p[32];
			const char *kill_args[] = { "-INT", p };
			int64_t kpid;

			snprintf(p, sizeof(p), "%" PRId64, pid);
			stopped = true;
			agent_exec(k->agent_dom, "kill", kill_args, 2, false, &kpid, d);
		}
		usleep(POLL_US);
	}
	virt_cpu_ns(k->agent_dom, &cpu1);
	*cpu_ns = cpu1 > cpu0 ? cpu1 - cpu0 : 0;
	if (!ret) {
		if (st.err_len)
			fwrite(st.err, 1, st.err_len, stderr);	/* the worker's words */
		if (st.out_len)
			remote_feed(c, (const char *)st.out, st.out_len);
		*exit_code = st.signal ? 128 + st.signal : st.exitcode;
	}
	agent_status_release(&st);
	return ret;
}

/* agent_phase - one phase, jobs [first, first + nr). */
static int agent_phase(struct target *t, const struct target_phase *ph,
		       unsigned first, unsigned nr, unsigned seq, struct diag *d)
{
	struct kvm_target *k = t->priv;
	struct target_phase sub = *ph;
	struct remote_conv c;
	char worker[256], jobs[256], who[300], how[64], *text = NULL;
	unsigned rec[2] = { 0, 0 };
	uint64_t cpu_ns = 0, cycles;
	size_t len = 0;
	int ret, code = -1;

	sub.first = first;
	sub.nr = nr;
	snprintf(worker, sizeof(worker), "%s/.iostress-%s-%u-worker", KVM_GUEST_DIR,
		 k->dom.runid, seq);
	snprintf(jobs, sizeof(jobs), "%s/.iostress-%s-%u-jobs", KVM_GUEST_DIR,
		 k->dom.runid, seq);
	remote_begin(&c, t, &sub, d);
	if (k->visit_t0)
		c.t0 = k->visit_t0;	/* setup counts the copying in */
	ret = phase_jobs_text(ph, first, nr, &text, &len);
	if (!ret)
		ret = put_files(t, k, worker, jobs, text, len, rec, d);
	free(text);
	if (!ret)
		ret = run_worker(k, worker, jobs, &sub, &c, &cpu_ns, &code, d);
	/* the worker removed both files as it read them (--unlink); if it
	 * never ran, they go now */
	if (ret) {
		const char *rm_args[] = { "-f", worker, jobs };
		struct diag ignored = { { 0 } };

		if (agent_run(k->agent_dom, "rm", rm_args, 3, &ignored))
			memset(rec, 0, sizeof(rec));	/* the sweep's, then */
	}
	for (unsigned i = 0; i < 2; i++)
		if (rec[i])
			ledger_drop(t->ledger, "kvm", rec[i]);
	cycles = cycles_from_ns(cpu_ns, clock_tsc_hz());
	snprintf(who, sizeof(who), "the worker in %s", k->agent_name);
	snprintf(how, sizeof(how), "exited with status %d", code);
	if (ret) {
		struct diag keep = *d;

		remote_end(&c, who, how);
		*d = keep;
		return ret;
	}
	ret = remote_end(&c, who, how);
	for (unsigned i = first; i < first + nr; i++)
		ph->job_stats[i].cycles.host = cycles;
	return ret;
}

int kvm_agent_visit(struct target *t, const struct target_phase *ph, struct diag *d)
{
	struct kvm_target *k = t->priv;
	unsigned i = ph->first, end = ph->first + ph->nr;
	int ret = 0;

	k->visit_t0 = t->first_phase_done ? 0 : clock_monotonic_ns();
	while (!ret && i < end && !atomic_load(ph->stop)) {
		unsigned phase = ph->jobs->jobs[i].phase, n = 0;

		while (i + n < end && ph->jobs->jobs[i + n].phase == phase)
			n++;
		ret = agent_phase(t, ph, i, n, ++k->visits, d);
		k->visit_t0 = 0;
		i += n;
	}
	return ret;
}
