#!/bin/bash
# SPDX-License-Identifier: MIT
# docker.sh - the docker placements against a real dockerd: the same
# size-bound jobs natively, on a volume, on a bind mount and in the
# container's layer move the same I/Os; each report says where it ran;
# nothing of the run is left behind after a normal end, SIGINT or SIGKILL.
#
# The daemon is $DOCKER_HOST (unix://), else /var/run/docker.sock; .ci/run
# starts one on a private socket.  Needs the static worker.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3
require_cmd curl
require_cmd fio

SOCK=${DOCKER_HOST:-unix:///var/run/docker.sock}
SOCK=${SOCK#unix://}
# api PATH [CURL ARGS...] - one Engine API request, the body on stdout.
api() {
	local path=$1
	shift
	curl -s --unix-socket "$SOCK" "$@" "http://docker$path"
}
if ! api /_ping | grep -q OK; then
	skip_all "no Docker daemon answers on $SOCK"
fi
WORKER=$(dirname "$IOSTRESS")/iostress-worker
[ -x "$WORKER" ] || bail_out "no $WORKER: configure --enable-static-worker"

cd "$T" || bail_out "no temp dir"
export IOSTRESS_STATE_DIR=$T/state
mkdir bind

# leftovers - containers and volumes of any iostress run, as a count.
leftovers() {
	local f='{"label":["io.iostress.run"]}'
	python3 - "$(api "/containers/json?all=1&filters=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$f")")" \
		"$(api "/volumes?filters=$(python3 -c 'import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1]))' "$f")")" <<'PY'
import json, sys
c = json.loads(sys.argv[1]); v = json.loads(sys.argv[2])["Volumes"] or []
print(len(c) + len(v))
PY
}
base=$(leftovers)
diag "leftovers of earlier runs on this daemon: $base"

cat >two.job <<'JOB'
[global]
ioengine=psync
filename=data
bs=4k
size=8m
[w]
rw=write
[r]
stonewall
rw=randread
bs=16k
JOB

# fio, natively, is the oracle for what the job moves
mkdir fio && (cd fio && fio --output-format=json ../two.job >fio.json 2>fio.err)
fw=$(json_get fio/fio.json "d['jobs'][0]['write']['total_ios']")
fr=$(json_get fio/fio.json "d['jobs'][1]['read']['total_ios']")
diag "fio natively: $fw writes, $fr reads"

targets="native,docker:volume,docker:bind=$T/bind,docker:layer"
run_cmd sum.out sum.err "$IOSTRESS" --target="$targets" --output-format=json \
	--output="$T/r-%t.json" two.job
diag_file sum.err
check "--target=$targets exits 0" "$RC"
for f in r-native.json r-docker-volume.json r-docker-bind-*.json r-docker-layer.json; do
	p=${f#r-}
	p=${p%.json}
	json_valid "$f"
	check "$f is one valid JSON document" $?
	[ "$(json_get "$f" "d['jobs'][0]['write']['total_ios']")" = "$fw" ] &&
		[ "$(json_get "$f" "d['jobs'][1]['read']['total_ios']")" = "$fr" ]
	check "$p: $fw writes of 4k and $fr reads of 16k, as fio's natively" $?
done
[ "$(json_get r-docker-layer.json "d['jobs'][0]['iostress']['target']['worker_fs']")" = overlay ] &&
	[ "$(json_get r-docker-layer.json "d['jobs'][0]['iostress']['target']['mount']")" = layer ]
check "docker:layer: the worker's files are on overlay, in the container's layer" $?
[ "$(json_get r-docker-volume.json "d['jobs'][0]['iostress']['target']['mount']")" = volume ] &&
	[ "$(json_get r-docker-volume.json "d['jobs'][0]['iostress']['target']['worker_fs']")" != overlay ]
check "docker:volume: the worker's files are on the volume, not overlay" $?
driver=$(json_get r-docker-volume.json "d['jobs'][0]['iostress']['target']['storage_driver']")
[ "$driver" = "$(api /info | python3 -c 'import json,sys; print(json.load(sys.stdin)["Driver"])')" ]
check "the report names the daemon's storage driver ($driver)" $?
json_get r-docker-volume.json "d['jobs'][0]['iostress']['cpu']['cycles_per_io']['host']" >/dev/null
check "the report has the container's CPU as host cycles per I/O" $?
[ -s bind/data ]
check "docker:bind wrote its file in the host directory" $?
python3 - <<'PY' >res.txt
import glob, json
setup = lambda f: json.load(open(f))["jobs"][0]["iostress"]["target"]["setup_ms"]
native = setup("r-native.json")
for f in ["r-docker-volume.json", "r-docker-layer.json"] + glob.glob("r-docker-bind-*.json"):
    s = setup(f)
    print(("PASS" if s > native and s > 1.0 else "FAIL") +
          " %s: setup_ms from create to the first I/O (%.1f ms; native %.3f ms)" % (f, s, native))
PY
emit_results <res.txt
for p in docker-volume docker-layer; do
	dev=$(json_get "r-$p.json" "d['disk_util'][0]['name']" 2>/dev/null)
	[ -n "$dev" ]
	check "$p: disk stats of the host device behind it ($dev)" $?
done
[ "$(leftovers)" = "$base" ]
check "no container or volume of the run is left" $?
[ -z "$(ls "$IOSTRESS_STATE_DIR")" ]
check "the run's ledger is gone" $?
grep -q '^ *docker-layer ' sum.out
check "the summary has a docker-layer row" $?

# --- copy-up: files in a lower layer, copied up at their first open -------
cat >copyup.job <<'JOB'
[global]
ioengine=psync
rw=randwrite
bs=4k
filesize=32m
nrfiles=2
io_size=2m
[copyup]
JOB
run_cmd cu.out cu.err "$IOSTRESS" --target=docker:volume,docker:copyup \
	--output-format=json --output="$T/cu-%t.json" copyup.job
diag_file cu.out
[ "$RC" = 0 ] &&
	[ "$(json_get cu-docker-volume.json "d['jobs'][0]['write']['total_ios']")" = 512 ] &&
	[ "$(json_get cu-docker-copyup.json "d['jobs'][0]['write']['total_ios']")" = 512 ]
check "docker:copyup moves the same 512 writes as docker:volume" $?
python3 - <<'PY' >cu.res
import json
v = json.load(open("cu-docker-volume.json"))["jobs"][0]["iostress"]
c = json.load(open("cu-docker-copyup.json"))["jobs"][0]["iostress"]
print("DIAG volume opens %s, copyup opens %s" % (v["opens"], c["opens"]))
print("DIAG first write: volume %s us, copyup %s us" % (v.get("first_write_us"), c.get("first_write_us")))
ok = c["opens"]["files"] == 2 and c["opens"]["bytes"] == 2 * 32 * 1024 * 1024
print(("PASS" if ok else "FAIL") + " copyup: two files of 32 MiB opened for writing")
ok = c["opens"]["total_ms"] > v["opens"]["total_ms"]
print(("PASS" if ok else "FAIL") + " copy-up makes the opens cost more than on the volume (%.3f ms vs %.3f ms)" % (c["opens"]["total_ms"], v["opens"]["total_ms"]))
print(("PASS" if c["target"]["mount"].startswith("layer") and "layout_ms" in c["target"] else "FAIL") + " copyup reports its mount and the layout time")
PY
emit_results <cu.res
grep -Eq '^ +opens docker-copyup +2 files, .* and 32 MiB each to open for writing' cu.out
check "the summary gives the copy-up cost on its own line" $?
[ -z "$(api /images/json | python3 -c 'import json,sys; print(" ".join(t for i in json.load(sys.stdin) for t in (i["RepoTags"] or []) if t.startswith("iostress-layer:")))')" ]
check "the copy-up layer image is removed after the run" $?

# --- docker:exec: a worker in a container that already runs ---------------
if [ -x /bin/busybox ]; then
	python3 - <<'PY'
import tarfile
with tarfile.open("bb.tar", "w") as t:
    i = t.gettarinfo("/bin/busybox", "bin/busybox")
    i.uid = i.gid = 0
    with open("/bin/busybox", "rb") as f:
        t.addfile(i, f)
PY
	api "/images/create?fromSrc=-&repo=iostress-test-bb&tag=1" -X POST \
		-H 'Content-Type: application/x-tar' --data-binary @bb.tar >/dev/null
	api /volumes/create -X POST -H 'Content-Type: application/json' \
		-d '{"Name":"iostress-test-app"}' >/dev/null
	api "/containers/create?name=iostress-test-app" -X POST -H 'Content-Type: application/json' \
		-d '{"Image":"iostress-test-bb:1","Cmd":["/bin/busybox","sleep","600"],"WorkingDir":"/data","HostConfig":{"NetworkMode":"none","Binds":["iostress-test-app:/data"]}}' >/dev/null
	api /containers/iostress-test-app/start -X POST >/dev/null
	run_cmd ex.out ex.err "$IOSTRESS" --target=docker:exec=iostress-test-app \
		--output-format=json --output="$T/ex-%t.json" two.job
	diag_file ex.err
	f=$(ls ex-*.json 2>/dev/null | head -n1)
	[ "$RC" = 0 ] && [ -n "$f" ] &&
		[ "$(json_get "$f" "d['jobs'][0]['write']['total_ios']")" = 2048 ] &&
		[ "$(json_get "$f" "d['jobs'][1]['read']['total_ios']")" = 512 ]
	check "docker:exec runs the jobs inside a running container, 2048 writes and 512 reads" $?
	[ "$(json_get "$f" "d['jobs'][0]['iostress']['target']['mount']")" = volume ] &&
		[ "$(json_get "$f" "d['jobs'][0]['iostress']['target']['workdir']")" = /data ]
	check "docker:exec says the working directory /data is on a volume" $?
	id=$(api /containers/iostress-test-app/exec -X POST -H 'Content-Type: application/json' \
		-d '{"Cmd":["/bin/busybox","ls","-a","/","/data"],"AttachStdout":true}' |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["Id"])')
	api "/exec/$id/start" -X POST -H 'Content-Type: application/json' \
		-d '{"Detach":false,"Tty":false}' --output ls.out
	grep -aq 'data' ls.out && ! grep -aq 'iostress-' ls.out
	check "docker:exec leaves neither the worker nor the jobs in the container" $?
	api "/containers/iostress-test-app?force=1&v=1" -X DELETE >/dev/null
	api /volumes/iostress-test-app -X DELETE >/dev/null
	api "/images/iostress-test-bb:1?force=1" -X DELETE >/dev/null
else
	fail "docker:exec needs /bin/busybox (apt-get install busybox-static) for a container to exec into"
fi

# --- an existing volume is used and left ---------------------------------
api /volumes/create -X POST -H 'Content-Type: application/json' \
	-d '{"Name":"iostress-test-keep"}' >/dev/null
run_cmd keep.out keep.err "$IOSTRESS" --target=docker:volume=iostress-test-keep \
	--output-format=json --name=k --ioengine=psync --rw=write --size=1m --filename=kf
[ "$RC" = 0 ] && api /volumes/iostress-test-keep | grep -q '"Name":"iostress-test-keep"'
check "docker:volume=NAME runs on the named volume and leaves it" $?
api /volumes/iostress-test-keep -X DELETE >/dev/null

# --- refusals --------------------------------------------------------------
run_cmd bad.out bad.err "$IOSTRESS" --target=docker:bind=$T/nope two.job
[ "$RC" = 1 ] && grep -q "is not a directory on this host" bad.err
check "a missing bind directory is refused before anything runs" $?
run_cmd bad.out bad.err "$IOSTRESS" --target=docker:sideways two.job
[ "$RC" = 2 ] && grep -q 'docker takes layer, copyup, volume, volume=NAME, bind=/HOSTDIR or exec=CONTAINER' bad.err
check "a bad docker mode: exit 2" $?

# --- storage driver, seccomp, memory ------------------------------------------
run_cmd bad.out bad.err "$IOSTRESS" --target=docker:layer --name=a --ioengine=null \
	--size=1m --docker_storage_driver=aufs
diag_file bad.err
if grep -qw aufs /proc/filesystems; then
	[ "$RC" = 1 ] && grep -q "needs docker_storage_driver=aufs but the daemon at .* runs $driver" bad.err
else
	[ "$RC" = 1 ] && grep -q "runs $driver, and this kernel has no aufs" bad.err
fi
check "docker_storage_driver=aufs is refused, naming the daemon's driver and the kernel" $?

# A profile that blocks io_uring_setup, as Engine 25's default does.
cat >no-uring.json <<'JSON'
{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["io_uring_setup"],"action":"SCMP_ACT_ERRNO"}]}
JSON
if "$IOSTRESS" --help | grep -q io_uring; then
	run_cmd sec.out sec.err "$IOSTRESS" --target=docker:volume --name=u \
		--ioengine=io_uring --rw=read --size=1m --filename=u \
		--docker_seccomp="$T/no-uring.json"
	diag_file sec.err
	[ "$RC" = 1 ] && grep -q "io_uring is blocked in container .* use ioengine=libaio, or docker_seccomp=unconfined" sec.err
	check "a seccomp profile that blocks io_uring: the message names the cause and both ways out" $?
	run_cmd sec.out sec.err "$IOSTRESS" --target=docker:volume --name=u \
		--ioengine=io_uring --rw=read --size=1m --filename=u \
		--docker_seccomp=unconfined --output-format=json
	[ "$RC" = 0 ] && [ "$(json_get sec.out "d['jobs'][0]['read']['total_ios']")" = 256 ]
	check "docker_seccomp=unconfined: io_uring runs in the container" $?
fi
run_cmd sec.out sec.err "$IOSTRESS" --target=docker:volume --name=a \
	--ioengine=psync --rw=read --size=1m --filename=a \
	--docker_seccomp="$T/no-uring.json" --output-format=json
[ "$RC" = 0 ] && [ "$(json_get sec.out "d['jobs'][0]['read']['total_ios']")" = 256 ]
check "the same profile lets psync run" $?

# docker_memory caps the container: look at it while it runs.
"$IOSTRESS" --target=docker:layer --name=m --ioengine=null --size=1m \
	--time_based --runtime=4 --docker_memory=64m >mem.out 2>mem.err &
mem_pid=$!
limit=
for _ in $(seq 80); do
	limit=$(api "/containers/json?filters=$(python3 -c 'import urllib.parse; print(urllib.parse.quote("{\"label\":[\"io.iostress.run\"]}"))')" |
		python3 -c 'import json,sys; c=json.load(sys.stdin); print(c[0]["Id"] if c else "")')
	[ -n "$limit" ] && limit=$(api "/containers/$limit/json" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["HostConfig"]["Memory"])') && break
	sleep 0.1
done
wait "$mem_pid"
RC=$?
[ "$RC" = 0 ] && [ "$limit" = 67108864 ]
check "docker_memory=64m: the container runs with a 64 MiB cap ($limit)" $?

# --- SIGINT ---------------------------------------------------------------
cat >long.job <<'JOB'
[long]
ioengine=psync
filename=data
size=8m
rw=randread
bs=4k
time_based
runtime=60
JOB
python3 - "$IOSTRESS" <<'PY'
import subprocess, sys, time, signal
p = subprocess.Popen([sys.argv[1], "--target=docker:volume", "--output-format=json",
                      "long.job"], stdout=open("int.out", "w"), stderr=open("int.err", "w"))
time.sleep(4)
p.send_signal(signal.SIGINT)
try:
    rc = p.wait(timeout=30)
except subprocess.TimeoutExpired:
    p.kill(); rc = "timeout"
open("int.rc", "w").write(str(rc))
PY
diag_file int.err
[ "$(cat int.rc)" = 1 ] && json_valid int.out &&
	[ "$(json_get int.out "d['jobs'][0]['iostress']['interrupted']")" = True ] &&
	[ "$(json_get int.out "d['jobs'][0]['read']['total_ios']")" -gt 0 ]
check "SIGINT: exit 1 and a valid report of what ran in the container" $?
[ "$(leftovers)" = "$base" ]
check "SIGINT: no container or volume of the run is left" $?

# --- SIGKILL: the next run removes the container and the volume -----------
"$IOSTRESS" --target=docker:volume long.job >kill.out 2>kill.err &
host=$!
for _ in $(seq 100); do
	[ "$(leftovers)" -ge $((base + 2)) ] && break
	sleep 0.1
done
sleep 1
kill -KILL "$host"
wait "$host" 2>/dev/null
n=$(leftovers)
diag "after SIGKILL: $((n - base)) containers and volumes of the run"
[ "$n" -ge $((base + 2)) ]
check "SIGKILL leaves the run's container and volume" $?
run_cmd next.out next.err "$IOSTRESS" --name=n --ioengine=null --size=1m
diag_file next.err
[ "$RC" = 0 ] && grep -q 'removed leftover docker container iostress-' next.err &&
	grep -q 'removed leftover docker volume iostress-' next.err
check "the next run removes them and says so on stderr" $?
[ "$(leftovers)" = "$base" ]
check "nothing of the killed run is left" $?

done_testing
