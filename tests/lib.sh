# SPDX-License-Identifier: MIT
# lib.sh - TAP helpers for the shell integration tests.
#
# Source it from a test script:
#
#     . "$(dirname "$0")/lib.sh"
#     plan 3                 (optional: done_testing prints it otherwise)
#     ok "the thing works" some_command arg...
#     ...
#     done_testing
#
# The test harness (make check) sets IOSTRESS to the binary under test and
# SRCDIR to the top of the source tree.  When run by hand they default to
# ./iostress and the directory above this file.
#
# Every test gets its own temporary directory, $T, removed on exit.
#
# A skip is reported as "ok N # SKIP reason" on a developer machine.  With
# IOSTRESS_REQUIRE_ALL=1 (CI) a skip is a failure: "not ok N - reason".

set -u

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")" && pwd)
SRCDIR=${SRCDIR:-$(cd "$LIB_DIR/.." && pwd)}
IOSTRESS=${IOSTRESS:-$SRCDIR/iostress}
IOSTRESS_REQUIRE_ALL=${IOSTRESS_REQUIRE_ALL:-0}
export SRCDIR IOSTRESS IOSTRESS_REQUIRE_ALL

_tap_n=0
_tap_failed=0
_tap_planned=

T=$(mktemp -d "${TMPDIR:-/tmp}/iostress-test.XXXXXX")
export T
_lib_cleanup() {
	local rc=$?
	# Make everything removable even if a test chmod'ed something.
	chmod -R u+rwx "$T" 2>/dev/null || true
	rm -rf "$T"
	exit "$rc"
}
trap _lib_cleanup EXIT
trap 'exit 130' INT TERM

# plan N - print the TAP plan.
plan() {
	_tap_planned=$1
	echo "1..$1"
}

# diag TEXT... - a TAP comment line (shown in the .log file).
diag() {
	local line
	printf '%s\n' "$*" | while IFS= read -r line; do
		printf '# %s\n' "$line"
	done
}

# diag_file FILE [MAX_LINES] - show a file's contents as TAP comments.
diag_file() {
	local f=$1 max=${2:-40}
	[ -e "$f" ] || { diag "($f does not exist)"; return 0; }
	diag "--- $(basename "$f") ---"
	head -n "$max" "$f" | while IFS= read -r line; do
		printf '#   %s\n' "$line"
	done
}

# pass DESC / fail DESC - record one result.
pass() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}
fail() {
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $*"
}

# check DESC CONDITION_STATUS - pass if the status is 0.
#   e.g.  [ "$rc" -eq 2 ]; check "exit status is 2" $?
check() {
	if [ "$2" -eq 0 ]; then pass "$1"; else fail "$1"; fi
}

# ok DESC CMD... - run CMD; pass if it exits 0.
ok() {
	local desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# skip DESC REASON - a skipped test; a failure when IOSTRESS_REQUIRE_ALL=1.
skip() {
	_tap_n=$((_tap_n + 1))
	if [ "$IOSTRESS_REQUIRE_ALL" = 1 ]; then
		_tap_failed=$((_tap_failed + 1))
		echo "not ok $_tap_n - $1 (skipped, but IOSTRESS_REQUIRE_ALL=1: $2)"
	else
		echo "ok $_tap_n - $1 # SKIP $2"
	fi
}

# skip_all REASON - skip the whole script (call before plan).
skip_all() {
	if [ "$IOSTRESS_REQUIRE_ALL" = 1 ]; then
		echo "1..1"
		echo "not ok 1 - $1 (skipped, but IOSTRESS_REQUIRE_ALL=1)"
		exit 1
	fi
	echo "1..0 # SKIP $1"
	exit 0
}

# bail_out REASON - stop the whole run (automake reports an ERROR).
bail_out() {
	echo "Bail out! $*"
	exit 1
}

# require_cmd CMD... - skip the whole script unless every CMD is on PATH.
require_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip_all "'$c' is not installed"
	done
}

# require_guest_kernel - set KERNEL (/boot/vmlinuz-VERSION) and KVER to the
# newest installed guest kernel that has its /lib/modules/VERSION (an
# installed kernel, not a leftover); skip the whole test without one.
require_guest_kernel() {
	local v
	KERNEL=
	KVER=
	for v in $(ls /boot/vmlinuz-* 2>/dev/null | sed 's|^/boot/vmlinuz-||' | sort -rV); do
		if [ -d "/lib/modules/$v" ] && [ -r "/boot/vmlinuz-$v" ]; then
			KERNEL=/boot/vmlinuz-$v
			KVER=$v
			return 0
		fi
	done
	skip_all "no readable /boot/vmlinuz-* with its /lib/modules dir (apt-get install linux-image-amd64)"
}

# require_libvirt - set URI to libvirt's ($IOSTRESS_LIBVIRT_URI, else
# qemu:///system) and skip the whole test unless its daemon answers there.
require_libvirt() {
	URI=${IOSTRESS_LIBVIRT_URI:-qemu:///system}
	command -v virsh >/dev/null 2>&1 ||
		skip_all "'virsh' is not installed (apt-get install libvirt-daemon-system libvirt-clients)"
	virsh -c "$URI" version >/dev/null 2>&1 ||
		skip_all "libvirt's daemon does not answer at $URI (apt-get install libvirt-daemon-system libvirt-clients; without systemd: virtlogd -d; libvirtd -d)"
}

# require_iostress - bail out unless $IOSTRESS is an executable.
require_iostress() {
	[ -x "$IOSTRESS" ] || bail_out "iostress binary not found at '$IOSTRESS'"
}

# fio_examples - the paths of the example job files shipped with fio, one
# a line, sorted: $FIO_EXAMPLES/*.fio when set, else Debian's fio-examples
# package (found with dpkg -L) and /usr/share/doc/fio/examples.
fio_examples() {
	{
		if [ -n "${FIO_EXAMPLES:-}" ]; then
			ls "$FIO_EXAMPLES"/*.fio 2>/dev/null
		else
			if command -v dpkg >/dev/null 2>&1; then
				dpkg -L fio fio-examples 2>/dev/null | grep '/examples/.*\.fio$'
			fi
			ls /usr/share/doc/fio/examples/*.fio 2>/dev/null
		fi
	} | sort -u
}

# done_testing - print the plan if plan was not called (TAP allows it at
# the end), check it, and exit 0 if nothing failed.  A script that dies
# before this has no plan, which the TAP driver reports as an ERROR.
done_testing() {
	if [ -z "$_tap_planned" ]; then
		echo "1..$_tap_n"
	elif [ "$_tap_n" -ne "$_tap_planned" ]; then
		diag "planned $_tap_planned tests but ran $_tap_n"
		exit 1
	fi
	[ "$_tap_failed" -eq 0 ]
	exit $?
}

# run_cmd OUT ERR CMD... - run CMD with stdout and stderr captured to files;
# sets RC to its exit status.  Never fails the script.
run_cmd() {
	local out=$1 err=$2
	shift 2
	RC=0
	"$@" >"$out" 2>"$err" || RC=$?
}

# run_both NAME JOBFILE - run JOBFILE under fio and under iostress, each
# with --output-format=json in a fresh directory of its own ($T/NAME.fio,
# $T/NAME.ios): the documents go to $T/NAME.fio.json and $T/NAME.ios.json,
# fio's other output to $T/NAME.fio.out, iostress's messages to
# $T/NAME.ios.err; FRC and IRC are the exit statuses.  Never fails.
run_both() {
	local n=$1 jf=$2
	mkdir -p "$T/$n.fio" "$T/$n.ios"
	FRC=0
	(cd "$T/$n.fio" && timeout "${IOSTRESS_TEST_TIMEOUT:-60}" fio \
		--output-format=json --output="$T/$n.fio.json" "$jf") \
		>"$T/$n.fio.out" 2>&1 || FRC=$?
	IRC=0
	(cd "$T/$n.ios" && timeout "${IOSTRESS_TEST_TIMEOUT:-60}" "$IOSTRESS" \
		--output-format=json "$jf") >"$T/$n.ios.json" 2>"$T/$n.ios.err" || IRC=$?
}

# expect_err DESC STATUS TEXT - after run_cmd: pass DESC when the command
# exited with STATUS (a number, or "fail" for any non-zero status) and its
# stderr ($T/err) has the fixed string TEXT; else fail, showing stderr.
expect_err() {
	local desc=$1 status=$2 text=$3 ok=1
	if [ "$status" = fail ]; then
		[ "$RC" -ne 0 ] || ok=0
	else
		[ "$RC" -eq "$status" ] || ok=0
	fi
	if [ "$ok" = 1 ] && grep -qF -- "$text" "$T/err"; then
		pass "$desc"
	else
		fail "$desc (exit $RC)"
		diag_file "$T/err"
	fi
}

# json_get FILE EXPR - print a value from a JSON document.  EXPR is a
# Python expression over the parsed document `d`, e.g.
#     json_get out.json "d['jobs'][0]['read']['iops']"
# Exits non-zero if the file does not parse or the expression fails.
json_get() {
	python3 - "$1" "$2" <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    d = json.load(f)
v = eval(sys.argv[2], {"d": d})
print(json.dumps(v) if isinstance(v, (dict, list)) else v)
PY
}

# json_valid FILE - exit 0 if FILE is one well-formed JSON document.
json_valid() {
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" 2>/dev/null
}

# emit_results - read lines "PASS text", "FAIL text" or "DIAG text" on
# stdin (e.g. from a python3 checker) and turn them into TAP results.
# Must not run in a pipeline subshell: use  emit_results <file.
emit_results() {
	local verdict text
	while read -r verdict text; do
		case $verdict in
		PASS) pass "$text" ;;
		FAIL) fail "$text" ;;
		*) diag "$text" ;;
		esac
	done
}

# fs_supports_direct DIR - exit 0 if files in DIR can be opened O_DIRECT
# (tmpfs, for one, refuses).
fs_supports_direct() {
	local probe="$1/.iostress-direct-probe.$$" rc=0
	dd if=/dev/zero of="$probe" bs=4096 count=1 oflag=direct \
		status=none 2>/dev/null || rc=1
	rm -f "$probe"
	return "$rc"
}

# file_contains FILE STRING - fixed-string grep.
file_contains() {
	grep -qF -- "$2" "$1"
}
