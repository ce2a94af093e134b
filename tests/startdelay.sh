#!/bin/bash
# SPDX-License-Identifier: MIT
# startdelay.sh - startdelay's range form (fio's startdelay=LO-HI), with
# fio as the oracle: each job, and each clone of a job, waits a time drawn
# from the range before it starts.
#
# One job writes a block at once; four clones of another, under
# startdelay=200ms-1s, each write a block of their own file.  The files'
# mtimes, less the first job's, are the clones' delays: under both tools
# every one lies in the range and they are not all the same.  Then the
# forms fio takes (LO-HI, LO:HI, LO,HI, a bare number of seconds) dump
# as a range or a time, and a range whose low end is above its high end is
# refused at its file:line.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

cat >"$T/delay.job" <<'JOB'
[global]
ioengine=psync
rw=write
bs=4k
size=4k

[now]
filename=now

[later]
startdelay=200ms-1s
numjobs=4
filename_format=later.$jobnum
JOB

run_both delay "$T/delay.job"
for who in fio ios; do
	python3 - "$T/delay.$who" "$who" <<'PY' >"$T/res.txt"
import os, sys
d, who = sys.argv[1], sys.argv[2]
try:
    t0 = os.stat(os.path.join(d, "now")).st_mtime_ns
    delays = sorted((os.stat(os.path.join(d, "later.%d" % k)).st_mtime_ns - t0) / 1e6
                    for k in range(4))
except OSError as e:
    print("FAIL %s: the four clones' files: %s" % (who, e))
    sys.exit(0)
print("DIAG %s: the clones started %s ms after the first job" %
      (who, ", ".join("%.0f" % x for x in delays)))
# mtimes against the first job's own write, which a loaded machine may
# delay too: the bounds leave 100 ms below the range and 500 ms above it,
# and still tell a clone that did not wait (about 0 ms) from one that did
print(("PASS" if 100 <= delays[0] and delays[-1] <= 1500 else "FAIL") +
      " %s: every clone waits a time in 200ms-1s" % who)
print(("PASS" if delays[-1] - delays[0] > 10 else "FAIL") +
      " %s: the clones draw their delays apart" % who)
PY
	emit_results <"$T/res.txt"
done
[ "$FRC" = 0 ] && [ "$IRC" = 0 ]
check "both tools ran the job (fio $FRC, iostress $IRC)" $?

# dump_of VALUE - what --dump-jobs makes of startdelay=VALUE
dump_of() {
	printf '[j]\nioengine=null\nsize=4k\nstartdelay=%s\n' "$1" >"$T/d.job"
	"$IOSTRESS" --dump-jobs "$T/d.job" 2>&1 | grep '^startdelay='
}
for form in "1-3:startdelay=1s-3s" "500ms:2s:startdelay=500ms-2s" \
	"1,3:startdelay=1s-3s" "2:startdelay=2s" "250ms:startdelay=250ms"; do
	value=${form%%:startdelay=*}
	want=startdelay=${form#*:startdelay=}
	got=$(dump_of "$value")
	[ "$got" = "$want" ]
	check "startdelay=$value dumps as $want (got '$got')" $?
done

printf '[j]\nioengine=null\nsize=4k\nstartdelay=2s-1s\n' >"$T/bad.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/bad.job"
expect_err "a range whose low end is above its high end is refused at file:line" 2 \
	"bad.job:4: invalid value '2s-1s' for option 'startdelay' (the range's low end is above its high end)"

done_testing
