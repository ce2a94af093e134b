#!/bin/bash
# SPDX-License-Identifier: MIT
# mpi.sh - `mpirun -n 4 iostress JOB` on one machine: one exact report.
#
# Four ranks of the same job file: the merged total_ios and io_kbytes are
# the sum of four single runs of the same job (and compare, terse and text
# read the merged report); each rank names its own files ($rank, shown
# resolved by --dump-jobs); a stonewall waits for the slowest rank; the
# merged json+ bins are the union of the ranks' own (--rank-output) and the
# merged percentiles are the percentiles over that union; a rank that
# cannot open its file ends the run on every rank before any I/O, with a
# report and exit 1;
# SIGINT to mpirun ends every rank with a report of what ran, and SIGINT
# to one rank stops the others within a second.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 mpirun

"$IOSTRESS" --help | grep -q '^MPI in this build: yes' ||
	skip_all "iostress was built without MPI (configure --with-mpi; apt-get install libopenmpi-dev openmpi-bin)"

cd "$T" || bail_out "no temp dir"
export IOSTRESS_STATE_DIR=$T/state
# One machine, two cores, maybe root, maybe a container without CMA.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1
# Under ASan the ranks run without LeakSanitizer (ASan's checks stay):
# Open MPI never frees what MPI_Init allocates, much of it in components
# it has unloaded by then (unnamed frames no suppression can match), and
# LeakSanitizer's tracer crashes now and then at exit beside Open MPI's
# threads.  The single runs below keep it.
MPI_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")
MPIRUN=("${MPI_ENV[@]}" mpirun --oversubscribe -n 4)
[ "$(id -u)" = 0 ] && MPIRUN=("${MPI_ENV[@]}" mpirun --allow-run-as-root --oversubscribe -n 4)

mkdir data
cat >sum.job <<JOB
[global]
directory=$T/data

[nullread]
ioengine=null
rw=randread
bs=4k
size=8m

[filewrite]
stonewall
ioengine=psync
rw=write
bs=4k
size=1m
JOB

# --- the sum of four single runs ------------------------------------------
for i in 1 2 3 4; do
	run_cmd one$i.out one$i.err "$IOSTRESS" --output-format=json --output=one$i.json sum.job
	[ "$RC" = 0 ] || { diag_file one$i.err; break; }
done
check "four single runs exit 0" "$RC"
rm -f data/*
run_cmd four.out four.err "${MPIRUN[@]}" "$IOSTRESS" --output-format=json \
	--output=four.json sum.job
check "mpirun -n 4 exits 0" "$RC"
[ "$RC" = 0 ] || diag_file four.err
json_valid four.json
check "rank 0 writes one whole JSON document" $?
python3 - <<'PY' >res.txt
import json
one = [json.load(open("one%d.json" % i)) for i in range(1, 5)]
four = json.load(open("four.json"))
for j, job in enumerate(four["jobs"]):
    name = job["jobname"]
    ios = sum(sum(d["jobs"][j][k]["total_ios"] for k in ("read", "write")) for d in one)
    kb = sum(sum(d["jobs"][j][k]["io_kbytes"] for k in ("read", "write")) for d in one)
    mios = job["read"]["total_ios"] + job["write"]["total_ios"]
    mkb = job["read"]["io_kbytes"] + job["write"]["io_kbytes"]
    print("DIAG %s: merged total_ios=%d io_kbytes=%d, four single runs %d, %d" % (name, mios, mkb, ios, kb))
    print(("PASS" if (mios, mkb) == (ios, kb) and ios > 0 else "FAIL") +
          " %s: merged total_ios and io_kbytes are the sum of four single runs" % name)
    ranks = job["iostress"]["ranks"]
    ok = ([r["rank"] for r in ranks] == [0, 1, 2, 3] and
          sum(r["total_ios"] for r in ranks) == mios and
          all(r["total_ios"] == mios // 4 for r in ranks))
    print(("PASS" if ok else "FAIL") + " %s: four ranks in iostress.ranks, a quarter each" % name)
    slow = job["iostress"]["slowest_rank"]
    ok = (slow["runtime_ms"] == max(r["runtime_ms"] for r in ranks) and
          ranks[slow["rank"]]["runtime_ms"] == slow["runtime_ms"] and
          sum(h["ranks"] for h in job["iostress"]["hosts"]) == 4)
    print(("PASS" if ok else "FAIL") + " %s: the slowest rank and the hosts add up" % name)
print(("PASS" if four["iostress"]["mpi_ranks"] == 4 else "FAIL") + " iostress.mpi_ranks is 4")
PY
emit_results <res.txt
n=$(ls data/filewrite.0.0.[0-3] 2>/dev/null | wc -l)
[ "$n" = 4 ]
check "each rank writes its own file by default (\$rank: $n of 4)" $?
run_cmd cmp.out cmp.err "$IOSTRESS" compare one=one1.json four=four.json
[ "$RC" = 0 ] && grep -q '^nullread ' cmp.out && grep -q '^filewrite ' cmp.out
check "compare reads the merged report like any other" $?
rm -f data/*
run_cmd text.out text.err "${MPIRUN[@]}" "$IOSTRESS" --output-format=terse,normal sum.job
[ "$RC" = 0 ] && [ "$(grep -c '^  ranks        : 4 on 1 host, slowest rank [0-3] on ' text.out)" = 2 ] &&
	[ "$(grep -c '^    rank [0-3] (' text.out)" = 8 ] &&
	[ "$(grep -c '^3;iostress-' text.out)" = 2 ]
check "terse and text: a terse line a job, each job's ranks line and a line per rank" $?

# --- stonewall waits for every rank --------------------------------------------
# Phase 0 runs 50, 150, 250 and 350 ms on ranks 0 to 3; phase 1 may start
# only once rank 3 has ended it, so every phase-1 file is written after
# every phase-0 file was last written.
mkdir sw
cat >sw.job <<JOB
[first]
ioengine=psync
rw=write
bs=4k
size=64k
time_based=1
runtime=\${OMPI_COMM_WORLD_RANK}50ms
filename_format=$T/sw/first.\$rank

[second]
stonewall
ioengine=psync
rw=write
bs=4k
size=64k
filename_format=$T/sw/second.\$rank
JOB
run_cmd sw.out sw.err "${MPIRUN[@]}" "$IOSTRESS" --output-format=json --output=sw.json sw.job
check "a two-phase job under mpirun exits 0" "$RC"
python3 - <<'PY' >res.txt
import json, os
first = [os.stat("sw/first.%d" % r).st_mtime_ns for r in range(4)]
second = [os.stat("sw/second.%d" % r).st_mtime_ns for r in range(4)]
rt = [r["runtime_ms"] for r in json.load(open("sw.json"))["jobs"][0]["iostress"]["ranks"]]
print("DIAG phase 0 runtimes %s ms; phase 1 began %.1f ms after the last phase-0 write" %
      (rt, (min(second) - max(first)) / 1e6))
print(("PASS" if min(second) > max(first) and rt[3] >= 300 else "FAIL") +
      " the next phase starts only when every rank has ended the one before")
PY
emit_results <res.txt

# --- --dump-jobs per rank ---------------------------------------------------
cat >fmt.job <<'JOB'
[j]
ioengine=null
size=1m
filename_format=f.$jobnum.r$rank.$hostname
JOB
run_cmd dump.out dump.err "${MPIRUN[@]}" "$IOSTRESS" --dump-jobs fmt.job
check "--dump-jobs under mpirun exits 0" "$RC"
host=$(grep -m1 '^; rank 0 of 4 on ' dump.out | sed 's/^; rank 0 of 4 on //')
grep -E '^(; rank|filename_format=)' dump.out | tr '\n' ' ' >dump.lines
expect=""
for r in 0 1 2 3; do
	expect="$expect; rank $r of 4 on $host filename_format=f.\$jobnum.r$r.$host "
done
[ -n "$host" ] && [ "$(cat dump.lines)" = "$expect" ]
check "--dump-jobs shows each rank's names resolved, in rank order" $?
[ "$RC" = 0 ] || diag_file dump.err

# a job file that expands differently on one rank is refused on all
cat >uneven.job <<'JOB'
[j]
ioengine=null
size=1m
numjobs=${OMPI_COMM_WORLD_RANK}1
JOB
run_cmd uneven.out uneven.err "${MPIRUN[@]}" "$IOSTRESS" uneven.job
[ "$RC" = 2 ] && grep -q 'under MPI every rank must expand its job files alike' uneven.err
check "ranks whose job files expand to other jobs are refused, exit 2 (got $RC)" $?

# --- percentiles over the union ---------------------------------------------
cat >pct.job <<'JOB'
[lat]
ioengine=null
rw=randread
bs=4k
size=32m
JOB
run_cmd pct.out pct.err "${MPIRUN[@]}" "$IOSTRESS" --output-format=json+ \
	--output=merged.json --rank-output=rank%R.json pct.job
check "json+ with --rank-output exits 0" "$RC"
python3 - <<'PY' >res.txt
import json
from fractions import Fraction
m = json.load(open("merged.json"))["jobs"][0]["read"]["clat_ns"]
ranks = [json.load(open("rank%d.json" % r))["jobs"][0]["read"]["clat_ns"] for r in range(4)]
union = {}
for c in ranks:
    for v, n in c["bins"].items():
        union[int(v)] = union.get(int(v), 0) + n
mbins = {int(v): n for v, n in m["bins"].items()}
print(("PASS" if mbins == union and union else "FAIL") +
      " the merged bins are the union of the four ranks' (%d bins)" % len(union))
lo, hi = min(c["min"] for c in ranks), max(c["max"] for c in ranks)
total = sum(union.values())
bad = []
for key, got in m["percentile"].items():
    p = Fraction(key)
    cum, want = 0, None
    for v in sorted(union):
        cum += union[v]
        if cum * 100 >= p * total:
            want = min(max(v, lo), hi)
            break
    if want != got:
        bad.append("%s: %s, union %s" % (key, got, want))
print("DIAG %s" % (bad[:4] or "p50 %s p99 %s" % (m["percentile"]["50.000000"], m["percentile"]["99.000000"])))
print(("PASS" if not bad and m["percentile"] else "FAIL") +
      " the merged percentiles are those of the union of the ranks' latencies")
print(("PASS" if (m["min"], m["max"]) == (lo, hi) else "FAIL") + " merged min and max")
PY
emit_results <res.txt

# --- a rank that cannot open its file -----------------------------------------
mkdir d0 d1 d3		# no d2: rank 2 cannot create its file
cat >fail.job <<JOB
[long]
ioengine=psync
rw=read
bs=4k
size=256k
time_based=1
runtime=30s
filename_format=$T/d\$rank/f
JOB
cat >quick.job <<JOB
[quick]
ioengine=psync
rw=read
bs=4k
size=256k
filename_format=$T/d1/q\$rank
JOB
t0=$(date +%s%N)
run_cmd quick.out quick.err "${MPIRUN[@]}" "$IOSTRESS" --output-format=json --output=quick.json quick.job
t1=$(date +%s%N)
run_cmd fail.out fail.err "${MPIRUN[@]}" "$IOSTRESS" --output-format=json --output=fail.json fail.job
t2=$(date +%s%N)
# from mpirun's start to rank 0's report: mpirun's teardown of ranks that
# exit non-zero is its own (under ASan it waits a second more)
written_ms() {	# FILE's mtime in ms since the epoch; far ahead when missing
	local m
	m=$(stat -c %.3Y "$1" 2>/dev/null | tr -d .)
	echo "${m:-99999999999999}"
}
base_ms=$(( $(written_ms quick.json) - t0 / 1000000 ))
fail_ms=$(( $(written_ms fail.json) - t1 / 1000000 ))
diag "to the report: a clean 4-rank run of a short job: $base_ms ms; with rank 2 failing to open its 30 s job's file: $fail_ms ms (mpirun exited after $(( (t2 - t1) / 1000000 )) ms)"
[ "$RC" = 1 ]
check "a rank that cannot open its file: exit status 1 (got $RC)" $?
[ "$fail_ms" -lt $((base_ms + 1000)) ]
check "it ends the run on all ranks within a second of a clean short run ($fail_ms ms vs $base_ms ms)" $?
grep -q 'd2/f' fail.err
check "the failing rank says which file" $?
json_valid fail.json
check "rank 0 still writes a whole report" $?
python3 - <<'PY' >res.txt
import json
job = json.load(open("fail.json"))["jobs"][0]
ranks = job["iostress"]["ranks"]
print(("PASS" if ranks[2]["error"] != 0 and job["error"] != 0 else "FAIL") +
      " the report carries rank 2's error")
print(("PASS" if all(r["total_ios"] == 0 and r["runtime_ms"] == 0 for r in ranks) else "FAIL") +
      " no rank started its I/O")
PY
emit_results <res.txt
[ "$RC" = 1 ] || diag_file fail.err

# --- SIGINT -------------------------------------------------------------------
# Open MPI's mpirun answers SIGINT with SIGCONT to the ranks, SIGTERM a
# second later and SIGKILL after odls_base_sigkill_timeout (1 s): iostress
# stops on the SIGTERM and rank 0 writes the report before the SIGKILL.
cat >intr.job <<JOB
[spin]
ioengine=null
rw=randread
bs=4k
size=1g
time_based=1
runtime=30s
JOB
"${MPIRUN[@]}" "$IOSTRESS" --output-format=json --output=intr.json intr.job \
	>intr.out 2>intr.err &
pid=$!
sleep 3
t1=$(date +%s%N)
kill -INT "$pid"
RC=0
wait "$pid" || RC=$?
t2=$(date +%s%N)
diag "SIGINT to mpirun after 3 s: ended in $(( (t2 - t1) / 1000000 )) ms, exit $RC"
[ "$RC" != 0 ] && [ $(( (t2 - t1) / 1000000000 )) -lt 10 ]
check "SIGINT to mpirun ends every rank, exit status non-zero" $?
python3 - <<'PY' >res.txt
import json
try:
    d = json.load(open("intr.json"))
    job = d["jobs"][0]
    ok = (job["iostress"]["interrupted"] and len(job["iostress"]["ranks"]) == 4 and
          all(r["total_ios"] > 0 for r in job["iostress"]["ranks"]))
except Exception as e:
    ok = False
    print("DIAG %s" % e)
print(("PASS" if ok else "FAIL") + " rank 0 reports what all four ranks ran, marked interrupted")
PY
emit_results <res.txt
grep -q 'interrupted; reporting what ran' intr.err || diag_file intr.err

# --- one rank stopped while the phase runs ----------------------------------
# SIGINT to one rank alone: it tells the others, which stop within the
# poll's 20 ms (the runtimes in the report show how soon).
"${MPIRUN[@]}" "$IOSTRESS" --output-format=json --output=one.json intr.job \
	>one.out 2>one.err &
pid=$!
sleep 3
victim=$(pgrep -P "$pid" | head -n 1)
[ -n "$victim" ] && kill -INT "$victim"
RC=0
wait "$pid" || RC=$?
[ -n "$victim" ] && [ "$RC" = 1 ]
check "SIGINT to one rank ends the run on all ranks with exit status 1 (got $RC)" $?
python3 - <<'PY' >res.txt
import json
try:
    ranks = json.load(open("one.json"))["jobs"][0]["iostress"]["ranks"]
    rt = [r["runtime_ms"] for r in ranks]
    print("DIAG runtimes of the ranks: %s ms of 30000" % rt)
    ok = len(rt) == 4 and max(rt) < 29000 and max(rt) - min(rt) < 1000
except Exception as e:
    ok = False
    print("DIAG %s" % e)
print(("PASS" if ok else "FAIL") + " every rank stopped within a second of the one interrupted")
PY
emit_results <res.txt

done_testing
