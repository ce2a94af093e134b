#!/bin/bash
# SPDX-License-Identifier: MIT
# static-worker.sh - iostress-worker (--enable-static-worker) runs where
# there is no userland: as the only file of an empty chroot, the way it is
# the only file of a FROM scratch image; and the process target finds it.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3
require_cmd chroot

WORKER=$(dirname "$IOSTRESS")/iostress-worker
[ -x "$WORKER" ] || bail_out "no $WORKER: configure --enable-static-worker"
[ "$(id -u)" = 0 ] || { skip_all "chroot needs root"; }

cd "$T" || bail_out "no temp dir"

file -b "$WORKER" 2>/dev/null | grep -q 'statically linked' ||
	! ldd "$WORKER" >/dev/null 2>&1
check "iostress-worker is statically linked" $?

mkdir root
cp "$WORKER" root/iostress-worker
[ "$(ls root)" = iostress-worker ]
check "the chroot holds one file" $?

# resolved jobs as a host sends them (job/resolved.h): null, then psync
# writes and io_uring O_DIRECT reads on a file inside the chroot.
cat >jobs.txt <<'JOBS'
[n]
groupid=0
phase=0
clone=0
ioengine=null
size=64m
bs=4k
[w]
groupid=1
phase=1
clone=0
ioengine=psync
filename=/data
rw=write
size=4m
bs=64k
[r]
groupid=2
phase=2
clone=0
ioengine=io_uring
filename=/data
rw=randread
direct=1
iodepth=8
size=4m
bs=4k
JOBS
if ! "$IOSTRESS" --help | grep -q 'io_uring'; then
	sed -i 's/ioengine=io_uring/ioengine=psync/' jobs.txt
fi
chroot root /iostress-worker --worker <jobs.txt >out.txt 2>err.txt
RC=$?
diag_file err.txt
check "the worker runs in the empty chroot and exits 0" "$RC"
python3 - <<'PY' >res.txt
import json
lines = [json.loads(l) for l in open("out.txt")]
ev = [l["event"] for l in lines]
print(("PASS" if ev[0] == "hello" and ev[-1] == "result" else "FAIL") +
      " it answers hello ... result (%s)" % ",".join(ev))
starts = [l["phase"] for l in lines if l["event"] == "start"]
print(("PASS" if starts == [0, 1, 2] else "FAIL") +
      " one start per phase, in order, when its first I/O is issued (%s)" % starts)
jobs = lines[-1]["jobs"]
ios = [(j["name"], j["stats"]["dir"][0]["ios"], j["stats"]["dir"][1]["ios"]) for j in jobs]
print("DIAG %s" % ios)
print(("PASS" if ios == [("n", 16384, 0), ("w", 0, 64), ("r", 1024, 0)] else "FAIL") +
      " every job moved its size: 16384 null reads, 64 writes of 64k, 1024 reads of 4k")
print(("PASS" if lines[-1]["error"] == 0 else "FAIL") + " no error")
PY
emit_results <res.txt
[ -s root/data ]
check "the psync job wrote its file inside the chroot" $?

run_cmd p.json p.err "$IOSTRESS" --target=process --output-format=json \
	--name=p --ioengine=null --size=16m
[ "$RC" = 0 ] &&
	[ "$(json_get p.json "d['jobs'][0]['iostress']['target']['static_worker']")" = yes ] &&
	[ "$(json_get p.json "d['jobs'][0]['iostress']['target']['worker']")" = "$WORKER" ]
check "the process target finds and uses the static worker" $?

done_testing
