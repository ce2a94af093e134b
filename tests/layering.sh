#!/bin/bash
# SPDX-License-Identifier: MIT
# layering.sh - the rooms include downwards only (doc/design.md, "Layout").
#
# Rooms, lowest first:
#   engine/lib  engine/measure  engine/workload  backends  engine/job
#   engine/wire  targets  engine/run  engine/report  engine/cli
# A source file may include headers of its own room and of rooms below
# it, never above.  Every #include "room/x.h" of every source file, in
# the room's subdirectories too (targets/docker/, targets/kvm/), is
# checked, and one test is reported per room.

. "$(dirname "$0")/lib.sh"

ROOMS=(lib measure workload backends job wire targets run report cli)

# room_of PATH - the room of a source path or of an include string.
room_of() {
	local p=${1#engine/}
	echo "${p%%/*}"
}

rank_of() {
	local i
	for i in "${!ROOMS[@]}"; do
		[ "${ROOMS[$i]}" = "$1" ] && { echo "$i"; return; }
	done
	echo -1
}

cd "$SRCDIR" || bail_out "no source tree at $SRCDIR"
for room in "${ROOMS[@]}"; do
	case $room in
	backends|targets) dir=$room ;;
	*) dir=engine/$room ;;
	esac
	[ -d "$dir" ] || { fail "room $dir exists"; continue; }
	mine=$(rank_of "$room")
	bad=0
	while IFS=: read -r file line inc; do
		inc=${inc#*\"}
		inc=${inc%\"*}
		case $inc in */*) ;; *) continue ;; esac
		theirs=$(rank_of "$(room_of "$inc")")
		[ "$theirs" -lt 0 ] && continue
		if [ "$theirs" -gt "$mine" ]; then
			diag "$file:$line includes \"$inc\": $room may not include $(room_of "$inc")"
			bad=1
		fi
	done < <(grep -rHn --include='*.[ch]' '^#include "' "$dir" 2>/dev/null)
	check "$room includes only its own and lower rooms" "$bad"
done

done_testing
