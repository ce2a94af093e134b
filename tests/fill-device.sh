#!/bin/bash
# SPDX-License-Identifier: MIT
# fill-device.sh - fill_device (fill_fs): the job writes until ENOSPC, which
# ends it without an error, as fio.  /dev/full stands for a full device
# (every write fails with ENOSPC): under fio and iostress the job exits 0
# with error 0 and its one failed write counted in total_ios; without
# fill_device the same job fails.  A job that does not write is refused.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3
[ -w /dev/full ] || skip_all "no writable /dev/full"

printf '[full]\nfilename=/dev/full\nrw=write\nbs=4k\nsize=1m\nioengine=psync\nfill_device=1\n' >"$T/full.job"
run_both full "$T/full.job"
res() {
	json_get "$1" "'%d %d %d' % (d['jobs'][0]['error'], d['jobs'][0]['write']['io_bytes'], d['jobs'][0]['write']['total_ios'])" 2>/dev/null
}
f=$(res "$T/full.fio.json")
i=$(res "$T/full.ios.json")
if [ "$FRC" -eq 0 ] && [ "$IRC" -eq 0 ] && [ -n "$i" ] && [ "$i" = "$f" ]; then
	pass "ENOSPC ends a fill_device job without error: error, bytes, ios $i as fio's"
else
	fail "fill_device on /dev/full: iostress rc $IRC '$i', fio rc $FRC '$f'"
	diag_file "$T/full.ios.err"
fi

sed 's/^fill_device=1$/fill_device=0/' "$T/full.job" >"$T/nofill.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" "$T/nofill.job"
expect_err "without fill_device ENOSPC fails the job" fail "No space left on device"

printf '[r]\nfilename=/dev/full\nrw=read\nsize=1m\nfill_fs=1\n' >"$T/read.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/read.job"
expect_err "fill_fs with a read job refused" 2 "fill_device with a workload that does not write (fio fills the files first) is not supported by iostress"
done_testing
