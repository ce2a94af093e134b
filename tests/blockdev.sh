#!/bin/bash
# SPDX-License-Identifier: MIT
# blockdev.sh - raw block devices end to end, on real loop devices.
#
# iostress refuses to write to a device that is mounted, holds an ext4
# filesystem, or is an active swap device, with a message that names the
# device and the reason and points at allow_mounted_write=1; reads of the
# same devices run; a clean device is written, with fio's byte count; and
# allow_mounted_write=1 overrides.  Direct I/O with a bs or offset that
# the device's logical block size does not divide is refused before the
# run, naming both numbers.
#
# Needs root, losetup, mkfs.ext4, mkswap and swapon.  Every loop device,
# mount and swap this script makes is undone on exit, even on failure.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 fio

[ "$(id -u)" -eq 0 ] || skip_all "loop devices need root"
for c in losetup mkfs.ext4 mkswap swapon swapoff mount umount; do
	command -v "$c" >/dev/null 2>&1 || skip_all "'$c' is not installed"
done

TIMEOUT=${IOSTRESS_TEST_TIMEOUT:-60}
LOOPS=()
MOUNTS=()
SWAPS=()

cleanup_devices() {
	local x
	for x in "${SWAPS[@]}"; do swapoff "$x" 2>/dev/null; done
	for x in "${MOUNTS[@]}"; do umount "$x" 2>/dev/null; done
	for x in "${LOOPS[@]}"; do losetup -d "$x" 2>/dev/null; done
}
# lib.sh's EXIT trap removes $T: undo the devices first, then run it with
# the script's exit status restored.
trap 'rc=$?; cleanup_devices; (exit $rc); _lib_cleanup' EXIT

# new_loop NAME [SECTOR] - attach a loop device over a sparse 64 MiB image
# in $T, with SECTOR-byte logical blocks (default 512); sets DEV.
new_loop() {
	local img=$T/$1.img
	truncate -s 64M "$img" || bail_out "cannot create $img"
	if [ -n "${2:-}" ]; then
		DEV=$(losetup -f --show -b "$2" "$img") || bail_out "losetup -b $2 failed"
	else
		DEV=$(losetup -f --show "$img") || bail_out "losetup failed"
	fi
	LOOPS+=("$DEV")
}

# job FILE DEV RW [OPTION...] - write a one-job file for DEV.
job() {
	local f=$1 dev=$2 rw=$3 opt
	shift 3
	{
		echo "[dev]"
		echo "filename=$dev"
		echo "rw=$rw"
		echo "bs=4k"
		echo "size=8m"
		echo "ioengine=psync"
		for opt in "$@"; do echo "$opt"; done
	} >"$f"
}

# run_job NAME DEV RW [OPTION...] - run it; sets RC, output in $T/NAME.*.
run_job() {
	local name=$1
	shift
	job "$T/$name.job" "$@"
	run_cmd "$T/$name.json" "$T/$name.err" \
		timeout "$TIMEOUT" "$IOSTRESS" --output-format=json "$T/$name.job"
}

# expect_refused NAME DEV WHY - the run exits 1 and says exactly why.
expect_refused() {
	local name=$1 dev=$2 why=$3
	local want="refusing to write to '$dev': $why (set allow_mounted_write=1 to override)"
	if [ "$RC" -eq 1 ] && file_contains "$T/$name.err" "$want"; then
		pass "$name: write refused: $why"
	else
		fail "$name: write refused with \"$want\" (exit $RC)"
		diag_file "$T/$name.err" 10
	fi
}

# expect_ran NAME DIR BYTES - exit 0 and DIR moved exactly BYTES.
expect_ran() {
	local name=$1 dir=$2 bytes=$3 got
	got=$(json_get "$T/$name.json" "d['jobs'][0]['$dir']['io_bytes']" 2>/dev/null)
	if [ "$RC" -eq 0 ] && [ "$got" = "$bytes" ]; then
		pass "$name: exits 0 and ${dir}s $bytes bytes"
	else
		fail "$name: exits 0 and ${dir}s $bytes bytes (exit $RC, io_bytes ${got:-none})"
		diag_file "$T/$name.err" 10
	fi
}

MIB8=$((8 << 20))

# --- a clean device is writable, and readable -----------------------------
new_loop clean
run_job clean-write "$DEV" randwrite
expect_ran clean-write write $MIB8
run_job clean-direct "$DEV" randwrite direct=1 ioengine=libaio iodepth=8
expect_ran clean-direct write $MIB8

# --- every backend against fio on the same device ---------------------------
# Size-bound O_DIRECT jobs on the raw loop device: iostress and fio move the
# same I/Os and bytes (read+write summed for the random mix).
totals() {	# totals JSON - "total_ios io_kbytes" summed over directions
	json_get "$1" "'%d %d' % (sum(j[k]['total_ios'] for j in d['jobs'] for k in ('read', 'write')), sum(j[k]['io_kbytes'] for j in d['jobs'] for k in ('read', 'write')))"
}
for eng in psync libaio io_uring; do
	if ! "$IOSTRESS" --help | grep -q "$eng"; then
		skip "$eng on a block device" "this build has no $eng backend"
		continue
	fi
	for rw in write randwrite read randread randrw; do
		name=be-$eng-$rw
		run_job "$name" "$DEV" "$rw" "ioengine=$eng" iodepth=16 direct=1
		fio --output-format=json --output="$T/$name.fio.json" "$T/$name.job" \
			>/dev/null 2>&1
		ours=$(totals "$T/$name.json" 2>/dev/null)
		theirs=$(totals "$T/$name.fio.json" 2>/dev/null)
		if [ "$RC" -eq 0 ] && [ -n "$ours" ] && [ "$ours" = "$theirs" ]; then
			pass "$name: same I/Os and KiB as fio ($ours)"
		else
			fail "$name: same I/Os and KiB as fio (iostress '$ours' exit $RC, fio '$theirs')"
			diag_file "$T/$name.err" 10
		fi
	done
done

# --- a device holding ext4 --------------------------------------------------
new_loop ext4
mkfs.ext4 -q -F "$DEV" || bail_out "mkfs.ext4 $DEV failed"
run_job ext4-write "$DEV" randwrite
expect_refused ext4-write "$DEV" "it holds an ext4 filesystem"
run_job ext4-rw "$DEV" randrw
expect_refused ext4-rw "$DEV" "it holds an ext4 filesystem"
run_job ext4-read "$DEV" randread
expect_ran ext4-read read $MIB8

# --- a mounted device -------------------------------------------------------
MNT=$T/mnt
mkdir "$MNT" || bail_out "cannot make $MNT"
mount "$DEV" "$MNT" || bail_out "cannot mount $DEV"
MOUNTS+=("$MNT")
run_job mounted-write "$DEV" write
expect_refused mounted-write "$DEV" "it is mounted on '$MNT'"
run_job mounted-read "$DEV" randread
expect_ran mounted-read read $MIB8
umount "$MNT" && MOUNTS=()

# --- allow_mounted_write=1 overrides ----------------------------------------
run_job ext4-override "$DEV" randwrite allow_mounted_write=1
expect_ran ext4-override write $MIB8

# --- a swap device ----------------------------------------------------------
new_loop swap
mkswap "$DEV" >/dev/null || bail_out "mkswap $DEV failed"
run_job swapsig-write "$DEV" randwrite
expect_refused swapsig-write "$DEV" "it holds a swap signature"
if swapon "$DEV" 2>"$T/swapon.err"; then
	SWAPS+=("$DEV")
	run_job swap-write "$DEV" randwrite
	expect_refused swap-write "$DEV" "it is an active swap device (/proc/swaps)"
	run_job swap-read "$DEV" randread
	expect_ran swap-read read $MIB8
	swapoff "$DEV" && SWAPS=()
else
	skip "swap-write: write to an active swap device refused" \
		"swapon refused a loop device: $(head -n1 "$T/swapon.err")"
	skip "swap-read: reads of an active swap device run" "swapon refused"
fi

# --- O_DIRECT alignment -----------------------------------------------------
new_loop sector4k 4096
run_job dio-bs "$DEV" randread direct=1 bs=2048
want="job 'dev': bs=2048 is not a multiple of 4096, the logical block size of $DEV (O_DIRECT)"
if [ "$RC" -eq 1 ] && file_contains "$T/dio-bs.err" "$want"; then
	pass "dio-bs: direct=1 bs=2048 on a 4096-byte-sector device is refused"
else
	fail "dio-bs: refused with \"$want\" (exit $RC)"
	diag_file "$T/dio-bs.err" 10
fi
if [ -s "$T/dio-bs.json" ] && json_valid "$T/dio-bs.json" &&
	[ "$(json_get "$T/dio-bs.json" "d['jobs'][0]['read']['total_ios']" 2>/dev/null)" != 0 ]; then
	fail "dio-bs: no I/O is issued before the refusal"
else
	pass "dio-bs: no I/O is issued before the refusal"
fi
run_job dio-ok "$DEV" randread direct=1 bs=8k
expect_ran dio-ok read $MIB8

new_loop sector512
run_job dio-512 "$DEV" randread direct=1 bs=1000
want="job 'dev': bs=1000 is not a multiple of 512, the logical block size of $DEV (O_DIRECT)"
if [ "$RC" -eq 1 ] && file_contains "$T/dio-512.err" "$want"; then
	pass "dio-512: direct=1 bs=1000 is refused"
else
	fail "dio-512: refused with \"$want\" (exit $RC)"
	diag_file "$T/dio-512.err" 10
fi

done_testing
