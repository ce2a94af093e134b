#!/bin/bash
# SPDX-License-Identifier: MIT
# initramfs.sh - iostress-worker (--enable-static-worker) is the /init of
# an initramfs with nothing else in it (no busybox, no shell): booted under
# QEMU TCG it mounts what it needs, runs the resolved jobs of /jobs, prints
# the worker's events and "iostress-init: exit 0" on the serial console and
# powers the machine off.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 cpio timeout
command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	skip_all "'qemu-system-x86_64' is not installed (apt-get install qemu-system-x86)"

WORKER=$(dirname "$IOSTRESS")/iostress-worker
[ -x "$WORKER" ] || bail_out "no $WORKER: configure --enable-static-worker"

require_guest_kernel

cd "$T" || bail_out "no temp dir"

# The initramfs: /init is the static worker, /jobs the resolved jobs as a
# host sends them (job/resolved.h): null reads, then psync writes to /data.
mkdir root
cp "$WORKER" root/init
cat >root/jobs <<'JOBS'
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
JOBS
(cd root && find . | sort | cpio -o -H newc --owner=0:0 --quiet) >initramfs.cpio
check "the initramfs packs (/init and /jobs, nothing else)" $?
diag "kernel $KERNEL, initramfs $(stat -c %s initramfs.cpio) bytes"

START=$(date +%s.%N)
timeout 120 qemu-system-x86_64 -machine accel=tcg -m 256 -nographic \
	-no-reboot -kernel "$KERNEL" -initrd initramfs.cpio \
	-append "console=ttyS0 panic=-1 quiet iostress.jobs=/jobs" \
	-serial "file:$T/console.raw" -monitor none -display none \
	</dev/null >qemu.out 2>qemu.err
RC=$?
END=$(date +%s.%N)
diag "boot to power-off: $(python3 -c "print('%.1f s' % ($END - $START))")"
# The serial console carries the firmware's and the kernel's output too,
# with \r\n line ends and terminal escapes that may lead a line: keep what
# follows the first '{"event"' of a line as an event line.
tr -d '\r' <console.raw >console.log 2>/dev/null
sed -n 's/^.*\({"event"\)/\1/p' console.log >events.txt
diag_file qemu.err
cut -c1-160 console.log >console.short
diag_file console.short 60

[ "$RC" -ne 124 ] && [ "$RC" -ne 137 ]
check "qemu exits by itself, before the 120 s timeout" $?
[ "$RC" -eq 0 ]
check "qemu exits 0 (exit status $RC)" $?
! grep -q 'Kernel panic' console.log
check "the kernel does not panic (PID 1 never exits)" $?
grep -q '^{"event":"hello",' events.txt
check "the worker says hello on the console" $?
grep -qx 'iostress-init: exit 0' console.log
check "init reports exit 0 before the power-off" $?

python3 - <<'PY' >res.txt
import json
lines = []
for l in open("events.txt", errors="replace"):
    try:
        lines.append(json.loads(l))
    except ValueError:
        print("DIAG not JSON: %r" % l[:120])
res = [l for l in lines if l["event"] == "result"]
print(("PASS" if len(res) == 1 else "FAIL") + " one result line")
if res:
    r = res[0]
    ios = [(j["name"], j["stats"]["dir"][0]["ios"], j["stats"]["dir"][1]["ios"])
           for j in r["jobs"]]
    print("DIAG %s" % ios)
    print(("PASS" if len(ios) == 2 and ios[0][1] == 16384 and ios[1][2] == 64
           else "FAIL") + " 16384 null reads of 4k, 64 psync writes of 64k")
    print(("PASS" if r["error"] == 0 else "FAIL") + " no error (%s)" % r["error"])
PY
emit_results <res.txt

done_testing
