#!/bin/bash
# SPDX-License-Identifier: MIT
# fio-examples-dump.sh - for every example job file shipped with fio that
# iostress parses (tests/fio-examples.sh checks the others are refused by
# name), iostress --dump-jobs holds the values fio reads from the file.
#
# fio's own reading is its parse trace: `fio --parse-only --debug=parse
# FILE` prints, per section, "handle_option=NAME, ptr=TEXT" and for the
# numeric types "ret=R, out=N", the number it read (bytes; times in
# microseconds; N% as -1 - N), one per value of a "read,write,trim" or
# "low-high" list.  (fio --showcmd was no use: it repeats the text, and
# turns a [global] name= into a job of its own.)  The script below plays
# the trace back as fio applies it: a job starts as a copy of the [global]
# options parsed so far (fio's "dup options"), takes its section's name,
# then its own options in the order fio parsed them; per-direction values
# fill the directions after them as fio's handle_option() does; bs, bsrange
# and bssplit end as the block sizes fio's get_next_buflen() picks from
# (fixup_options: a range set by bsrange or bssplit wins over bs=).  Sizes
# fio reads without printing them (bssplit and bsrange entries, the 8k of
# rw=read:8k) are put to fio itself as io_size= values.
#
# Each job section is one check: iostress must dump numjobs blocks for it
# ([name], clone=0..N-1), each with every value fio set, in iostress's
# units (times in any unit, bssplit in any order; numjobs, stonewall and
# new_group on clone 0, as fio clears them on its clones).  A mismatch
# prints the option, fio's value and iostress's.  An option fio set that
# the script cannot compare fails the check, unless NOT_COMPARED below
# says why it is left out.  A file fio itself refuses is a skip, with
# fio's message.
#
# Options not compared (NOT_COMPARED): cpus_allowed, which depends on the
# machine's CPUs, and fio's tiobench "threads".  numa_cpu_nodes and
# numa_mem_policy are compared as text: neither side resolves them when
# parsing.
#
# Give job files as arguments to check those instead of the examples.

. "$(dirname "$0")/lib.sh"
require_iostress
require_cmd fio python3

if [ $# -gt 0 ]; then
	examples=("$@")
else
	mapfile -t examples < <(fio_examples)
fi
[ "${#examples[@]}" -gt 0 ] ||
	skip_all "no fio example job files (apt-get install fio-examples)"

# compare_dump TRACE DUMP - the checks, as "ok DESC", "not ok DESC" and
# "# TEXT" lines.
compare_dump() {
	python3 - "$1" "$2" "$T" <<'PY'
import errno, re, subprocess, sys


# ---- fio's side: the --debug=parse trace -------------------------------

def read_trace_text(text):
    """[(section, [option])]: each option a dict of its name, its ptr
    (None for a bare option), the (ret, out) pairs fio printed for it and
    the other lines it printed (zone splits)."""
    secs, cur, last = [], None, None
    for raw in text.splitlines():
        m = re.match(r"^parse\s+\d+\s+(.*)$", raw.rstrip("\n"))
        if not m:
            continue
        t = m.group(1)
        if t.startswith("Parsing section [") and t.endswith("]"):
            cur = (t[len("Parsing section ["):-1], [])
            secs.append(cur)
            last = None
            continue
        m = re.match(r"^handle_option=([^,]+), ptr=(.*)$", t)
        if m and cur is not None:
            ptr = None if m.group(2) == "(null)" else m.group(2)
            last = {"name": m.group(1), "ptr": ptr, "outs": [], "floats": [],
                    "lines": []}
            cur[1].append(last)
            continue
        m = re.match(r"^\s*ret=(-?\d+), out=(\d+)$", t)
        if m and last is not None:
            last["outs"].append((int(m.group(1)), int(m.group(2))))
            continue
        m = re.match(r"^\s*out=(\S+)$", t)
        if m and last is not None:
            last["floats"].append(float(m.group(1)))
        elif last is not None:
            last["lines"].append(t)
    return secs


# ---- sizes fio reads out of a value it prints no number for ------------

class Sizes:
    """fio's own reading of size strings (bssplit entries, bsrange ends,
    rw=read:8k): each is put to fio as io_size=STRING in a job of its own,
    with the job's kb_base, and read back from fio's trace."""

    def __init__(self, tmpdir):
        self.tmpdir, self.known, self.wanted = tmpdir, {}, set()

    def __call__(self, s, kb_base):
        key = (kb_base, s)
        if key in self.known:
            return self.known[key]
        self.wanted.add(key)
        return 0

    def resolve(self):
        """Ask fio for what is wanted; True when there was something."""
        if not self.wanted:
            return False
        wanted = sorted(self.wanted)
        path = self.tmpdir + "/sizes.fio"
        with open(path, "w") as f:
            for i, (kb, s) in enumerate(wanted):
                f.write("[s%d]\nkb_base=%d\nio_size=%s\n" % (i, kb, s))
        out = subprocess.run(["fio", "--parse-only", "--debug=parse", path],
                             capture_output=True, text=True).stdout
        for name, opts in read_trace_text(out):
            for o in opts:
                if o["name"] == "io_size" and o["outs"] and not o["outs"][0][0]:
                    self.known[wanted[int(name[1:])]] = o["outs"][0][1]
        missing = [s for s in wanted if s not in self.known]
        if missing:
            raise SystemExit("fio did not read these sizes: %s" % missing)
        self.wanted.clear()
        return True


# ---- what fio stores for an option ------------------------------------

U64 = 1 << 64


def stored(o):
    """fio's handle_option() for the numeric types: the values it stores
    at off1, off2, off3 (read, write, trim for the per-direction options;
    low, high for the ranges), None where it stores nothing.  Values are
    split at ',' (or ':' or '-' without one); the first goes to off1; the
    second to off2, the third to off3; the last fills the offsets after
    it."""
    v, outs = [None] * 3, o["outs"]
    for curr, (ret, out) in enumerate(outs):
        if ret:
            continue
        if curr < 3:
            v[curr] = out
        if curr == len(outs) - 1:
            for k in range(curr + 1, 3):
                v[k] = out
    return v


def size_text(v):
    """A size fio read: bytes, or "N%" (fio keeps N% as -1 - N)."""
    if U64 - 101 <= v < U64:
        return "%d%%" % (U64 - 1 - v)
    return str(v)


def split_sizes(text, sizes, kb, fill):
    """fio's split_parse_ddir + str_split_parse for bssplit-like values:
    "a/x:b/y,c/z" as (read, write) lists of (size, percent) pairs; one
    list is every direction's; fill(list) gives blank percentages their
    share as fio does."""
    parts = text.split(",")
    lists = []
    for p in parts[:2]:
        ents = []
        for e in p.split(":"):
            if not e:
                break
            s, _, perc = e.partition("/")
            ents.append((sizes(s, kb), perc))
        lists.append(fill(ents))
    if len(lists) == 1:
        lists.append(lists[0])
    return lists


def fill_bssplit(ents):
    """bssplit_ddir(): percent atoi'd, capped at 100, 0 or blank is
    "missing", and the missing ones share what the others leave."""
    out, have, missing = [], 0, 0
    for s, p in ents:
        n = min(int(re.match(r"\s*(\d*)", p).group(1) or 0), 100)
        out.append([s, n or None])
        if n:
            have += n
        else:
            missing += 1
    if missing == 1 and len(out) == 1:
        have = 100
    for e in out:
        if e[1] is None:
            e[1] = (100 - have) // missing
    return sorted((s, p) for s, p in out)


def fill_cmdprio_split(ents):
    """cmdprio_bssplit entries bs/perc[/class/level]; an entry of 0% has no
    effect, so it is left out (as iostress does)."""
    out = []
    for s, rest in ents:
        f = rest.split("/")
        if not f[0] or int(f[0]) == 0:
            continue
        out.append("/".join([str(s)] + f))
    return sorted(out)


def zone_lines(o):
    """random_distribution=zoned...: fio prints each direction's parsed
    split ("zone ddir D (nr=N):" then "\\tI: ACCESS/SIZE")."""
    dirs, cur = {}, None
    for t in o["lines"]:
        m = re.match(r"^zone ddir (\d) ", t)
        if m:
            cur = dirs.setdefault(int(m.group(1)), [])
            continue
        m = re.match(r"^\s*\d+: (\d+)/(\d+)$", t)
        if m and cur is not None:
            cur.append("%s/%s" % m.groups())
    return dirs


RW_NAMES = {"read": "read", "write": "write", "randread": "randread",
            "randwrite": "randwrite", "rw": "rw", "readwrite": "rw",
            "randrw": "randrw"}


class Job:
    """One job as fio's options leave it: fields named as iostress dumps
    them, each a string in the form of iostress's dump, plus fio's
    block-size fields (bs, min_bs, max_bs, bssplit per direction)."""

    def __init__(self, sizes):
        self.f, self.sizes, self.kb = {}, sizes, 1024
        self.bs = {"bs": [None] * 3, "min": [None] * 3, "max": [None] * 3,
                   "split": [None] * 3, "set": False}
        self.numjobs = 1

    def copy(self):
        j = Job(self.sizes)
        j.f, j.kb, j.numjobs = dict(self.f), self.kb, self.numjobs
        j.bs = {k: (list(v) if isinstance(v, list) else v)
                for k, v in self.bs.items()}
        return j

    # -- handlers, by kind --
    def first(self, key, o, fmt=str):
        v = stored(o)[0]
        if v is not None:
            self.f[key] = fmt(v)

    def dirs(self, key, o, default, n=3):
        """Per-direction values as "read,write,trim" (n=3), or
        "read,write" for the options fio keeps for two (cmdprio*)."""
        old = self.f.get(key, ",".join([str(default)] * n)).split(",")
        v = stored(o)
        self.f[key] = ",".join(str(v[d]) if v[d] is not None else old[d]
                               for d in range(n))

    def apply(self, o):
        n, ptr = o["name"], o["ptr"]
        h = HANDLERS.get(n)
        if h is None:
            return n
        h(self, o, ptr)
        return None

    # -- the block sizes, as fio's fixup_options() ends them --
    def block_sizes(self):
        """Per direction (read, write): 'split S/P ...', 'range LO-HI' or
        'fixed N': the I/O sizes fio's get_next_buflen() picks from."""
        out = []
        for d in (0, 1):
            bs = self.bs["bs"][d] or 4096
            lo = self.bs["min"][d] or bs
            hi = self.bs["max"][d] or bs
            sp = self.bs["split"][d]
            if sp:
                out.append("split " + " ".join("%d/%d" % e for e in sp))
            elif lo != hi:
                out.append("range %d-%d" % (lo, hi))
            else:
                out.append("fixed %d" % lo)
        return out


def h_bs(j, o, ptr):
    v = stored(o)
    for d in range(3):
        if v[d] is not None:
            j.bs["bs"][d] = v[d]
    j.bs["set"] = True


def h_bsrange(j, o, ptr):
    for d, part in enumerate(ptr.split(",")[:3]):
        lo, hi = re.split(r"[-:]", part, maxsplit=1)
        lo, hi = sorted((j.sizes(lo, j.kb), j.sizes(hi, j.kb)))
        j.bs["min"][d], j.bs["max"][d] = lo, hi
    if "," not in ptr:
        for d in (1, 2):
            j.bs["min"][d], j.bs["max"][d] = j.bs["min"][0], j.bs["max"][0]
    j.bs["set"] = True


def h_bssplit(j, o, ptr):
    for d, ents in enumerate(split_sizes(ptr, j.sizes, j.kb, fill_bssplit)):
        if ents:
            j.bs["split"][d] = ents
            j.bs["min"][d] = min(s for s, _ in ents)
            j.bs["max"][d] = max(s for s, _ in ents)
    j.bs["set"] = True


def h_rw(j, o, ptr):
    name, _, mod = ptr.partition(":")
    text = RW_NAMES.get(name, name)
    if mod:
        if text.startswith("rand"):
            n = int(re.match(r"\s*(-?\d*)", mod).group(1) or 0)
            if n > 1:
                text += ":%d" % n
        else:
            neg = mod.startswith("-")
            n = j.sizes(mod.lstrip("-"), j.kb)
            if n:
                text += ":%d" % (-n if neg else n)
    j.f["rw"] = text


def h_random_distribution(j, o, ptr):
    zones = zone_lines(o)
    if zones:
        kind = ptr.split(":")[0]
        j.f["random_distribution"] = kind + ":" + ",".join(
            ":".join(zones.get(d, [])) for d in (0, 1, 2))
        return
    # fio's defaults (FIO_DEF_ZIPF, FIO_DEF_PARETO, a deviation of 0);
    # a second ':' value is the center, which iostress dumps as given
    name, _, val = ptr.partition(":")
    default = {"zipf": "1.1", "pareto": "0.2", "normal": "0"}
    if name in default:
        v, _, center = (val or default[name]).partition(":")
        name += ":%g" % float(v) + (":%g" % float(center) if center else "")
    j.f["random_distribution"] = name


def h_cmdprio_bssplit(j, o, ptr):
    lists = split_sizes(ptr, j.sizes, j.kb, fill_cmdprio_split)
    j.f["cmdprio_bssplit"] = ",".join(":".join(l) for l in lists)


def h_numjobs(j, o, ptr):
    j.numjobs = stored(o)[0]
    j.first("numjobs", o)


def h_kb_base(j, o, ptr):
    j.kb = stored(o)[0]
    j.first("kb_base", o)


def h_str(key):
    return lambda j, o, ptr: j.f.__setitem__(key, ptr if ptr is not None else "")


def h_int(key, fmt=str):
    return lambda j, o, ptr: j.first(key, o, fmt)


def errno_list(ptr):
    """ignore_error's "read,write,verify" lists, errors by name (ENOSPC)
    or number, as iostress dumps them: numbers."""
    names = {v: k for k, v in errno.errorcode.items()}
    def one(e):
        e = e.strip()
        return str(names[e]) if e in names else e
    return ",".join(":".join(one(e) for e in part.split(":") if e.strip())
                    for part in ptr.split(","))


def h_dirs(key, default, n=3):
    return lambda j, o, ptr: j.dirs(key, o, default, n)


def h_pair(key, fmt=str):
    """fio's ranges (OPT_STR_VAL with off2): "LO-HI", one value for both."""
    def h(j, o, ptr):
        lo, hi = stored(o)[:2]
        if lo is not None:
            j.f[key] = fmt(lo) if lo == hi else "%s-%s" % (fmt(lo), fmt(hi))
    return h


def h_enum(key, aliases):
    """fio's value names, its numeric aliases as the names iostress dumps."""
    return lambda j, o, ptr: j.f.__setitem__(key, aliases.get(ptr, ptr))


def h_invert(key):
    return lambda j, o, ptr: j.first(key, o, lambda v: str(1 - v))


def usec(v):
    return "%dus" % v


def msec(v):
    return "%dus" % (v * 1000)


HANDLERS = {
    "name": h_str("name"), "description": h_str("description"),
    "ioengine": h_str("ioengine"), "filename": h_str("filename"),
    "directory": h_str("directory"), "wait_for": h_str("wait_for"),
    # fio's crc32c-intel is the same VERIFY_CRC32C as crc32c (options.c)
    "verify": lambda j, o, ptr: j.f.__setitem__(
        "verify", "crc32c" if ptr == "crc32c-intel" else ptr), "verify_pattern": h_str("verify_pattern"),
    "write_bw_log": h_str("write_bw_log"),
    "write_lat_log": h_str("write_lat_log"),
    "write_iops_log": h_str("write_iops_log"),
    "numa_cpu_nodes": h_str("numa_cpu_nodes"),
    "numa_mem_policy": h_str("numa_mem_policy"),
    "dedupe_mode": h_str("dedupe_mode"), "exit_what": h_str("exit_what"),
    "zonemode": h_str("zonemode"),
    "random_generator": h_str("random_generator"),
    "filename_format": h_str("filename_format"),
    "file_service_type": h_str("file_service_type"),
    "buffer_pattern": h_str("buffer_pattern"),
    "rw_sequencer": h_str("rw_sequencer"),
    "rate_process": h_str("rate_process"),
    "thinktime_blocks_type": h_str("thinktime_blocks_type"),
    "cpus_allowed_policy": h_str("cpus_allowed_policy"),
    "fallocate": h_enum("fallocate", {"0": "none", "1": "posix"}),
    "sync": h_enum("sync", {"0": "none", "1": "sync"}),
    "unified_rw_reporting": h_enum("unified_rw_reporting",
                                   {"0": "none", "1": "mixed", "2": "both"}),
    "continue_on_error": h_enum("continue_on_error",
                                {"0": "none", "1": "all"}),
    "rw": h_rw, "bs": h_bs, "bsrange": h_bsrange, "bssplit": h_bssplit,
    "random_distribution": h_random_distribution,
    "cmdprio_bssplit": h_cmdprio_bssplit,
    "numjobs": h_numjobs, "kb_base": h_kb_base,
    "rwmixread": h_int("rwmixread"),
    "rwmixwrite": lambda j, o, ptr: j.first("rwmixread", o,
                                            lambda v: str(100 - v)),
    "buffered": h_invert("direct"),
    "size": h_int("size", size_text), "offset": h_int("offset", size_text),
    "offset_increment": h_int("offset_increment", size_text),
    "filesize": h_pair("filesize"),
    "startdelay": h_pair("startdelay", usec),
    "runtime": h_int("runtime", usec), "ramp_time": h_int("ramp_time", usec),
    "thinktime": h_int("thinktime", usec),
    "thinktime_spin": h_int("thinktime_spin", usec),
    "latency_target": h_int("latency_target", usec),
    "latency_window": h_int("latency_window", usec),
    "flow_sleep": h_int("flow_sleep", usec),
    "rate_cycle": h_int("rate_cycle", msec),
    "ba": h_dirs("blockalign", 0),
    "rate": h_dirs("rate", 0), "rate_min": h_dirs("rate_min", 0),
    "rate_iops": h_dirs("rate_iops", 0),
    "rate_iops_min": h_dirs("rate_iops_min", 0),
    "cmdprio_percentage": h_dirs("cmdprio_percentage", 0, 2),
    "cmdprio_class": h_dirs("cmdprio_class", 1, 2),
    "cmdprio": h_dirs("cmdprio", 0, 2),
    "percentage_random": h_dirs("percentage_random", 100),
    "iodepth_batch": h_int("iodepth_batch_submit"),
    "io_submit_mode": h_str("io_submit_mode"),
    "steadystate": h_str("steadystate"),
    "steadystate_duration": h_int("steadystate_duration", usec),
    "steadystate_ramp_time": h_int("steadystate_ramp_time", usec),
    "ignore_error": lambda j, o, ptr: j.f.__setitem__(
        "ignore_error", errno_list(ptr)),
    "latency_percentile": lambda j, o, ptr: j.f.__setitem__(
        "latency_percentile", "%g" % o["floats"][0]),
}
for k in ("iodepth", "loops", "number_ios", "buffer_compress_percentage",
          "dedupe_percentage", "dedupe_working_set_percentage", "flow",
          "flow_id", "prio", "prioclass", "verify_interval", "verify_backlog",
          "verify_backlog_batch", "io_size", "zonesize", "zoneskip",
          "zonerange", "nrfiles", "fsync", "fdatasync", "thinktime_blocks",
          "iodepth_batch_complete_min",
          "iodepth_batch_complete_max", "iodepth_low", "randseed",
          "log_avg_msec", "direct", "create_serialize", "dedupe_global",
          "do_verify", "fill_device", "group_reporting", "gtod_reduce",
          "log_offset", "log_prio", "new_group", "norandommap",
          "randrepeat", "stonewall", "thread", "time_based", "verify_dump",
          "verify_fatal", "invalidate", "end_fsync", "fsync_on_close",
          "zero_buffers", "refill_buffers", "exitall", "exitall_on_error",
          "clat_percentiles", "lat_percentiles", "slat_percentiles",
          "allow_mounted_write", "create_on_open", "allow_file_create",
          "latency_run", "error_dump", "hipri", "sqthread_poll",
          "fixedbufs", "registerfiles", "nonvectored", "hipri_percentage",
          "verify_async"):
    HANDLERS[k] = h_int(k)

# fio options whose values are not compared, and why.
NOT_COMPARED = {
    "threads": "fio's tiobench profile option: it sets nothing without "
               "profile=tiobench (iostress accepts it, does not dump it)",
    "cpus_allowed": "the CPUs fio keeps depend on the machine's (it drops "
                    "those the machine lacks); numa.sh runs it",
}

TIME_KEYS = ("runtime", "ramp_time", "startdelay", "thinktime",
             "thinktime_spin", "latency_target", "latency_window",
             "flow_sleep", "rate_cycle", "steadystate_duration",
             "steadystate_ramp_time")


# ---- iostress's side: --dump-jobs ---------------------------------------

def read_dump(text):
    """[(name, {key: value})], one per job in dump order."""
    jobs = []
    for line in text.splitlines():
        m = re.match(r"^\[(.*)\]$", line)
        if m:
            jobs.append((m.group(1), {}))
        elif "=" in line and jobs:
            k, _, v = line.partition("=")
            jobs[-1][1][k] = v
    return jobs


# the times iostress dumps as plain numbers, as fio reads them: their unit
BARE_TIME_UNIT = {"rate_cycle": "ms", "flow_sleep": "us"}


def ios_time(v, bare):
    """iostress's time ("30s", "500ms", "7us") in fio's form, "Nus"."""
    m = re.match(r"^(\d+)(us|ms|s)?$", v)
    if not m or not (m.group(2) or bare):
        return v
    mult = {"us": 1, "ms": 1000, "s": 1000000}[m.group(2) or bare]
    return "%dus" % (int(m.group(1)) * mult)


def ios_range_time(key, v):
    bare = BARE_TIME_UNIT.get(key)
    return "-".join(ios_time(p, bare) for p in v.split("-"))


def ios_block_sizes(kv):
    """iostress's bs, bsrange and bssplit as Job.block_sizes() puts fio's."""
    bs = kv.get("bs", "4096,4096").split(",")
    rng = kv.get("bsrange")
    rng = rng.split(",") if rng else ["%s-%s" % (b, b) for b in bs]
    split = kv.get("bssplit", ",").split(",")
    out = []
    for d in (0, 1):
        if split[d]:
            ents = sorted(tuple(int(x) for x in e.split("/"))
                          for e in split[d].split(":"))
            out.append("split " + " ".join("%d/%d" % e for e in ents))
            continue
        lo, hi = rng[d].split("-")
        out.append("fixed %s" % lo if lo == hi else "range %s-%s" % (lo, hi))
    return out


def ios_value(key, kv):
    v = kv.get(key)
    if v is None:
        return None
    if key in TIME_KEYS:
        return ios_range_time(key, v)
    if key == "cmdprio_bssplit":
        return ",".join(":".join(sorted(p.split(":"))) if p else ""
                        for p in v.split(","))
    return v

IOS_DEFAULTS = {"blockalign": "0,0,0"}
CLONE0_ONLY = ("numjobs", "stonewall", "new_group")


# ---- the comparison ------------------------------------------------------

def model(secs, sizes):
    """[(job, unknown)]: each job section as fio leaves it: a copy of the
    [global] options parsed so far, its name the section's, then its own
    options; unknown: options with no comparison here."""
    glob, gunknown, jobs = Job(sizes), [], []
    for name, opts in secs:
        if name == "global":
            j, unknown = glob, gunknown
        else:
            j, unknown = glob.copy(), list(gunknown)
            j.f["name"] = name
            jobs.append((j, unknown))
        for o in opts:
            n = j.apply(o)
            if n and n not in NOT_COMPARED and n not in unknown:
                unknown.append(n)
    return jobs


def compare(jobs, dump):
    """Protocol lines for the shell: "ok DESC", "not ok DESC", "# TEXT"."""
    out, b = [], 0
    for j, unknown in jobs:
        name = j.f.get("name")
        errs, compared = [], 0
        for n in unknown:
            errs.append("fio sets '%s', which this test does not compare" % n)
        for clone in range(j.numjobs):
            if b >= len(dump):
                errs.append("clone %d: not in iostress's dump" % clone)
                break
            bname, kv = dump[b]
            b += 1
            where = "clone %d: " % clone if j.numjobs > 1 else ""
            if bname != name or kv.get("clone") != str(clone):
                errs.append("%sexpected [%s] clone=%d, iostress dumps [%s] clone=%s"
                            % (where, name, clone, bname, kv.get("clone")))
                continue
            for key, exp in sorted(j.f.items()):
                if clone and key in CLONE0_ONLY:
                    continue
                got = ios_value(key, kv)
                if got is None:
                    got = IOS_DEFAULTS.get(key)
                compared += 1
                if got != exp:
                    errs.append("%s%s: fio %s, iostress %s"
                                % (where, key, exp, got))
            if j.bs["set"]:
                for d, f, i in zip(("read", "write"), j.block_sizes(),
                                   ios_block_sizes(kv)):
                    compared += 1
                    if f != i:
                        errs.append("%sblock sizes (%s): fio %s, iostress %s"
                                    % (where, d, f, i))
        desc = "[%s] x%d: %d values as fio reads them" % (name, j.numjobs,
                                                          compared)
        if errs:
            out.append("not ok " + desc.replace("as fio reads them",
                                                "compared"))
            out.extend("# " + e for e in errs)
        else:
            out.append("ok " + desc)
    for bname, kv in dump[b:]:
        out.append("not ok iostress dumps [%s] clone=%s, a job fio does not have"
                   % (bname, kv.get("clone")))
    return out


def main():
    trace_path, dump_path, tmpdir = sys.argv[1:4]
    trace = read_trace_text(open(trace_path, errors="replace").read())
    dump = read_dump(open(dump_path, errors="replace").read())
    sizes = Sizes(tmpdir)
    jobs = model(trace, sizes)
    if sizes.resolve():
        jobs = model(trace, sizes)
    print("\n".join(compare(jobs, dump)))


main()
PY
}

# in_dir FILE CMD... - run CMD with FILE's base name as its last argument,
# from FILE's directory (so relative includes resolve, as for a user).
in_dir() {
	local f=$1
	shift
	(cd "$(dirname "$f")" && exec "$@" "$(basename "$f")")
}

compared=0
refused=0
for f in "${examples[@]}"; do
	name=$(basename "$f")
	if ! in_dir "$f" "$IOSTRESS" --parse-only >/dev/null 2>&1; then
		refused=$((refused + 1))	# fio-examples.sh checks these
		continue
	fi
	if ! in_dir "$f" fio --parse-only --debug=parse >"$T/trace" 2>&1 ||
		grep -q '^fio: .*\(failed\|dropped\)' "$T/trace"; then
		skip "$name" "fio refuses it: $(grep -m1 -v '^parse' "$T/trace")"
		continue
	fi
	run_cmd "$T/dump" "$T/err" in_dir "$f" "$IOSTRESS" --dump-jobs
	if [ "$RC" -ne 0 ]; then
		fail "$name: iostress --dump-jobs exits $RC"
		diag_file "$T/err" 5
		continue
	fi
	compared=$((compared + 1))
	checks=0
	while IFS= read -r line; do
		case $line in
		"ok "*)		pass "$name ${line#ok }" ;;
		"not ok "*)	fail "$name ${line#not ok }" ;;
		"# "*)		diag "${line#\# }"; continue ;;
		*)		fail "$name: comparison says '$line'" ;;
		esac
		checks=$((checks + 1))
	done < <(compare_dump "$T/trace" "$T/dump" 2>&1)
	[ "$checks" -gt 0 ] || fail "$name: no job compared"
done
diag "$compared compared with fio, $refused refused by iostress, of ${#examples[@]}"
done_testing
