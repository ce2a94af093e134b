#!/bin/bash
# SPDX-License-Identifier: MIT
# kvm.sh - the kvm placement against a real libvirtd, under TCG: size-bound
# jobs on the guest's ext4 and on its raw disk move the same I/Os as fio's
# natively; the disk's cache and I/O modes, bus and I/O threads reach the
# live domain XML and the report; the host's cycles per guest I/O and the
# emulation are reported; nothing of the run is left behind after a normal
# end, SIGINT, or SIGKILL and --cleanup; kvm_accel=kvm ends at its boot
# deadline where KVM does not boot guests (nested virtualization).
#
# Each guest boot costs seconds of TCG: the test boots five guests.  The
# daemon is $IOSTRESS_LIBVIRT_URI, else qemu:///system (.ci/run starts
# virtlogd and libvirtd).  Needs the static worker.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 fio timeout
command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	skip_all "'qemu-system-x86_64' is not installed (apt-get install qemu-system-x86)"
command -v mkfs.ext4 >/dev/null 2>&1 ||
	skip_all "'mkfs.ext4' is not installed (apt-get install e2fsprogs)"
require_guest_kernel
require_libvirt
WORKER=$(dirname "$IOSTRESS")/iostress-worker
[ -x "$WORKER" ] || bail_out "no $WORKER: configure --enable-static-worker"

cd "$T" || bail_out "no temp dir"
# a console log kept after a failed boot lands here, not in /var/tmp
export TMPDIR=$T
# QEMU opens the disk files O_DIRECT (kvm_disk_cache=none); tmpfs refuses
if fs_supports_direct "$T"; then
	DISKS=$T/disks
else
	DISKS=$(mktemp -d /var/tmp/iostress-kvm-test.XXXXXX)
	diag "$T has no O_DIRECT: the disk files go to $DISKS"
fi
diag "kernel $KERNEL, libvirt at $URI, disks in $DISKS"

# section NAME - the runs that follow have their own ledger
# ($IOSTRESS_STATE_DIR) and disk dir ($D), so that what one leaves does not
# fail the next.
section() {
	export IOSTRESS_STATE_DIR=$T/state/$1
	D=$DISKS/$1
	mkdir -p "$T/state" "$D"
}

# domains - the names of the iostress- domains libvirt has, one a line.
domains() {
	virsh -c "$URI" list --all --name 2>/dev/null | grep '^iostress-' | sort
}
base_domains=$(domains)
[ -z "$base_domains" ] || diag "iostress- domains of other runs: $base_domains"
# new_domains - those of this test's runs (not there when it started).
new_domains() {
	comm -13 <(printf '%s\n' "$base_domains" | sed '/^$/d') <(domains)
}
# disk_files - the disk files in the section's disk dir.
disk_files() {
	find "$D" -name 'iostress-*-disk*.img' 2>/dev/null
}
# nothing_left WHAT - pass if no domain of this test's runs, and no disk
# file or ledger of the section's, is left; say what is left otherwise.
nothing_left() {
	local d f s
	d=$(new_domains)
	f=$(disk_files)
	s=$(ls -A "$IOSTRESS_STATE_DIR" 2>/dev/null)
	[ -z "$d" ] && [ -z "$f" ] && [ -z "$s" ]
	check "$1: no domain, disk file or ledger of the run is left" $?
	[ -z "$d" ] || diag "domains left: $d"
	[ -z "$f" ] || diag "disk files left: $f"
	[ -z "$s" ] || diag "in $IOSTRESS_STATE_DIR: $(ls -AR "$IOSTRESS_STATE_DIR")"
}
# wait_domain SECS - print the first new domain within SECS seconds.
wait_domain() {
	local n=$(($1 * 5)) d
	for _ in $(seq "$n"); do
		d=$(new_domains | head -n1)
		[ -n "$d" ] && { echo "$d"; return 0; }
		sleep 0.2
	done
	return 1
}

bg_pids=
loop=
kvm_cleanup() {
	local rc=$? p d dom
	for p in $bg_pids; do
		kill -KILL "$p" 2>/dev/null
	done
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	# the domains of this test's runs (the run ids in its ledgers and
	# disk file names), should libvirt not have destroyed them already
	for d in $( (ls -1 "$T"/state/*/ 2>/dev/null
		find "$DISKS" -name 'iostress-*-disk*.img' 2>/dev/null |
			sed 's|.*/iostress-\(.*\)-disk[0-9]*\.img$|\1|') |
		grep -E '^[0-9a-f]{16}$' | sort -u); do
		for dom in $(domains | grep -F "iostress-$d-"); do
			virsh -c "$URI" destroy "$dom" >/dev/null 2>&1
		done
	done
	for d in "$T"/state/*; do
		[ -d "$d" ] && IOSTRESS_STATE_DIR=$d "$IOSTRESS" --cleanup >/dev/null 2>&1
	done
	find "$DISKS" -name 'iostress-*-disk*.img' -delete 2>/dev/null
	case $DISKS in
	"$T"/*) ;;
	*) rm -rf "$DISKS" ;;
	esac
	(exit "$rc")
	_lib_cleanup
}
trap kvm_cleanup EXIT

# split_report FILE - FILE holds a JSON report then a text one
# (--output-format=json,normal): write FILE.json and FILE.txt.
split_report() {
	python3 - "$1" <<'PY'
import json, sys
s = open(sys.argv[1]).read()
d, end = json.JSONDecoder().raw_decode(s)
json.dump(d, open(sys.argv[1] + ".json", "w"))
open(sys.argv[1] + ".txt", "w").write(s[end:])
PY
}

# The size-bound job: random 4k writes, then (stonewall) 64k reads.
cat >body.job <<'JOB'
[global]
ioengine=psync
direct=1
filename=data
size=16m
[w]
rw=randwrite
bs=4k
[r]
stonewall
rw=read
bs=64k
JOB

# fio, natively, is the oracle for what the job moves (it does not know
# the kvm_* options, which are iostress's own)
grep -v '^kvm_' body.job >oracle.job
fs_supports_direct "$T" || sed -i '/^direct=/d' oracle.job
mkdir fio && (cd fio && fio --output-format=json ../oracle.job >fio.json 2>fio.err)
fw=$(json_get fio/fio.json "d['jobs'][0]['write']['total_ios']")
fr=$(json_get fio/fio.json "d['jobs'][1]['read']['total_ios']")
diag "fio natively: $fw writes of 4k, $fr reads of 64k"
[ "${fw:-0}" -gt 0 ] && [ "${fr:-0}" -gt 0 ] || bail_out "fio did not run the oracle job"

# with_kvm JOB LINES... - body.job with kvm_* lines added to its [global].
with_kvm() {
	local out=$1
	shift
	{
		echo '[global]'
		printf '%s\n' "$@"
		sed 1d body.job
	} >"$out"
}

# --- (a, c) ext4: the I/Os, the host's cycles, TCG said plainly ----------
section ext4
with_kvm ext4.job kvm_accel=tcg kvm_fs=ext4 "kvm_disk_dir=$D"
run_cmd ext4.out ext4.err "$IOSTRESS" --target=kvm --output-format=json,normal \
	--output="$T/ext4.rep" ext4.job
diag_file ext4.err
check "kvm on ext4: exit 0" "$RC"
split_report ext4.rep
check "kvm on ext4: a JSON report and a text report" $?
[ "$(json_get ext4.rep.json "d['jobs'][0]['write']['total_ios']")" = "$fw" ] &&
	[ "$(json_get ext4.rep.json "d['jobs'][1]['read']['total_ios']")" = "$fr" ]
check "kvm on ext4: $fw writes of 4k and $fr reads of 64k, as fio's natively" $?
python3 - ext4.rep.json "$D" <<'PY' >ext4.res
import json, sys
d = json.load(open(sys.argv[1]))
for i, j in enumerate(d["jobs"]):
    t = j["iostress"]["target"]
    c = j["iostress"]["cpu"]["cycles_per_io"]
    print("DIAG job %s: target %s" % (j["jobname"], json.dumps(t)))
    print("DIAG job %s: cycles per I/O %s" % (j["jobname"], json.dumps(c)))
    host, proc = c.get("host", 0), c.get("process", 0)
    # Under TCG the guest's clock is the host's: while the host runs
    # something else than QEMU (another process, or the hypervisor under
    # a cloud machine), the guest still counts that time as its worker's.
    # So the QEMU process's figure (about 1.3x the worker's here) may come
    # out below the worker's on a busy host; half of it is the bound.
    print(("PASS" if proc > 0 and host > 0.5 * proc else "FAIL") +
          " kvm job %s: the QEMU process's cycles per guest I/O (%.0f) are given apart from the guest worker's own (%.0f), of the same order or more" % (j["jobname"], host, proc))
t = d["jobs"][0]["iostress"]["target"]
print(("PASS" if t.get("accel") == "tcg" and "emulation" in t.get("accel_note", "").lower() else "FAIL") +
      " kvm_accel=tcg: target.accel is tcg and accel_note says it is emulation (%r)" % t.get("accel_note"))
ok = (t.get("kind") == "kvm" and t.get("guest_fs") == "ext4" and t.get("worker_fs") == "ext4"
      and t.get("disk", "").startswith(sys.argv[2] + "/iostress-") and t.get("disk_bus") == "virtio-blk"
      and t.get("disk_cache") == "none" and t.get("disk_io") == "native"
      and t.get("libvirt") and t.get("guest_kernel") and t.get("setup_ms", 0) > 0)
print(("PASS" if ok else "FAIL") +
      " kvm on ext4: the report says where it ran (kind, guest_fs, worker_fs, disk in kvm_disk_dir, default disk modes, libvirt, kernel, setup_ms)")
guest = [u for u in d.get("disk_util", []) if u.get("iostress", {}).get("guest")]
host = [u for u in d.get("disk_util", []) if not u.get("iostress", {}).get("guest")]
print("DIAG disk_util: host %s, guest %s" % ([u["name"] for u in host], [(u["name"], u["read_ios"], u["write_ios"]) for u in guest]))
writes = d["jobs"][0]["write"]["total_ios"]
ok = (len(guest) == 1 and guest[0]["name"] == "vda" and guest[0]["write_ios"] >= writes * 0.9
      and guest[0]["read_ios"] > 0 and host)
print(("PASS" if ok else "FAIL") +
      " the guest's own disk stats come back: vda as the guest saw it (writes about the job's %d), beside the host's device" % writes)
PY
emit_results <ext4.res
grep -Eqi 'tcg.*emulation|emulation.*tcg' ext4.rep.txt
check "the text report says the run was TCG emulation" $?
grep -Eq '^ *cycles/io *:.*host=[0-9]+' ext4.rep.txt
check "the text report's cycles/io line has the host's cycles per guest I/O" $?
grep -A1 '^Disk stats in the guest (read/write):' ext4.rep.txt | grep -q '^  vda: ios='
check "the text report has the guest's disk stats, apart from the host's" $?
grep -Ei 'placement|accel|emulation|cycles/io' ext4.rep.txt >ext4.txt.short
diag_file ext4.txt.short
nothing_left "after the ext4 run"

# --- (a, b) the raw disk, with writeback, threads, virtio-scsi, iothread --
# A second job file holds the guest for 3 s more, while the test looks at
# the live domain XML; fio runs body.job alone.
section raw
with_kvm raw.job kvm_accel=tcg kvm_fs=none "kvm_disk_dir=$D" \
	kvm_disk_cache=writeback kvm_disk_io=threads kvm_disk_bus=virtio-scsi \
	kvm_iothreads=1
cat >hold.job <<'JOB'
[hold]
stonewall
ioengine=psync
filename=data
size=16m
rw=randread
bs=4k
time_based
runtime=3s
JOB
"$IOSTRESS" --target=kvm --output-format=json --output="$T/raw.json" \
	raw.job hold.job >raw.out 2>raw.err &
raw_pid=$!
bg_pids="$bg_pids $raw_pid"
dom=$(wait_domain 60)
[ -n "$dom" ] && virsh -c "$URI" dumpxml "$dom" >live.xml 2>live.err
check "the raw run's domain is up (${dom:-none}) and virsh dumpxml reads it" $?
wait "$raw_pid"
RC=$?
bg_pids=
diag_file raw.err
check "kvm on the raw disk: exit 0" "$RC"
[ "$(json_get raw.json "d['jobs'][0]['write']['total_ios']")" = "$fw" ] &&
	[ "$(json_get raw.json "d['jobs'][1]['read']['total_ios']")" = "$fr" ]
check "kvm on the raw disk (kvm_fs=none): $fw writes and $fr reads, as fio's natively" $?
[ "$(json_get raw.json "d['jobs'][2]['read']['total_ios']")" -gt 0 ] 2>/dev/null
check "kvm on the raw disk: the 3 s time-based phase after it read too" $?
python3 - raw.json live.xml <<'PY' >raw.res
import json, sys
import xml.etree.ElementTree as ET
t = json.load(open(sys.argv[1]))["jobs"][0]["iostress"]["target"]
print("DIAG target %s" % json.dumps(t))
want = {"guest_fs": "none", "disk_cache": "writeback", "disk_io": "threads",
        "disk_bus": "virtio-scsi", "iothreads": "1",
        "domain_xml_disk_modes": "cache=writeback io=threads", "accel": "tcg"}
bad = {k: t.get(k) for k, v in want.items() if str(t.get(k)) != v}
print(("PASS" if not bad else "FAIL") +
      " the report's target has cache writeback, io threads, bus virtio-scsi, 1 iothread, guest_fs none%s" %
      ("" if not bad else " (differs: %r)" % bad))
try:
    x = ET.parse(sys.argv[2]).getroot()
except Exception as e:
    print("FAIL the live domain XML parses (%s)" % e)
    sys.exit(0)
drv = [d.attrib for d in x.findall("./devices/disk/driver")]
src = [s.get("file") for s in x.findall("./devices/disk/source")]
ctl = [c.attrib for c in x.findall("./devices/controller[@type='scsi']")]
tgt = [g.attrib for g in x.findall("./devices/disk/target")]
print("DIAG live XML: disk drivers %s, sources %s, targets %s, scsi controllers %s, iothreads %s" %
      (drv, src, tgt, ctl, x.findtext("iothreads")))
print(("PASS" if drv and all(d.get("cache") == "writeback" and d.get("io") == "threads" for d in drv) else "FAIL") +
      " the live domain XML has cache='writeback' io='threads' on the disk")
print(("PASS" if any(c.get("model") == "virtio-scsi" for c in ctl) and tgt and all(g.get("bus") == "scsi" for g in tgt) else "FAIL") +
      " the live domain XML has a virtio-scsi controller and the disk on it")
ok = x.findtext("iothreads") == "1" and any(
    c.get("iothread") == "1" for c in x.findall("./devices/controller[@model='virtio-scsi']/driver"))
print(("PASS" if ok else "FAIL") + " the live domain XML has 1 iothread, given to the virtio-scsi controller")
print(("PASS" if src and src[0] == t.get("disk") else "FAIL") +
      " the live domain's disk is the report's disk file")
PY
emit_results <raw.res
nothing_left "after the raw run"

# An impossible pair is refused before anything is made.
section refuse
t0=$(date +%s)
run_cmd bad.out bad.err "$IOSTRESS" --target=kvm --name=b --ioengine=psync \
	--rw=read --size=1m --filename=b --kvm_accel=tcg --kvm_disk_dir="$D" \
	--kvm_disk_cache=writeback --kvm_disk_io=native
t1=$(date +%s)
diag_file bad.err
{ [ "$RC" = 1 ] || [ "$RC" = 2 ]; } && grep -q 'kvm_disk_cache' bad.err &&
	grep -q 'kvm_disk_io=native' bad.err && [ $((t1 - t0)) -lt 5 ]
check "kvm_disk_io=native with kvm_disk_cache=writeback: refused at once (exit $RC), the message names both" $?
nothing_left "after the refusal"

# --- (d) SIGINT ----------------------------------------------------------
# long_job FILE - a 60 s time-based job on the section's disk dir.
long_job() {
	cat >"$1" <<JOB
[long]
ioengine=psync
direct=1
filename=data
size=16m
rw=randread
bs=4k
time_based
runtime=60s
kvm_accel=tcg
kvm_disk_dir=$D
JOB
}
section sigint
long_job long.job
echo kvm_fs=xfs >>long.job	# xfs here, ext4 above, raw below
# The guest runs once the status line shows (--eta=always): then SIGINT.
python3 - "$IOSTRESS" <<'PY'
import subprocess, sys, time, signal
p = subprocess.Popen([sys.argv[1], "--target=kvm", "--eta=always",
                      "--output-format=json", "long.job"],
                     stdout=open("int.out", "w"), stderr=open("int.err", "w"))
t0 = time.time()
while time.time() - t0 < 60 and p.poll() is None:
    if "Jobs:" in open("int.err", errors="replace").read():
        break
    time.sleep(0.2)
shown = time.time() - t0
time.sleep(1)
p.send_signal(signal.SIGINT)
t1 = time.time()
try:
    rc = p.wait(timeout=60)
except subprocess.TimeoutExpired:
    p.kill()
    rc = "timeout"
open("int.rc", "w").write(str(rc))
open("int.times", "w").write("status after %.1f s, exit %.1f s after SIGINT" % (shown, time.time() - t1))
PY
diag "SIGINT: $(cat int.times), exit status $(cat int.rc)"
tr '\r' '\n' <int.err | grep -v '^Jobs:' | grep -v '^ *$' >int.err.short
diag_file int.err.short
[ "$(cat int.rc)" = 1 ] && json_valid int.out &&
	[ "$(json_get int.out "d['jobs'][0]['iostress']['interrupted']")" = True ] &&
	[ "$(json_get int.out "d['jobs'][0]['read']['total_ios']")" -gt 0 ]
check "SIGINT: exit 1 and a valid JSON report, marked interrupted, of the I/Os the guest did" $?
[ "$(json_get int.out "d['jobs'][0]['iostress']['target']['guest_fs']")" = xfs ] &&
	[ "$(json_get int.out "d['jobs'][0]['iostress']['target']['worker_fs']")" = xfs ]
check "kvm_fs=xfs: the guest's files were on xfs" $?
nothing_left "SIGINT"

# --- (e) SIGKILL: libvirt destroys the domain, --cleanup removes the file --
section sigkill
long_job kill.job
"$IOSTRESS" --target=kvm kill.job >kill.out 2>kill.err &
kill_pid=$!
bg_pids="$bg_pids $kill_pid"
dom=$(wait_domain 60)
sleep 2
kill -KILL "$kill_pid"
wait "$kill_pid" 2>/dev/null
bg_pids=
gone=
t0=$(date +%s.%N)
for _ in $(seq 50); do
	[ -z "$(new_domains)" ] && { gone=$(date +%s.%N); break; }
	sleep 0.2
done
[ -n "$dom" ] && [ -n "$gone" ]
check "SIGKILL: libvirt destroys the domain (${dom:-none}) with the connection, within 10 s" $?
[ -n "$gone" ] && diag "the domain was gone $(python3 -c "print('%.1f' % ($gone - $t0))") s after the SIGKILL"
left=$(disk_files)
[ -n "$left" ] && [ -n "$dom" ] && [ "$(basename "$left")" = "${dom%-*}-disk0.img" ]
check "SIGKILL: the run's disk file is left ($(basename "${left:-none}"))" $?
run_cmd clean.out clean.err "$IOSTRESS" --cleanup
diag_file clean.out
diag_file clean.err
[ "$RC" = 0 ] && [ -n "$left" ] && [ ! -e "$left" ] &&
	grep -qF "removed kvm disk file $left" clean.out clean.err
check "iostress --cleanup removes the disk file and says so" $?
! grep -q 'warning' clean.err
check "iostress --cleanup has no warning about the killed run" $?
nothing_left "SIGKILL and --cleanup"

# --- kvm_disk: a host block device as the guest's disk ---------------------
section blockdev
if [ "$(id -u)" = 0 ] && command -v losetup >/dev/null 2>&1; then
	truncate -s 64m "$D/loop.img"
	loop=$(losetup -f --show "$D/loop.img" 2>/dev/null)
fi
if [ -n "${loop:-}" ]; then
	with_kvm dev.job kvm_accel=tcg kvm_fs=none "kvm_disk=$loop"
	run_cmd dev.out dev.err "$IOSTRESS" --target=kvm --output-format=json \
		--output="$T/dev.json" dev.job
	diag_file dev.err
	[ "$RC" = 0 ] &&
		[ "$(json_get dev.json "d['jobs'][0]['write']['total_ios']")" = "$fw" ] &&
		[ "$(json_get dev.json "d['jobs'][1]['read']['total_ios']")" = "$fr" ] &&
		[ "$(json_get dev.json "d['jobs'][0]['iostress']['target']['disk']")" = "$loop" ] &&
		[ "$(json_get dev.json "d['jobs'][0]['iostress']['target']['disk_prealloc']")" = device ]
	check "kvm_disk=$loop: the guest's raw disk is the host device, $fw writes and $fr reads as fio's" $?
	# the writes went to the device itself
	[ "$(od -An -N4096 -tx1 "$loop" | tr -d ' \n' | tr -d 0)" != "" ]
	check "kvm_disk=$loop: the guest's writes are on the host device" $?
	mkfs.ext4 -q -F "$loop" >/dev/null 2>&1
	run_cmd devfs.out devfs.err timeout 60 "$IOSTRESS" --target=kvm dev.job
	diag_file devfs.err
	[ "$RC" != 0 ] && grep -q "ext4" devfs.err && grep -q 'allow_mounted_write' devfs.err
	check "kvm_disk=$loop holding ext4: refused before any boot, naming the filesystem and the override" $?
	losetup -d "$loop"
	loop=
	rm -f "$D/loop.img"
	nothing_left "kvm_disk"
else
	skip "kvm_disk: a host block device as the guest's disk" "no loop device here (needs root and losetup)"
fi

# --- kvm_raid1: an md mirror in the guest, a member failing under load --
section raid1
cat >raid1.job <<JOB
[global]
kvm_accel=tcg
kvm_raid1=1
kvm_fs=none
kvm_disk_dir=$D
raid1_resync=1
raid1_fail_at=1s
raid1_rebuild=1
ioengine=psync
direct=1
filename=data
[mirror-write]
rw=randwrite
bs=4k
size=16m
verify=crc32c
[mirror-read]
stonewall
rw=read
bs=64k
size=8m
numjobs=2
offset_increment=8m
JOB
run_cmd raid1.out raid1.err "$IOSTRESS" --target=kvm --output-format=json,normal \
	--output="$T/raid1.rep" raid1.job
diag_file raid1.err
check "kvm_raid1 with a member failing at 1 s: exit 0" "$RC"
split_report raid1.rep
python3 - raid1.rep.json <<'PY' >raid1.res
import json, sys
d = json.load(open(sys.argv[1]))
w = d["jobs"][0]
r = d["jobs"][1:]
t = d.get("iostress", {}).get("raid1", {})
print("DIAG raid1 %s" % json.dumps({k: v for k, v in t.items() if k != "windows"}))
for x in t.get("windows", []):
    print("DIAG window %s %.0f-%.0f ms %s" % (x["state"], x["start_ms"], x["end_ms"],
          [(v["name"], v["read_ios"], v["write_ios"]) for v in x["devices"]]))
ok = (w["error"] == 0 and all(j["error"] == 0 for j in r) and w["write"]["total_ios"] == 4096
      and w["read"]["total_ios"] == 4096)
print(("PASS" if ok else "FAIL") + " no I/O error through the failure: 4096 writes, and 4096 crc32c verifies after it (error %d)" % w["error"])
print(("PASS" if t.get("resync_ms", 0) > 0 else "FAIL") + " raid1_resync=1: the initial resync was waited for and timed (%s ms)" % t.get("resync_ms"))
at = t.get("failed_after_ms", 0)
print(("PASS" if 900 <= at <= 3000 and t.get("failure") == "ok" and t.get("degraded_after_failure") == "1" else "FAIL") +
      " the member failed 1 s into the jobs (%.0f ms) and left the array degraded" % at)
win = {}
for x in t.get("windows", []):
    win.setdefault((x["state"], x.get("phase")), x)
def dev(x, name):
    return {v["name"]: v for v in x["devices"]}[name]
h = win.get(("healthy", 0))
ok = h is not None
if ok:
    a, m0, m1 = dev(h, "md0")["write_ios"], dev(h, "vda")["write_ios"], dev(h, "vdb")["write_ios"]
    # the devices are read one after the other with writes in flight
    ok = a > 0 and all(abs(m - a) <= max(8, a // 100) for m in (m0, m1))
print(("PASS" if ok else "FAIL") + " healthy: each member wrote what the array wrote (%s)" %
      ([(v["name"], v["write_ios"]) for v in h["devices"]] if h else "no window"))
g = win.get(("degraded", 0))
ok = g is not None and dev(g, "vdb")["write_ios"] <= max(8, dev(g, "vda")["write_ios"] // 10)
print(("PASS" if ok else "FAIL") + " degraded: the failed member took no more writes (%s)" %
      ([(v["name"], v["write_ios"]) for v in g["devices"]] if g else "no window"))
b = win.get(("rebuilding", 0))
ok = (b is not None and t.get("rebuild_ms", -1) > 0 and b["write"]["iops"] > 0 and b["write"]["clat_mean_ns"] > 0
      and dev(b, "vdb")["write_sectors"] > dev(b, "md0")["write_sectors"])
print(("PASS" if ok else "FAIL") + " rebuilding: the rebuild was timed (%s ms), the jobs' IOPS and latency during it given (%s), and it wrote vdb beyond the jobs' writes" %
      (t.get("rebuild_ms"), b and b["write"]))
s = [x for x in t.get("windows", []) if x.get("phase") == 1]
reads = [sum(dev(x, n)["read_ios"] for x in s) for n in ("md0", "vda", "vdb")]
ok = reads[0] > 0 and all(n >= reads[0] // 10 for n in reads[1:])
print(("PASS" if ok else "FAIL") + " two sequential readers on the rebuilt array: reads on both members (md0, vda, vdb: %s)" % reads)
PY
emit_results <raid1.res
grep -q '^RAID1 in the guest: md0 over vda and vdb, resynced in' raid1.rep.txt &&
	grep -q '^  vdb marked faulty' raid1.rep.txt &&
	grep -q '^  [0-9.-]* s  rebuilding, phase 0: .*write [0-9]* IOPS' raid1.rep.txt &&
	grep -q '^    device *read_ios *write_ios' raid1.rep.txt
check "the text report has the failure's timeline and a member table per stretch" $?
nothing_left "kvm_raid1"
# a write aimed at a member of the array, in the guest: md holds it
cat >member.job <<JOB
[global]
kvm_accel=tcg
kvm_raid1=1
kvm_fs=none
kvm_disk_dir=$D
[to-member]
ioengine=psync
filename=/dev/vdb
rw=write
size=1m
JOB
run_cmd member.out member.err "$IOSTRESS" --target=kvm member.job
diag_file member.err
[ "$RC" = 1 ] && grep -q "refusing to write to '/dev/vdb'" member.err &&
	grep -q 'held by /dev/md0' member.err
check "a write job aimed at a member of the guest's array is refused (md0 holds it)" $?
nothing_left "a write to a member"

# --- (g) the guest dies under the run: an error quoting its console ------
section killed
long_job dead.job
TMPDIR=$T "$IOSTRESS" --target=kvm dead.job >dead.out 2>dead.err &
dead_pid=$!
bg_pids="$bg_pids $dead_pid"
dom=$(wait_domain 60)
# once the guest has booted (about 8 s under TCG) and the 60 s job runs,
# destroy it from outside
sleep 14
[ -n "$dom" ] && virsh -c "$URI" destroy "$dom" >/dev/null 2>&1
t0=$(date +%s)
rc=timeout
for _ in $(seq 150); do
	kill -0 "$dead_pid" 2>/dev/null || { wait "$dead_pid"; rc=$?; break; }
	sleep 0.2
done
bg_pids=
diag "a destroyed guest: iostress exit $rc, $(( $(date +%s) - t0 )) s after the destroy"
diag_file dead.err
[ "$rc" = 1 ] && grep -q "guest ${dom:-none}" dead.err &&
	grep -q "the guest's console, last lines" dead.err && grep -q '^  | ' dead.err
check "a guest destroyed under the run: exit 1, naming the guest and quoting its console's last lines" $?
ls "$T/${dom:-none}.console.log" >/dev/null 2>&1
check "the whole console log is kept where the message says ($T/${dom:-none}.console.log)" $?
nothing_left "a destroyed guest"

# --- (f) kvm_accel=kvm does not hang where KVM does not boot guests -------
section accel
t0=$(date +%s)
run_cmd accel.out accel.err timeout 120 "$IOSTRESS" --target=kvm --name=k \
	--ioengine=psync --rw=read --size=1m --filename=k --output-format=json \
	--kvm_accel=kvm --kvm_boot_timeout=10s --kvm_disk_dir="$D"
t1=$(date +%s)
diag_file accel.err
diag "kvm_accel=kvm: exit $RC after $((t1 - t0)) s"
if [ "$RC" = 124 ]; then
	fail "kvm_accel=kvm, kvm_boot_timeout=10s: iostress hung (killed by timeout 120)"
elif grep -q '/dev/kvm' accel.err; then
	[ "$RC" = 1 ] && [ $((t1 - t0)) -le 10 ]
	check "kvm_accel=kvm without a usable /dev/kvm: fails at once, naming /dev/kvm" $?
elif [ "$RC" = 0 ]; then
	[ $((t1 - t0)) -le 40 ] && [ "$(json_get accel.out "d['jobs'][0]['iostress']['target']['accel']")" = kvm ]
	check "kvm_accel=kvm: KVM boots guests here, the run ends within 40 s under KVM" $?
else
	[ "$RC" = 1 ] && [ $((t1 - t0)) -le 40 ] && grep -q 'did not answer within' accel.err
	check "kvm_accel=kvm, kvm_boot_timeout=10s: KVM does not boot guests here, the run fails at its deadline (within 40 s), saying the guest did not answer" $?
fi
nothing_left "kvm_accel=kvm"

done_testing
