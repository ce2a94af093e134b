#!/bin/bash
# SPDX-License-Identifier: MIT
# kvm-agent.sh - --target=kvm:DOMAIN against a real libvirtd, under TCG:
# iostress runs its jobs inside an existing, running domain through the
# QEMU guest agent.  A size-bound job moves the same I/Os as fio's
# natively and the report says kind kvm, mode agent, the domain and the
# host's cycles per I/O; nothing of iostress is left in the guest (the
# job's own data file is, as fio leaves its files); a domain without an
# agent channel is refused with what to add to its XML; an unknown domain
# is refused by name.
#
# The test makes its own guest: an initramfs of static busybox, the host's
# /usr/sbin/qemu-ga with its shared libraries, and the virtio modules of a
# virtio-serial port, booted as a transient libvirt domain (direct kernel
# boot, TCG).  Two guest boots: one with the agent channel, one without.
# The daemon is $IOSTRESS_LIBVIRT_URI, else qemu:///system.  Needs the
# static worker.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3 fio timeout cpio
command -v qemu-system-x86_64 >/dev/null 2>&1 ||
	skip_all "'qemu-system-x86_64' is not installed (apt-get install qemu-system-x86)"
QGA=/usr/sbin/qemu-ga
[ -x "$QGA" ] ||
	skip_all "no $QGA for the test guest (apt-get install qemu-guest-agent)"
BUSYBOX=/bin/busybox
[ -x "$BUSYBOX" ] && ! ldd "$BUSYBOX" >/dev/null 2>&1 ||
	skip_all "no static $BUSYBOX for the test guest (apt-get install busybox-static)"
require_guest_kernel
require_libvirt
export IOSTRESS_LIBVIRT_URI=$URI
WORKER=$(dirname "$IOSTRESS")/iostress-worker
[ -x "$WORKER" ] || bail_out "no $WORKER: configure --enable-static-worker"

cd "$T" || bail_out "no temp dir"
export IOSTRESS_STATE_DIR=$T/state
export TMPDIR=$T
# QEMU reads the kernel, the initramfs and writes the console log in $T
chmod 755 "$T"

# The test's domains.  Not "iostress-...": that is the prefix of the
# appliance domains iostress makes, which tests/kvm.sh (maybe running at
# the same time) counts and destroys.
DOM=iostress_agent_test_$$
DOM2=iostress_agent_test_$$_nochan
agent_cleanup() {
	local rc=$? d
	for d in "$DOM" "$DOM2"; do
		virsh -c "$URI" destroy "$d" >/dev/null 2>&1
	done
	(exit "$rc")
	_lib_cleanup
}
trap agent_cleanup EXIT

# --- the guest's initramfs ---------------------------------------------
mkdir -p root/bin root/sbin root/usr/bin root/usr/sbin root/proc root/sys \
	root/dev root/tmp root/var/tmp root/run root/etc root/modules
ln -s ../run root/var/run
cp "$BUSYBOX" root/bin/busybox
for a in $("$BUSYBOX" --list-full); do
	[ -e "root/$a" ] || [ -L "root/$a" ] || ln -s /bin/busybox "root/$a"
done
# qemu-ga, its libraries and the dynamic loader, each at its own path
missing=$(ldd "$QGA" | grep 'not found')
[ -z "$missing" ] || skip_all "$QGA misses libraries: $missing"
for lib in $QGA $(ldd "$QGA" | sed -n 's|.*=> \(/[^ ]*\) .*|\1|p; s|^[[:space:]]*\(/[^ ]*\) (.*|\1|p'); do
	mkdir -p "root$(dirname "$lib")"
	cp -L "$lib" "root$lib"
done
# the virtio modules of a virtio-serial port, dependencies first
# (modules.dep; virtio_pci is nobody's dependency, so it is asked for)
python3 - "/lib/modules/$KVER" virtio_pci virtio_console >modules.list <<'PY' ||
import os, re, sys
top = sys.argv[1]
dep = {}
for line in open(os.path.join(top, "modules.dep")):
    mod, _, deps = line.partition(":")
    dep[mod.strip()] = deps.split()
def name(path):
    return re.sub(r"\.ko(\.(xz|zst|gz))?$", "", os.path.basename(path)).replace("-", "_")
byname = {name(p): p for p in dep}
order = []
def visit(path):
    if path in order:
        return
    for d in reversed(dep[path]):
        visit(d)
    order.append(path)
for want in sys.argv[2:]:
    if want not in byname:
        sys.exit("no module %s in %s/modules.dep" % (want, top))
    visit(byname[want])
for p in order:
    print(os.path.join(top, p))
PY
	skip_all "the virtio modules are not in /lib/modules/$KVER (apt-get install linux-image-amd64)"
: >root/modules/order
while read -r m; do
	b=$(basename "$m")
	case $m in
	*.ko.xz) xz -dc "$m" >"root/modules/${b%.xz}" ;;
	*.ko.zst) zstd -qdc "$m" >"root/modules/${b%.zst}" ;;
	*.ko.gz) gzip -dc "$m" >"root/modules/${b%.gz}" ;;
	*) cp "$m" "root/modules/$b" ;;
	esac || bail_out "cannot unpack $m"
	echo "${b%.ko*}.ko" >>root/modules/order
done <modules.list
cat >root/init <<'INIT'
#!/bin/busybox sh
export PATH=/sbin:/usr/sbin:/bin:/usr/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/null >/dev/console 2>&1
mkdir -p /tmp /var/tmp /run
say() { echo "agent-init: $*"; }
say "up $(cut -d' ' -f1 /proc/uptime) s after boot, loading modules"
for m in $(cat /modules/order); do
	insmod "/modules/$m" || say "insmod $m failed"
done
# no udev: the port's device node has the name of its sysfs dir
port=
i=0
while [ -z "$port" ] && [ $i -lt 50 ]; do
	for d in /sys/class/virtio-ports/*; do
		[ "$(cat "$d/name" 2>/dev/null)" = org.qemu.guest_agent.0 ] &&
			[ -c "/dev/${d##*/}" ] && port=/dev/${d##*/}
	done
	[ -n "$port" ] || sleep 0.1
	i=$((i + 1))
done
if [ -z "$port" ]; then
	say "no org.qemu.guest_agent.0 port: no agent"
else
	say "qemu-ga on $port, $(cut -d' ' -f1 /proc/uptime) s after boot"
	# foreground, restarted should it end; PID 1 never exits
	while :; do
		qemu-ga -m virtio-serial -p "$port" -f /run/qemu-ga.pid -t /run
		say "qemu-ga exited ($?)"
		sleep 1
	done
fi
while :; do sleep 3600; done
INIT
chmod 755 root/init
(cd root && find . | sort | cpio -o -H newc --owner=0:0 --quiet) >initramfs.cpio
check "the guest's initramfs packs (busybox, qemu-ga, $(wc -l <root/modules/order) modules)" $?
diag "kernel $KERNEL, libvirt at $URI, initramfs $(stat -c %s initramfs.cpio) bytes, modules: $(tr '\n' ' ' <root/modules/order)"

# domain_xml NAME CONSOLE [CHANNEL] - a transient domain of the guest.
domain_xml() {
	cat <<XML
<domain type='qemu'>
  <name>$1</name>
  <memory unit='MiB'>512</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64'>hvm</type>
    <kernel>$KERNEL</kernel>
    <initrd>$T/initramfs.cpio</initrd>
    <cmdline>console=ttyS0 quiet panic=-1</cmdline>
  </os>
  <features><acpi/></features>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <serial type='file'><source path='$2'/></serial>
    ${3:+<channel type='unix'><target type='virtio' name='org.qemu.guest_agent.0'/></channel>}
    <memballoon model='none'/>
  </devices>
  <seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>
</domain>
XML
}

# ga DOMAIN ping | exec PATH ARGS... - the guest agent by hand (virsh):
# exec prints the command's stdout and stderr and exits with its status.
cat >ga.py <<'PY'
import base64, json, subprocess, sys, time
uri, dom, what = sys.argv[1:4]
def agent(cmd, args=None):
    c = {"execute": cmd}
    if args is not None:
        c["arguments"] = args
    p = subprocess.run(["virsh", "-c", uri, "qemu-agent-command", "--timeout", "10",
                        dom, json.dumps(c)], capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("ga: %s: %s" % (cmd, p.stderr.strip()))
    return json.loads(p.stdout)["return"]
if what == "ping":
    agent("guest-ping")
    sys.exit(0)
pid = agent("guest-exec", {"path": sys.argv[4], "arg": sys.argv[5:],
                           "capture-output": True})["pid"]
t0 = time.time()
while time.time() - t0 < 60:
    st = agent("guest-exec-status", {"pid": pid})
    if st.get("exited"):
        sys.stdout.write(base64.b64decode(st.get("out-data", "")).decode(errors="replace"))
        sys.stderr.write(base64.b64decode(st.get("err-data", "")).decode(errors="replace"))
        sys.exit(st.get("exitcode", 128 + st.get("signal", 0)))
    time.sleep(0.1)
sys.exit("ga: %s did not end within 60 s" % sys.argv[4])
PY
ga() {
	python3 "$T/ga.py" "$URI" "$@"
}
# console FILE - the guest's console log, trimmed, as TAP comments.
console() {
	tr -d '\r' <"$1" 2>/dev/null | cut -c1-160 >"$1.short"
	diag_file "$1.short" 60
}

# --- (4) a domain that does not exist: no guest needed -------------------
run_cmd nodom.out nodom.err timeout 60 "$IOSTRESS" --target="kvm:${DOM}_none" \
	--name=n --ioengine=psync --rw=read --size=1m --filename=n \
	--output-format=json
diag_file nodom.err
{ [ "$RC" = 1 ] || [ "$RC" = 2 ]; } && grep -qF "${DOM}_none" nodom.err &&
	grep -qi 'no such domain' nodom.err
check "kvm:${DOM}_none: refused (exit $RC), naming the domain and saying no such domain" $?

# --- the guest with the agent ------------------------------------------
domain_xml "$DOM" "$T/console.log" channel >dom.xml
START=$(date +%s.%N)
virsh -c "$URI" create dom.xml >create.out 2>create.err
RC=$?
diag_file create.err
check "virsh create starts the test guest $DOM" $RC
[ "$RC" = 0 ] || bail_out "libvirt cannot start the test guest"
up=
for _ in $(seq 120); do
	ga "$DOM" ping 2>ping.err && { up=1; break; }
	sleep 0.5
done
END=$(date +%s.%N)
diag "the agent answered guest-ping $(python3 -c "print('%.1f s' % ($END - $START))") after virsh create"
if [ -z "$up" ]; then
	fail "the test guest's qemu-ga answers guest-ping within 60 s"
	diag_file ping.err
	console "$T/console.log"
	bail_out "the test guest's agent does not answer"
fi
pass "the test guest's qemu-ga answers guest-ping within 60 s"
diag "$(tr -d '\r' <console.log | grep '^agent-init:')"
[ "$(ga "$DOM" exec /bin/busybox echo hi 2>exec.err)" = hi ]
check "the test guest's agent runs guest-exec (busybox echo hi)" $?
diag_file exec.err

# --- (1) a job in the guest moves the I/Os fio moves natively -------------
cat >agent.job <<'JOB'
[global]
ioengine=psync
filename=agentdata
bs=4k
size=4m
[w]
rw=write
[r]
stonewall
rw=read
JOB
mkdir fio && (cd fio && fio --output-format=json ../agent.job >fio.json 2>fio.err)
fw=$(json_get fio/fio.json "d['jobs'][0]['write']['total_ios']")
fr=$(json_get fio/fio.json "d['jobs'][1]['read']['total_ios']")
diag "fio natively: $fw writes of 4k, $fr reads of 4k"
[ "${fw:-0}" -gt 0 ] && [ "${fr:-0}" -gt 0 ] || bail_out "fio did not run the oracle job"

t0=$(date +%s)
run_cmd a.out a.err timeout 180 "$IOSTRESS" --target="kvm:$DOM" \
	--output-format=json --output="$T/a.json" agent.job
t1=$(date +%s)
diag "iostress --target=kvm:$DOM: exit $RC after $((t1 - t0)) s"
diag_file a.err
check "kvm:$DOM: exit 0" "$RC"
[ "$RC" = 0 ] || console "$T/console.log"
json_valid a.json
check "kvm:$DOM: the report is one valid JSON document" $?
[ "$(json_get a.json "d['jobs'][0]['write']['total_ios']" 2>/dev/null)" = "$fw" ] &&
	[ "$(json_get a.json "d['jobs'][1]['read']['total_ios']" 2>/dev/null)" = "$fr" ]
check "kvm:$DOM: $fw writes and $fr reads, as fio's natively" $?
python3 - a.json "$DOM" <<'PY' >a.res
import json, sys
try:
    d = json.load(open(sys.argv[1]))
    jobs = d["jobs"]
except Exception as e:
    print("FAIL the report's target: kind kvm, mode agent, domain %s (no report: %s)" % (sys.argv[2], e))
    print("FAIL every job's cycles_per_io has the host's (no report)")
    sys.exit(0)
t = jobs[0].get("iostress", {}).get("target", {})
print("DIAG target %s" % json.dumps(t))
ok = t.get("kind") == "kvm" and t.get("mode") == "agent" and t.get("domain") == sys.argv[2]
print(("PASS" if ok else "FAIL") +
      " the report's target: kind kvm, mode agent, domain %s" % sys.argv[2])
c = [j.get("iostress", {}).get("cpu", {}).get("cycles_per_io", {}) for j in jobs]
print("DIAG cycles per I/O %s" % json.dumps(c))
print(("PASS" if c and all("host" in x for x in c) else "FAIL") +
      " every job's cycles_per_io has the host's")
PY
emit_results <a.res

# --- (2) nothing of iostress is left in the guest; the data file is -----
for dir in /var/tmp /tmp; do
	ga "$DOM" exec /bin/busybox ls -a "$dir" >"ls${dir//\//_}" 2>ls.err
	RC=$?
	diag "guest $dir: $(tr '\n' ' ' <"ls${dir//\//_}")"
	[ "$RC" = 0 ] && ! grep -Eq '^(iostress-|\.iostress)' "ls${dir//\//_}"
	check "after the run, the guest's $dir has no iostress-* or .iostress* file" $?
done
size=$(ga "$DOM" exec /bin/busybox stat -c %s /var/tmp/agentdata 2>/dev/null)
[ "$size" = $((4 * 1024 * 1024)) ]
check "the job's data file stays, in the guest's /var/tmp (size ${size:-none})" $?
ga "$DOM" exec /bin/busybox ps -o pid,args >ps.out 2>/dev/null
! grep -q 'iostress' ps.out
check "after the run, no iostress process is left in the guest" $?
grep -q 'iostress' ps.out && diag_file ps.out

# --- (3) a domain without the agent channel ------------------------------
domain_xml "$DOM2" "$T/console2.log" >dom2.xml
virsh -c "$URI" create dom2.xml >create2.out 2>create2.err
RC=$?
diag_file create2.err
check "virsh create starts $DOM2 (no agent channel)" $RC
run_cmd nochan.out nochan.err timeout 120 "$IOSTRESS" --target="kvm:$DOM2" \
	--output-format=json agent.job
diag_file nochan.err
{ [ "$RC" = 1 ] || [ "$RC" = 2 ]; } && grep -qF 'org.qemu.guest_agent.0' nochan.err
check "kvm:$DOM2 without an agent channel: refused (exit $RC), saying the domain needs org.qemu.guest_agent.0" $?
virsh -c "$URI" destroy "$DOM2" >/dev/null 2>&1

virsh -c "$URI" destroy "$DOM" >/dev/null 2>&1
check "the test guest is destroyed" $?

done_testing
