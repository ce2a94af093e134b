#!/bin/bash
# SPDX-License-Identifier: MIT
# uring.sh - the io_uring backend against the real kernel.
#
#  - the JSON reports which setup flags took effect, and registered
#    files, buffers and ring fd by default;
#  - sqthread_poll=1: the kernel refuses SQPOLL together with
#    DEFER_TASKRUN (EINVAL); iostress falls back quietly to the next flag
#    set, runs, and reports sqpoll without defer_taskrun;
#  - fixedbufs=0 registerfiles=0 turn registration off;
#  - the process cycles figure includes the SQPOLL kernel thread, so it
#    is well above the worker thread's own.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd python3
"$IOSTRESS" --help | grep -q 'io_uring' || skip_all "this build has no io_uring backend"

cd "$T" || bail_out "no temp dir"

write_job() {	# write_job NAME EXTRA_OPTION...
	local name=$1
	shift
	{
		echo "[$name]"
		echo "ioengine=io_uring"
		echo "filename=$T/data"
		echo "size=4m"
		echo "rw=randread"
		echo "bs=4k"
		echo "iodepth=8"
		printf '%s\n' "$@"
	} >"$name.job"
}

flags() {	# flags JSON -> space-separated list of setup flags
	json_get "$1" "' '.join(d['jobs'][0]['iostress']['backend']['uring_setup_flags'])"
}

write_job plain
run_cmd plain.json plain.err "$IOSTRESS" --output-format=json plain.job
check "default ring: iostress exits 0" $RC
f=$(flags plain.json)
diag "default flags: $f"
case " $f " in *" single_issuer "*|*" coop_taskrun "*) true ;; *) false ;; esac
check "default ring uses single_issuer or coop_taskrun ($f)" $?
[ "$(json_get plain.json "d['jobs'][0]['iostress']['backend']['registered_files']")" = True ]
check "files are registered by default" $?
[ "$(json_get plain.json "d['jobs'][0]['iostress']['backend']['registered_buffers']")" = True ]
check "buffers are registered by default" $?
[ "$(json_get plain.json "d['jobs'][0]['iostress']['backend']['registered_ring_fd']")" = True ]
check "the ring fd is registered (kernel >= 5.18)" $?
[ "$(json_get plain.json "d['jobs'][0]['read']['total_ios']")" = 1024 ]
check "4 MiB in 4 KiB reads is 1024 I/Os" $?

write_job sq sqthread_poll=1
run_cmd sq.json sq.err "$IOSTRESS" --output-format=json sq.job
check "sqthread_poll=1: iostress exits 0" $RC
diag_file sq.err
f=$(flags sq.json)
diag "sqpoll flags: $f"
case " $f " in *" sqpoll "*) true ;; *) false ;; esac
check "sqthread_poll=1 reports sqpoll ($f)" $?
case " $f " in *" defer_taskrun "*) false ;; *) true ;; esac
check "defer_taskrun, refused with sqpoll by the kernel, fell back ($f)" $?
[ ! -s sq.err ]
check "the fallback is quiet (nothing on stderr)" $?
thread=$(json_get sq.json "d['jobs'][0]['iostress']['cpu']['cycles_per_io']['thread']")
process=$(json_get sq.json "d['jobs'][0]['iostress']['cpu']['cycles_per_io']['process']")
diag "sqpoll cycles per I/O: thread=$thread process=$process"
python3 -c "import sys; sys.exit(0 if float('$process') > float('$thread') else 1)"
check "process cycles/IO include the SQPOLL thread (process > thread)" $?

write_job noreg fixedbufs=0 registerfiles=0
run_cmd noreg.json noreg.err "$IOSTRESS" --output-format=json noreg.job
check "fixedbufs=0 registerfiles=0: iostress exits 0" $RC
[ "$(json_get noreg.json "d['jobs'][0]['iostress']['backend']['registered_files']")" = False ] &&
[ "$(json_get noreg.json "d['jobs'][0]['iostress']['backend']['registered_buffers']")" = False ]
check "registration is off when asked" $?

done_testing
