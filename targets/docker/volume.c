/* SPDX-License-Identifier: MIT */
/*
 * volume.c - the docker:volume placement's volume: made for the run
 * (labelled, in the ledger first) or checked when the user names one, its
 * directory on this host for disk stats, and its removal.
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

/* make_volume - the run's own volume, recorded before it is made. */
int dkt_make_volume(struct target *t, struct dk_target *k, struct diag *d)
{
	struct dk_buf resp = { 0 };
	char body[512], lab[256], desc[160];
	long code = 0;
	int ret;

	snprintf(desc, sizeof(desc), "volume %s", k->volume);
	ret = ledger_add(t->ledger, "docker", desc, &k->volume_id, d);
	if (ret)
		return ret;
	dkt_labels(t, lab, sizeof(lab));
	snprintf(body, sizeof(body), "{\"Name\":\"%s\",\"Labels\":%s}", k->volume, lab);
	ret = dk_call(&k->api, "POST", body, strlen(body), "application/json",
		      &code, &resp, d, "/volumes/create");
	if (!ret && code != 201 && code != 200) {
		diag_set(d, NULL, "docker: unable to create volume '%s': %s",
			 k->volume, dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}

/* check_volume - an existing volume the user named. */
int dkt_check_volume(struct dk_target *k, struct diag *d)
{
	long code = 0;
	int ret = dk_call(&k->api, "GET", NULL, 0, NULL, &code, NULL, d,
			  "/volumes/%s", k->volume);

	if (!ret && code != 200) {
		diag_set(d, NULL, "docker: no volume '%s' (GET /volumes answered %ld)",
			 k->volume, code);
		ret = -ENOENT;
	}
	return ret;
}

/* volume_mountpoint - the volume's directory on this host, for disk
 * stats (kept as the daemon's root when it cannot be had). */
void dkt_volume_mountpoint(struct target *t, struct dk_target *k)
{
	struct dk_buf resp = { 0 };
	struct json_object *o, *mp;
	struct diag d = { { 0 } };
	long code = 0;

	if (!dk_call(&k->api, "GET", NULL, 0, NULL, &code, &resp, &d,
		     "/volumes/%s", k->volume) && code == 200 &&
	    (o = json_tokener_parse(resp.data))) {
		if (json_object_object_get_ex(o, "Mountpoint", &mp))
			snprintf(t->host_path, sizeof(t->host_path), "%s",
				 json_object_get_string(mp));
		json_object_put(o);
	}
	dk_buf_release(&resp);
}

int dkt_remove_volume(struct dk_client *c, const char *name, struct diag *d)
{
	struct dk_buf resp = { 0 };
	long code = 0;
	int ret = dk_call(c, "DELETE", NULL, 0, NULL, &code, &resp, d,
			  "/volumes/%s?force=1", name);

	if (!ret && code != 204 && code != 404) {
		diag_set(d, NULL, "docker: unable to remove volume '%s': %s", name,
			 dk_error_message(&resp));
		ret = -EIO;
	}
	dk_buf_release(&resp);
	return ret;
}
