#!/bin/bash
# SPDX-License-Identifier: MIT
# numa.sh - numa_cpu_nodes and numa_mem_policy (libnuma): every policy on
# node 0 (which every Linux machine has) runs and moves fio's bytes; a
# node the machine lacks is an error naming it; built without libnuma
# both options are refused by name.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

printf '[n]\nioengine=psync\nsize=64k\nnuma_cpu_nodes=0\n' >"$T/probe.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/probe.job"
if grep -q "built without libnuma" "$T/err"; then
	expect_err "built without libnuma: numa_cpu_nodes is refused by name" 2 \
		"probe.job:4: 'numa_cpu_nodes' is a fio option iostress does not support"
	done_testing
fi

cat >"$T/numa.job" <<'JOB'
[global]
ioengine=psync
rw=read
bs=4k
size=256k
[bind]
numa_cpu_nodes=0
numa_mem_policy=bind:0
[interleave]
numa_cpu_nodes=all
numa_mem_policy=interleave:0
[prefer]
numa_mem_policy=prefer:0
[local]
numa_mem_policy=local
[default]
numa_mem_policy=default
JOB
run_both numa "$T/numa.job"
python3 - "$T/numa.fio.json" "$T/numa.ios.json" "$FRC" "$IRC" >"$T/res" <<'PY'
import json, sys
f, i = (json.load(open(p))["jobs"] for p in sys.argv[1:3])
print("%s fio and iostress exit 0 (%s, %s)" % ("PASS" if sys.argv[3:5] == ["0", "0"] else "FAIL", sys.argv[3], sys.argv[4]))
for a, b in zip(f, i):
    same = (a["error"], a["read"]["io_kbytes"]) == (b["error"], b["read"]["io_kbytes"])
    print("%s %s: error %s, %s KiB as fio" % ("PASS" if same else "FAIL", b["jobname"], b["error"], b["read"]["io_kbytes"]))
PY
emit_results <"$T/res"

printf '[x]\nioengine=psync\nrw=read\nsize=64k\nnuma_mem_policy=bind:63\n' >"$T/bad.job"
run_cmd "$T/out" "$T/err" bash -c 'cd "$1" && exec "$2" bad.job' _ "$T" "$IOSTRESS"
expect_err "a node the machine lacks is an error naming it" fail \
	"numa_mem_policy names NUMA node 63, but this machine has nodes"
done_testing
