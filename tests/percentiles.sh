#!/bin/bash
# SPDX-License-Identifier: MIT
# percentiles.sh - histogram percentiles against exact ones.
#
# A job writes a per-I/O clat log (write_lat_log, log_avg_msec=0) and the
# JSON report.  From the log's values, per direction, the exact percentile
# is the nearest rank: the ceil(p/100 * N)-th smallest value (fio's rule
# applied to the raw samples).  Every percentile in the JSON -- the
# default list, then a percentile_list with lat_percentiles -- must be
# within 0.1% + 1 ns of it.  The log must hold one line per I/O.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3

cd "$T" || bail_out "cannot cd to $T"

# check_run NAME OPTION... - run a job with a clat log and compare.
check_run() {
	local name=$1
	shift
	run_cmd "$name.json" "$name.err" "$IOSTRESS" --output-format=json \
		--name="$name" --filename="$T/data" --size=8M --rw=randrw \
		--bs=4k --ioengine=psync --write_lat_log="$name" \
		--log_avg_msec=0 "$@"
	check "$name: iostress exits 0" "$RC"
	[ "$RC" -eq 0 ] || diag_file "$name.err" 20
	python3 - "$name.json" "$name" >"$name.results" <<'PY'
import json, math, os, sys
d = json.load(open(sys.argv[1]))
job = d['jobs'][0]
name = sys.argv[2]
logs = {'clat': name + '_clat.1.log', 'lat': name + '_lat.1.log'}
for kind, path in logs.items():
    if not os.path.exists(path):
        print('FAIL', '%s: %s is written' % (name, path))
        continue
    vals = {0: [], 1: []}
    for line in open(path):
        f = [x.strip() for x in line.split(',')]
        vals[int(f[2])].append(int(f[1]))
    for ddir, key in ((0, 'read'), (1, 'write')):
        v = sorted(vals[ddir])
        n = job[key]['total_ios']
        print('PASS' if len(v) == n and n > 0 else 'FAIL',
              '%s %s: the %s log has one line per I/O (%d, total_ios %d)'
              % (name, key, kind, len(v), n))
        pcts = job[key][kind + '_ns'].get('percentile')
        if pcts is None:
            continue
        worst = 0.0
        bad = []
        for p, got in pcts.items():
            p = float(p)
            rank = max(1, math.ceil(p / 100.0 * len(v) - 1e-9))
            exact = v[min(rank, len(v)) - 1]
            err = abs(got - exact)
            if err > exact * 0.001 + 1:
                bad.append('%g: %d vs exact %d' % (p, got, exact))
            if exact:
                worst = max(worst, err / exact)
        print('DIAG', '%s %s %s: %d percentiles, worst relative error %.5f%%'
              % (name, key, kind, len(pcts), worst * 100))
        print('FAIL' if bad else 'PASS',
              '%s %s: %s percentiles within 0.1%% + 1 ns of exact %s'
              % (name, key, kind, '; '.join(bad)))
PY
	emit_results <"$name.results"
}

check_run dflt
check_run plist --percentile_list=0.5:25:50:75:99:99.9:100 --lat_percentiles=1
ok "plist: the JSON has the 7 requested percentiles" \
	test "$(json_get plist.json "len(d['jobs'][0]['read']['clat_ns']['percentile'])")" = 7
ok "plist: lat_percentiles adds lat_ns percentiles" \
	test "$(json_get plist.json "len(d['jobs'][0]['read']['lat_ns']['percentile'])")" = 7
done_testing
