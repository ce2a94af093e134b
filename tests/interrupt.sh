#!/bin/bash
# SPDX-License-Identifier: MIT
# interrupt.sh - SIGINT and SIGTERM stop a run at once and still report.
#
# A 60 s time-based run is signalled after 2 s.  iostress must exit within
# 1 s with status 1, print a complete JSON document marked interrupted
# (diagnostics on stderr only), write --output files whole, and leave no
# temporary file behind.  A second SIGINT aborts at once.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cd "$T" || bail_out "no temp dir"
cat >long.job <<JOB
[long]
ioengine=psync
filename=$T/data
size=16m
rw=randread
bs=4k
time_based
runtime=60
JOB

# run_and_signal NAME SIGNALS... - start iostress, send each signal 2 s
# apart (first at 2 s), and record how long it took to exit after the
# last one.  Writes NAME.out, NAME.err, NAME.rc and NAME.secs.
run_and_signal() {
	local name=$1
	shift
	python3 - "$IOSTRESS" "$name" "$@" <<'PY'
import subprocess, sys, time, signal
exe, name, sigs = sys.argv[1], sys.argv[2], sys.argv[3:]
out = open(name + ".out", "w")
err = open(name + ".err", "w")
args = [exe, "--output-format=json", "long.job"]
if name.startswith("file"):
    args = [exe, "--output-format=json", "--output=" + name + ".json", "long.job"]
p = subprocess.Popen(args, stdout=out, stderr=err)
time.sleep(2)
for s in sigs:
    t0 = time.time()
    p.send_signal(getattr(signal, s))
    if s != sigs[-1]:
        time.sleep(0.001)
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill()
    rc = "timeout"
open(name + ".rc", "w").write(str(rc))
open(name + ".secs", "w").write("%.3f" % (time.time() - t0))
PY
}

for sig in SIGINT SIGTERM; do
	run_and_signal "$sig" "$sig"
	diag "$sig: exit $(cat $sig.rc) after $(cat $sig.secs) s"
	[ "$(cat $sig.rc)" = 1 ]
	check "$sig: exit status 1 (interrupted)" $?
	python3 -c "import sys; sys.exit(0 if float(open('$sig.secs').read()) < 1.0 else 1)"
	check "$sig: exits within 1 s of the signal" $?
	json_valid "$sig.out"
	check "$sig: stdout is one valid JSON document" $?
	[ "$(json_get "$sig.out" "d['jobs'][0]['iostress']['interrupted']")" = True ]
	check "$sig: the report is marked interrupted" $?
	ios=$(json_get "$sig.out" "d['jobs'][0]['read']['total_ios']")
	rt=$(json_get "$sig.out" "d['jobs'][0]['job_runtime']")
	diag "$sig: $ios I/Os in $rt ms"
	[ "$ios" -gt 0 ] && [ "$rt" -ge 1500 ] && [ "$rt" -le 3000 ]
	check "$sig: it reports the I/O of the ~2 s that ran" $?
	grep -q 'interrupted' "$sig.err"
	check "$sig: the diagnostic goes to stderr" $?
done

run_and_signal file SIGINT
json_valid file.json
check "--output file is complete valid JSON after SIGINT" $?
[ -z "$(ls file.json.* 2>/dev/null)" ]
check "no temporary report file is left" $?

run_and_signal twice SIGINT SIGINT
diag "second SIGINT: exit $(cat twice.rc) after $(cat twice.secs) s"
python3 -c "import sys; sys.exit(0 if float(open('twice.secs').read()) < 1.0 else 1)"
check "a second SIGINT aborts at once" $?
[ -z "$(ls "$T"/*.json.* 2>/dev/null)" ]
check "the abort leaves no temporary file" $?

done_testing
