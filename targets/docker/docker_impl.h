/* SPDX-License-Identifier: MIT */
/*
 * docker_impl.h - what the docker kind's files share and nothing else
 * includes: docker.c (the kind: modes, the daemon, prepare, visits,
 * sweep), volume.c, container.c, layer.c (docker:copyup), cgroup.c (the
 * host's CPU share) and exec.c (docker:exec).
 */
#ifndef IOSTRESS_DOCKER_IMPL_H
#define IOSTRESS_DOCKER_IMPL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>

#include "targets/docker/api.h"
#include "targets/remote.h"
#include "targets/target.h"

#define WORKDIR		"/iostress"	/* the jobs' directory in a container */
#define JOBS_FILE	"iostress-jobs"	/* the resolved jobs, at its root */
#define LABEL_RUN	"io.iostress.run"
#define LABEL_OWNER	"io.iostress.owner"

enum dk_mode { MODE_LAYER, MODE_COPYUP, MODE_VOLUME, MODE_BIND, MODE_EXEC };

struct dk_target {
	struct dk_client api;		/* requests and the log stream */
	struct dk_client ctl;		/* kill, while api streams */
	bool api_open, ctl_open;
	enum dk_mode mode;
	char image[64];
	char volume[128];		/* MODE_VOLUME */
	bool own_volume;		/* made for the run: removed after it */
	unsigned volume_id;		/* its ledger record */
	char bind[PATH_MAX];		/* MODE_BIND */
	char driver[64];		/* the daemon's storage driver */
	char worker[PATH_MAX];		/* the static worker */
	char ctr[200];			/* MODE_EXEC: the container, */
	char ctr_id[80];		/* its full id, */
	char workdir[PATH_MAX];		/* its working directory */
	unsigned visits;		/* containers made so far */
};

/* The state of one visit. */
struct visit {
	struct target *t;
	struct dk_target *k;
	struct remote_conv conv;
	struct dk_demux demux;
	char name[128];
	const char *image;		/* the container's image */
	bool layout;			/* a layout container: --worker --layout,
					 * its answer is not the jobs' result */
	const struct job_list *send;	/* the jobs to send: ph's, or their
					 * layout copy */
	unsigned send_first, send_nr;
	char id[80];			/* the container's full id */
	uint64_t cpu_ns;		/* its cgroup's CPU, last read */
	bool forwarded;			/* SIGINT sent */
	char exec_id[80];		/* MODE_EXEC: the exec, */
	int exec_pid;			/* its process on the host (0: not
					 * known yet), */
	unsigned exec_rec;		/* and its ledger record */
	const struct target_phase *ph;
};

/* dkt_labels - the run's labels as a JSON object's text. */
void dkt_labels(const struct target *t, char *buf, size_t len);

/* volume.c: the run's own volume (recorded in the ledger first), a named
 * one checked, its host directory into t->host_path, and removal (gone
 * already is fine).  0 or -errno with a message. */
int dkt_make_volume(struct target *t, struct dk_target *k, struct diag *d);
int dkt_check_volume(struct dk_target *k, struct diag *d);
void dkt_volume_mountpoint(struct target *t, struct dk_target *k);
int dkt_remove_volume(struct dk_client *c, const char *name, struct diag *d);

/* container.c: dkt_run_container creates v's container (from v->image,
 * with v->send's jobs), starts it and follows it to its end; *how says
 * how it ended; the caller removes it with dkt_remove_container (gone
 * already is fine).  0 or -errno with a message. */
int dkt_run_container(struct visit *v, char *how, size_t how_len,
		      struct diag *d);
int dkt_remove_container(struct dk_client *c, const char *name,
			 struct diag *d);

/* layer.c: docker:copyup's layer image for the visit, in *image, its
 * ledger record in *rec; removal (gone already is fine). */
int dkt_make_layer(struct visit *v, char *image, size_t len, unsigned *rec,
		   struct diag *d);
int dkt_remove_image(struct dk_client *c, const char *name, struct diag *d);

/* dkt_on_logs - dk_stream()'s on_data for a worker's multiplexed output:
 * stdout to the conversation, stderr to ours. */
int dkt_on_logs(const char *buf, size_t len, void *arg);

/* dkt_sample_cpu - read the container's cgroup CPU into v->cpu_ns. */
void dkt_sample_cpu(struct visit *v);

/* dkt_host_cpu - the container's CPU so far (a remote_cpu_fn; arg is the
 * visit): read now, or the last reading when its cgroup has gone with
 * it.  Returns 0, or -ENOENT when it was never read. */
int dkt_host_cpu(void *arg, uint64_t *ns);

/* dkt_explain_eperm - a job of the visit on io_uring failed with EPERM:
 * say it is seccomp, and both ways out. */
void dkt_explain_eperm(const struct visit *v, struct diag *d);

/* dkt_exec_prepare - docker:exec=CONTAINER: the container runs; describe
 * the mount its working directory is on.  0 or -errno with a message. */
int dkt_exec_prepare(struct target *t, struct dk_target *k, struct diag *d);

/* dkt_exec_visit - run the visit's jobs in the container with exec: the
 * worker and the jobs are copied in and remove themselves.  Returns as
 * run_phase. */
int dkt_exec_visit(struct visit *v, struct diag *d);

#endif
