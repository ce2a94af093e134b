#!/bin/bash
# SPDX-License-Identifier: MIT
# prio.sh - prioclass and cmdprio_percentage/cmdprio_class/cmdprio with
# libaio and io_uring: the latency log's priority column (log_prio=1) has
# the job's priority (prioclass=3: 0x6000) and, for cmdprio_percentage of
# the I/Os, cmdprio's (class 2, level 5: 0x4005), in fio's log and in
# iostress's alike, the share within 4 points of 20% (which I/Os get it is
# random, in each tool's own sequence).  cmdprio_bssplit's advanced form
# likewise: of the 4k reads 25% at class 2 level 1 and 75% at class 3
# level 2, the 8k ones at none.  Classes any user may set.  Then cmdprio
# with an engine that has none is refused.

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

cat >"$T/split.job" <<'JOB'
[split]
rw=randread
bssplit=4k/50:8k/50
size=8m
io_size=16m
filename=split.dat
write_lat_log=split
log_prio=1
iodepth=8
ioengine=libaio
cmdprio_bssplit=4k/25/2/1:4k/75/3/2:8k/0
JOB
run_both split "$T/split.job"
[ "$FRC" -eq 0 ] || { fail "fio runs the split job (rc $FRC)"; diag_file "$T/split.fio.out"; }
[ "$IRC" -eq 0 ] || { fail "iostress runs the split job (rc $IRC)"; diag_file "$T/split.ios.err"; }
for who in fio ios; do
	# 4k I/Os, 4k at 0x4001, I/Os at none of the expected (bs, prio)
	read -r k4 hi other < <(awk -F', ' '$4 == 4096 { k++ }
		$4 == 4096 && $NF == "0x4001" { h++ }
		!($4 == 4096 && ($NF == "0x4001" || $NF == "0x6002")) &&
		!($4 == 8192 && $NF == "0x0000") { o++ }
		END { print k + 0, h + 0, o + 0 }' "$T/split.$who/split_clat.1.log" 2>/dev/null)
	if [ "${k4:-0}" -gt 500 ] && [ "$other" -eq 0 ] &&
	   [ $((hi * 100)) -ge $((k4 * 20)) ] && [ $((hi * 100)) -le $((k4 * 30)) ]; then
		pass "$who cmdprio_bssplit: $hi of $k4 4k I/Os at 0x4001, the rest 0x6002, 8k at 0x0000"
	else
		fail "$who cmdprio_bssplit: $hi of ${k4:-0} 4k I/Os at 0x4001, $other at an unexpected priority"
	fi
done

printf '[j]\nioengine=psync\ncmdprio_percentage=20\nsize=1m\n' >"$T/psync.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/psync.job"
expect_err "cmdprio_percentage with psync refused" 2 "cmdprio_percentage needs ioengine=libaio or io_uring, not 'psync'"
printf '[j]\nioengine=libaio\ncmdprio_percentage=20\ncmdprio_bssplit=4k/10\nsize=1m\n' >"$T/both.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/both.job"
expect_err "cmdprio_percentage with cmdprio_bssplit refused" 2 "cmdprio_percentage and cmdprio_bssplit options are mutually exclusive"
done_testing
