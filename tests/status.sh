#!/bin/bash
# SPDX-License-Identifier: MIT
# status.sh - the live status line on stderr.
#
# On a terminal (a real pseudo-terminal from script(1)) iostress updates
# one status line each second; with stderr not a terminal it prints none;
# --eta=always and --eta=never override.  stdout (the report) never holds
# it.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd script

cd "$T" || bail_out "no temp dir"
cat >st.job <<JOB
[st]
ioengine=null
size=1g
rw=randread
bs=4k
time_based
runtime=3
JOB

has_status() { grep -q 'eta ' "$1"; }

# On a pseudo-terminal: script(1) runs the command with stdin/stdout/stderr
# on a pty and copies everything to the typescript file.
script -qfec "$IOSTRESS --output=tty.report st.job" tty.typescript >/dev/null 2>&1
check "on a terminal: exits 0" $?
has_status tty.typescript
check "on a terminal: a status line with an ETA appears" $?
[ "$(grep -o $'\r' tty.typescript | wc -l)" -ge 2 ]
check "on a terminal: the line is updated in place (carriage returns)" $?
! has_status tty.report
check "the report file holds no status line" $?

script -qfec "$IOSTRESS --eta=never --output=never.report st.job" never.typescript >/dev/null 2>&1
! has_status never.typescript
check "--eta=never: no status line even on a terminal" $?

"$IOSTRESS" st.job >pipe.out 2>pipe.err
check "stderr not a terminal: exits 0" $?
! has_status pipe.err && ! has_status pipe.out
check "stderr not a terminal: no status line" $?

"$IOSTRESS" --eta=always st.job >always.out 2>always.err
has_status always.err
check "--eta=always: a status line on stderr even when it is a pipe" $?
! has_status always.out
check "--eta=always: stdout holds only the report" $?

"$IOSTRESS" --eta=sometimes st.job >/dev/null 2>bad.err
[ $? -eq 2 ] && grep -q "sometimes" bad.err
check "--eta=sometimes: exit 2 naming the value" $?

done_testing
