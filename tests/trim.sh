#!/bin/bash
# SPDX-License-Identifier: MIT
# trim.sh - trims on real files and devices, against fio 3.33.
#
#   - a regular file: fio 3.33 trims with BLKDISCARD, which a regular file
#     refuses with ENOTTY; iostress fails the same way (error 25, one trim
#     issued, the message naming the trim) and leaves the file's data and
#     blocks alone;
#   - a loop device over a file written in full: a trim of its first 8 MiB
#     (psync, libaio, io_uring) exits 0 with fio's trim counts, the range
#     reads back as zeros, the rest of the device is unchanged and the
#     backing file's allocated blocks drop by the range (the loop driver
#     punches the discarded range out of it: the BLKDISCARD went through);
#   - a device holding ext4 is refused for a trim as it is for a write.
#
# The device part needs root, losetup and mkfs.ext4, and skips without.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 fio

TIMEOUT=${IOSTRESS_TEST_TIMEOUT:-60}
MIB8=$((8 << 20))

# tjob FILE TARGET RW [OPTION...] - a one-job file trimming TARGET.
tjob() {
	local f=$1 target=$2 rw=$3 opt
	shift 3
	{
		echo "[trim]"
		echo "filename=$target"
		echo "rw=$rw"
		echo "bs=64k"
		echo "size=8m"
		for opt in "$@"; do echo "$opt"; done
	} >"$f"
}

# trim_of JSON KEY - jobs[0].trim[KEY].
trim_of() {
	json_get "$1" "d['jobs'][0]['trim']['$2']" 2>/dev/null
}

# --- a regular file: ENOTTY, as fio 3.33 ------------------------------------
head -c $MIB8 /dev/urandom >"$T/file" || bail_out "cannot write $T/file"
cp "$T/file" "$T/file.orig"
blocks_before=$(stat -c %b "$T/file")
tjob "$T/file.job" "$T/file" randtrim ioengine=psync
run_cmd "$T/file.json" "$T/file.err" timeout "$TIMEOUT" "$IOSTRESS" \
	--output-format=json "$T/file.job"
(cd "$T" && timeout "$TIMEOUT" fio --output-format=json \
	--output="$T/file.fio.json" "$T/file.job") >/dev/null 2>&1
ferr=$(json_get "$T/file.fio.json" "d['jobs'][0]['error']")
ierr=$(json_get "$T/file.json" "d['jobs'][0]['error']")
if [ "$RC" -eq 1 ] && [ "$ierr" = 25 ] && [ "$ferr" = "$ierr" ] &&
	file_contains "$T/file.err" "trim of 65536 bytes at offset" &&
	file_contains "$T/file.err" "Inappropriate ioctl for device"; then
	pass "regular file: the trim fails with ENOTTY, as in fio (error $ferr)"
else
	fail "regular file: the trim fails with ENOTTY, as in fio (exit $RC, error ${ierr:-none}, fio's ${ferr:-none})"
	diag_file "$T/file.err" 5
fi
if [ "$(trim_of "$T/file.json" total_ios)" = "$(trim_of "$T/file.fio.json" total_ios)" ]; then
	pass "regular file: trims issued as fio ($(trim_of "$T/file.json" total_ios))"
else
	fail "regular file: trims issued as fio ($(trim_of "$T/file.json" total_ios) vs $(trim_of "$T/file.fio.json" total_ios))"
fi
if cmp -s "$T/file" "$T/file.orig" && [ "$(stat -c %b "$T/file")" = "$blocks_before" ]; then
	pass "regular file: data and allocated blocks untouched"
else
	fail "regular file: data and allocated blocks untouched"
fi

# --- a loop device ----------------------------------------------------------
if [ "$(id -u)" -ne 0 ]; then
	skip_all "loop devices need root"
fi
for c in losetup mkfs.ext4; do
	command -v "$c" >/dev/null 2>&1 || skip_all "'$c' is not installed"
done

LOOPS=()
cleanup_devices() {
	local x
	for x in "${LOOPS[@]}"; do losetup -d "$x" 2>/dev/null; done
}
trap 'rc=$?; cleanup_devices; (exit $rc); _lib_cleanup' EXIT

# new_loop NAME - a loop device over a 32 MiB image written in full; sets
# DEV and IMG.
new_loop() {
	IMG=$T/$1.img
	head -c $((32 << 20)) /dev/urandom >"$IMG" || bail_out "cannot write $IMG"
	DEV=$(losetup -f --show "$IMG") || skip_all "losetup failed (no loop devices here)"
	LOOPS+=("$DEV")
}

for engine in psync libaio io_uring; do
	if ! "$IOSTRESS" --help | grep -q "$engine"; then
		skip "$engine: trims on a loop device" "this build has no $engine backend"
		continue
	fi
	new_loop "$engine"
	if [ "$(cat "/sys/block/$(basename "$DEV")/queue/discard_max_bytes" 2>/dev/null)" = 0 ]; then
		skip "$engine: trims on a loop device" "the loop device takes no discards (its backing filesystem cannot punch holes)"
		continue
	fi
	tail_sum=$(tail -c +$((MIB8 + 1)) "$IMG" | md5sum)
	blocks_before=$(stat -c %b "$IMG")
	tjob "$T/$engine.job" "$DEV" trim ioengine=$engine iodepth=4
	run_cmd "$T/$engine.json" "$T/$engine.err" timeout "$TIMEOUT" "$IOSTRESS" \
		--output-format=json "$T/$engine.job"
	if [ "$RC" -eq 0 ] && [ "$(trim_of "$T/$engine.json" io_bytes)" = $MIB8 ] &&
		[ "$(trim_of "$T/$engine.json" total_ios)" = 128 ]; then
		pass "$engine: trims 8 MiB of $DEV in 128 trims, exit 0"
	else
		fail "$engine: trims 8 MiB of $DEV in 128 trims, exit 0 (exit $RC, $(trim_of "$T/$engine.json" io_bytes) bytes)"
		diag_file "$T/$engine.err" 5
	fi
	if cmp -s -n $MIB8 "$DEV" /dev/zero; then
		pass "$engine: the trimmed range reads back as zeros"
	else
		fail "$engine: the trimmed range reads back as zeros"
	fi
	if [ "$(tail -c +$((MIB8 + 1)) "$DEV" | md5sum)" = "$tail_sum" ]; then
		pass "$engine: the rest of the device is unchanged"
	else
		fail "$engine: the rest of the device is unchanged"
	fi
	blocks_after=$(stat -c %b "$IMG")
	if [ $((blocks_before - blocks_after)) -ge $((MIB8 / 512)) ]; then
		pass "$engine: the backing file lost the trimmed range's blocks ($blocks_before -> $blocks_after)"
	else
		fail "$engine: the backing file lost the trimmed range's blocks ($blocks_before -> $blocks_after)"
	fi
	# fio on the same device, the same job: the same counts
	(cd "$T" && timeout "$TIMEOUT" fio --output-format=json \
		--output="$T/$engine.fio.json" "$T/$engine.job") >/dev/null 2>&1
	if [ "$(trim_of "$T/$engine.fio.json" io_bytes)" = "$(trim_of "$T/$engine.json" io_bytes)" ] &&
		[ "$(trim_of "$T/$engine.fio.json" total_ios)" = "$(trim_of "$T/$engine.json" total_ios)" ]; then
		pass "$engine: trim io_bytes and total_ios match fio"
	else
		fail "$engine: trim io_bytes and total_ios match fio"
	fi
	losetup -d "$DEV"
done

# --- a device holding ext4 is not trimmed -----------------------------------
new_loop ext4
mkfs.ext4 -q -F "$DEV" || bail_out "mkfs.ext4 $DEV failed"
tjob "$T/ext4.job" "$DEV" randtrim
run_cmd "$T/ext4.json" "$T/ext4.err" timeout "$TIMEOUT" "$IOSTRESS" \
	--output-format=json "$T/ext4.job"
want="refusing to write to '$DEV': it holds an ext4 filesystem (set allow_mounted_write=1 to override)"
if [ "$RC" -eq 1 ] && file_contains "$T/ext4.err" "$want"; then
	pass "ext4: a trim is refused as a write is"
else
	fail "ext4: a trim is refused with \"$want\" (exit $RC)"
	diag_file "$T/ext4.err" 5
fi
if blkid -p "$DEV" 2>/dev/null | grep -q ext4 || dumpe2fs -h "$DEV" >/dev/null 2>&1; then
	pass "ext4: the filesystem is still there"
else
	fail "ext4: the filesystem is still there"
fi

done_testing
