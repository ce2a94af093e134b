/* SPDX-License-Identifier: MIT */
/*
 * guest_md_fail.c - the appliance guest's RAID1 timeline and a member
 * failing under load (guest_md_fail.h).
 */
#include "cli/guest_md_fail.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/major.h>
#include <linux/raid/md_u.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/guest.h"
#include "cli/guest_md.h"
#include "measure/diskstats.h"
#include "run/sampler.h"
#include "run/worker.h"
#include "wire/wire.h"

#define MD_SYS	"/sys/block/" GUEST_MD_NAME "/md/"
#define REMOVE_WAIT_MS	5000

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* dev_counters - /sys/block/NAME/stat; zeroes when it cannot be read. */
static void dev_counters(const char *name, struct disk_counters *c)
{
	char path[96], text[256];

	snprintf(path, sizeof(path), "/sys/block/%s/stat", name);
	if (guest_read_sys(path, text, sizeof(text)) || diskset_parse_stat(text, c))
		memset(c, 0, sizeof(*c));
}

/* mark - a mark of kind now, with the running workers' totals and the
 * devices' counters.  Under f->lock. */
static void mark(struct guest_md_fail *f, enum md_mark_kind kind)
{
	struct md_mark *m = md_timeline_mark(&f->t, kind, now_ns());

	if (!m)
		return;		/* no room: counted, and said in the report */
	if (f->workers) {
		uint64_t ios[DDIR_NR], bytes[DDIR_NR], clat[DDIR_NR];

		m->have_jobs = true;
		m->phase = f->phase;
		sampler_live_sum(f->workers, f->nr, ios, bytes, clat);
		/* the timeline keeps reads and writes */
		for (unsigned d = 0; d < 2; d++) {
			m->jobs.ios[d] = ios[d];
			m->jobs.bytes[d] = bytes[d];
			m->jobs.clat_ns[d] = clat[d];
		}
	}
	for (unsigned k = 0; k < MD_DEVS; k++)
		dev_counters(f->t.dev[k], &m->dev[k]);
}

static void locked_mark(struct guest_md_fail *f, enum md_mark_kind kind)
{
	pthread_mutex_lock(&f->lock);
	mark(f, kind);
	pthread_mutex_unlock(&f->lock);
}

/* member_state - write state to the failing member's md/dev-X/state. */
static int member_state(struct guest_md_fail *f, const char *state)
{
	const char *member = f->t.dev[f->t.failed];
	char path[96];
	int ret;

	snprintf(path, sizeof(path), MD_SYS "dev-%s/state", member);
	ret = guest_write_sys(path, state);
	if (ret)
		guest_say("raid1: %s > %s: %s", state, path, strerror(-ret));
	return ret;
}

/* remove - take the faulty member out of the array.  md lets go of it
 * only once its in-flight I/O is over and its thread has taken it out of
 * its slot: until then "remove" fails with EBUSY, or is taken without
 * effect.  Returns 0 or -errno (said). */
static int remove_member(struct guest_md_fail *f)
{
	char dir[96], state[112];
	struct stat st;
	int ret = 0;

	snprintf(dir, sizeof(dir), MD_SYS "dev-%s", f->t.dev[f->t.failed]);
	snprintf(state, sizeof(state), "%s/state", dir);
	for (unsigned ms = 0; ms < REMOVE_WAIT_MS; ms += 50) {
		if (stat(dir, &st))
			return 0;		/* gone from the array */
		ret = guest_write_sys(state, "remove");
		guest_sleep_ms(50);
	}
	ret = ret ? ret : -EBUSY;
	guest_say("raid1: %s stays in the array: %s", f->t.dev[f->t.failed], strerror(-ret));
	return ret;
}

/* readd - remove the failed member and add it back: the recovery starts.
 * Returns 0 or -errno (said). */
static int readd(struct guest_md_fail *f)
{
	const char *member = f->t.dev[f->t.failed];
	char path[64];
	struct stat st;
	int fd, ret;

	ret = remove_member(f);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "/dev/%s", member);
	fd = open("/dev/" GUEST_MD_NAME, O_RDWR | O_CLOEXEC);
	if (fd < 0 || stat(path, &st) || ioctl(fd, HOT_ADD_DISK, (unsigned long)st.st_rdev))
		ret = -errno;
	if (fd >= 0)
		close(fd);
	if (ret)
		guest_say("raid1: adding %s back: %s", member, strerror(-ret));
	return ret;
}

static void *fail_thread(void *arg)
{
	struct guest_md_fail *f = arg;
	unsigned long degraded_ms;
	int ret;

	pthread_mutex_lock(&f->lock);
	while (!f->first_ns)
		pthread_cond_wait(&f->wake, &f->lock);
	pthread_mutex_unlock(&f->lock);
	guest_sleep_ms((unsigned)f->at_ms);

	locked_mark(f, MD_MARK_FAIL);
	ret = member_state(f, "faulty");
	pthread_mutex_lock(&f->lock);
	f->t.error = ret;
	guest_read_sys(MD_SYS "array_state", f->t.state_failed, sizeof(f->t.state_failed));
	guest_read_sys(MD_SYS "degraded", f->t.degraded, sizeof(f->t.degraded));
	degraded_ms = (unsigned long)((now_ns() - f->first_ns) / 1000000);
	pthread_mutex_unlock(&f->lock);
	guest_say("raid1: %s marked faulty %lu ms into the jobs: array %s, degraded %s",
		  f->t.dev[f->t.failed], degraded_ms, f->t.state_failed, f->t.degraded);

	if (!ret && f->t.rebuild) {
		ret = readd(f);
		if (!ret) {
			locked_mark(f, MD_MARK_READD);
			guest_md_wait_sync();
			locked_mark(f, MD_MARK_REBUILT);
		}
	}
	pthread_mutex_lock(&f->lock);
	if (ret && !f->t.error)
		f->t.error = ret;
	f->done = true;
	pthread_mutex_unlock(&f->lock);
	return NULL;
}

int guest_md_fail_arm(struct guest_md_fail *f, const char *members,
		      unsigned long resync_ms, unsigned long at_ms, bool rebuild)
{
	char list[256], *save = NULL, *tok;
	unsigned n = 1;
	pthread_t th;
	int r;

	memset(f, 0, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	pthread_cond_init(&f->wake, NULL);
	snprintf(f->t.dev[0], sizeof(f->t.dev[0]), "%s", GUEST_MD_NAME);
	snprintf(list, sizeof(list), "%s", members);
	for (tok = strtok_r(list, ",", &save); tok && n < MD_DEVS;
	     tok = strtok_r(NULL, ",", &save)) {
		const char *base = strrchr(tok, '/');

		snprintf(f->t.dev[n++], sizeof(f->t.dev[0]), "%s", base ? base + 1 : tok);
	}
	if (n != MD_DEVS) {
		guest_say("raid1: two members needed, '%s' has %u", members, n - 1);
		return -EINVAL;
	}
	f->t.resync_ms = resync_ms;
	f->t.fail_at_ms = at_ms;
	f->t.failed = at_ms ? 2 : 0;
	f->t.rebuild = rebuild;
	f->at_ms = at_ms;
	f->armed = true;
	if (!at_ms)
		return 0;
	r = pthread_create(&th, NULL, fail_thread, f);
	if (r) {
		guest_say("raid1: no failure thread: %s", strerror(r));
		return -r;
	}
	pthread_detach(th);
	return 0;
}

void guest_md_fail_watch(struct guest_md_fail *f, unsigned phase,
			 const struct worker *workers, unsigned n)
{
	if (!f->armed)
		return;
	pthread_mutex_lock(&f->lock);
	if (!workers && f->running && f->phase == phase)
		mark(f, MD_MARK_END);
	f->running = false;
	f->workers = workers;
	f->nr = n;
	f->phase = phase;
	pthread_mutex_unlock(&f->lock);
}

void guest_md_fail_started(struct guest_md_fail *f, unsigned phase)
{
	if (!f->armed)
		return;
	pthread_mutex_lock(&f->lock);
	if (f->workers && f->phase == phase) {
		mark(f, MD_MARK_START);
		f->running = true;
	}
	if (!f->first_ns) {
		f->first_ns = now_ns();
		pthread_cond_broadcast(&f->wake);
	}
	pthread_mutex_unlock(&f->lock);
}

void guest_md_fail_result(struct guest_md_fail *f, struct json_writer *w)
{
	if (!f->armed)
		return;
	pthread_mutex_lock(&f->lock);
	guest_read_sys(MD_SYS "array_state", f->t.state_end, sizeof(f->t.state_end));
	wire_md_write(w, "raid1", &f->t);
	pthread_mutex_unlock(&f->lock);
}
