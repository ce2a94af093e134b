#!/usr/bin/python3
# SPDX-License-Identifier: MIT
# delayfs.py - a FUSE filesystem with one file whose every read and write
# takes DELAY_MS longer: a device whose completions are slow by a known
# amount, for tests of what iostress does while I/O is in flight
# (offload.sh).  Requests are served concurrently (fusepy's threads), so
# N requests in flight finish in about one delay.
#
#   delayfs.py MOUNTPOINT NAME SIZE_BYTES DELAY_MS
#
# Runs in the foreground until unmounted (fusermount -u MOUNTPOINT).
# Needs Debian's python3-fusepy (module fusepy) and /dev/fuse.
import errno
import stat
import sys
import threading
import time

from fusepy import FUSE, FuseOSError, Operations


class DelayFS(Operations):
    def __init__(self, name, size, delay):
        self.name = "/" + name
        self.data = bytearray(size)
        self.delay = delay
        self.mutex = threading.Lock()
        self.now = time.time()

    def getattr(self, path, fh=None):
        if path == "/":
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2,
                        st_ctime=self.now, st_mtime=self.now, st_atime=self.now)
        if path == self.name:
            return dict(st_mode=stat.S_IFREG | 0o644, st_nlink=1,
                        st_size=len(self.data), st_ctime=self.now,
                        st_mtime=self.now, st_atime=self.now)
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        return [".", "..", self.name[1:]]

    def open(self, path, flags):
        if path != self.name:
            raise FuseOSError(errno.ENOENT)
        return 0

    def read(self, path, size, offset, fh):
        time.sleep(self.delay)
        with self.mutex:
            return bytes(self.data[offset:offset + size])

    def write(self, path, buf, offset, fh):
        time.sleep(self.delay)
        end = min(offset + len(buf), len(self.data))
        with self.mutex:
            self.data[offset:end] = buf[:end - offset]
        return end - offset

    def truncate(self, path, length, fh=None):
        if length != len(self.data):
            raise FuseOSError(errno.EPERM)

    def fsync(self, path, datasync, fh):
        return 0

    def flush(self, path, fh):
        return 0


def main():
    mnt, name, size, delay_ms = sys.argv[1:5]
    FUSE(DelayFS(name, int(size), int(delay_ms) / 1000.0), mnt,
         foreground=True, nothreads=False, direct_io=True)


if __name__ == "__main__":
    main()
