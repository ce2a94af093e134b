#!/bin/bash
# SPDX-License-Identifier: MIT
# dedupe.sh - dedupe_percentage with dedupe_mode=repeat and working_set:
# the share of duplicate 4 KiB blocks in the file a job writes is what the
# options ask for and what fio's file has, within 5% of the blocks (which
# writes repeat is random, in each tool's own sequence).

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

cat >"$T/dedupe.job" <<'JOB'
[global]
ioengine=psync
rw=write
bs=4k
size=16m
; as fio's default scramble_buffers, which iostress does not have
refill_buffers
[repeat]
dedupe_percentage=50
filename=repeat.dat
[working-set]
dedupe_percentage=60
dedupe_mode=working_set
dedupe_working_set_percentage=10
filename=working-set.dat
JOB
run_both dedupe "$T/dedupe.job"
[ "$FRC" -eq 0 ] || fail "fio runs the dedupe job (rc $FRC)"
[ "$IRC" -eq 0 ] || { fail "iostress runs the dedupe job (rc $IRC)"; diag_file "$T/dedupe.ios.err"; }
python3 - "$T/dedupe.fio" "$T/dedupe.ios" >"$T/res" <<'PY'
import hashlib, sys
want = {"repeat": 0.50, "working-set": 0.40}	# unique share expected
for n, share in sorted(want.items()):
    uniq = {}
    for who, d in (("fio", sys.argv[1]), ("iostress", sys.argv[2])):
        try:
            data = open("%s/%s.dat" % (d, n), "rb").read()
        except OSError as e:
            print("FAIL %s: %s wrote no file: %s" % (n, who, e))
            break
        blocks = [data[i:i + 4096] for i in range(0, len(data), 4096)]
        uniq[who] = (len(set(hashlib.md5(b).digest() for b in blocks)), len(blocks))
    if len(uniq) < 2:
        continue
    (fu, nb), (iu, _) = uniq["fio"], uniq["iostress"]
    tol = 0.05 * nb
    ok = abs(iu - fu) <= tol and abs(iu - share * nb) <= tol
    print("%s %s: %d of %d blocks unique (fio %d, expected about %d)"
          % ("PASS" if ok else "FAIL", n, iu, nb, fu, share * nb))
PY
emit_results <"$T/res"
done_testing
