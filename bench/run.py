"""`make bench`: run every benchmark module, print one combined report and keep a copy of it.

    python -m bench.run [--only bench_geo,bench_merge] [--output .eval/bench.txt] [--timeout 1800]

Each module (bench/bench_extract.py, bench_geo.py, bench_merge.py, bench_web.py, and any other
bench/bench_*.py added later) runs as ``python -m bench.NAME`` (with ``ARGS[NAME]``) in its own
process, so one benchmark's imports, caches and memory never colour the next one's numbers, and
one that fails or is missing does not stop the others: a missing module gets a line saying so. The combined
report (machine, date, each module's output, exit status and wall time) is printed as it runs
and written to .eval/bench.txt (git-ignored), so numbers can be copied into docs/quality.md.
Exit status: 0 when every module that exists succeeded, 1 otherwise.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence, TextIO

ROOT = Path(__file__).resolve().parents[1]
# The order a reader expects: pipeline stages first, then the web server that serves their output.
KNOWN = ("bench_extract", "bench_geo", "bench_merge", "bench_store", "bench_web")
DEFAULT_OUTPUT = ROOT / ".eval" / "bench.txt"
# Arguments a module runs with under `make bench` where its own defaults are not the figures
# docs/quality.md reports: issue #13's 10k-document Spark run and merge series, and the 1k/10k/50k
# memory series on short generated reports (together about three hours on two shared cores).
ARGS = {
    "bench_spark": ["--short", "10000", "--merge-events", "1000,5000,10000,20000", "--uncached", "1000,5000"],
    "bench_store": ["--rounds", "2"],
    "bench_pipeline": ["--corpus", "short,notes,articles", "--sizes", "1000,10000,50000", "--repeat", "4",
                       "--selective-parse"],
}


@dataclass
class Result:
    """One module's run: its status ('ok', 'failed', 'missing', 'timeout'), exit code and time."""
    name: str
    status: str
    returncode: int | None = None
    seconds: float = 0.0


def discover(package_dir: Path, known: Sequence[str] = KNOWN) -> list[str]:
    """The known modules in their fixed order, then any other bench_*.py found beside them.

    Known names are kept even when their file is missing, so the report says they were skipped.
    """
    extra = sorted(p.stem for p in package_dir.glob("bench_*.py") if p.stem not in known)
    return list(known) + extra


def header() -> str:
    """Machine and run context: numbers are only comparable on the same kind of machine."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    try:
        load = " load %.2f %.2f %.2f" % os.getloadavg()
    except OSError:
        load = ""
    return (f"sitrep benchmarks, {now}\n"
            f"machine: {platform.machine()}, {os.cpu_count()} cores,{load}; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}\n")


def _kill_group(proc: subprocess.Popen) -> None:
    """Stop a benchmark and the servers or browsers it started (they share its process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_module(name: str, package: str, root: Path, emit: Callable[[str], None],
               timeout: float | None) -> Result:
    """Run ``python -m package.name`` in ``root``, passing each output line to ``emit`` as it comes.

    stderr is merged into stdout so progress notes and errors land in the report in order.
    """
    if not (root / package / f"{name}.py").exists():
        emit(f"skip {name}: {package}/{name}.py not found\n")
        return Result(name, "missing")
    start = time.perf_counter()
    command = [sys.executable, "-m", f"{package}.{name}", *ARGS.get(name, [])]
    proc = subprocess.Popen(command, cwd=root, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, bufsize=1,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"}, start_new_session=True)
    assert proc.stdout is not None
    timer = threading.Timer(timeout, _kill_group, (proc,)) if timeout else None
    if timer:
        timer.start()
    try:
        for line in proc.stdout:
            emit(line)
        code = proc.wait()
    except KeyboardInterrupt:  # its own session does not get the terminal's Ctrl-C: pass it on
        _kill_group(proc)
        raise
    seconds = time.perf_counter() - start
    if timer:
        timer.cancel()
        if timeout and seconds >= timeout:
            emit(f"{name}: stopped after {timeout:.0f} s (--timeout)\n")
            return Result(name, "timeout", code, seconds)
    return Result(name, "ok" if code == 0 else "failed", code, seconds)


def summary(results: Sequence[Result]) -> str:
    """One line per module, so a glance tells which numbers above are missing or untrustworthy."""
    lines = ["== summary =="]
    for r in results:
        if r.status == "missing":
            lines.append(f"{r.name:16} skipped (module not found)")
        else:
            lines.append(f"{r.name:16} {r.status:8} exit {r.returncode}  {r.seconds:7.1f} s")
    return "\n".join(lines) + "\n"


def run_all(names: Sequence[str], *, package: str = "bench", root: Path = ROOT, output: Path | None = DEFAULT_OUTPUT,
            stream: TextIO | None = None, timeout: float | None = None) -> list[Result]:
    """Run ``names`` one after another; print the combined report to ``stream`` and save it to ``output``."""
    stream = stream or sys.stdout
    parts: list[str] = []

    def emit(text: str) -> None:
        parts.append(text)
        stream.write(text)
        stream.flush()

    emit(header())
    results = []
    for name in names:
        emit(f"\n== {name} ==\n")
        result = run_module(name, package, root, emit, timeout)
        if result.status != "missing":
            emit(f"-- {name}: {result.status}, exit {result.returncode}, {result.seconds:.1f} s\n")
        results.append(result)
    emit("\n" + summary(results))
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text("".join(parts), encoding="utf-8")
        stream.write(f"report written to {output}\n")
    return results


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="Comma-separated module names to run (default: all).")
    ap.add_argument("--output", default=str(DEFAULT_OUTPUT), help="Where to save the report (default .eval/bench.txt).")
    ap.add_argument("--timeout", type=float, default=None, help="Stop a module after this many seconds.")
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or discover(ROOT / "bench")
    results = run_all(names, output=Path(args.output), timeout=args.timeout)
    return 0 if all(r.status in ("ok", "missing") for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
