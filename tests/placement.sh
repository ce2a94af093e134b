#!/bin/bash
# SPDX-License-Identifier: MIT
# placement.sh - one job file at several placements: native and process
# (the worker protocol in a child process on this host).
#
# Checks the %t outputs and their total_ios against the jobs' sizes, the
# side-by-side summary, the refusals (bad spec, --output without %t,
# mixed targets in a phase), target= in --dump-jobs, the streamed status
# lines, SIGINT through a remote worker, and the leftover sweep after a
# SIGKILL.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cd "$T" || bail_out "no temp dir"
export IOSTRESS_STATE_DIR=$T/state

cat >two.job <<JOB
[global]
ioengine=psync
filename=$T/data
bs=4k
size=8m
[w]
rw=write
[r]
stonewall
rw=randread
bs=16k
JOB

# --- two placements, two documents, one summary ---------------------------
run_cmd sum.out sum.err "$IOSTRESS" --target=native,process \
	--output-format=json --output="$T/r-%t.json" two.job
check "--target=native,process exits 0" "$RC"
[ -f r-native.json ] && [ -f r-process.json ]
check "%t gives r-native.json and r-process.json" $?
for p in native process; do
	json_valid "r-$p.json"
	check "r-$p.json is one valid JSON document" $?
	w=$(json_get "r-$p.json" "d['jobs'][0]['write']['total_ios']")
	r=$(json_get "r-$p.json" "d['jobs'][1]['read']['total_ios']")
	diag "$p: write $w I/Os, read $r I/Os"
	[ "$w" = 2048 ] && [ "$r" = 512 ]
	check "$p: total_ios are size/bs (2048 writes of 4k, 512 reads of 16k)" $?
	[ "$(json_get "r-$p.json" "d['jobs'][0]['iostress']['target']['kind']")" = "$p" ]
	check "$p: jobs[].iostress.target.kind is $p" $?
	json_get "r-$p.json" "d['jobs'][0]['iostress']['target']['setup_ms']" >/dev/null
	check "$p: the target reports setup_ms" $?
done
[ "$(json_get r-process.json "d['jobs'][0]['iostress']['target']['worker_fs']")" != "" ]
check "the process target reports the filesystem the worker saw" $?
json_get r-process.json "d['jobs'][0]['iostress']['cpu']['cycles_per_io']['host']" >/dev/null
check "the process target reports host cycles per I/O" $?
grep -q '^side by side (ratio to native)' sum.out &&
	grep -Eq '^w +write +native ' sum.out &&
	grep -Eq '^ +process ' sum.out &&
	grep -Eq '^ +vs native +[0-9.]+x +[0-9.]+x ' sum.out
check "the summary shows each job per placement with ratios" $?
grep -q '^1 run a placement cannot tell a difference from run-to-run noise' sum.out
check "one run a placement: the summary says it cannot tell noise" $?
diag_file sum.out

# --- the same latencies merge the same: percentiles within the histogram --
python3 - <<'PY' >pct.res
import json
n = json.load(open("r-native.json"))["jobs"][1]["read"]["clat_ns"]
p = json.load(open("r-process.json"))["jobs"][1]["read"]["clat_ns"]
ok = n["N"] == p["N"] and set(n["percentile"]) == set(p["percentile"])
print(("PASS" if ok else "FAIL") + " remote clat carries every sample and percentile (N %d vs %d)" % (n["N"], p["N"]))
PY
emit_results <pct.res

# --- refusals ---------------------------------------------------------------
run_cmd bad.out bad.err "$IOSTRESS" --target=native,process --output=r.json two.job
[ "$RC" = 2 ] && grep -q '%t' bad.err
check "several targets without %t in --output: exit 2" $?
run_cmd bad.out bad.err "$IOSTRESS" --target=nosuch two.job
[ "$RC" = 2 ] && grep -q "unknown target kind 'nosuch'" bad.err && grep -q 'native, process' bad.err
check "an unknown kind: exit 2, naming the kinds this build has" $?
printf '[a]\nioengine=null\nsize=1m\ntarget=vm:x\n' >badspec.job
run_cmd bad.out bad.err "$IOSTRESS" --parse-only badspec.job
[ "$RC" = 2 ] && grep -q 'badspec.job:4: ' bad.err
check "a bad target= in a job file: exit 2 with file:line" $?
diag_file bad.err
printf '[a]\nioengine=null\nsize=1m\n[b]\nioengine=null\nsize=1m\ntarget=process\n' >mixed.job
run_cmd bad.out bad.err "$IOSTRESS" mixed.job
[ "$RC" = 2 ] && grep -q 'stonewall' bad.err
check "two targets in one phase: exit 2, suggesting stonewall" $?
printf '[a]\nioengine=null\nsize=1m\n[b]\nstonewall\nioengine=null\nsize=1m\ntarget=process\n' >split.job
run_cmd dump.out dump.err "$IOSTRESS" --dump-jobs split.job
grep -qx 'target=native' dump.out && grep -qx 'target=process' dump.out
check "--dump-jobs shows target=" $?
run_cmd dump.out dump.err "$IOSTRESS" --dump-jobs --target=process split.job
[ "$(grep -c '^target=process$' dump.out)" = 2 ]
check "--dump-jobs --target=process shows every job at process" $?

# --- a job file that places its own jobs -------------------------------------
printf '[a]\nioengine=null\nsize=4m\n[b]\nstonewall\nioengine=null\nsize=4m\ntarget=process\n' >own.job
run_cmd own.out own.err "$IOSTRESS" --output-format=json own.job
[ "$RC" = 0 ] &&
	[ "$(json_get own.out "d['jobs'][0]['iostress']['target']['kind']")" = native ] &&
	[ "$(json_get own.out "d['jobs'][1]['iostress']['target']['kind']")" = process ] &&
	[ "$(json_get own.out "d['jobs'][1]['read']['total_ios']")" = 1024 ]
check "target= per job: job a native, job b through a worker, 1024 I/Os" $?

# --- the worker streams status lines while it runs ---------------------------
printf '[s]\ngroupid=0\nphase=0\nclone=0\nioengine=null\nsize=1g\ntime_based=1\nruntime=3s\n' |
	"$IOSTRESS" --worker >stream.out 2>stream.err
n=$(grep -c '"event":"status"' stream.out)
diag "$n status lines in a 3 s run"
[ "$n" -ge 2 ] && head -n1 stream.out | grep -q '"event":"hello"' &&
	tail -n1 stream.out | grep -q '"event":"result"'
check "--worker: hello, a status line a second, then the result" $?
run_cmd eta.out eta.err "$IOSTRESS" --eta=always --target=process \
	--name=s --ioengine=null --size=1g --time_based --runtime=3
grep -q 'Jobs: 1 (of 1)' eta.err
check "--eta=always shows the remote worker's status line" $?

# --- SIGINT through a remote worker ------------------------------------------
cat >long.job <<JOB
[long]
ioengine=psync
filename=$T/data
size=8m
rw=randread
bs=4k
time_based
runtime=60
JOB
python3 - "$IOSTRESS" <<'PY'
import subprocess, sys, time, signal
p = subprocess.Popen([sys.argv[1], "--target=process", "--output-format=json",
                      "long.job"], stdout=open("int.out", "w"),
                     stderr=open("int.err", "w"))
time.sleep(2.5)
kids = open("/proc/%d/task/%d/children" % (p.pid, p.pid)).read().split()
open("int.worker", "w").write(kids[0] if kids else "")
p.send_signal(signal.SIGINT)
try:
    rc = p.wait(timeout=10)
except subprocess.TimeoutExpired:
    p.kill(); rc = "timeout"
open("int.rc", "w").write(str(rc))
PY
[ "$(cat int.rc)" = 1 ]
check "SIGINT through a remote worker: exit 1" $?
json_valid int.out && [ "$(json_get int.out "d['jobs'][0]['iostress']['interrupted']")" = True ] &&
	[ "$(json_get int.out "d['jobs'][0]['read']['total_ios']")" -gt 0 ]
check "SIGINT: a valid report, marked interrupted, with what ran" $?
# gone PID: no such process, or a zombie its new parent has yet to reap
gone() {
	local st
	st=$(ps -o stat= -p "$1" 2>/dev/null) || return 0
	case $st in Z*) return 0 ;; esac
	return 1
}
[ -n "$(cat int.worker)" ] && gone "$(cat int.worker)"
check "SIGINT: the worker ($(cat int.worker)) is gone" $?
[ -z "$(ls "$IOSTRESS_STATE_DIR" 2>/dev/null)" ]
check "SIGINT: the run's ledger is gone" $?

# --- SIGKILL: the next run sweeps what the killed one left -----------------
"$IOSTRESS" --target=process long.job >kill.out 2>kill.err &
host=$!
worker=
for _ in $(seq 50); do
	worker=$(pgrep -P "$host" 2>/dev/null | head -n1)
	[ -n "$worker" ] && break
	sleep 0.1
done
sleep 1
kill -KILL "$host"
wait "$host" 2>/dev/null
[ -n "$(ls "$IOSTRESS_STATE_DIR")" ]
check "iostress killed with SIGKILL leaves its run's ledger" $?
run_cmd next.out next.err "$IOSTRESS" --name=n --ioengine=null --size=1m
diag_file next.err
[ "$RC" = 0 ] && grep -q "removed leftover process worker $worker " next.err
check "the next run removes the killed run's worker and says so on stderr" $?
sleep 0.2
gone "$worker"
check "the killed run's worker $worker is gone" $?
[ -z "$(ls "$IOSTRESS_STATE_DIR" 2>/dev/null)" ]
check "the killed run's ledger is gone" $?

# --- --cleanup kills a leftover that is still running ------------------------
# A worker that outlived its host (stuck in the kernel, say): a live
# process recorded in the ledger of a run whose owner is dead.
sleep 300 &
victim=$!
start=$(awk '{ sub(/.*\) /, ""); print $20 }' /proc/$victim/stat)
sh -c 'exit 0' & dead=$!
wait "$dead"
mkdir -p "$IOSTRESS_STATE_DIR/00000000deadbeef"
echo "$dead 1" >"$IOSTRESS_STATE_DIR/00000000deadbeef/owner"
echo "$victim $start /bin/sleep" >"$IOSTRESS_STATE_DIR/00000000deadbeef/process.1"
run_cmd clean.out clean.err "$IOSTRESS" --cleanup
diag_file clean.out
[ "$RC" = 0 ] && grep -q "process worker $victim (killed) (run 00000000deadbeef)" clean.out &&
	grep -q '^1 leftover removed' clean.out
check "--cleanup kills a live leftover worker and lists it" $?
wait "$victim" 2>/dev/null
gone "$victim"
check "the live leftover is gone" $?
[ -z "$(ls "$IOSTRESS_STATE_DIR" 2>/dev/null)" ]
check "--cleanup leaves an empty state directory" $?
run_cmd clean2.out clean2.err "$IOSTRESS" --cleanup
[ "$RC" = 0 ] && grep -q '^0 leftovers removed' clean2.out
check "--cleanup with nothing left: 0 leftovers removed" $?

done_testing
