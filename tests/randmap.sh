#!/bin/bash
# SPDX-License-Identifier: MIT
# randmap.sh - random I/O of several block sizes (bssplit, bsrange) moves
# as many I/Os as fio's, with fio's random map.
#
# fio 3.33 keeps a bit per block of a file (io_u.c get_next_rand_offset,
# mark_random_map): a random draw on a used block moves to the next free
# one, an I/O is cut short at the first used block after its start, and
# the pass ends when every block is used.  Which size an I/O gets is a
# random draw per I/O (get_next_buflen: by count, not by bytes), so the
# I/O count of a job is random too; its bytes are not.  Each job below
# runs under fio and under iostress with randseed=1..SEEDS:
#
#   - every run moves exactly the bytes fio's does (size= of them);
#   - the mean I/O count over the seeds is within TOLERANCE percent of
#     fio's mean.  fio's own counts spread about 1% over seeds (sd 10-30
#     I/Os on 2000-3000), so 3% of means over 6 seeds is more than three
#     standard errors; without the map (every block drawn once, I/Os
#     overlapping) rw=randwrite bssplit=4k/50:8k/50 made 2735 I/Os where
#     fio's mean is 3032, 10% fewer.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

SEEDS=6
TOLERANCE=3

jobs=(
	"rw=randwrite bssplit=4k/50:8k/50 io_size=16m"
	"rw=randread bsrange=4k-16k"
	"rw=randrw bssplit=4k/50:8k/50"
)

# counts TOOL JOBFILE - "IOS BYTES" of the job's run (reads + writes).
counts() {
	local tool=$1 job=$2

	(cd "$T" && "$tool" --output-format=json "$job" 2>"$T/err") |
		python3 -c '
import json, sys
j = json.load(sys.stdin)["jobs"][0]
print(j["read"]["total_ios"] + j["write"]["total_ios"],
      j["read"]["io_bytes"] + j["write"]["io_bytes"])'
}

for spec in "${jobs[@]}"; do
	fio_ios=()
	ios_ios=()
	bytes_ok=1
	for seed in $(seq 1 "$SEEDS"); do
		{
			printf '[j]\nioengine=null\nsize=16m\nrandseed=%s\n' "$seed"
			printf '%s\n' $spec
		} >"$T/j.fio"
		read -r f_n f_b < <(counts fio "$T/j.fio")
		read -r i_n i_b < <(counts "$IOSTRESS" "$T/j.fio")
		if [ -z "$f_n" ] || [ -z "$i_n" ]; then
			fail "$spec: seed $seed did not run (fio '$f_n', iostress '$i_n')"
			diag_file "$T/err" 5
			continue 2
		fi
		[ "$f_b" = "$i_b" ] || {
			bytes_ok=0
			diag "$spec seed $seed: fio $f_b bytes, iostress $i_b"
		}
		fio_ios+=("$f_n")
		ios_ios+=("$i_n")
	done
	check "$spec: every seed moves fio's bytes" $((1 - bytes_ok))
	verdict=$(python3 - "$TOLERANCE" "${fio_ios[*]}" "${ios_ios[*]}" <<'PY'
import sys
tol = float(sys.argv[1])
f = [int(x) for x in sys.argv[2].split()]
i = [int(x) for x in sys.argv[3].split()]
mf, mi = sum(f) / len(f), sum(i) / len(i)
dev = 100 * abs(mi - mf) / mf
print("ok" if dev <= tol else "off",
      "mean I/Os fio %.1f %s, iostress %.1f %s: %.1f%% apart" % (mf, f, mi, i, dev))
PY
)
	diag "$spec: ${verdict#* }"
	[ "${verdict%% *}" = ok ]
	check "$spec: mean I/O count within ${TOLERANCE}% of fio's" $?
done
done_testing
