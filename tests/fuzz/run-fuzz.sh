#!/bin/bash
# SPDX-License-Identifier: MIT
# run-fuzz.sh [SECONDS] - build tests/fuzz/fuzz_jobfile with clang's
# libFuzzer, ASan and UBSan (no autotools: the needed sources are compiled
# directly) and run it for SECONDS (default 60), seeded with tests/jobs/
# and jobs/.  Exits non-zero on any crash, leak or sanitizer report.
#
# Environment: CC (default clang), FUZZ_WORKDIR (default a temporary
# directory, removed afterwards unless FUZZ_KEEP=1), FUZZ_JOBS (parallel
# fuzzing processes, default 1).
set -eu

SECS=${1:-60}
SRC=$(cd "$(dirname "$0")/../.." && pwd)
CC=${CC:-clang}
WORK=${FUZZ_WORKDIR:-$(mktemp -d "${TMPDIR:-/tmp}/iostress-fuzz.XXXXXX")}
mkdir -p "$WORK/corpus" "$WORK/crashes"
cleanup() {
	[ "${FUZZ_KEEP:-0}" = 1 ] || [ -n "${FUZZ_WORKDIR:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

command -v "$CC" >/dev/null || { echo "run-fuzz.sh: $CC not found (apt-get install clang)" >&2; exit 77; }

# The parser, the option table and what they link against.  Backends are
# built without HAVE_LIBURING/HAVE_LIBAIO so that no library is needed:
# ioengine=io_uring and libaio are then refused like any missing engine.
SOURCES="
	engine/lib/diag.c engine/lib/rand.c engine/job/number.c engine/job/numexpr.c
	engine/job/jobfile.c engine/job/jobs.c engine/job/job.c
	engine/job/options.c engine/job/options_table.c engine/job/options_check.c
	engine/job/options_files.c engine/job/options_io.c engine/job/options_misc.c
	engine/job/options_rand.c engine/job/options_target.c engine/job/placement.c
	engine/job/options_errors.c engine/job/options_latency.c engine/job/options_numa.c
	engine/job/options_ss.c engine/measure/steadystate.c
	engine/job/options_prio.c engine/job/options_values.c engine/job/rank_names.c
	engine/job/options_fio_engines.c
	backends/backend.c backends/psync.c backends/null.c
	backends/sync.c backends/vsync.c backends/pvsync.c backends/pvsync2.c backends/posixaio.c
"

srcs=()
for s in $SOURCES; do
	srcs+=("$SRC/$s")
done

echo "run-fuzz.sh: building with $CC"
"$CC" -g -O1 -std=gnu11 -D_GNU_SOURCE \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	-I"$SRC" -I"$SRC/engine" \
	"$SRC/tests/fuzz/fuzz_jobfile.c" "${srcs[@]}" \
	-lm -o "$WORK/fuzz_jobfile"

# Seeds: every job file we ship or test with, plus a few syntax corners.
for f in "$SRC"/tests/jobs/*.job "$SRC"/jobs/*.job; do
	[ -e "$f" ] && cp "$f" "$WORK/corpus/$(basename "$f")"
done
printf '[a]\nbs=(4*1024)\nsize=(1g/2)\noffset=(1+2)*4k\nrw=randread:8\n' >"$WORK/corpus/seed-expr"
printf '[global]\nsize=${SIZE}\n[a]\nbssplit=4k/50:8k/,16k\nrandom_distribution=zoned:50/5:30/15:20/\n' >"$WORK/corpus/seed-split"
printf '\001--rw=write\000--name=a\000--bs=4k,8k\000--name=b\000--numjobs=2' >"$WORK/corpus/seed-args"

# Run in an empty directory so that relative includes find nothing.
mkdir -p "$WORK/cwd"
cd "$WORK/cwd"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
	"$WORK/fuzz_jobfile" -max_total_time="$SECS" -timeout=10 \
	-rss_limit_mb=2048 -max_len=4096 -jobs="${FUZZ_JOBS:-1}" \
	-artifact_prefix="$WORK/crashes/" "$WORK/corpus" 2>"$WORK/fuzz.log" || {
	rc=$?
	tail -n 60 "$WORK/fuzz.log" >&2
	echo "run-fuzz.sh: FAILED (exit $rc); reproducers:" >&2
	ls -l "$WORK/crashes" >&2
	FUZZ_KEEP=1
	exit 1
}
tail -n 3 "$WORK/fuzz.log"
if ls "$WORK/crashes"/* >/dev/null 2>&1; then
	echo "run-fuzz.sh: FAILED: crash artifacts in $WORK/crashes" >&2
	FUZZ_KEEP=1
	exit 1
fi
echo "run-fuzz.sh: ok, ${SECS}s without a finding"
