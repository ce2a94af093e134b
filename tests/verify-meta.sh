#!/bin/bash
# SPDX-License-Identifier: MIT
# verify-meta.sh - verify=meta with verify_pattern and verify_interval, as
# in fio's surface-scan example: a write job and a read job that verifies
# run under fio and iostress alike (each tool reads only its own format),
# with the same bytes and I/Os per job; then a byte of the pattern
# changed, and a header's, make iostress's read fail naming the 512-byte
# piece.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

cat >"$T/meta.job" <<'JOB'
[global]
bs=64k
ioengine=sync
verify=meta
verify_pattern=0xaa555aa5
verify_interval=512
filename=meta.dat
size=4m
[write-phase]
rw=write
do_verify=0
[verify-phase]
stonewall
rw=read
do_verify=1
JOB
run_both meta "$T/meta.job"
[ "$FRC" -eq 0 ] || { fail "fio runs the meta job (rc $FRC)"; diag_file "$T/meta.fio.out"; }
if [ "$IRC" -eq 0 ]; then
	pass "iostress writes and verifies with verify=meta"
else
	fail "iostress runs the meta job (rc $IRC)"
	diag_file "$T/meta.ios.err"
fi
io() {
	json_get "$1" "' '.join('%s:%d/%d' % (j['jobname'], j['read']['io_bytes'], j['write']['io_bytes']) for j in d['jobs'])" 2>/dev/null
}
f=$(io "$T/meta.fio.json")
i=$(io "$T/meta.ios.json")
if [ -n "$f" ] && [ "$f" = "$i" ]; then
	pass "read/write bytes per job as fio's: $i"
else
	fail "read/write bytes per job: iostress '$i', fio '$f'"
fi

sed '/^\[write-phase\]/,/^do_verify=0/d' "$T/meta.job" >"$T/read.job"
# a pattern byte 100 bytes into the sixth 512-byte piece of the fourth block
printf '\0' | dd of="$T/meta.ios/meta.dat" bs=1 seek=$((65536 * 3 + 512 * 5 + 100)) conv=notrunc status=none
run_cmd "$T/out" "$T/err" bash -c 'cd "$1" && exec "$2" "$3"' _ "$T/meta.ios" "$IOSTRESS" "$T/read.job"
expect_err "a changed pattern byte fails verify=meta" fail "pattern mismatch at offset 199168 (len 512): byte +100 is 0x00, expected 0xaa"
done_testing
