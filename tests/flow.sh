#!/bin/bash
# SPDX-License-Identifier: MIT
# flow.sh - flow control (flow, flow_id, flow_sleep) as fio's: jobs of one
# flow_id keep their I/O counts in the ratio of their weights (1:8 here,
# fio's examples/flow.fio on page-cached files), jobs of another flow are
# not held back by them, and a job that ends leaves its flow.

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

run_cmd "$T/out.json" "$T/err" bash -c 'cd "$1" && exec "$2" --output-format=json flow.job' _ "$T" "$IOSTRESS"
if [ "$RC" -ne 0 ]; then
	fail "the flow job runs (exit $RC)"
	diag_file "$T/err"
	done_testing
fi
python3 - "$T/out.json" >"$T/res" <<'PY'
import json, sys
j = {x["jobname"]: x["read"]["total_ios"] for x in json.load(open(sys.argv[1]))["jobs"]}
r = j["eight"] / max(1, j["one"])
print("%s flow 0: one and eight in the ratio 1:8 (%d and %d I/Os, %.2f)"
      % ("PASS" if 7.5 <= r <= 8.5 else "FAIL", j["one"], j["eight"], r))
print("%s flow 1: a job alone in its flow is not held back by flow 0 (%d I/Os, one did %d)"
      % ("PASS" if j["other"] > j["one"] * 4 else "FAIL", j["other"], j["one"]))
print("%s flow 2: a job that ends leaves the flow (alone did %d I/Os after short's 16)"
      % ("PASS" if j["short"] == 16 and j["alone"] > 1000 else "FAIL", j["alone"]))
PY
emit_results <"$T/res"
done_testing
