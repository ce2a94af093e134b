#!/bin/bash
# SPDX-License-Identifier: MIT
# compare-noise.sh - compare tells run-to-run noise from a difference.
#
# A null-engine job capped at 4000 IOPS runs 5 times, twice over (two
# sets of runs of the same job, taken in turns so that what else the
# machine does weighs on both alike); its IOPS must come out "within
# noise" (~).  The same job capped at half must come out "beyond noise" (*) at
# 0.50x.  One run a side cannot tell, and says so.
#
# The Mann-Whitney U test at p < 0.05 calls two sets of one distribution
# different once in twenty by design, so a "beyond" for the same job gets
# one more set of runs before it counts as a failure.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cd "$T" || bail_out "no temp dir"
export IOSTRESS_STATE_DIR=$T/state

cat >full.job <<JOB
[capped]
ioengine=null
rw=randread
bs=4k
size=1g
rate_iops=4000
time_based=1
runtime=300ms
JOB
sed 's/rate_iops=4000/rate_iops=2000/' full.job >half.job

# runs SET JOB [SET JOB] - 5 runs of JOB at native, SET-1.json ...
# SET-5.json; of two jobs, in turns.
runs() {
	local i
	for i in 1 2 3 4 5; do
		"$IOSTRESS" --output-format=json --output="$1-$i.json" "$2" >/dev/null || return 1
		[ $# -lt 4 ] && continue
		"$IOSTRESS" --output-format=json --output="$3-$i.json" "$4" >/dev/null || return 1
	done
}
# labelled LABEL SET - LABEL=SET-1.json ... LABEL=SET-5.json
labelled() {
	local i
	for i in 1 2 3 4 5; do
		printf '%s=%s-%d.json ' "$1" "$2" "$i"
	done
}

runs a full.job b full.job && runs h half.job
check "three sets of 5 runs" $?

# shellcheck disable=SC2046
run_cmd same.out same.err "$IOSTRESS" compare $(labelled first a) $(labelled second b)
if ! grep -Eq '^ +vs first +1\.00x~' same.out; then
	diag "the same job came out beyond noise once; one more set of runs"
	diag_file same.out
	runs a full.job b full.job
	# shellcheck disable=SC2046
	run_cmd same.out same.err "$IOSTRESS" compare $(labelled first a) $(labelled second b)
fi
diag_file same.out
[ "$RC" = 0 ] && grep -Eq '^ +vs first +1\.00x~' same.out
check "two sets of runs of the same job: IOPS within noise (1.00x~)" $?
grep -q '^\* beyond the run-to-run noise, ~ within it (Mann-Whitney U' same.out
check "the legend names the test" $?

# shellcheck disable=SC2046
run_cmd half.out half.err "$IOSTRESS" compare $(labelled full a) $(labelled half h)
diag_file half.out
[ "$RC" = 0 ] && grep -Eq '^ +vs full +0\.(49|50|51)x\* +0\.(49|50|51)x\*' half.out
check "the job at half the rate: IOPS and bandwidth beyond noise (0.50x*)" $?

# shellcheck disable=SC2046
run_cmd half.json half.err "$IOSTRESS" compare --output-format=json \
	$(labelled full a) $(labelled half h)
python3 - <<'PY' >res.txt
import json
d = json.load(open("half.json"))
cell = d["rows"][0]["placements"][1]
iops = cell["iops"]
print("DIAG half: %s" % iops)
ok = (d["test"]["name"] == "Mann-Whitney U" and iops["verdict"] == "beyond" and
      iops["p"] < 0.05 and len(iops["runs"]) == 5 and abs(iops["ratio"] - 0.5) < 0.02)
print(("PASS" if ok else "FAIL") +
      " the JSON gives the runs, the ratio, the verdict, its p-value and the test's name")
PY
emit_results <res.txt

run_cmd one.out one.err "$IOSTRESS" compare full=a-1.json half=h-1.json
diag_file one.out
[ "$RC" = 0 ] && grep -q '^1 run a placement cannot tell a difference from run-to-run noise' one.out &&
	grep -Eq '^ +vs full +0\.(4[5-9]|5[0-5])x ' one.out && ! grep -Eq 'x[~*]' one.out
check "one run a side: no marks, and the table says it cannot tell" $?

done_testing
