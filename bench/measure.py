#!/usr/bin/env python3
"""Timing helper for bench/run.

  measure.py run [--repeat R] [--out FILE] -- COMMAND...
      Runs COMMAND R times (default 1) under /usr/bin/time -v, standard output to FILE
      (default /dev/null), and prints "<median wall s> <peak RSS KiB> <output lines>".
      Exits non-zero when COMMAND fails.
  measure.py cold [--repeat R] -- COMMAND...
      Cold start: spawns COMMAND R times (default 101) directly, output discarded, and prints
      the median wall time and the median CPU time (user + system) in milliseconds; on a
      loaded machine the CPU time is the steadier figure.
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time


def split(argv):
    opts, i = {}, 0
    while i < len(argv) and argv[i] != "--":
        opts[argv[i].lstrip("-")] = argv[i + 1]
        i += 2
    return opts, argv[i + 1:]


def run(argv):
    opts, cmd = split(argv)
    repeat = int(opts.get("repeat", 1))
    out_path = opts.get("out", os.devnull)
    walls, rss = [], 0
    with tempfile.NamedTemporaryFile(prefix="bench-time-") as report:
        for _ in range(repeat):
            with open(out_path, "wb") as out:
                t0 = time.perf_counter()
                p = subprocess.run(["/usr/bin/time", "-v", "-o", report.name] + cmd,
                                   stdout=out, stderr=subprocess.PIPE)
                walls.append(time.perf_counter() - t0)
            if p.returncode != 0:
                sys.stderr.write(f"measure: {' '.join(cmd)} failed ({p.returncode}):\n")
                sys.stderr.write(p.stderr.decode(errors="replace")[-2000:])
                return 1
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                          open(report.name).read())
            rss = max(rss, int(m.group(1)) if m else 0)
    lines = 0
    if out_path != os.devnull:
        with open(out_path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                lines += block.count(b"\n")
    print(f"{statistics.median(walls):.6f} {rss} {lines}")
    return 0


def cold(argv):
    opts, cmd = split(argv)
    repeat = int(opts.get("repeat", 101))
    null = os.open(os.devnull, os.O_WRONLY)
    walls, cpus = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        pid = os.posix_spawn(cmd[0], cmd, os.environ,
                             file_actions=[(os.POSIX_SPAWN_DUP2, null, 1)])
        _, status, usage = os.wait4(pid, 0)
        walls.append(time.perf_counter() - t0)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if status != 0:
            sys.stderr.write(f"measure: {' '.join(cmd)} failed\n")
            return 1
    print(f"{statistics.median(walls) * 1000:.2f} {statistics.median(cpus) * 1000:.2f}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "cold"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(run(sys.argv[2:]) if sys.argv[1] == "run" else cold(sys.argv[2:]))
