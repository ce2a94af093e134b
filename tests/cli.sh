#!/bin/bash
# SPDX-License-Identifier: MIT
# cli.sh - the command line: usage, exit codes and error messages.
#
# Exit codes (iostress(1)): 0 ok, 1 a run failed, 2 bad usage or a bad job
# file.  Errors go to stderr as "iostress: file:line: message".

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cd "$T" || bail_out "cannot cd to $T"

# check DESC STATUS - as lib.sh's, but a failure also shows what the last
# command (run with run_cmd into out/err) said.
check() {
	if [ "$2" -eq 0 ]; then
		pass "$1"
	else
		fail "$1"
		diag "exit status $RC"
		diag_file err 10
		diag_file out 10
	fi
}

# A job that runs in a blink and touches no files.
cat >quick.job <<'EOF'
[quick]
ioengine=null
rw=randread
bs=4k
size=1m
EOF

# --- help and version ------------------------------------------------------

run_cmd out err "$IOSTRESS" --help
check "--help exits 0" $RC
[ -s out ] && grep -Eqi "usage|JOBFILE" out
check "--help prints usage to stdout" $?

run_cmd out err "$IOSTRESS" --version
check "--version exits 0" $RC
grep -q "iostress" out && grep -Eq '[0-9]+\.[0-9]+' out
check "--version prints the name and a version" $?
[ ! -s err ]
check "--version writes nothing to stderr" $?

# --- bad usage -------------------------------------------------------------

run_cmd out err "$IOSTRESS" --no-such-flag quick.job
[ "$RC" -eq 2 ]
check "unknown flag exits 2 (got $RC)" $?
grep -q -- "no-such-flag" err
check "unknown flag is named on stderr" $?
[ ! -s out ]
check "unknown flag writes nothing to stdout" $?

run_cmd out err "$IOSTRESS"
[ "$RC" -eq 2 ]
check "no job file exits 2 (got $RC)" $?

run_cmd out err "$IOSTRESS" does-not-exist.job
[ "$RC" -eq 2 ]
check "missing job file exits 2 (got $RC)" $?
grep -q "^iostress: .*does-not-exist\.job" err
check "missing job file is named on stderr after 'iostress: '" $?

run_cmd out err "$IOSTRESS" --output-format=xml quick.job
[ "$RC" -eq 2 ]
check "--output-format=xml exits 2 (got $RC)" $?
grep -q "xml" err
check "--output-format=xml names the format on stderr" $?

# --- bad job files ---------------------------------------------------------

# Line 5 holds the misspelt option.
cat >badopt.job <<'EOF'
; a job file with a typo
[global]
ioengine=null
[job1]
iodepht=4
size=1m
EOF
run_cmd out err "$IOSTRESS" badopt.job
[ "$RC" -eq 2 ]
check "unknown option exits 2 (got $RC)" $?
grep -q "badopt\.job:5:" err
check "unknown option: stderr has file:line (badopt.job:5:)" $?
grep -q "iodepht" err
check "unknown option: stderr names the option" $?
grep -q "iodepth" err
check "unknown option: stderr suggests 'iodepth'" $?
[ ! -s out ]
check "unknown option: nothing on stdout" $?

# Line 4 holds the bad value.
cat >badval.job <<'EOF'
[job1]
ioengine=null
size=1m
rw=fast
EOF
run_cmd out err "$IOSTRESS" badval.job
[ "$RC" -eq 2 ]
check "bad rw= value exits 2 (got $RC)" $?
grep -q "badval\.job:4:" err && grep -q "'fast'" err
check "bad rw= value: stderr has badval.job:4: and 'fast'" $?

cat >badsize.job <<'EOF'
[job1]
ioengine=null
size=1m
bs=4q
EOF
run_cmd out err "$IOSTRESS" badsize.job
[ "$RC" -eq 2 ]
check "unknown size suffix bs=4q exits 2 (got $RC)" $?
grep -q "badsize\.job:4:" err && grep -q "4q" err
check "unknown size suffix: stderr has badsize.job:4: and '4q'" $?

cat >badengine.job <<'EOF'
[job1]
ioengine=warp-drive
size=1m
EOF
run_cmd out err "$IOSTRESS" badengine.job
[ "$RC" -eq 2 ]
check "unknown ioengine exits 2 (got $RC)" $?
grep -q "warp-drive" err && grep -q "badengine\.job:" err
check "unknown ioengine: stderr names the file and the engine" $?

cat >nojobs.job <<'EOF'
; only a global section
[global]
ioengine=null
size=1m
EOF
run_cmd out err "$IOSTRESS" nojobs.job
[ "$RC" -eq 2 ]
check "job file with no jobs exits 2 (got $RC)" $?
grep -q "nojobs\.job" err
check "job file with no jobs: stderr names the file" $?

: >empty.job
run_cmd out err "$IOSTRESS" empty.job
[ "$RC" -eq 2 ]
check "empty job file exits 2 (got $RC)" $?

# --- a run that fails ------------------------------------------------------

cat >runfail.job <<EOF
[job1]
ioengine=psync
rw=read
size=1m
filename=$T/no/such/dir/datafile
EOF
run_cmd out err "$IOSTRESS" runfail.job
[ "$RC" -eq 1 ]
check "a job whose file cannot be created exits 1 (got $RC)" $?
grep -q "no/such/dir" err
check "failed run: stderr names the path" $?

# --- output ------------------------------------------------------------------

run_cmd out err "$IOSTRESS" quick.job
[ "$RC" -eq 0 ] && [ -s out ]
check "a good job exits 0 and prints a report (rc $RC)" $?
grep -q "quick" out
check "the normal report names the job" $?

run_cmd out err "$IOSTRESS" --output=report.txt quick.job
[ "$RC" -eq 0 ]
check "--output=FILE exits 0 (got $RC)" $?
[ -s report.txt ] && grep -q "quick" report.txt
check "--output=FILE writes the report to FILE" $?
[ ! -s out ]
check "--output=FILE leaves stdout empty" $?

run_cmd out err "$IOSTRESS" --output-format=json quick.job
[ "$RC" -eq 0 ] && json_valid out
check "--output-format=json prints one valid JSON document (rc $RC)" $?
[ "$(json_get out "d['jobs'][0]['jobname']" 2>/dev/null)" = quick ]
check "JSON: jobs[0].jobname is 'quick'" $?
[ "$(json_get out "d['jobs'][0]['read']['total_ios']" 2>/dev/null)" = 256 ]
check "JSON: jobs[0].read.total_ios is 256 (1m / 4k)" $?
[ "$(json_get out "d['jobs'][0]['read']['io_bytes']" 2>/dev/null)" = 1048576 ]
check "JSON: jobs[0].read.io_bytes is 1048576" $?

run_cmd out err "$IOSTRESS" --output-format=json --output=r.json quick.job
[ "$RC" -eq 0 ] && json_valid r.json && [ ! -s out ]
check "--output-format=json --output=FILE: valid JSON in FILE, stdout empty" $?

run_cmd out err "$IOSTRESS" --output-format=json,normal quick.job
[ "$RC" -eq 0 ]
check "--output-format=json,normal exits 0 (got $RC)" $?

# description= is fio's "desc" key, present only when set (as in fio)
run_cmd out err "$IOSTRESS" --output-format=json --name=described \
	--description="two words" --ioengine=null --size=1m
[ "$RC" -eq 0 ] && [ "$(json_get out "d['jobs'][0]['desc']" 2>/dev/null)" = "two words" ]
check "JSON: description= appears as jobs[0].desc" $?
run_cmd out err "$IOSTRESS" --output-format=json quick.job
[ "$(json_get out "'desc' in d['jobs'][0]" 2>/dev/null)" = False ]
check "JSON: no desc key without description=" $?

done_testing
