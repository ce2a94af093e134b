/* SPDX-License-Identifier: MIT */
/*
 * ledger.h - the record of what a run created outside its own process, so
 * that what a killed run leaves behind can be found and removed.
 *
 * The state directory is $IOSTRESS_STATE_DIR, else /run/iostress for
 * root, else $XDG_RUNTIME_DIR/iostress or /tmp/iostress-UID.  A run owns
 * one directory in it, named by the run's id (16 hex digits, also used to
 * label containers and domains), holding:
 *
 *   owner          "PID STARTTIME\n" of the iostress process that runs it
 *   KIND.N         one resource of that target kind: one line of text the
 *                  kind wrote and its sweep() understands
 *
 * A record is written before the resource is created and removed once it
 * is gone, so a crash in between leaves a record of something that may
 * not exist; sweep() treats "already gone" as removed.  A run whose owner
 * is no longer alive (proc_alive) is dead; ledger_for_each_dead() visits
 * its records.
 */
#ifndef IOSTRESS_LEDGER_H
#define IOSTRESS_LEDGER_H

#include "lib/diag.h"

#define LEDGER_RUNID_LEN	16

struct ledger {
	char *dir;				/* owned: state/RUNID */
	char runid[LEDGER_RUNID_LEN + 1];
	unsigned seq;				/* last N used */
};

/* ledger_state_dir - the state directory (see above), in a static
 * buffer. */
const char *ledger_state_dir(void);

/* ledger_open - pick a run id and create the run's directory and owner
 * record.  Returns 0 or -errno with a message in d. */
int ledger_open(struct ledger *l, struct diag *d);

/* ledger_add - record one resource of kind, described by desc (one
 * line); *id receives the N to drop it with.  Returns 0 or -errno with a
 * message in d. */
int ledger_add(struct ledger *l, const char *kind, const char *desc,
	       unsigned *id, struct diag *d);

/* ledger_drop - the resource kind.id is gone: remove its record. */
void ledger_drop(struct ledger *l, const char *kind, unsigned id);

/* ledger_close - remove the owner record and the run's directory when no
 * resource record is left (otherwise they stay for a later sweep), and
 * free l.  Safe on a zeroed ledger. */
void ledger_close(struct ledger *l);

/*
 * ledger_for_each_dead - for every run in the state directory whose
 * owner is dead, call fn for each of its records; a record is removed
 * when fn returns 0, and the run's directory once it is empty.  Returns
 * 0 or the first nonzero fn result (the walk goes on).
 */
int ledger_for_each_dead(int (*fn)(const char *runid, const char *kind,
				   const char *desc, void *arg),
			 void *arg);

#endif
