#!/bin/bash
# SPDX-License-Identifier: MIT
# compare.sh - `iostress compare` on fixed documents (tests/data/compare/:
# iostress's json+ at native and process, fio 3.33's json twice and json+
# once, of fixture.job): the table and the JSON document exactly as
# expected; percentiles taken from json+ bins equal to fio's own; bad and
# foreign documents refused with exit 2, the file and the JSON pointer
# named, nothing written.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

DATA=$SRCDIR/tests/data/compare
DOCS="is-native.json is-process.json fio-1.json fio-2.json fioplus-1.json"

cd "$DATA" || bail_out "no $DATA"
# shellcheck disable=SC2086
run_cmd "$T/text.out" "$T/text.err" "$IOSTRESS" compare $DOCS
check "compare of the fixed documents exits 0" "$RC"
diff -u expected.txt "$T/text.out" >"$T/text.diff"
check "the table is the expected one" $?
[ -s "$T/text.diff" ] && diag_file "$T/text.diff"

# shellcheck disable=SC2086
run_cmd "$T/json.out" "$T/json.err" "$IOSTRESS" compare --output-format=json $DOCS
grep -v '"iostress compare"' "$T/json.out" | diff -u expected.json - >"$T/json.diff"
check "--output-format=json is the expected document" $?
[ -s "$T/json.diff" ] && diag_file "$T/json.diff"

# shellcheck disable=SC2086
run_cmd "$T/o.out" "$T/o.err" "$IOSTRESS" compare --output="$T/o.txt" $DOCS
[ "$RC" = 0 ] && [ ! -s "$T/o.out" ] && cmp -s "$T/o.txt" expected.txt
check "--output=FILE holds the table, stdout nothing" $?

# The labels: target names, file names without their run number, fio's
# two runs one group, LABEL=FILE over all of them.
grep -q '^fio  *2 runs: fio-1.json fio-2.json$' expected.txt &&
	grep -q '^process  *1 run: is-process.json$' expected.txt
check "documents are labelled by target, or by file name without run number" $?
run_cmd "$T/l.out" "$T/l.err" "$IOSTRESS" compare mine=fio-1.json mine=fio-2.json theirs=is-native.json
[ "$RC" = 0 ] && grep -q '^mine  *2 runs' "$T/l.out" && grep -q 'vs mine' "$T/l.out"
check "LABEL=FILE names the placement; the first label is the base" $?
run_cmd "$T/b.out" "$T/b.err" "$IOSTRESS" compare --base=process is-native.json is-process.json
[ "$RC" = 0 ] && grep -q '^side by side (ratio to process)$' "$T/b.out" &&
	[ "$(grep -m1 -A1 '^job ' "$T/b.out" | tail -1 | awk '{print $3}')" = process ]
check "--base=LABEL makes that placement the base, whatever the order of the files" $?
run_cmd "$T/nb.out" "$T/nb.err" "$IOSTRESS" compare --base=nowhere is-native.json is-process.json
[ "$RC" = 2 ] && [ ! -s "$T/nb.out" ] && grep -q "compare: --base='nowhere': no document is labelled so" "$T/nb.err"
check "--base naming no placement: exit 2, nothing written" $?

python3 - "$DATA" "$T" <<'PY' >"$T/res.txt"
import json, sys
data, t = sys.argv[1:3]
d = json.load(open(data + "/fioplus-1.json"))
want = {}
for j in d["jobs"]:
    for k in ("read", "write"):
        if not j[k]["total_ios"]:
            continue
        pl = j[k]["clat_ns"].pop("percentile")
        want["%s/%s" % (j["jobname"], k)] = [pl["50.000000"], pl["99.000000"], pl["99.900000"]]
json.dump(d, open(t + "/bins-only.json", "w"))
json.dump(want, open(t + "/want.json", "w"))
fio = json.load(open(data + "/fio-1.json"))
j = fio["jobs"][0]["read"]
table = open(data + "/expected.json").read()
c = json.loads(table)
row = c["rows"][0]
fio_cell = [p for p in row["placements"] if p["label"] == "fio"][0]
ok = (row["jobname"] == "rd" and fio_cell["runs"] == 2 and
      j["clat_ns"]["percentile"]["99.900000"] in fio_cell["clat_p99.9_ns"]["runs"] and
      fio_cell["cycles_per_io_process"] is None and fio_cell["setup_ms"] is None)
print(("PASS" if ok else "FAIL") + " fio's p99.9 is read from its percentile list; fio has no cycles or setup (null)")
PY
emit_results <"$T/res.txt"
run_cmd "$T/b.out" "$T/b.err" "$IOSTRESS" compare --output-format=json "$T/bins-only.json"
python3 - "$T" <<'PY' >"$T/res.txt"
import json, sys
t = sys.argv[1]
want = json.load(open(t + "/want.json"))
c = json.load(open(t + "/b.out"))
bad = []
for row in c["rows"]:
    cell = row["placements"][0]
    got = [cell[k]["median"] for k in ("clat_p50_ns", "clat_p99_ns", "clat_p99.9_ns")]
    w = want["%s/%s" % (row["jobname"], row["dir"])]
    if [float(x) for x in w] != got:
        bad.append((row["jobname"], row["dir"], w, got))
print("DIAG %s" % bad)
print(("PASS" if not bad and c["rows"] else "FAIL") +
      " percentiles from json+ bins equal fio's own percentile list")
PY
emit_results <"$T/res.txt"

# Bad documents: message, exit status, nothing written.
cd "$T" || bail_out "no temp dir"
printf '{"jobs": [' >trunc.json
echo '{}' >empty.json
echo '[{"Id": "4f2a", "State": {"Running": true}}]' >inspect.json
echo '{"jobs": []}' >nojobs.json
echo '{"jobs": [{"jobname": "x", "read": {"iops": "3", "bw_bytes": 0}}]}' >type.json
echo '{"jobs": [{"jobname": "x", "read": {"iops": 1, "bw_bytes": 1, "clat_ns": {"percentile": {"99.0": "1"}}}}]}' >pct.json
echo '{"jobs": [{"jobname": 7}]}' >name.json
printf 'not json\n' >text.json
expect_refusal() {
	local f=$1 msg=$2
	run_cmd bad.out bad.err "$IOSTRESS" compare --output=out.txt --html=out.html \
		"$DATA/is-native.json" "$f"
	[ "$RC" = 2 ] && [ "$(cat bad.err)" = "iostress: compare: $f: $msg" ] &&
		[ ! -e out.txt ] && [ ! -e out.html ] && [ -z "$(ls out.* 2>/dev/null)" ]
	check "$f is refused: $msg" $?
	[ "$RC" = 2 ] || diag_file bad.err
}
expect_refusal trunc.json "not a JSON document (it ends too early at byte 10)"
expect_refusal empty.json "/jobs: missing (not a fio or iostress result document)"
expect_refusal inspect.json "/: expected an object (a fio or iostress result document)"
expect_refusal nojobs.json "/jobs: no jobs"
expect_refusal type.json "/jobs/0/read/iops: expected a number"
expect_refusal pct.json "/jobs/0/read/clat_ns/percentile/99.0: expected a number"
expect_refusal name.json "/jobs/0/jobname: expected a string"
run_cmd bad.out bad.err "$IOSTRESS" compare text.json
[ "$RC" = 2 ] && grep -q '^iostress: compare: text.json: not a JSON document (.* at byte 1)$' bad.err
check "a text that is not JSON is refused with where it goes wrong" $?
expect_refusal missing.json "No such file or directory"

run_cmd u.out u.err "$IOSTRESS" compare
[ "$RC" = 2 ] && grep -q 'no result document given' u.err
check "compare without a document is bad usage" $?
run_cmd u.out u.err "$IOSTRESS" compare --output-format=terse "$DATA/fio-1.json"
[ "$RC" = 2 ] && grep -q "output-format='terse': normal or json" u.err
check "compare refuses an output format it has not" $?

done_testing
