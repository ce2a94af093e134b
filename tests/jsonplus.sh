#!/bin/bash
# SPDX-License-Identifier: MIT
# jsonplus.sh - fio's own json+ tool reads iostress's json+ output.
#
# A mixed random job runs with --output-format=json+; Debian's fio package
# ships fio_jsonplus_clat2csv, which turns jobs[].{read,write}.clat_ns.bins
# into a CSV of value, count, cumulative count and percentile.  The counts
# must add up to every I/O the job did (total_ios), per direction.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 fio_jsonplus_clat2csv

cd "$T" || bail_out "cannot cd to $T"
run_cmd out.json err "$IOSTRESS" --output-format=json+ --name=jp \
	--filename="$T/data" --size=4M --rw=randrw --bs=4k --ioengine=psync
check "iostress --output-format=json+ exits 0" "$RC"
[ "$RC" -eq 0 ] || diag_file err 20
ok "the json+ document is valid JSON" json_valid out.json

run_cmd csv.out csv.err fio_jsonplus_clat2csv out.json clat.csv
check "fio_jsonplus_clat2csv reads it" "$RC"
[ "$RC" -eq 0 ] || diag_file csv.err 20
ok "it writes the CSV of job 0" test -s clat_job0.csv

python3 - out.json clat_job0.csv >results <<'PY'
import csv, json, sys
d = json.load(open(sys.argv[1]))
job = d['jobs'][0]
rows = list(csv.reader(open(sys.argv[2]), skipinitialspace=True))
head = [h.strip() for h in rows[0]]
for ddir in ('read', 'write'):
    total = job[ddir]['total_ios']
    col = head.index(ddir + '_clat_ns_count')
    got = sum(int(r[col]) for r in rows[1:] if len(r) > col and r[col].strip())
    print(('PASS' if got == total and total > 0 else 'FAIL'),
          '%s: the CSV counts %d I/Os, total_ios is %d' % (ddir, got, total))
    cum = head.index(ddir + '_clat_ns_cumulative')
    last = [int(r[cum]) for r in rows[1:] if len(r) > cum and r[cum].strip()][-1]
    print(('PASS' if last == total else 'FAIL'),
          '%s: the last cumulative count is total_ios (%d)' % (ddir, last))
PY
emit_results <results
done_testing
