#!/bin/bash
# SPDX-License-Identifier: MIT
# verify.sh - verify= catches data damaged on disk between a write pass and
# a read pass, and says where and how.
#
# For each checksum (crc32c, md5, xxhash):
#   - write 1m with verify=KIND do_verify=0, read it back with
#     rw=read verify=KIND: exit 0;
#   - overwrite one byte in the middle of block 5 (dd conv=notrunc): the
#     read pass exits 1 and names the file, offset 20480 and "torn";
#   - rewrite, then copy block 2 over block 7: "misplaced" at 28672.
# Also: rw=write verify=crc32c reads every block back (read total_ios=256,
# as fio 3.33 reports).

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd dd python3

cd "$T" || bail_out "no temp dir"

run() {	# run NAME RW KIND EXTRA... - one job on $T/vdata
	local name=$1 rw=$2 kind=$3
	shift 3
	run_cmd "$T/$name.json" "$T/$name.err" "$IOSTRESS" --output-format=json \
		--name="$name" --ioengine=psync --filename="$T/vdata" --size=1m \
		--bs=4k --rw="$rw" --verify="$kind" "$@"
}

for kind in crc32c md5 xxhash; do
	rm -f "$T/vdata"
	run w-$kind write $kind --do_verify=0
	check "$kind: write pass exits 0" "$RC"
	run r-$kind read $kind
	check "$kind: clean read pass exits 0" "$RC"
	[ "$RC" -eq 0 ] || diag_file "$T/r-$kind.err"

	# torn: one byte of payload in block 5 changed
	printf 'X' | dd of="$T/vdata" bs=1 seek=$((5 * 4096 + 1000)) conv=notrunc status=none
	run t-$kind read $kind
	[ "$RC" -eq 1 ]; check "$kind: corrupted block: exit 1" $?
	grep -q "vdata" "$T/t-$kind.err" && grep -q "offset 20480" "$T/t-$kind.err" &&
		grep -Eq "torn|checksum" "$T/t-$kind.err"
	check "$kind: corrupted block: message names file, offset 20480, torn" $?
	[ "$?" -eq 0 ] || diag_file "$T/t-$kind.err"

	# misplaced: block 2 copied over block 7
	run w2-$kind write $kind --do_verify=0
	dd if="$T/vdata" of="$T/vdata" bs=4096 skip=2 seek=7 count=1 conv=notrunc status=none
	run m-$kind read $kind
	[ "$RC" -eq 1 ]; check "$kind: misplaced block: exit 1" $?
	grep -q "offset 28672" "$T/m-$kind.err" && grep -q "misplaced" "$T/m-$kind.err"
	check "$kind: misplaced block: message names offset 28672, misplaced" $?
done

rm -f "$T/vdata"
run rb write crc32c
check "write with verify: exit 0" "$RC"
r=$(json_get "$T/rb.json" "d['jobs'][0]['read']['total_ios']" 2>/dev/null)
[ "$r" = 256 ]; check "write with verify reads back 256 blocks (got $r)" $?

rm -f "$T/vdata"
run lb write crc32c --loops=2
r=$(json_get "$T/lb.json" "d['jobs'][0]['read']['total_ios']" 2>/dev/null)
[ "$r" = 512 ]; check "loops=2: 512 blocks read back (got $r)" $?

rm -f "$T/vdata"
run bl randwrite crc32c --verify_backlog=16 --iodepth=1
r=$(json_get "$T/bl.json" "d['jobs'][0]['read']['total_ios']" 2>/dev/null)
[ "$r" = 256 ]; check "verify_backlog=16: every block read once (got $r)" $?

done_testing
