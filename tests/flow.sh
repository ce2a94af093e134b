#!/bin/bash
# SPDX-License-Identifier: MIT
# flow.sh - flow control (flow, flow_id, flow_sleep) as fio's: jobs of one
# flow_id keep their I/O counts in the ratio of their weights (1:8 here,
# fio's examples/flow.fio on page-cached files), jobs of another flow are
# not held back by them, and a job that ends leaves its flow.
#
# The ratio holds while both jobs are in the flow.  Each time-based job
# ends at its own start plus runtime, as in fio, and the one left then
# runs free; on a loaded machine the two threads may start tens of ms
# apart (an ASan run saw 1:3.3).  So the ratio, and flow 1's job beside
# it, are measured with exitall: the first of the three to end ends the
# others.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cat >"$T/flow.job" <<'JOB'
[global]
ioengine=psync
bs=4k
size=1m
time_based
runtime=1
flow_sleep=100
[one]
rw=read
flow=1
filename=one.dat
[eight]
rw=read
flow=8
filename=eight.dat
[other]
rw=read
flow_id=1
flow=1
filename=other.dat
[short]
rw=read
flow_id=2
flow=1
time_based=0
size=64k
filename=short.dat
[alone]
rw=read
flow_id=2
flow=1
filename=alone.dat
JOB

# the ratio, and flow 1 beside it: one, eight and other, ended together
sed -n '1,/^\[short\]/p' "$T/flow.job" | sed '$d' | sed 's/^\[global\]$/[global]\nexitall/' >"$T/ratio.job"

# flow_run JOB - iostress on $T/JOB.job in $T, the document in $T/JOB.json
flow_run() {
	run_cmd "$T/$1.json" "$T/err" bash -c 'cd "$1" && exec "$2" --output-format=json "$3.job"' \
		_ "$T" "$IOSTRESS" "$1"
	if [ "$RC" -ne 0 ]; then
		fail "the $1 job runs (exit $RC)"
		diag_file "$T/err"
		done_testing
	fi
}
flow_run ratio
flow_run flow
python3 - "$T/ratio.json" "$T/flow.json" >"$T/res" <<'PY'
import json, sys
def counts(path):
    return {x["jobname"]: x["read"]["total_ios"] for x in json.load(open(path))["jobs"]}
c = counts(sys.argv[1])
r = c["eight"] / max(1, c["one"])
print("%s flow 0: one and eight in the ratio 1:8 (%d and %d I/Os, %.2f)"
      % ("PASS" if 7.5 <= r <= 8.5 else "FAIL", c["one"], c["eight"], r))
print("%s flow 1: a job alone in its flow is not held back by flow 0 (%d I/Os, one did %d)"
      % ("PASS" if c["other"] > c["one"] * 4 else "FAIL", c["other"], c["one"]))
j = counts(sys.argv[2])
print("%s flow 2: a job that ends leaves the flow (alone did %d I/Os after short's 16)"
      % ("PASS" if j["short"] == 16 and j["alone"] > 1000 else "FAIL", j["alone"]))
PY
emit_results <"$T/res"
done_testing
