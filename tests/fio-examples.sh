#!/bin/bash
# SPDX-License-Identifier: MIT
# fio-examples.sh - every example job file shipped with fio either parses
# (iostress --parse-only exits 0 and prints nothing), or is refused with
# exit 2 and one message
#     iostress: FILE:LINE: 'X' is a fio option iostress does not support
# (or "'X=VALUE' is a fio option ..." such as "'zonemode=zbd' is a fio
# option ...: zoned devices are not supported yet", or "'ioengine=X' is a
# fio engine ...", or "'X' is an option of fio's E engine, which iostress
# does not support" naming the engines X belongs to) where line LINE of
# FILE really sets X, and neither X nor E is one of the engines iostress
# has (sync, vsync, pvsync, pvsync2, posixaio: examples that use them now
# parse, or stop at another option).  A file that fio itself refuses (fio --parse-only
# fails, or its ioengine is none of fio --enghelp's) may be refused with
# "invalid value 'V' for option 'X'" at the line setting X.  Nothing is
# misread silently, nothing crashes.
#
# The examples come from Debian's fio-examples package (fio's examples/,
# installed under /usr/share/doc/fio/examples), found with dpkg -L; set
# FIO_EXAMPLES=DIR to use another copy.

. "$(dirname "$0")/lib.sh"
require_iostress

mapfile -t examples < <(fio_examples)
[ "${#examples[@]}" -gt 0 ] ||
	skip_all "no fio example job files (apt-get install fio-examples)"

# engines_of MSG - the list of "(available engines: a, b, ...)" in MSG.
engines_of() {
	local m=${1##*available engines: }
	[ "$m" != "$1" ] && printf '%s' "${m%)*}"
}

# The engines of this build, from --help's "ioengines in this build: a, b".
ours=$("$IOSTRESS" --help 2>&1 | sed -n 's/^ioengines in this build: //p')
[ -n "$ours" ] || bail_out "iostress --help names no ioengines"

# option_of_engines MSG - for "'X' is an option of fio's E1, E2 and E3
# engines, ...": "LINE X E1 E2 E3" (one word each), else nothing.
option_of_engines() {
	local re="^iostress: $name:([0-9]+): '([^']+)' is an option of fio's (.+) engines?, which iostress does not support$"

	[[ $1 =~ $re ]] || return 1
	printf '%s %s %s' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" \
		"$(printf '%s' "${BASH_REMATCH[3]}" | sed 's/,\| and / /g')"
}

# named_at LINE OPT [HOW] - the message named OPT at LINE of $f: pass when
# that line sets it, else fail.
named_at() {
	local text

	text=$(sed -n "${1}p" "$f")
	if [[ $text != *"$2"* ]]; then
		fail "$name: message names '$2' at line $1, which says '$text'"
		return
	fi
	refused=$((refused + 1))
	pass "$name refused: '$2'${3:-} at line $1"
}

parsed=0
refused=0
for f in "${examples[@]}"; do
	name=$(basename "$f")
	# run from the file's directory, as a user would, so that relative
	# includes resolve; messages then name the file as given
	run_cmd "$T/out" "$T/err" bash -c 'cd "$(dirname "$1")" && exec "$2" --parse-only "$(basename "$1")"' _ "$f" "$IOSTRESS"
	if [ "$RC" -eq 0 ] && [ ! -s "$T/err" ] && [ ! -s "$T/out" ]; then
		parsed=$((parsed + 1))
		pass "$name parses"
		continue
	fi
	msg=$(head -n 1 "$T/err")
	if [ "$RC" -ne 2 ] || [ "$(wc -l <"$T/err")" -ne 1 ]; then
		fail "$name: exit $RC, expected 0 or 2 with one message"
		diag_file "$T/err" 5
		continue
	fi
	if words=$(option_of_engines "$msg"); then
		read -r line opt engines <<<"$words"
		bad=
		for e in $engines; do
			[[ ", $ours, " == *", $e, "* ]] && bad=$e
		done
		if [ -n "$bad" ]; then
			fail "$name: '$opt' refused as an option of engine $bad, which iostress has"
		else
			named_at "$line" "$opt" " (fio's $engines)"
		fi
		continue
	fi
	# 'X', 'ioengine=X', or 'X=VALUE' for a value iostress lacks
	re="^iostress: $name:([0-9]+): '(ioengine=)?([^'=]+)(=[^']*)?' is a fio (option|engine) iostress does not support"
	if [[ ! $msg =~ $re ]]; then
		# A file fio refuses too may be refused as a bad value, at the
		# line of the option: fio --parse-only fails on it (variables
		# from an environment that is not set), or its engine is none
		# of fio's (cpp_null, an external engine nobody ships).
		inv="^iostress: $name:([0-9]+): invalid value '([^']*)' for option '([^']+)'"
		if [[ $msg =~ $inv ]] && command -v fio >/dev/null 2>&1 &&
			{ ! (cd "$(dirname "$f")" && fio --parse-only "$name" >/dev/null 2>&1) ||
			  { [ "${BASH_REMATCH[3]}" = ioengine ] &&
			    ! fio --enghelp | grep -qx "[[:space:]]*${BASH_REMATCH[2]}"; }; }; then
			[[ $msg =~ $inv ]]
			line=${BASH_REMATCH[1]}
			opt=${BASH_REMATCH[3]}
			text=$(sed -n "${line}p" "$f")
			if [[ $text == *"$opt"* ]]; then
				refused=$((refused + 1))
				pass "$name refused as fio refuses it: '$opt' at line $line"
				continue
			fi
		fi
		fail "$name: refused without naming an unsupported option"
		diag "$msg"
		continue
	fi
	line=${BASH_REMATCH[1]}
	opt=${BASH_REMATCH[3]}
	if [ -n "${BASH_REMATCH[2]}" ] && [[ ", $(engines_of "$msg"), " == *", $opt, "* ]]; then
		fail "$name: refuses ioengine=$opt, an engine iostress has"
		continue
	fi
	named_at "$line" "$opt"
done
diag "$parsed parsed, $refused refused by name, of ${#examples[@]}"
done_testing
