#!/bin/bash
# SPDX-License-Identifier: MIT
# terse.sh - --output-format=terse is fio's terse v3.
#
# One run writes terse and JSON together (terse,json); the terse line has
# as many fields as fio's for a comparable job (same disk count), and its
# key fields -- version, jobname, groupid, error, read/write KiB, KiB/s,
# IOPS and runtime -- equal what the JSON says.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cd "$T" || bail_out "cannot cd to $T"
JOB=(--name=tj --filename="$T/data" --size=4M --rw=randrw --bs=4k
     --ioengine=psync --numjobs=2)

run_cmd out.txt err "$IOSTRESS" --output-format=terse,json "${JOB[@]}"
check "iostress --output-format=terse,json exits 0" "$RC"
[ "$RC" -eq 0 ] || diag_file err 20
grep '^3;' out.txt >terse.txt
sed '/^3;/d' out.txt >out.json
ok "the JSON part is valid JSON" json_valid out.json
n=$(wc -l <terse.txt)
[ "$n" -eq 2 ]; check "one terse line per job (numjobs=2: $n)" $?

python3 - terse.txt out.json >results <<'PY'
import json, sys
lines = [l.rstrip('\n').split(';') for l in open(sys.argv[1])]
d = json.load(open(sys.argv[2]))
for i, f in enumerate(lines):
    j = d['jobs'][i]
    extra = sum(9 for du in d.get('disk_util', [])) + \
        sum(9 for du in d.get('disk_util', []) if 'aggr_read_ios' in du)
    want = 121 + extra
    print('PASS' if len(f) == want else 'FAIL',
          'job %d: %d fields (fio v3: 121 + 9 per disk = %d)' % (i, len(f), want))
    print('PASS' if f[0] == '3' else 'FAIL', 'job %d: terse version 3' % i)
    print('PASS' if f[2] == j['jobname'] else 'FAIL',
          'job %d: jobname %s' % (i, f[2]))
    print('PASS' if int(f[3]) == j['groupid'] else 'FAIL',
          'job %d: groupid %s' % (i, f[3]))
    print('PASS' if int(f[4]) == j['error'] else 'FAIL', 'job %d: error' % i)
    for base, ddir in ((5, 'read'), (46, 'write')):
        r = j[ddir]
        got = [int(x) for x in f[base:base + 4]]
        rt = r['runtime']
        want = [r['io_kbytes'],
                (r['io_bytes'] * 1000 // rt) // 1024 if rt else 0,
                r['total_ios'] * 1000 // rt if rt else 0, rt]
        print('PASS' if got == want and got[0] > 0 else 'FAIL',
              'job %d %s: kb, bw, iops, runtime %s == JSON %s' % (i, ddir, got, want))
    pct = [x for x in f[17:37]]
    print('PASS' if pct[0].startswith('1.000000%=') and pct[17:] == ['0%=0'] * 3
          else 'FAIL', 'job %d: 17 default clat percentiles, padded to 20' % i)
PY
emit_results <results

# fio itself, on a comparable job, writes as many fields
if command -v fio >/dev/null 2>&1; then
	fio --output-format=terse --name=tj --filename="$T/data" --size=4M \
		--rw=randrw --bs=4k --ioengine=psync >fio.txt 2>fio.err
	fio_nf=$(head -n 1 fio.txt | awk -F';' '{print NF}')
	nf=$(head -n 1 terse.txt | awk -F';' '{print NF}')
	[ -n "$fio_nf" ] && [ "$fio_nf" -eq "$nf" ]
	check "fio's terse line for the same job has as many fields ($fio_nf vs $nf)" $?
else
	skip "fio's terse line has as many fields" "fio is not installed"
fi
done_testing
