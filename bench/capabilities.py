#!/usr/bin/env python3
"""End-to-end times of `vrm wdrf` and of `vrm check`'s execution checks, as a user runs them (one process per run:
.NET start-up, clang and the search). Prints markdown tables for bench/README.md.

Usage: bench/capabilities.py wdrf|sekvm|checks|all [--runs N] [--vrm PATH]

  wdrf    every examples/wdrf/*.c and examples/sekvm/h*.c: `vrm wdrf --no-confirm FILE` (N runs) and `vrm wdrf FILE`,
          whose Promising-Arm confirmation is bounded by thread steps (`--confirm-steps`: the default 2,000,000, and
          60,000,000 for the oracle programs examples/wdrf/EXPECTED.md says need it: CONFIRM_STEPS below; N runs when
          a run takes under 2 s, else one); a trivial program (an empty main) gives the floor: start-up and clang.
  sekvm   every examples/sekvm harness (h*, n*, r*) unmodified, once each: `vrm wdrf --no-confirm FILE` and `vrm check
          FILE` (the invariants' assertions, and the noninterference or refinement its annotations declare), and h1
          with -DSEKVM_STEP_INVARIANTS (the invariants after every lock-free step).
  checks  every examples/security/*.c and examples/refinement/*.c, then the scaled-up programs of bench/checks at
          their largest sizes (SCALED below): `vrm check FILE` against `vrm check COPY`, where COPY is the file in a
          temporary copy of its folder with every line that declares VRM_SPEC, VRM_PRINCIPAL, VRM_SECRET,
          VRM_OBSERVABLE or VRM_INVARIANT emptied (line numbers kept), run alternately.

Each command runs N times (default 5); the tables give min and median wall-clock seconds, and the median CPU
seconds (user + system of the vrm process and its clang child: what the run cost, whatever the machine's load).
The 1-minute load average (`/proc/loadavg`) is printed before and after each table. vrm defaults to the Release
build (`dotnet build Vrm.slnx -c Release`); `--vrm bin/native/vrm` times the native binary instead.
"""
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ANNOTATION = re.compile(r"^\s*VRM_(SPEC|PRINCIPAL|SECRET|OBSERVABLE|INVARIANT)\s*\(.*$", re.M)


def load():
    with open("/proc/loadavg", encoding="ascii") as f:
        return f.read().split()[0]


def run(cmd):
    """Runs cmd once: (wall seconds, cpu seconds of it and its children, exit code, stdout + stderr)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    out = p.stdout.read()
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    p.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, p.returncode, out.decode("utf-8", "replace")


def times(cmds, runs):
    """Runs each command of cmds in turn, runs times (alternating); returns per command (walls, cpus, code, output)."""
    walls = [[] for _ in cmds]
    cpus = [[] for _ in cmds]
    last = [None] * len(cmds)
    for _ in range(runs):
        for i, cmd in enumerate(cmds):
            w, c, code, out = run(cmd)
            walls[i].append(w)
            cpus[i].append(c)
            last[i] = (code, out)
    return [(walls[i], cpus[i], last[i][0], last[i][1]) for i in range(len(cmds))]


def fmt(walls, cpus):
    return f"{min(walls):.2f} | {statistics.median(walls):.2f} | {statistics.median(cpus):.2f}"


def line(out, prefix):
    for l in out.splitlines():
        if l.startswith(prefix):
            return l[len(prefix):].strip()
    return ""


def rel(path):
    return os.path.relpath(path, ROOT)


# The oracle programs whose confirmation needs more than vrm wdrf's default 2,000,000 steps (examples/wdrf/EXPECTED.md).
CONFIRM_STEPS = {
    "examples/wdrf/s2-map-unmap-ok.c": 60_000_000,
    "examples/wdrf/s2-new-table-ok.c": 60_000_000,
    "examples/wdrf/tpt-two-changes.c": 60_000_000,
    "examples/wdrf/tpt-table-swap-nobbm.c": 60_000_000,
}
DEFAULT_CONFIRM_STEPS = 2_000_000


def wdrf(vrm, runs):
    files = sorted(os.path.join(ROOT, "examples/wdrf", f) for f in os.listdir(os.path.join(ROOT, "examples/wdrf")) if f.endswith(".c"))
    files += sorted(os.path.join(ROOT, "examples/sekvm", f) for f in os.listdir(os.path.join(ROOT, "examples/sekvm")) if re.match(r"h\d.*\.c$", f))
    print(f"load average before: {load()}")
    print()
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "empty.c")
        with open(empty, "w", encoding="ascii") as f:
            f.write("int main(void) { return 0; }\n")
        floor = times([[vrm, "wdrf", "--no-confirm", empty], [vrm, "check", empty]], runs)
    print(f"Floor ({runs} runs each, an empty main: .NET start-up, clang, lowering):")
    print()
    print("| command | min s | median s | CPU s (median) |")
    print("|---|---:|---:|---:|")
    print(f"| `vrm wdrf --no-confirm empty.c` | {fmt(floor[0][0], floor[0][1])} |")
    print(f"| `vrm check empty.c` | {fmt(floor[1][0], floor[1][1])} |")
    print()
    print(f"| program | `vrm wdrf --no-confirm`: Executions | verdict | exit | min s | median s | CPU s | `vrm wdrf --confirm-steps S`: S | Promising-Arm line | exit | min s | median s | CPU s |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
    for file in files:
        (w, c, code, out), = times([[vrm, "wdrf", "--no-confirm", rel(file)]], runs)
        executions = line(out, "Executions:")
        verdict = line(out, "Verdict:")
        steps = CONFIRM_STEPS.get(rel(file), DEFAULT_CONFIRM_STEPS)
        confirm = [vrm, "wdrf", "--confirm-steps", str(steps), rel(file)]
        pw, pc, pcode, pout = run(confirm)
        more = times([confirm], runs - 1) if runs > 1 and pw < 2 else []
        pws = [pw] + (more[0][0] if more else [])
        pcs = [pc] + (more[0][1] if more else [])
        presult = line(pout, "Promising-Arm:").replace("|", "\\|")
        print(f"| {rel(file)} | {executions} | {verdict} | {code} | {fmt(w, c)} | {steps:,} | {presult} | {pcode} | {fmt(pws, pcs)} |", flush=True)
    print()
    print(f"load average after: {load()}")


def sekvm(vrm, runs):
    folder = os.path.join(ROOT, "examples/sekvm")
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if f.endswith(".c"))
    print(f"load average before: {load()}")
    print()
    print("| harness | flags | `vrm wdrf --no-confirm`: Executions | verdict | exit | min s | median s | CPU s | `vrm check`: Executions | verdict | note | exit | min s | median s | CPU s |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|")
    rows = [(f, []) for f in files] + [(os.path.join(folder, "h1-vm-fault.c"), ["-DSEKVM_STEP_INVARIANTS"])]
    for file, flags in rows:
        extra = ["--", *flags] if flags else []
        (w, c, code, out), (cw, cc, ccode, cout) = times([[vrm, "wdrf", "--no-confirm", rel(file), *extra], [vrm, "check", rel(file), *extra]], runs)
        note = line(cout, "Noninterference:") or line(cout, "Refinement:") or "-"
        print(f"| {rel(file)} | {' '.join(flags) or '-'} | {line(out, 'Executions:')} | {line(out, 'Verdict:')} | {code} | {fmt(w, c)} | "
              f"{line(cout, 'Executions:')} | {line(cout, 'Verdict:')} | {note} | {ccode} | {fmt(cw, cc)} |", flush=True)
    print()
    print(f"load average after: {load()}")


# The scaled-up programs of bench/checks, at the largest sizes bench/README.md reports (clang flags).
SCALED = [
    ("bench/checks/counter-lock-n.c", ["-DTHREADS=4", "-DCALLS=2"]),
    ("bench/checks/ticket-lock-n.c", ["-DTHREADS=4", "-DCALLS=2"]),
    ("bench/checks/assign-pages-n.c", ["-DPAGES=5", "-DLOADS=4"]),
]


def checks(vrm, runs):
    files = []
    for d in ("examples/security", "examples/refinement"):
        files += sorted((os.path.join(ROOT, d, f), []) for f in os.listdir(os.path.join(ROOT, d)) if f.endswith(".c"))
    files += [(os.path.join(ROOT, f), flags) for f, flags in SCALED]
    print(f"load average before: {load()}")
    print()
    print("| program | verdict | Executions | note | exit | check: min s | median s | CPU s | plain copy: Executions | min s | median s | CPU s | check − plain (median s) |")
    print("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for file, flags in files:
            folder = os.path.join(tmp, os.path.basename(os.path.dirname(file)))
            if not os.path.isdir(folder):
                os.makedirs(folder)
                src = os.path.dirname(file)
                for f in os.listdir(src):
                    if f.endswith(".c") or f.endswith(".h"):
                        with open(os.path.join(src, f), encoding="utf-8") as r, open(os.path.join(folder, f), "w", encoding="utf-8") as w:
                            w.write(ANNOTATION.sub("", r.read()))
            copy = os.path.join(folder, os.path.basename(file))
            extra = ["--", *flags] if flags else []
            (w, c, code, out), (pw, pc, pcode, pout) = times([[vrm, "check", rel(file), *extra], [vrm, "check", copy, *extra]], runs)
            note = line(out, "Noninterference:") or line(out, "Refinement:") or "-"
            note = re.sub(r"^.*\((.*)\)$", r"\1", note)
            if line(pout, "Noninterference:") or line(pout, "Refinement:"):
                raise SystemExit(f"{copy}: the plain copy still checks: {pout}")
            diff = statistics.median(w) - statistics.median(pw)
            print(f"| {rel(file)}{' ' + ' '.join(flags) if flags else ''} | {line(out, 'Verdict:')} | {line(out, 'Executions:') or 'before the violation: ' + line(out, 'Executions before the violation:')} | {note} | {code} | "
                  f"{fmt(w, c)} | {line(pout, 'Executions:')} | {fmt(pw, pc)} | {diff:+.2f} |", flush=True)
    print()
    print(f"load average after: {load()}")


def main():
    args = sys.argv[1:]
    runs = 5
    vrm = os.path.join(ROOT, "src/Vrm.Cli/bin/Release/net10.0/vrm")
    what = None
    i = 0
    while i < len(args):
        if args[i] == "--runs":
            runs = int(args[i + 1])
            i += 2
        elif args[i] == "--vrm":
            vrm = os.path.abspath(args[i + 1])
            i += 2
        elif args[i] in ("wdrf", "sekvm", "checks", "all") and what is None:
            what = args[i]
            i += 1
        else:
            raise SystemExit(__doc__)
    if what is None or runs < 1:
        raise SystemExit(__doc__)
    if not os.path.exists(vrm):
        raise SystemExit(f"{vrm}: no such file: build first (dotnet build Vrm.slnx -c Release)")
    print(f"# bench/capabilities.py {what}: {rel(vrm) if vrm.startswith(ROOT) else vrm}, {runs} runs per command, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} CPUs")
    print()
    if what in ("wdrf", "all"):
        wdrf(vrm, runs)
        print()
    if what in ("sekvm", "all"):
        sekvm(vrm, runs)
        print()
    if what in ("checks", "all"):
        checks(vrm, runs)


if __name__ == "__main__":
    main()
