/* SPDX-License-Identifier: MIT */
/*
 * qemu_threads.h - where the QEMU process's CPU goes, by its threads'
 * names in /proc/PID/task: the vCPUs ("CPU 0/KVM", "CPU 1/TCG"), the I/O
 * threads ("IO iothread1"), the main loop (the thread whose id is the
 * pid) and the rest (RCU, thread-pool workers that carry io=threads).
 */
#ifndef IOSTRESS_KVM_QEMU_THREADS_H
#define IOSTRESS_KVM_QEMU_THREADS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum qemu_thread_class { QT_VCPU, QT_IOTHREAD, QT_MAIN, QT_OTHER, QT_NR };

#define QEMU_THREADS_MAX	256

/* One reading of every thread's CPU time (clock ticks). */
struct qemu_threads {
	unsigned nr;
	struct {
		pid_t tid;
		enum qemu_thread_class cls;
		uint64_t ticks;
	} t[QEMU_THREADS_MAX];
};

/* qemu_threads_read - every thread of pid now.  Returns 0 or -errno
 * (-ESRCH when the process is gone). */
int qemu_threads_read(pid_t pid, struct qemu_threads *out);

/*
 * qemu_threads_split - what each class spent from a to b, as text:
 * "vcpus 91.2%, iothreads 0.0%, main loop 6.1%, other 2.7%" (of the
 * threads' total; threads that ended between the readings are missed, a
 * thread born between them counts from zero).  Returns 0, or -ENODATA
 * when no tick passed.
 */
int qemu_threads_split(const struct qemu_threads *a,
		       const struct qemu_threads *b, char *buf, size_t size);

#endif
