#!/bin/bash
# SPDX-License-Identifier: MIT
# dedupe-global.sh - dedupe_global with dedupe_mode=working_set, fio's
# dedupe-global example scaled down: two jobs whose working set is spread
# over both, so the files share duplicate blocks.  The unique 4 KiB blocks
# of each file and of the two together are fio's within 5% of the blocks
# (which writes repeat is random, in each tool's own sequence); together
# they are fewer than the two files' own unique blocks added up, as they
# would be were the working sets not shared.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

cat >"$T/dg.job" <<'JOB'
[global]
ioengine=libaio
iodepth=16
size=8m
dedupe_mode=working_set
dedupe_global=1
dedupe_percentage=50
blocksize=4k
rw=write
buffer_compress_percentage=50
dedupe_working_set_percentage=50
[a]
[b]
JOB
run_both dg "$T/dg.job"
[ "$FRC" -eq 0 ] || { fail "fio runs the dedupe_global job (rc $FRC)"; diag_file "$T/dg.fio.out"; }
[ "$IRC" -eq 0 ] || { fail "iostress runs the dedupe_global job (rc $IRC)"; diag_file "$T/dg.ios.err"; }
python3 - "$T/dg.fio" "$T/dg.ios" >"$T/res" <<'PY'
import hashlib, sys
counts = {}
for who, d in (("fio", sys.argv[1]), ("iostress", sys.argv[2])):
    blocks = {}
    try:
        for n in ("a", "b"):
            data = open("%s/%s.0.0" % (d, n), "rb").read()
            blocks[n] = [hashlib.md5(data[i:i + 4096]).digest() for i in range(0, len(data), 4096)]
    except OSError as e:
        print("FAIL %s wrote no file: %s" % (who, e))
        continue
    counts[who] = {n: (len(set(b)), len(b)) for n, b in blocks.items()}
    both = blocks["a"] + blocks["b"]
    counts[who]["a+b"] = (len(set(both)), len(both))
if len(counts) == 2:
    for n in ("a", "b", "a+b"):
        (fu, nb), (iu, _) = counts["fio"][n], counts["iostress"][n]
        ok = abs(iu - fu) <= 0.05 * nb
        print("%s %s: %d of %d blocks unique (fio %d)" % ("PASS" if ok else "FAIL", n, iu, nb, fu))
    c = counts["iostress"]
    ok = c["a+b"][0] < 0.9 * (c["a"][0] + c["b"][0])
    print("%s the files share blocks: %d unique together, %d + %d apart"
          % ("PASS" if ok else "FAIL", c["a+b"][0], c["a"][0], c["b"][0]))
PY
emit_results <"$T/res"
done_testing
