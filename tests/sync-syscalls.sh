#!/bin/bash
# SPDX-License-Identifier: MIT
# sync-syscalls.sh - the synchronous engines make the system calls fio
# makes, as many of each: sync seeks only when the offset moves, vsync
# issues one readv/writev (after one lseek) per run of contiguous requests,
# pvsync and pvsync2 one preadv/pwritev(2) per I/O.  strace -c -P counts
# the calls on the data file only; fio is the oracle.  The jobs are
# sequential, so both programs visit the same offsets in the same order.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio strace

CALLS=read,write,lseek,readv,writev,pread64,pwrite64,preadv,pwritev,preadv2,pwritev2
DATA=$T/data.bin
head -c $((4 << 20)) /dev/urandom >"$DATA" || bail_out "cannot write $DATA"

# counts PROG JOBFILE - "syscall calls" lines for the data file, sorted.
counts() {
	local out=$T/strace.out
	rm -f "$out"
	# LeakSanitizer stops the world with ptrace, which a traced process
	# cannot: under strace an ASan build runs without it
	(cd "$T" && ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -c -P "$DATA" -e trace=$CALLS -o "$out" \
		"$@" >/dev/null 2>&1) || return 1
	# rows: % time, seconds, usecs/call, calls, [errors,] syscall
	awk '$NF != "total" && $NF != "syscall" && $1 !~ /^-/ { print $NF, $4 }' \
		"$out" | LC_ALL=C sort
}

# case NAME OPTIONS - run the job both ways and compare the counts.
case_() {
	local name=$1 job=$T/$1.job
	shift
	printf '[%s]\nfilename=%s\nsize=4m\ninvalidate=0\n' "$name" "$DATA" >"$job"
	printf '%s\n' "$@" >>"$job"
	if ! counts fio "$job" >"$T/$name.fio"; then
		fail "$name: fio runs the job"
		return
	fi
	if ! counts "$IOSTRESS" "$job" >"$T/$name.iostress"; then
		fail "$name: iostress runs the job"
		return
	fi
	if [ -s "$T/$name.fio" ] && cmp -s "$T/$name.fio" "$T/$name.iostress"; then
		pass "$name: $(tr '\n' ' ' <"$T/$name.iostress")as fio"
	else
		fail "$name: system calls on the data file match fio"
		diag "expected (fio):"
		diag_file "$T/$name.fio"
		diag "got (iostress):"
		diag_file "$T/$name.iostress"
	fi
}

case_ sync-read ioengine=sync rw=read bs=4k
case_ sync-holes ioengine=sync rw=read:4k bs=4k
case_ sync-write ioengine=sync rw=write bs=8k
case_ vsync-read ioengine=vsync rw=read bs=4k iodepth=8 iodepth_batch=8
case_ vsync-default-batch ioengine=vsync rw=read bs=4k iodepth=8
case_ vsync-write ioengine=vsync rw=write bs=16k iodepth=4 iodepth_batch=4
case_ pvsync-read ioengine=pvsync rw=read bs=4k
case_ pvsync2-write ioengine=pvsync2 rw=write bs=8k hipri
done_testing
