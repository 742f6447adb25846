"""`make bench`'s runner: runs each benchmark in its own process, survives missing and failing ones."""
from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_run", ROOT / "bench" / "run.py")
run = importlib.util.module_from_spec(_spec)
sys.modules["bench_run"] = run  # dataclasses look their module up there
_spec.loader.exec_module(run)


def fake_package(tmp_path: Path) -> Path:
    """A throwaway benchmark package: one that reports a number, one that fails, one that hangs."""
    pkg = tmp_path / "fakebench"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "bench_ok.py").write_text('import sys\nprint("extract 42 docs/s")\nprint("note on stderr", file=sys.stderr)\n')
    (pkg / "bench_fail.py").write_text('import sys\nprint("half done")\nsys.exit(3)\n')
    (pkg / "bench_slow.py").write_text('import time\nprint("started", flush=True)\ntime.sleep(60)\n')
    return pkg


def test_report_combines_outputs_skips_missing_and_records_failures(tmp_path):
    fake_package(tmp_path)
    out, stream = tmp_path / "eval" / "bench.txt", io.StringIO()
    results = run.run_all(["bench_ok", "bench_fail", "bench_gone"], package="fakebench", root=tmp_path,
                          output=out, stream=stream)
    assert [(r.name, r.status, r.returncode) for r in results] == [
        ("bench_ok", "ok", 0), ("bench_fail", "failed", 3), ("bench_gone", "missing", None)]
    report = out.read_text()
    assert "extract 42 docs/s" in report and "note on stderr" in report and "half done" in report
    assert "skip bench_gone: fakebench/bench_gone.py not found" in report
    assert "== summary ==" in report and "cores" in report.splitlines()[1]
    assert stream.getvalue().startswith(report)          # what was printed is what was saved


def test_timeout_stops_a_hanging_benchmark(tmp_path):
    fake_package(tmp_path)
    [result] = run.run_all(["bench_slow"], package="fakebench", root=tmp_path, output=None,
                           stream=io.StringIO(), timeout=1.5)
    assert result.status == "timeout" and result.seconds < 30


def test_discover_keeps_known_order_and_adds_new_benchmarks(tmp_path):
    pkg = fake_package(tmp_path)
    assert run.discover(pkg, known=("bench_x", "bench_ok")) == ["bench_x", "bench_ok", "bench_fail", "bench_slow"]
