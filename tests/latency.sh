#!/bin/bash
# SPDX-License-Identifier: MIT
# latency.sh - latency_target, latency_window, latency_percentile against
# fio, on cases whose outcome does not depend on the machine:
#
#   reachable     a 10 s target with the null engine: the depth doubles
#                 every window up to iodepth, runs one last window there
#                 and the job ends (long before its runtime), both tools
#                 reporting latency_depth=8 and one window of runtime;
#   unreachable   a 1 µs target for 1 MiB reads at percentile 100: the
#                 first read, at depth 1, is over it and fails the job
#                 with ETIMEDOUT (110).

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

cat >"$T/reach.job" <<'JOB'
[reach]
ioengine=null
rw=randread
bs=4k
size=1g
iodepth=8
time_based
runtime=20
latency_target=10s
latency_window=50ms
JOB
cat >"$T/unreach.job" <<'JOB'
[unreach]
ioengine=psync
rw=read
bs=1m
size=4m
iodepth=4
latency_target=1us
latency_window=10ms
JOB

for n in reach unreach; do
	run_both "$n" "$T/$n.job"
	python3 - "$n" "$T/$n.fio.json" "$T/$n.ios.json" "$FRC" "$IRC" >"$T/$n.res" <<'PY'
import json, sys
n, fj, ij, frc, irc = sys.argv[1:6]
try:
    f = json.load(open(fj))["jobs"][0]
    i = json.load(open(ij))["jobs"][0]
except (OSError, ValueError, KeyError, IndexError) as e:
    print("FAIL %s: documents unreadable: %s" % (n, e))
    sys.exit(0)
ok = (frc == "0") == (irc == "0")
print("%s %s: exit status agrees with fio (fio %s, iostress %s)" % ("PASS" if ok else "FAIL", n, frc, irc))
keys = ("error", "latency_depth", "latency_target", "latency_percentile", "latency_window")
bad = [k for k in keys if f.get(k) != i.get(k)]
print("%s %s: %s as fio's (%s)" % ("FAIL" if bad else "PASS", n, ", ".join(keys),
      ", ".join("%s=%s/%s" % (k, f.get(k), i.get(k)) for k in keys)))
if n == "reach":
    rt = i["read"]["runtime"]
    print("%s reach: the job ends after its last window, not its runtime (%s ms)"
          % ("PASS" if rt < 5000 else "FAIL", rt))
else:
    print("%s unreach: one I/O, as fio (%s, %s)" % (
        "PASS" if i["read"]["total_ios"] == f["read"]["total_ios"] == 1 else "FAIL",
        f["read"]["total_ios"], i["read"]["total_ios"]))
PY
	emit_results <"$T/$n.res"
done
done_testing
