#!/bin/bash
# SPDX-License-Identifier: MIT
# waitfor.sh - wait_for=JOBNAME against fio: a job starts when every clone
# of the named earlier job has ended.  Two writers of 256 KiB at 256 KiB/s
# (about 1 s), then a reader at the same rate that waits for them: the run
# takes about 2 s under both tools, where it would take 1 s if the reader
# started with the writers.  Also fio's rules for the name (earlier, not
# itself, one job of that name), refused at parse time with file:line.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

cat >"$T/wf.job" <<'JOB'
[global]
ioengine=psync
filesize=256k
rate=256k
[w]
rw=write
numjobs=2
[r]
new_group
wait_for=w
rw=read
JOB

# each tool timed on its own
mkdir -p "$T/f" "$T/i"
start=$(date +%s%N)
(cd "$T/f" && timeout 60 fio --output-format=json --output="$T/f.json" "$T/wf.job") >"$T/f.out" 2>&1
fwall=$((($(date +%s%N) - start) / 1000000))
start=$(date +%s%N)
(cd "$T/i" && timeout 60 "$IOSTRESS" --output-format=json "$T/wf.job") >"$T/i.json" 2>"$T/i.err"
iwall=$((($(date +%s%N) - start) / 1000000))
for t in f:$fwall i:$iwall; do
	x=${t%%:*} wall=${t#*:}
	w=$(json_get "$T/$x.json" "d['jobs'][0]['job_runtime']" 2>/dev/null)
	kb=$(json_get "$T/$x.json" "d['jobs'][2]['read']['io_kbytes']" 2>/dev/null)
	if [ -n "$w" ] && [ "$kb" = 256 ] && [ "$((wall * 10))" -ge "$((w * 17))" ]; then
		pass "wait_for under $x: the reader ran after the writers (run ${wall} ms, writer ${w} ms)"
	else
		fail "wait_for under $x: run ${wall} ms should be about twice the writer's '${w}' ms, reader 256 KiB (got '$kb')"
		diag_file "$T/i.err"
	fi
done

# the name: fio refuses these at run time, iostress at parse time
while IFS='|' read -r name line body want; do
	printf '%b' "$body" >"$T/$name.job"
	run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/$name.job"
	expect_err "wait_for: $want" 2 "$name.job:$line: invalid value 'b' for option 'wait_for' ($want)"
done <<'CASES'
wf-later|2|[a]\nwait_for=b\nsize=64k\n[b]\nsize=64k\n|no earlier job has that name
wf-self|2|[b]\nwait_for=b\nsize=64k\n|a job cannot wait for itself
wf-dup|6|[b]\nsize=64k\n[b]\nsize=64k\n[a]\nwait_for=b\n|more than one earlier job has that name
CASES
done_testing
