#!/bin/bash
# SPDX-License-Identifier: MIT
# errors.sh - continue_on_error and ignore_error against fio, with real
# error sources that need no privileges:
#
#   /proc/self/mem   reads of the process's unmapped first pages fail with
#                    EIO (create_on_open=1 keeps both tools from laying the
#                    "file" out)
#   /dev/full        every write fails with ENOSPC
#   /dev/null        every read moves no data: an EIO (fio's "full resid");
#                    fio 3.33 aborts on an assertion when it goes on after
#                    one, so that case is checked against fixed figures
#
# For each job fio and iostress run in fresh directories; the check is
# that both exit 0 or both fail, and that every jobs[] entry has the same
# error, total_err, first_error (present only under continue_on_error),
# and read and write total_ios and io_kbytes.  The text report's
# "errors    :" lines must be fio's, word for word, and iostress's errors
# by type (jobs[].iostress.errors) must add up to total_err.  Also verify_dump's
# files, error_dump, exitall and exit_what (the other ends of a job).

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3
[ -r /dev/null ] && [ -w /dev/full ] || skip_all "no /dev/null or /dev/full"

TIMEOUT=${IOSTRESS_TEST_TIMEOUT:-60}

mkdir -p "$T/jobs"

# coe-read: every read an EIO, all counted, the job goes on
cat >"$T/jobs/coe-read.job" <<'EOF'
[coe-read]
ioengine=psync
filename=/proc/self/mem
create_on_open=1
rw=read
bs=4k
size=64k
continue_on_error=read
EOF

# coe-write: ENOSPC is not in the default list: ignore_error names it
cat >"$T/jobs/coe-write.job" <<'EOF'
[coe-write]
ioengine=psync
filename=/dev/full
rw=write
bs=8k
size=64k
continue_on_error=write
ignore_error=,ENOSPC
EOF

# coe-fatal: ENOSPC without ignore_error ends the job, counted once
cat >"$T/jobs/coe-fatal.job" <<'EOF'
[coe-fatal]
ioengine=psync
filename=/dev/full
rw=write
bs=4k
size=64k
continue_on_error=all
EOF

# coe-wrong-type: continue_on_error=write does not cover read errors,
# which then end the job uncounted
cat >"$T/jobs/coe-wrong-type.job" <<'EOF'
[coe-wrong-type]
ioengine=psync
filename=/proc/self/mem
create_on_open=1
rw=read
bs=4k
size=64k
continue_on_error=write
EOF

# coe-numbered: fio's numbered form, 1 = all; a mixed job, two files
cat >"$T/jobs/coe-numbered.job" <<'EOF'
[global]
ioengine=psync
bs=4k
size=32k
continue_on_error=1
ignore_error=EIO,28
[r]
filename=/proc/self/mem
create_on_open=1
rw=read
[w]
filename=/dev/full
rw=write
EOF

compare() {
	python3 - "$1" "$2" "$3" "$4" "$5" <<'PY'
import json, sys
name, fjson, ijson, frc, irc = sys.argv[1:6]
def load(p, who):
    try:
        with open(p) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        print("FAIL %s: %s JSON unreadable: %s" % (name, who, e))
        sys.exit(0)
f, i = load(fjson, "fio"), load(ijson, "iostress")
if (frc == "0") == (irc == "0"):
    print("PASS %s: exit status agrees with fio (fio %s, iostress %s)" % (name, frc, irc))
else:
    print("FAIL %s: exit status: fio %s, iostress %s" % (name, frc, irc))
fj, ij = f.get("jobs", []), i.get("jobs", [])
if len(fj) != len(ij):
    print("FAIL %s: %d jobs from fio, %d from iostress" % (name, len(fj), len(ij)))
    sys.exit(0)
for a, b in zip(fj, ij):
    jn = a.get("jobname")
    bad = []
    for k in ("error", "total_err", "first_error"):
        if a.get(k) != b.get(k):
            bad.append("%s: fio %s, iostress %s" % (k, a.get(k), b.get(k)))
    for d in ("read", "write"):
        for k in ("total_ios", "io_kbytes"):
            if a[d][k] != b[d][k]:
                bad.append("%s %s: fio %s, iostress %s" % (d, k, a[d][k], b[d][k]))
    by_type = b.get("iostress", {}).get("errors")
    if "total_err" in b and (not by_type or sum(by_type.values()) != b["total_err"]):
        bad.append("iostress.errors %s do not add up to total_err %s" % (by_type, b["total_err"]))
    if bad:
        print("FAIL %s/%s: %s" % (name, jn, "; ".join(bad)))
    else:
        print("PASS %s/%s: error %s, total_err %s, first_error %s, total_ios %s,%s as fio"
              % (name, jn, b.get("error"), b.get("total_err"), b.get("first_error"),
                 b["read"]["total_ios"], b["write"]["total_ios"]))
PY
}

for jf in "$T"/jobs/*.job; do
	n=$(basename "$jf" .job)
	run_both "$n" "$jf"
	compare "$n" "$T/$n.fio.json" "$T/$n.ios.json" "$FRC" "$IRC" >"$T/$n.res"
	emit_results <"$T/$n.res"

	# the text report's errors lines
	(cd "$T/$n.fio" && timeout "$TIMEOUT" fio "$jf") 2>/dev/null |
		grep -E '^ +errors +:' >"$T/$n.fio.txt" || true
	(cd "$T/$n.ios" && timeout "$TIMEOUT" "$IOSTRESS" "$jf") 2>/dev/null |
		grep -E '^ +errors +:' >"$T/$n.ios.txt" || true
	if cmp -s "$T/$n.fio.txt" "$T/$n.ios.txt"; then
		pass "$n: text 'errors :' lines as fio's ($(wc -l <"$T/$n.ios.txt"))"
	else
		fail "$n: text 'errors :' lines as fio's"
		diag "expected (fio):"
		diag_file "$T/$n.fio.txt"
		diag "got (iostress):"
		diag_file "$T/$n.ios.txt"
	fi
done

# verify_dump: the first failed block as fio dumps it, received and
# expected, byte for byte (iostress goes on checking, fio stops there)
cat >"$T/vd.job" <<'EOF'
[global]
ioengine=psync
bs=4k
size=16k
filename=vd.dat
[w]
rw=write
verify=pattern
verify_pattern=0xaa
do_verify=0
[r]
stonewall
rw=read
verify=pattern
verify_pattern="iostress"
verify_dump=1
EOF
mkdir -p "$T/vd.fio" "$T/vd.ios"
(cd "$T/vd.fio" && timeout "$TIMEOUT" fio ../vd.job) >/dev/null 2>&1
(cd "$T/vd.ios" && timeout "$TIMEOUT" "$IOSTRESS" ../vd.job) >/dev/null 2>&1
for kind in received expected; do
	if [ -s "$T/vd.fio/vd.dat.0.$kind" ] &&
		cmp -s "$T/vd.fio/vd.dat.0.$kind" "$T/vd.ios/vd.dat.0.$kind"; then
		pass "verify_dump: vd.dat.0.$kind is fio's"
	else
		fail "verify_dump: vd.dat.0.$kind is fio's"
		ls -l "$T/vd.fio" "$T/vd.ios" >"$T/vd.ls" 2>&1
		diag_file "$T/vd.ls"
	fi
done

# exitall: the fast job's end stops the slow one (64 MiB at 1 MiB/s)
printf '[global]\nioengine=psync\nexitall\n[fast]\nrw=read\nsize=64k\n[slow]\nrw=read\nsize=64m\nrate=1m\n' >"$T/ea.job"
start=$(date +%s)
(cd "$T" && timeout "$TIMEOUT" "$IOSTRESS" --output-format=json ea.job) >"$T/ea.json" 2>"$T/ea.err"
took=$(($(date +%s) - start))
slow=$(json_get "$T/ea.json" "d['jobs'][1]['read']['io_kbytes']" 2>/dev/null)
if [ -n "$slow" ] && [ "$slow" -lt 65536 ] && [ "$took" -lt 30 ]; then
	pass "exitall: the slow job stops when the fast one ends (${slow} KiB, ${took} s)"
else
	fail "exitall: the slow job stops when the fast one ends (got '${slow}' KiB in ${took} s)"
	diag_file "$T/ea.err"
fi

# exitall stops a job waiting out its rate: at 512 bytes/s each 4 KiB read
# waits 8 s, and the slow job must end with the fast one, under both tools
printf '[global]\nioengine=psync\nexitall\nfilesize=64k\n[fast]\nrw=read\nsize=64k\nrate=64k\n[slow]\nrw=read\nsize=64k\nrate=512\n' >"$T/ep.job"
run_both ep "$T/ep.job"
for t in fio ios; do
	got=$(json_get "$T/ep.$t.json" "'%d %d' % (d['jobs'][1]['read']['total_ios'], d['jobs'][1]['job_runtime'])" 2>/dev/null)
	ios=${got% *} ms=${got#* }
	if [ -n "$got" ] && [ "$ios" -le 2 ] && [ "$ms" -lt 6000 ]; then
		pass "exitall under $t: the job pacing its rate stops with the group (${ios} I/Os in ${ms} ms)"
	else
		fail "exitall under $t: the job pacing its rate stops with the group (got '$got': I/Os, ms)"
		diag_file "$T/ep.ios.err"
	fi
done

# error_dump: one line on stderr for each error the job goes on after, as
# many as fio's "io_u error" lines
printf '[ed]\nioengine=psync\nfilename=/dev/full\nrw=write\nbs=8k\nsize=32k\ncontinue_on_error=write\nignore_error=,ENOSPC\nerror_dump=1\n' >"$T/ed.job"
run_both ed "$T/ed.job"
nf=$(grep -c 'io_u error on file /dev/full: No space left on device: write' "$T/ed.fio.out")
ni=$(grep -c "job 'ed': write of 8192 bytes at offset .* of '/dev/full' failed: No space left on device (the job goes on)" "$T/ed.ios.err")
if [ "$nf" = 4 ] && [ "$ni" = "$nf" ] && [ "$IRC" = 0 ]; then
	pass "error_dump: each of the $ni ignored errors printed, as fio's $nf"
else
	fail "error_dump: fio printed '$nf' errors, iostress '$ni' (exit $IRC)"
	diag_file "$T/ed.ios.err"
fi

# exit_what: what the fast job's end stops, under fio and iostress: with
# stonewall the slow job of another group and not the next phase, with all
# both (1 MiB at 64 KiB/s would take 16 s)
for what in stonewall:64 all:0; do
	w=${what%%:*} later=${what#*:}
	printf '[global]\nioengine=psync\nexitall\nfilesize=1m\n[fast]\nrw=read\nsize=64k\nexit_what=%s\n[slow]\nnew_group\nrw=read\nsize=1m\nrate=64k\n[later]\nstonewall\nrw=read\nsize=64k\n' "$w" >"$T/ew-$w.job"
	run_both "ew-$w" "$T/ew-$w.job"
	for t in fio ios; do
		got=$(json_get "$T/ew-$w.$t.json" "'%d %d' % (d['jobs'][1]['read']['io_kbytes'] < 1024, d['jobs'][2]['read']['io_kbytes'])" 2>&1)
		if [ "$FRC" = 0 ] && [ "$IRC" = 0 ] && [ "$got" = "1 $later" ]; then
			pass "exit_what=$w under $t: the slow job stopped, the next phase read $later KiB"
		else
			fail "exit_what=$w under $t: slow stopped and next phase $later KiB '1 $later' (got '$got', exit $FRC/$IRC)"
			diag_file "$T/ew-$w.ios.err"
		fi
	done
done

# reads of /dev/null: each moves nothing, an EIO, and the job goes on
printf '[null]\nioengine=psync\nfilename=/dev/null\nrw=read\nbs=4k\nsize=64k\ncontinue_on_error=read\n' >"$T/null.job"
(cd "$T" && "$IOSTRESS" --output-format=json null.job) >"$T/null.json" 2>"$T/null.err"
got=$(json_get "$T/null.json" "'%s %s %s %s %s' % (d['jobs'][0]['error'], d['jobs'][0]['total_err'], d['jobs'][0]['first_error'], d['jobs'][0]['read']['total_ios'], d['jobs'][0]['read']['io_kbytes'])" 2>&1)
if [ "$got" = "5 16 5 16 0" ]; then
	pass "reads of /dev/null: 16 EIOs counted (error 5, total_err 16, first_error 5), the job went on"
else
	fail "reads of /dev/null: error, total_err, first_error, total_ios, io_kbytes '5 16 5 16 0' (got '$got')"
	diag_file "$T/null.err"
fi

done_testing
