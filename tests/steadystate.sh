#!/bin/bash
# SPDX-License-Identifier: MIT
# steadystate.sh - ss, ss_dur and ss_ramp against fio, on jobs whose
# outcome does not depend on the machine: writes with the null engine
# (filename=/dev/null) paced by rate_iops or rate (so each second's figure
# is the job's, not the machine's), with short windows and a 15 s runtime that a job that
# never settles runs to.
#
#   iops    ss=iops:10%, ss_dur=2, ss_ramp=1: steady, stops early
#   bw      ss=bw:10%, ss_dur=3, ss_ramp=1: steady, stops early
#   never   ss=iops:0% over 2 s: nothing is below a limit of 0, the job
#           runs to its runtime (6 s) with attained=0 and a full window
#   group   2 jobs, group_reporting, ss=iops_slope:2%: the group is
#           watched as one, its window holds the sum of both jobs' IOPS,
#           and both stop together
#
# For each, under both tools: the "steadystate" object has fio's keys and
# types; duration is ss_dur; iops[] and bw[] hold ss_dur samples;
# iops_mean and bw_mean are their integer means; criterion, max_deviation
# and slope are what fio's formulas give for the data shown; attained and
# the runtime are as expected.  The steady case also runs in a child
# worker (--target=process), its result crossing the wire.  Then mistakes
# in ss are refused at their file:line with exit 2, and fio's own example
# file parses.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

# mkjob NAME OPTION... - $T/NAME.job: a time_based null-engine writer
# with the options given.
mkjob() {
	local n=$1
	shift
	{
		printf '[%s]\nioengine=null\nfilename=/dev/null\nrw=write\nbs=4k\n' "$n"
		printf 'size=1g\ntime_based\nss_ramp=1\n'
		printf '%s\n' "$@"
	} >"$T/$n.job"
}

mkjob iops runtime=15 rate_iops=2000 ss=iops:10% ss_dur=2
mkjob bw runtime=15 rate=8m ss=bw:10% ss_dur=3
mkjob never runtime=6 rate_iops=2000 ss=iops:0% ss_dur=2
mkjob group runtime=15 numjobs=2 group_reporting rate_iops=1000 \
	ss=iops_slope:2% ss_dur=2

for n in iops bw never group; do
	run_both "$n" "$T/$n.job"
	python3 - "$n" "$T/$n.fio.json" "$T/$n.ios.json" "$FRC" "$IRC" >"$T/$n.res" <<'PY'
import json, sys

n, fj, ij, frc, irc = sys.argv[1:6]
res = []
def check(ok, text):
    res.append("%s %s: %s" % ("PASS" if ok else "FAIL", n, text))

try:
    docs = {"fio": json.load(open(fj)), "iostress": json.load(open(ij))}
except (OSError, ValueError) as e:
    print("FAIL %s: documents unreadable: %s" % (n, e))
    sys.exit(0)
check(frc == "0" and irc == "0", "both exit 0 (fio %s, iostress %s)" % (frc, irc))

expect_attained = n != "never"
dur = {"iops": 2, "bw": 3, "never": 2, "group": 2}[n]
keys = {}

def fio_criterion(ss, y):
    # fio 3.33 steadystate.c, over the window shown (oldest first)
    d = len(y)
    sum_y = sum(y)
    pct = ss.endswith("%")
    if "slope" in ss.split(":")[0]:
        sum_x = d * (d - 1) // 2
        sum_x2 = (d - 1) * d * (2 * d - 1) // 6
        sum_xy = sum(i * v for i, v in enumerate(y))
        slope = (sum_xy - sum_x * sum_y / d) / (sum_x2 - sum_x * sum_x / d)
        crit = 100.0 * slope / (sum_y // d) if pct else slope
        return crit, 0.0, slope
    mean = sum_y / d
    dev = max(abs(v - mean) for v in y)
    return (100.0 * dev / mean if pct else dev), dev, 0.0

for tool, d in docs.items():
    jobs = d.get("jobs", [])
    if len(jobs) != 1 or "steadystate" not in jobs[0]:
        check(False, "%s: one job entry with a steadystate object" % tool)
        continue
    j = jobs[0]
    s = j["steadystate"]
    keys[tool] = (sorted(s), sorted(s.get("data", {})))
    data = s["data"]
    types_ok = (isinstance(s["ss"], str) and isinstance(s["duration"], int)
                and isinstance(s["attained"], int) and isinstance(s["criterion"], str)
                and isinstance(s["max_deviation"], (int, float))
                and isinstance(s["slope"], (int, float))
                and all(isinstance(v, int) for v in data["iops"] + data["bw"]))
    check(types_ok, "%s: the steadystate members have fio's types" % tool)
    check(s["duration"] == dur and len(data["iops"]) == dur and len(data["bw"]) == dur,
          "%s: duration %s, %d iops and %d bw samples (ss_dur=%d)"
          % (tool, s["duration"], len(data["iops"]), len(data["bw"]), dur))
    check(data["iops_mean"] == sum(data["iops"]) // dur and
          data["bw_mean"] == sum(data["bw"]) // dur,
          "%s: iops_mean %s and bw_mean %s are the integer means of the samples"
          % (tool, data["iops_mean"], data["bw_mean"]))
    metric = data["bw"] if s["ss"].startswith("bw") else data["iops"]
    crit, dev, slope = fio_criterion(s["ss"], metric)
    shown = float(s["criterion"].rstrip("%"))
    check(abs(shown - crit) <= 1e-4 * max(1.0, abs(crit)) and
          abs(s["max_deviation"] - dev) <= 1e-3 * max(1.0, dev) and
          abs(s["slope"] - slope) <= 1e-3 * max(1.0, abs(slope)),
          "%s: criterion %s, max_deviation %s, slope %s as fio computes them from %s"
          % (tool, s["criterion"], s["max_deviation"], s["slope"], metric))
    check(bool(s["attained"]) == expect_attained,
          "%s: attained=%s" % (tool, s["attained"]))
    rt = j["write"]["runtime"]  # job_runtime adds up a group's jobs
    if expect_attained:
        check(rt < 10000, "%s: the job stopped once steady (%d ms of 15000)" % (tool, rt))
        # the window holds seconds of the paced rate: 2000 IOPS, or 8 MiB/s,
        # or the group's two jobs of 1000 IOPS each
        want = 8 * 1048576 if n == "bw" else 2000
        check(all(abs(v - want) <= want * 0.2 for v in metric),
              "%s: the samples are the paced rate %d: %s" % (tool, want, metric))
    else:
        check(rt >= 5900, "%s: the job ran to its runtime (%d ms of 6000)" % (tool, rt))
        check(all(v > 0 for v in data["iops"]),
              "%s: the window filled: %s" % (tool, data["iops"]))
    if n == "group":
        ios = j["write"]["total_ios"]
        # both jobs stopped together: at the group rate all along
        check(abs(ios - 2000 * rt / 1000.0) <= 0.2 * 2000 * rt / 1000.0,
              "%s: both jobs ran until the group stopped (%d I/Os in %d ms)" % (tool, ios, rt))

if len(keys) == 2:
    check(keys["fio"] == keys["iostress"], "iostress has fio's keys: %s" % (keys["iostress"],))
    check(docs["fio"]["jobs"][0]["steadystate"]["ss"] == docs["iostress"]["jobs"][0]["steadystate"]["ss"],
          "ss as fio prints it: %s" % docs["iostress"]["jobs"][0]["steadystate"]["ss"])
print("\n".join(res))
PY
	emit_results <"$T/$n.res"
	if grep -q '^FAIL' "$T/$n.res"; then
		diag_file "$T/$n.ios.json" 200
		diag_file "$T/$n.ios.err"
	fi
done

# In a child worker (--target=process) the result comes over the wire.
run_cmd "$T/proc.json" "$T/err" "$IOSTRESS" --target=process --output-format=json "$T/iops.job"
python3 - "$T/proc.json" "$RC" >"$T/proc.res" <<'PY'
import json, sys
try:
    j = json.load(open(sys.argv[1]))["jobs"][0]
    s, kind, rt = j["steadystate"], j["iostress"]["target"]["kind"], j["write"]["runtime"]
except (OSError, ValueError, KeyError, IndexError) as e:
    print("FAIL process: document unreadable: %s (exit %s)" % (e, sys.argv[2]))
    sys.exit(0)
ok = (sys.argv[2] == "0" and kind == "process" and s["attained"] == 1 and rt < 10000
      and len(s["data"]["iops"]) == 2 and s["data"]["iops_mean"] == sum(s["data"]["iops"]) // 2)
print("%s process: a child worker's steady state comes back whole (attained=%s in %d ms, %s)"
      % ("PASS" if ok else "FAIL", s["attained"], rt, s["data"]))
PY
emit_results <"$T/proc.res"

# The text report has fio's line.
run_cmd "$T/out" "$T/err" "$IOSTRESS" --output-format=normal "$T/iops.job"
if [ "$RC" -eq 0 ] && grep -Eq '^  steadystate  : attained=yes, bw=[0-9.]+[KMG]iB/s \([0-9.]+[kMG]B/s\), iops=[0-9.]+k?, iops mean dev=[0-9]+\.[0-9]{3}%$' "$T/out"; then
	pass "text: fio's steadystate line"
else
	fail "text: fio's steadystate line (exit $RC)"
	diag_file "$T/out" 60
fi

# Mistakes are refused at their file:line, with exit 2.
bad() {
	printf '[j]\nioengine=null\nsize=1m\n%s\n' "$1" >"$T/bad.job"
	run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/bad.job"
	expect_err "refused: $1" 2 "$2"
}
bad "ss=lat:1%" "bad.job:4: invalid value 'lat:1%' for option 'ss'"
bad "ss=iops" "bad.job:4: invalid value 'iops' for option 'ss' (the limit is missing"
bad "steadystate=iops:many%" "bad.job:4: invalid value 'iops:many%' for option 'steadystate'"
bad "ss=bw_slope:fast" "bad.job:4: invalid value 'bw_slope:fast' for option 'ss'"
printf '[a]\nioengine=null\nsize=1m\nss_dur=3\n[b]\nioengine=null\nsize=1m\n' >"$T/mixed.job"
run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$T/mixed.job"
expect_err "refused: jobs of one reporting group that differ in steady state (fio refuses them too)" 2 \
	"mixed.job:5: job 'b': its steadystate options (ss, ss_dur, ss_ramp) differ from those of job 'a' in the same reporting group"

# fio's example parses.
ex=/usr/share/doc/fio/examples/steadystate.fio
if [ -r "$ex" ]; then
	run_cmd "$T/out" "$T/err" "$IOSTRESS" --parse-only "$ex"
	check "fio's examples/steadystate.fio parses" "$RC"
else
	skip "fio's examples/steadystate.fio parses" "$ex is not installed"
fi

done_testing
