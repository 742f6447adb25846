"""No module of sitrep imports itself back through others (issue 17).

Why: a package whose modules import each other in a circle cannot be read, tested or changed
one layer at a time. Every import counts here, including those inside functions and under
``if TYPE_CHECKING:``: a lazy import hides a cycle from Python, not from the reader.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sitrep"


def module_name(path: Path, root: Path = ROOT) -> str:
    """"sitrep/geo/choose.py" -> "sitrep.geo.choose"; a package's __init__ is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, modules: set[str], root: Path = ROOT) -> set[str]:
    """The sitrep modules ``path`` imports anywhere in its body (``from pkg import mod`` included)."""
    here = module_name(path, root)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m in modules and m != here}


def graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {module_name(p) for p in paths}
    return {module_name(p): imports_of(p, modules) for p in paths}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names (first == last), or None (depth-first search).

    A package's ``__init__`` re-exporting its modules is not a cycle by itself: an edge from a
    submodule to its own parent package is skipped, since Python runs the package first anyway."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(edges.get(m, ())):
            if m.startswith(n + "."):
                continue
            if state.get(n) == 1:
                return stack[stack.index(n):] + [n]
            if n not in state and (c := visit(n)):
                return c
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state and (c := visit(m)):
            return c
    return None


def test_find_cycle_reports_a_circle():
    # the circle issue 17 found, written small: the detector must see it
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycle(edges) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_of_sees_lazy_and_type_checking_imports(tmp_path):
    pkg = tmp_path / "sitrep"
    pkg.mkdir()
    (pkg / "x.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from sitrep.y import Y\n"
                              "def f():\n    from sitrep import z\n", encoding="utf-8")
    found = imports_of(pkg / "x.py", {"sitrep.x", "sitrep.y", "sitrep.z"}, tmp_path)
    assert found == {"sitrep.y", "sitrep.z"}


def test_sitrep_has_no_import_cycle():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
