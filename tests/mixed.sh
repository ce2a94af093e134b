#!/bin/bash
# SPDX-License-Identifier: MIT
# mixed.sh - the flagship job, jobs/mixed.job, runs end to end.
#
# It runs in a temporary directory (removed afterwards, with the 512 MiB
# data file) and checks what a user would look at: four reporting groups,
# one per stonewalled phase, each doing I/O in its direction(s); the
# size-bound first phase wrote exactly the file; the time-based phases ran
# for their runtime (ramp_time excluded); the mix is about 70/30; the whole
# run takes under 40 s; and the only file left is the job's data file.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

JOB=$SRCDIR/jobs/mixed.job
LIMIT_S=40

[ -r "$JOB" ] || bail_out "cannot read $JOB"
fs_supports_direct "$T" ||
	skip_all "the filesystem under ${TMPDIR:-/tmp} refuses O_DIRECT (mixed.job has direct=1)"

mkdir "$T/run" && cd "$T/run" || bail_out "cannot make $T/run"

start=$(date +%s%N)
RC=0
timeout 300 "$IOSTRESS" --output-format=json "$JOB" >"$T/out.json" 2>"$T/err" || RC=$?
end=$(date +%s%N)
elapsed_ms=$(((end - start) / 1000000))

if [ "$RC" -eq 0 ]; then
	pass "iostress jobs/mixed.job exits 0"
else
	fail "iostress jobs/mixed.job exits 0 (got $RC)"
	diag_file "$T/err" 20
fi

if [ "$elapsed_ms" -lt $((LIMIT_S * 1000)) ]; then
	pass "the run takes under ${LIMIT_S} s (${elapsed_ms} ms)"
else
	fail "the run takes under ${LIMIT_S} s (${elapsed_ms} ms)"
fi

if json_valid "$T/out.json"; then
	pass "the report is one valid JSON document"
else
	fail "the report is one valid JSON document"
	diag_file "$T/out.json" 20
fi

# What each phase must show.  Expected values come from jobs/mixed.job:
# phase 0 writes the whole 512 MiB file, phases 1-3 are time_based with
# runtime=5 (ramp_time=1 is not counted), and phase 3 is rwmixread=70.
python3 - "$T/out.json" >"$T/checks" 2>&1 <<'PY'
import json, sys

try:
    d = json.load(open(sys.argv[1]))
    jobs = d["jobs"]
except Exception as e:
    print("FAIL the report has a jobs[] array (%s)" % e)
    sys.exit(0)

def check(cond, text, detail=""):
    print(("PASS " if cond else "FAIL ") + text +
          ("" if cond else (" -- got " + detail if detail else "")))

phases = [
    # name, directions with I/O, directions without
    ("seq-write-1m", ["write"], ["read"]),
    ("seq-read-1m", ["read"], ["write"]),
    ("rand-read-4k", ["read"], ["write"]),
    ("rand-rw-4k-70-30", ["read", "write"], []),
]

gids = sorted({j.get("groupid") for j in jobs})
check(gids == [0, 1, 2, 3], "4 reporting groups, groupid 0..3", str(gids))
names = [j.get("jobname") for j in jobs]
check(names == [p[0] for p in phases],
      "jobs[] lists the 4 phases in file order", str(names))

MiB = 1024 * 1024
for gid, (name, busy, idle) in enumerate(phases):
    js = [j for j in jobs if j.get("groupid") == gid]
    if not js:
        check(False, "group %d (%s) is reported" % (gid, name), "nothing")
        continue
    j = js[0]
    for dd in busy:
        s = j.get(dd, {})
        check(s.get("iops", 0) > 0 and s.get("total_ios", 0) > 0,
              "group %d (%s): %s IOPS > 0" % (gid, name, dd),
              "iops %s, total_ios %s" % (s.get("iops"), s.get("total_ios")))
    for dd in idle:
        s = j.get(dd, {})
        check(s.get("total_ios", -1) == 0,
              "group %d (%s): no %s I/O" % (gid, name, dd),
              "total_ios %s" % s.get("total_ios"))
    if gid == 0:
        w = j.get("write", {})
        check(w.get("io_bytes") == 512 * MiB and w.get("total_ios") == 512,
              "group 0: wrote exactly 512 MiB in 512 I/Os of 1 MiB",
              "io_bytes %s, total_ios %s" % (w.get("io_bytes"),
                                             w.get("total_ios")))
    else:
        rt = max(j.get(dd, {}).get("runtime", 0) for dd in busy)
        check(4500 <= rt <= 6500,
              "group %d (%s): runtime about 5000 ms" % (gid, name),
              "%s ms" % rt)
    if gid == 3:
        r = j.get("read", {}).get("total_ios", 0)
        w = j.get("write", {}).get("total_ios", 0)
        share = 100.0 * r / (r + w) if r + w else 0
        check(60 <= share <= 80, "group 3: reads are 70% of I/Os (+-10)",
              "%.1f%% of %d" % (share, r + w))
    for k in ("usr_cpu", "sys_cpu"):
        check(isinstance(j.get(k), (int, float)),
              "group %d (%s): %s is a number" % (gid, name, k),
              repr(j.get(k)))
PY
emit_results <"$T/checks"

# Only the job's own data file is left, at its full size.
left=$(find . -mindepth 1 -printf '%P %s\n' | LC_ALL=C sort)
if [ "$left" = "iostress-mixed.dat $((512 * 1024 * 1024))" ]; then
	pass "only iostress-mixed.dat (512 MiB) is left in the working directory"
else
	fail "only iostress-mixed.dat (512 MiB) is left in the working directory"
	diag "found: ${left:-nothing}"
fi

done_testing
