#!/bin/bash
# SPDX-License-Identifier: MIT
# fio-oracle.sh - fio is the oracle for job semantics.
#
# For every tests/jobs/*.job (or the job files given as arguments) run fio
# and iostress, each with --output-format=json in a fresh directory of its
# own, and check that iostress did the same work as fio:
#
#   - per reporting group, the summed io_kbytes and total_ios: per
#     direction (read, write, trim), or read+write when one of the group's
#     jobs mixes reads and writes (which direction each I/O takes is
#     random) or reports them as one (unified_rw_reporting=mixed), and trim
#     apart;
#   - the jobs[] entries: the same (jobname, groupid) list, so numjobs,
#     group_reporting, stonewall and new_group expand the same way;
#   - the data files left behind: the same names (jobname.N.0) and sizes.
#
# The corpus jobs are size-bound (no time_based), use psync or null and
# move at most 16 MiB, so the counts are exact.  A job file may use
# directory=data: the test creates data/ in both directories.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

TIMEOUT=${IOSTRESS_TEST_TIMEOUT:-120}

if [ $# -gt 0 ]; then
	jobfiles=("$@")
else
	jobfiles=("$SRCDIR"/tests/jobs/*.job)
fi
[ -e "${jobfiles[0]}" ] || bail_out "no job files in $SRCDIR/tests/jobs"

# Does the filesystem under $T take O_DIRECT?  (tmpfs does not.)
direct_ok=0
fs_supports_direct "$T" && direct_ok=1

# compare KIND FIO_JSON IOSTRESS_JSON - exit 0 when KIND matches.
#   KIND counts:  per-group io_kbytes and total_ios
#   KIND entries: the (jobname, groupid) list of jobs[]
# Differences are printed as "expected (fio) vs got (iostress)" lines.
compare() {
	python3 - "$@" <<'PY'
import json, sys

kind, fio_path, ios_path = sys.argv[1:4]
docs = []
for who, path in (("fio", fio_path), ("iostress", ios_path)):
    try:
        with open(path) as f:
            docs.append(json.load(f))
    except (OSError, ValueError) as e:
        print("%s JSON unreadable: %s" % (who, e))
        sys.exit(1)
fio, ios = docs

def jobs(doc, who):
    js = doc.get("jobs")
    if not isinstance(js, list) or not js:
        print("%s: no jobs[] array" % who)
        sys.exit(1)
    return js

fjobs, ijobs = jobs(fio, "fio"), jobs(ios, "iostress")

if kind == "entries":
    f = [(j["jobname"], j["groupid"]) for j in fjobs]
    try:
        i = [(j["jobname"], j["groupid"]) for j in ijobs]
    except KeyError as e:
        print("iostress jobs[] entry without %s" % e)
        sys.exit(1)
    if f != i:
        print("expected (fio):     %s" % f)
        print("got (iostress):     %s" % i)
        sys.exit(1)
    sys.exit(0)

KEYS = ("io_kbytes", "total_ios")
DIRS = ("read", "write", "trim")

def groups(js, who):
    g = {}
    for j in js:
        # unified_rw_reporting=mixed: one "mixed" direction, no read or
        # write; counted as read (a mixed group sums read+write anyway)
        if "mixed" in j and "read" not in j:
            j = dict(j, read=j["mixed"], write={k: 0 for k in KEYS},
                     trim={k: 0 for k in KEYS})
        try:
            gid = j["groupid"]
            s = g.setdefault(gid, {d: {k: 0 for k in KEYS} for d in DIRS})
            for d in DIRS:
                for k in KEYS:
                    s[d][k] += int(j[d][k])
        except (KeyError, TypeError, ValueError) as e:
            print("%s: job %r lacks %s" % (who, j.get("jobname"), e))
            sys.exit(1)
    return g

fg, ig = groups(fjobs, "fio"), groups(ijobs, "iostress")
bad = 0
if sorted(fg) != sorted(ig):
    print("groupids: expected (fio) %s, got (iostress) %s"
          % (sorted(fg), sorted(ig)))
    bad = 1
for gid in sorted(fg):
    if gid not in ig:
        continue
    f, i = fg[gid], ig[gid]
    print("group %s: jobs %s" % (gid, ", ".join(
        j["jobname"] for j in fjobs if j["groupid"] == gid)))
    # A group is mixed when one of fio's jobs in it both read and wrote.
    mixed = any(("read" not in j) or
                (j["read"]["total_ios"] > 0 and j["write"]["total_ios"] > 0)
                for j in fjobs if j["groupid"] == gid)
    if mixed:
        checks = [("read+write " + k,
                   f["read"][k] + f["write"][k],
                   i["read"][k] + i["write"][k]) for k in KEYS]
        checks += [("trim " + k, f["trim"][k], i["trim"][k]) for k in KEYS]
    else:
        checks = [("%s %s" % (d, k), f[d][k], i[d][k])
                  for d in DIRS for k in KEYS]
    for what, want, got in checks:
        if want != got:
            print("group %s %s: expected (fio) %d, got (iostress) %d"
                  % (gid, what, want, got))
            bad = 1
        else:
            print("group %s %s: %d" % (gid, what, got))
sys.exit(bad)
PY
}

# files_in DIR - "path size" of every regular file under DIR, sorted.
# fio's verify state files (*-verify.state, verify_state_save) are fio's
# own bookkeeping, not data files.
files_in() {
	(cd "$1" && find . -type f ! -name '*-verify.state' -printf '%P %s\n' | LC_ALL=C sort)
}

for jf in "${jobfiles[@]}"; do
	n=$(basename "$jf" .job)
	jf=$(cd "$(dirname "$jf")" && pwd)/$(basename "$jf")

	if grep -Eq '^[[:space:]]*(direct[[:space:]]*=[[:space:]]*1|buffered[[:space:]]*=[[:space:]]*0)' "$jf" &&
		[ "$direct_ok" != 1 ]; then
		skip "$n: all checks" "the filesystem under ${TMPDIR:-/tmp} refuses O_DIRECT"
		continue
	fi

	fdir=$T/$n.fio
	idir=$T/$n.iostress
	mkdir -p "$fdir/data" "$idir/data"

	# The oracle first.
	frc=0
	(cd "$fdir" && timeout "$TIMEOUT" fio --output-format=json \
		--output="$T/$n.fio.json" "$jf") >"$T/$n.fio.out" 2>&1 || frc=$?
	if [ "$frc" -ne 0 ]; then
		fail "$n: fio runs the job (rc $frc): the corpus job is wrong"
		diag_file "$T/$n.fio.out"
		continue
	fi

	irc=0
	(cd "$idir" && timeout "$TIMEOUT" "$IOSTRESS" --output-format=json "$jf") \
		>"$T/$n.iostress.json" 2>"$T/$n.iostress.err" || irc=$?
	if [ "$irc" -eq 0 ]; then
		pass "$n: iostress exits 0"
	else
		fail "$n: iostress exits 0 (got $irc)"
		diag_file "$T/$n.iostress.err"
	fi

	if compare counts "$T/$n.fio.json" "$T/$n.iostress.json" >"$T/$n.cmp" 2>&1; then
		pass "$n: per-group io_kbytes and total_ios match fio"
	else
		fail "$n: per-group io_kbytes and total_ios match fio"
		diag_file "$T/$n.cmp"
	fi

	if compare entries "$T/$n.fio.json" "$T/$n.iostress.json" >"$T/$n.cmp" 2>&1; then
		pass "$n: jobs[] (jobname, groupid) match fio"
	else
		fail "$n: jobs[] (jobname, groupid) match fio"
		diag_file "$T/$n.cmp"
	fi

	files_in "$fdir" >"$T/$n.fio.files"
	files_in "$idir" >"$T/$n.iostress.files"
	if cmp -s "$T/$n.fio.files" "$T/$n.iostress.files"; then
		pass "$n: data files (name, size) match fio"
	else
		fail "$n: data files (name, size) match fio"
		diag "expected (fio):"
		diag_file "$T/$n.fio.files"
		diag "got (iostress):"
		diag_file "$T/$n.iostress.files"
	fi

	# Keep $T small: the data files are no longer needed.
	rm -rf "$fdir" "$idir"
done

done_testing
