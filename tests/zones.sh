#!/bin/bash
# SPDX-License-Identifier: MIT
# zones.sh - zonemode=strided (fio's classic zones) offset for offset
# against fio: each job runs under fio and iostress with write_lat_log and
# log_offset=1, and the (direction, length, offset) of every I/O in the
# clat log must be fio's, in order (and the prio field: one job has
# log_prio=1).  Sequential jobs only: random offsets
# come from each tool's own generator (fio-oracle.sh checks their counts).
# Also: zonemode=zbd is refused naming the option.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

mkdir -p "$T/jobs"

# three zones of 64k, 128k apart, wrapping at the end of the 512k file
cat >"$T/jobs/seq-skip.job" <<'EOF'
[seq-skip]
ioengine=psync
filename=zone.dat
rw=read
bs=4k
size=512k
zonemode=strided
zonesize=64k
zonerange=64k
zoneskip=128k
write_lat_log=z
log_offset=1
EOF

# zonesize above zonerange: each 32k zone is gone over three times
cat >"$T/jobs/seq-round.job" <<'EOF'
[seq-round]
ioengine=psync
filename=zone.dat
rw=write
bs=8k
size=256k
zonemode=strided
zonesize=96k
zonerange=32k
zoneskip=32k
write_lat_log=z
log_offset=1
EOF

# zonesize below zonerange, with an offset: the zone's first part only
cat >"$T/jobs/seq-part.job" <<'EOF'
[seq-part]
ioengine=psync
filename=zone.dat
rw=read
bs=16k
size=1m
offset=128k
zonemode=strided
zonesize=48k
zonerange=256k
write_lat_log=z
log_offset=1
log_prio=1
EOF

offsets() {
	python3 - "$1" <<'PY'
import sys
for line in open(sys.argv[1]):
    f = [x.strip() for x in line.split(",")]
    if len(f) >= 6:
        print(f[2], f[3], f[4], f[5])
PY
}

for jf in "$T"/jobs/*.job; do
	n=$(basename "$jf" .job)
	run_both "$n" "$jf"
	if [ "$FRC" -ne 0 ]; then
		fail "$n: fio runs the job (rc $FRC)"
		diag_file "$T/$n.fio.out"
		continue
	fi
	if [ "$IRC" -ne 0 ]; then
		fail "$n: iostress exits 0 (got $IRC)"
		diag_file "$T/$n.ios.err"
		continue
	fi
	offsets "$T/$n.fio/z_clat.1.log" >"$T/$n.fio.off"
	offsets "$T/$n.ios/z_clat.1.log" >"$T/$n.ios.off"
	if [ -s "$T/$n.fio.off" ] && cmp -s "$T/$n.fio.off" "$T/$n.ios.off"; then
		pass "$n: $(wc -l <"$T/$n.ios.off") I/Os at fio's offsets, in fio's order"
	else
		fail "$n: I/Os at fio's offsets, in fio's order"
		diff "$T/$n.fio.off" "$T/$n.ios.off" | head -20 >"$T/$n.diff"
		diag_file "$T/$n.diff"
	fi
done

# zonemode=zbd: refused, naming the option and saying why
printf '[z]\nioengine=psync\nsize=1m\nzonemode=zbd\n' >"$T/zbd.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/zbd.job"
expect_err "zonemode=zbd is refused at file:line: zoned devices are not supported yet" 2 \
	"zbd.job:4: 'zonemode=zbd' is a fio option iostress does not support: zoned devices are not supported yet"

done_testing
