#!/bin/bash
# SPDX-License-Identifier: MIT
# prio.sh - prioclass and cmdprio_percentage/cmdprio_class/cmdprio with
# libaio and io_uring: the latency log's priority column (log_prio=1) has
# the job's priority (prioclass=3: 0x6000) and, for cmdprio_percentage of
# the I/Os, cmdprio's (class 2, level 5: 0x4005), in fio's log and in
# iostress's alike, the share within 4 points of 20% (which I/Os get it is
# random, in each tool's own sequence).  Classes any user may set.  Then
# cmdprio with an engine that has none is refused.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio

cat >"$T/prio.job" <<'JOB'
[global]
rw=randread
bs=4k
size=8m
io_size=16m
filename=prio.dat
write_lat_log=prio
log_prio=1
prioclass=3
iodepth=8
; engine options, after ioengine= in fio
[aio]
ioengine=libaio
cmdprio_percentage=20
cmdprio_class=2
cmdprio=5
[uring]
stonewall
ioengine=io_uring
cmdprio_percentage=20
cmdprio_class=2
cmdprio=5
JOB
run_both prio "$T/prio.job"
[ "$FRC" -eq 0 ] || { fail "fio runs the prio job (rc $FRC)"; diag_file "$T/prio.fio.out"; }
[ "$IRC" -eq 0 ] || { fail "iostress runs the prio job (rc $IRC)"; diag_file "$T/prio.ios.err"; }
for who in fio ios; do
	for n in 1 2; do
		f=$T/prio.$who/prio_clat.$n.log
		# lines, lines at 0x4005, lines at neither
		read -r all cmd other < <(awk -F', ' '{ n++ }
			$NF == "0x4005" { c++ } $NF != "0x4005" && $NF != "0x6000" { o++ }
			END { print n + 0, c + 0, o + 0 }' "$f" 2>/dev/null)
		if [ "${all:-0}" -eq 4096 ] && [ "$other" -eq 0 ] &&
		   [ "$cmd" -ge 655 ] && [ "$cmd" -le 983 ]; then
			pass "$who job $n: $cmd of $all I/Os at 0x4005, the rest 0x6000"
		else
			fail "$who job $n: $cmd of ${all:-0} I/Os at 0x4005, $other at neither 0x4005 nor 0x6000"
		fi
	done
done

printf '[j]\nioengine=psync\ncmdprio_percentage=20\nsize=1m\n' >"$T/psync.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/psync.job"
expect_err "cmdprio_percentage with psync refused" 2 "cmdprio_percentage needs ioengine=libaio or io_uring, not 'psync'"
done_testing
