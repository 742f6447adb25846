"""sitrep/geo/ has one direction: every module imports only modules of its own layer or below.

Why: the package used to import itself in a circle (geocoder -> choose -> disambiguate ->
relations -> offset -> geocoder, with focus beside them), so no module could be read or tested
without all the others (issue 17). The layers, bottom up:

- names: ``normalize`` (keys, word lists);
- data: ``sources`` (built-in files), ``user_formats`` (users' gazetteer files), ``index_cache``
  (index files shared by versions in one cache dir);
- index: ``gazetteer``, ``user_store`` (a user gazetteer on disk, read a key at a time), ``user_gazetteers``, ``fuzzy``, ``recognise`` (finding names in the index),
  ``region_forms`` (abbreviated and adjective region names, for marked spans), ``context_index`` (counts and positions of a document's other places, for disambiguation);
- rules: ``relations`` ("near", "countryside", "subdistrict"), ``lookup`` (what the rules need
  from the geocoder, as a protocol), ``offset`` (point estimates);
- disambiguation: ``disambiguate`` (one entry per toponym), ``choose`` (an event's place);
- entry: ``geocoder`` (the stage), ``focus`` (the article's country), the package ``__init__``.

A new module must be given a layer here; a test fails until it is.
"""
from __future__ import annotations

import ast
from pathlib import Path

from tests.test_imports import find_cycle as cycle  # one cycle finder for the package and its layers

GEO = Path(__file__).resolve().parents[2] / "sitrep" / "geo"
LAYERS = [
    ("names", {"normalize"}),
    ("data", {"sources", "user_formats", "index_cache"}),
    ("index", {"gazetteer", "user_store", "user_gazetteers", "fuzzy", "recognise", "region_forms", "context_index"}),
    ("rules", {"relations", "lookup", "offset"}),
    ("disambiguation", {"disambiguate", "choose"}),
    ("entry", {"geocoder", "focus", "__init__"}),
]
LEVEL = {m: k for k, (_, mods) in enumerate(LAYERS) for m in mods}


def geo_imports(path: Path) -> set[str]:
    """The sitrep.geo modules ``path`` imports anywhere (inside functions and TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "sitrep.geo":
                found.update(a.name for a in node.names if (GEO / f"{a.name}.py").exists())
                found.update("__init__" for a in node.names if not (GEO / f"{a.name}.py").exists())
            elif node.module.startswith("sitrep.geo."):
                found.add(node.module.split(".")[2])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[2] for a in node.names if a.name.startswith("sitrep.geo."))
    return found - {path.stem}


def graph() -> dict[str, set[str]]:
    return {p.stem: geo_imports(p) for p in sorted(GEO.glob("*.py"))}


def test_cycle_finder_finds_a_planted_circle():
    planted = {"geocoder": {"choose"}, "choose": {"offset"}, "offset": {"geocoder"}, "normalize": set()}
    assert cycle(planted) == ["choose", "offset", "geocoder", "choose"]
    assert cycle({"a": {"b"}, "b": set()}) is None


def test_geo_package_has_no_import_cycle():
    assert cycle(graph()) is None, f"import cycle in sitrep/geo: {' -> '.join(cycle(graph()) or [])}"


def test_every_geo_module_has_a_layer():
    missing = sorted(set(graph()) - set(LEVEL))
    assert not missing, f"give {missing} a layer in tests/geo/test_layers.py (and say why in its docstring)"


def test_imports_point_down_or_sideways_only():
    upward = [f"{m} ({LAYERS[LEVEL[m]][0]}) imports {n} ({LAYERS[LEVEL[n]][0]})"
              for m, deps in graph().items() for n in sorted(deps) if m in LEVEL and n in LEVEL and LEVEL[n] > LEVEL[m]]
    assert not upward, "; ".join(upward)
