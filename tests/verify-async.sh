#!/bin/bash
# SPDX-License-Identifier: MIT
# verify-async.sh - verify_async=N: N threads check the completed reads,
# and what they find is reported exactly as inline verification reports
# it.
#
#   - good data: a read pass with verify_async=2 (psync, and libaio at
#     iodepth 8) exits 0 and checks all 256 blocks; a write pass with
#     verify_backlog and verify_async reads every block back;
#   - two corrupted blocks (5 and 200): exit status, message (the first
#     failure, "(2 blocks failed)") and verify_dump's files are the same
#     with verify_async=2 as inline; under verify_fatal=1 both stop at
#     block 5; under continue_on_error=verify both count 2 errors and exit
#     0.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd dd python3

cd "$T" || bail_out "no temp dir"

# run NAME RW EXTRA... - one crc32c job on $T/vdata, in $T/NAME/
run() {
	local name=$1 rw=$2
	shift 2
	mkdir -p "$T/$name"
	run_cmd "$T/$name.json" "$T/$name.err" bash -c 'cd "$1" && shift && exec "$@"' _ \
		"$T/$name" "$IOSTRESS" --output-format=json --name=v --filename="$T/vdata" \
		--size=1m --bs=4k --rw="$rw" --verify=crc32c "$@"
}

reads() {
	json_get "$T/$1.json" "d['jobs'][0]['read']['total_ios']" 2>/dev/null
}

# --- good data ---------------------------------------------------------------
run w write --do_verify=0
check "write pass exits 0" "$RC"
for engine in psync libaio; do
	run good-$engine read --ioengine=$engine --iodepth=8 --verify_async=2
	r=$(reads good-$engine)
	[ "$RC" -eq 0 ] && [ "$r" = 256 ]
	check "$engine: good data, verify_async=2: exit 0, 256 blocks read (exit $RC, $r)" $?
	[ "$RC" -eq 0 ] || diag_file "$T/good-$engine.err"
done
rm -f "$T/vdata"
run backlog randwrite --ioengine=libaio --iodepth=8 --verify_backlog=16 --verify_async=2
r=$(reads backlog)
[ "$RC" -eq 0 ] && [ "$r" = 256 ]
check "randwrite verify_backlog=16 verify_async=2: exit 0, every block read back (exit $RC, $r)" $?

# --- corrupted blocks: as inline ---------------------------------------------
run w2 write --do_verify=0
printf 'X' | dd of="$T/vdata" bs=1 seek=$((5 * 4096 + 1000)) conv=notrunc status=none
printf 'Y' | dd of="$T/vdata" bs=1 seek=$((200 * 4096 + 77)) conv=notrunc status=none

# same NAME_A NAME_B WHAT - the two runs exited alike and said the same
same() {
	local a=$1 b=$2 what=$3 ra rb
	ra=$(cat "$T/$a.rc") rb=$(cat "$T/$b.rc")
	if [ "$ra" = "$rb" ] && cmp -s "$T/$a.err" "$T/$b.err"; then
		pass "$what: exit $ra and the same message as inline"
	else
		fail "$what: exit $rb (inline $ra) and the same message as inline"
		diag_file "$T/$a.err" 3
		diag_file "$T/$b.err" 3
	fi
}

for engine in psync libaio; do
	for mode in inline async; do
		extra=()
		[ $mode = async ] && extra=(--verify_async=2)
		run bad-$engine-$mode read --ioengine=$engine --iodepth=8 --verify_dump=1 "${extra[@]}"
		echo "$RC" >"$T/bad-$engine-$mode.rc"
		run fatal-$engine-$mode read --ioengine=$engine --iodepth=8 --verify_fatal=1 "${extra[@]}"
		echo "$RC" >"$T/fatal-$engine-$mode.rc"
		run coe-$engine-$mode read --ioengine=$engine --iodepth=8 --continue_on_error=verify "${extra[@]}"
		echo "$RC" >"$T/coe-$engine-$mode.rc"
	done
	same bad-$engine-inline bad-$engine-async "$engine: two bad blocks"
	grep -q "offset 20480" "$T/bad-$engine-async.err" &&
		grep -q "(2 blocks failed)" "$T/bad-$engine-async.err"
	check "$engine: the message names block 5 first and 2 blocks failed" $?
	(cd "$T/bad-$engine-inline" && ls) >"$T/dump-inline"
	(cd "$T/bad-$engine-async" && ls) >"$T/dump-async"
	ok=1
	cmp -s "$T/dump-inline" "$T/dump-async" || ok=0
	# a read-only job knows no generation: the blocks as received only
	printf '%s\n' vdata.20480.received vdata.819200.received | cmp -s - "$T/dump-async" || ok=0
	while read -r f; do
		cmp -s "$T/bad-$engine-inline/$f" "$T/bad-$engine-async/$f" || ok=0
	done <"$T/dump-async"
	files=$(tr '\n' ' ' <"$T/dump-async")
	[ "$ok" = 1 ]
	check "$engine: verify_dump writes the same files as inline ($files)" $?
	same fatal-$engine-inline fatal-$engine-async "$engine: verify_fatal=1"
	grep -q "offset 20480" "$T/fatal-$engine-async.err" &&
		! grep -q "blocks failed" "$T/fatal-$engine-async.err"
	check "$engine: verify_fatal=1 stops at the first bad block" $?
	same coe-$engine-inline coe-$engine-async "$engine: continue_on_error=verify"
	e=$(json_get "$T/coe-$engine-async.json" "d['jobs'][0]['total_err']" 2>/dev/null)
	[ "$e" = 2 ] && [ "$e" = "$(json_get "$T/coe-$engine-inline.json" "d['jobs'][0]['total_err']" 2>/dev/null)" ]
	check "$engine: continue_on_error=verify counts 2 errors as inline (got $e)" $?
done

done_testing
