#!/bin/bash
# SPDX-License-Identifier: MIT
# opens.sh - jobs[].iostress.opens on a real overlayfs mount.
#
# A union filesystem copies a lower-layer file up to the writable layer at
# its first open for writing.  A write job on a 32 MiB lower file must
# report one file opened for writing with its 32 MiB, and a slower open
# than the same job run again (the file is in the upper layer by then, no
# copy-up); a read job on it reports no opens for write.  Times are only
# compared between the two runs, never against absolute figures.
#
# Needs root and a kernel with overlayfs.  The mount is undone on exit,
# even on failure.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 dd mount umount

[ "$(id -u)" -eq 0 ] || skip_all "mounting overlayfs needs root"

TIMEOUT=${IOSTRESS_TEST_TIMEOUT:-60}
O=$T/ovl
MERGED=
# lib.sh's EXIT trap removes $T: unmount first, then run it with the
# script's exit status restored.
trap 'rc=$?; [ -n "$MERGED" ] && umount "$MERGED" 2>/dev/null; (exit $rc); _lib_cleanup' EXIT

mkdir -p "$O/lower" "$O/upper" "$O/work" "$O/merged" ||
	bail_out "cannot create the overlay directories in $O"
dd if=/dev/urandom of="$O/lower/f" bs=1M count=32 status=none ||
	bail_out "cannot write $O/lower/f"
mount -t overlay overlay \
	-o "lowerdir=$O/lower,upperdir=$O/upper,workdir=$O/work" "$O/merged" \
	2>"$T/mount.err" || skip_all "cannot mount overlayfs: $(head -n1 "$T/mount.err")"
MERGED=$O/merged

# run_job OUT RW - the job on merged/f with rw=RW, JSON into OUT.
run_job() {
	run_cmd "$1" "$1.err" timeout "$TIMEOUT" "$IOSTRESS" --name=ovl \
		--filename="$MERGED/f" --rw="$2" --size=1m --bs=4k \
		--ioengine=psync --output-format=json
	[ "$RC" -eq 0 ] || { diag "iostress rw=$2 exited $RC"; diag_file "$1.err"; }
	return "$RC"
}

opens() {
	json_get "$1" "d['jobs'][0]['iostress']['opens']['$2']"
}

ok "read job on the lower file runs" run_job "$T/read.json" randread
[ "$(opens "$T/read.json" files 2>/dev/null)" = 0 ]
check "read job: no opens for write" $?
[ ! -e "$O/upper/f" ]
check "read job: nothing copied up" $?

ok "first write job (copy-up) runs" run_job "$T/w1.json" randwrite
ok "second write job (upper layer) runs" run_job "$T/w2.json" randwrite
[ -e "$O/upper/f" ]
check "the file was copied up" $?

f1=$(opens "$T/w1.json" files 2>/dev/null)
b1=$(opens "$T/w1.json" bytes 2>/dev/null)
[ "$f1" = 1 ]
check "first write job: opens.files == 1 (got '$f1')" $?
[ "$b1" = 33554432 ]
check "first write job: opens.bytes == 33554432 (got '$b1')" $?
[ "$(opens "$T/w2.json" bytes 2>/dev/null)" = 33554432 ]
check "second write job: opens.bytes == 33554432" $?

m1=$(opens "$T/w1.json" max_ms 2>/dev/null)
m2=$(opens "$T/w2.json" max_ms 2>/dev/null)
diag "opens.max_ms: copy-up $m1, upper layer $m2"
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)' \
	"${m1:-0}" "${m2:-0}" 2>/dev/null
check "the copy-up open is slower than the second ($m1 ms > $m2 ms)" $?

fw=$(json_get "$T/w1.json" "d['jobs'][0]['iostress'].get('first_write_us', 0)" 2>/dev/null)
python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) > 0 else 1)' "${fw:-0}" 2>/dev/null
check "write job reports first_write_us ($fw)" $?
[ "$(json_get "$T/read.json" "'first_write_us' in d['jobs'][0]['iostress']" 2>/dev/null)" = False ]
check "read job has no first_write_us" $?

done_testing
