/* SPDX-License-Identifier: MIT */
/*
 * layer.c - docker:copyup's lower layer: a container of the worker image
 * lays the visit's files out in full (--worker --layout) and is committed
 * as a labelled iostress-layer: image of the run, which the jobs'
 * container runs from; removed after the visit.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "targets/docker/docker_impl.h"
#include "targets/ledger.h"
#include "job/resolved.h"
#include "measure/clock.h"

int dkt_remove_image(struct dk_client *c, const char *name, struct diag *d)
{
	struct dk_buf resp = { 0 };
	long code = 0;
	int ret = dk_call(c, "DELETE", NULL, 0, NULL, &code, &resp, d,
			  "/images/%s?force=1", name);

	if (!ret && code != 200 && code != 404) {
		diag_set(d, NULL, "docker: unable to remove image '%s': %s", name,
			 dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

/* layout_jobs - a copy of ph's jobs that reads, so that a --layout worker
 * writes every data file in full (a worker lays out what a job reads).
 * Returns 0 or -ENOMEM; job_list_release() it. */
static int layout_jobs(const struct target_phase *ph, struct job_list *out)
{
	memset(out, 0, sizeof(*out));
	out->jobs = calloc(ph->nr, sizeof(*out->jobs));
	if (!out->jobs)
		return -ENOMEM;
	for (unsigned i = 0; i < ph->nr; i++) {
		if (job_copy(&out->jobs[i], &ph->jobs->jobs[ph->first + i])) {
			job_list_release(out);
			return -ENOMEM;
		}
		out->nr++;
		out->jobs[i].rw = RW_READ;
	}
	return 0;
}

/* commit_layer - the layout container as image repo:tag (labelled),
 * written to the ledger first; *rec is its record. */
static int commit_layer(struct visit *lv, const char *image, unsigned *rec,
			struct diag *d)
{
	struct dk_buf resp = { 0 };
	char desc[200], lab[256], body[320];
	const char *colon = strchr(image, ':');
	long code = 0;
	int ret;

	snprintf(desc, sizeof(desc), "image %s", image);
	ret = ledger_add(lv->t->ledger, "docker", desc, rec, d);
	if (ret)
		return ret;
	dkt_labels(lv->t, lab, sizeof(lab));
	snprintf(body, sizeof(body), "{\"Labels\":%s}", lab);
	ret = dk_call(&lv->k->api, "POST", body, strlen(body), "application/json",
		      &code, &resp, d, "/commit?container=%s&repo=%.*s&tag=%s",
		      lv->name, (int)(colon - image), image, colon + 1);
	if (!ret && code != 201) {
		diag_set(d, NULL, "docker: unable to commit '%s' as '%s': %s",
			 lv->name, image, dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

/*
 * make_layer - docker:copyup: lay the visit's files out in a container of
 * the worker image (--layout), commit it as an image, so that the jobs'
 * container finds them in a lower layer and copies each up at its first
 * open for writing.  *image receives the layer image's name, *rec its
 * ledger record; the time it took is the target's layout_ms.
 */
int dkt_make_layer(struct visit *v, char *image, size_t len, unsigned *rec,
		      struct diag *d)
{
	struct visit lv = { .t = v->t, .k = v->k, .ph = v->ph, .layout = true,
			    .image = v->k->image };
	struct job_list copy;
	uint64_t t0 = clock_monotonic_ns();
	char how[64], desc[200];
	unsigned crec = 0;
	int ret = layout_jobs(v->ph, &copy);

	if (ret)
		return ret;
	lv.send = &copy;
	lv.send_nr = copy.nr;
	snprintf(lv.name, sizeof(lv.name), "%.100s-layout", v->name);
	snprintf(image, len, "iostress-layer:%s", v->name + strlen("iostress-"));
	snprintf(desc, sizeof(desc), "container %s", lv.name);
	ret = ledger_add(v->t->ledger, "docker", desc, &crec, d);
	if (!ret)
		ret = dkt_run_container(&lv, how, sizeof(how), d);
	if (!ret && strcmp(how, "exited with status 0")) {
		diag_set(d, NULL, "docker: laying out the files in '%s' %s", lv.name, how);
		ret = -EIO;
	}
	if (!ret)
		ret = commit_layer(&lv, image, rec, d);
	if (!dkt_remove_container(&v->k->api, lv.name, d))
		ledger_drop(v->t->ledger, "docker", crec);
	job_list_release(&copy);
	target_prop_set(v->t, "layout_ms", "%.1f",
			(double)(clock_monotonic_ns() - t0) / 1e6);
	return ret;
}
