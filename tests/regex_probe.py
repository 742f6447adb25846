"""Worst-case inputs for regular expressions: collect sitrep's patterns, build strings that nearly match.

Why a probe and not a review: sitrep's patterns are built from its data files (boilerplate,
datelines, dates, numbers, actors) as well as written in code, so a new YAML line can bring
catastrophic backtracking without any code change. ``collect`` records every pattern compiled
from a ``sitrep`` source file while the package is imported and a small batch is ingested, plus
every literal pattern passed to ``re`` functions in the source (found by walking the AST), and
``attacks`` derives, from each pattern's own syntax tree, the classic "pump" strings: a
near-match in which one repeated part is repeated thousands of times and the end then fails.
"""
from __future__ import annotations

import ast
import os
import re
from pathlib import Path
from typing import Callable, Iterator

try:  # Python 3.11+: the parser lives in re._parser
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_parse  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "sitrep"
RE_FUNCS = {"compile", "search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer"}
FULL = bool(os.environ.get("SITREP_REGEX_FULL"))  # the soak run: more breakers, longer attacks
# What ends a pumped near-match; the soak run tries them all.
BREAKERS = ("\x00", "!", " ", "\n", "a", "1", "#") if FULL else ("\x00", "!", "a")


def literal_patterns() -> set[tuple[str, int]]:
    """(pattern, flags) of every ``re.<func>("literal", ...)`` call in the package's source."""
    found: set[tuple[str, int]] = set()
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re"
                    and node.func.attr in RE_FUNCS and node.args):
                continue
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, (str, bytes)):
                found.add((arg.value if isinstance(arg.value, str) else arg.value.decode("latin-1"),
                           _flags_of(node)))
    return found


def _flags_of(call: ast.Call) -> int:
    flags = 0
    exprs = [k.value for k in call.keywords if k.arg == "flags"]
    if call.func.attr in ("compile", "search", "match", "fullmatch", "findall", "finditer", "split") \
            and len(call.args) >= 2 and call.func.attr != "split":
        exprs.append(call.args[-1])
    for expr in exprs:
        for sub in ast.walk(expr):
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "re":
                flags |= int(getattr(re, sub.attr, 0)) if isinstance(getattr(re, sub.attr, None), int) else 0
    return flags


def compiled_patterns(run: "Callable[[], object] | None" = None) -> set[tuple[str, int]]:
    """(pattern, flags) of every pattern that sitrep code compiles while ``run()`` runs.

    Patterns are recorded at ``re._compile`` (every ``re`` function goes through it) when the
    calling frame is a file of the package, so data-built patterns count and third-party ones
    (trafilatura, dateparser) do not. ``re``'s cache is cleared first: a cached pattern does not
    pass through ``_compile`` again.
    """
    import sys

    found: set[tuple[str, int]] = set()
    original = re._compile  # type: ignore[attr-defined]
    package = str(PACKAGE)

    def recording(pattern, flags):  # type: ignore[no-untyped-def]
        compiled = original(pattern, flags)
        frame = sys._getframe(1)
        while frame is not None and frame.f_code.co_filename == re.__file__:
            frame = frame.f_back
        if frame is not None and frame.f_code.co_filename.startswith(package):
            source = compiled.pattern
            found.add((source if isinstance(source, str) else source.decode("latin-1"), int(compiled.flags)))
        return compiled

    re.purge()
    re._compile = recording  # type: ignore[attr-defined]
    try:
        if run is not None:
            run()
    finally:
        re._compile = original  # type: ignore[attr-defined]
    return found


def attacks(pattern: str | bytes, flags: int = 0, *, size: int = 20_000) -> Iterator[tuple[str, str]]:
    """(label, string) pairs of about ``size`` characters that nearly match ``pattern``."""
    if isinstance(pattern, bytes):
        pattern = pattern.decode("latin-1")
    try:
        tree = sre_parse.parse(pattern, flags)
    except re.error:
        return
    repeats = [node for node in _walk(tree) if node[0] in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT)]
    seen: set[str] = set()
    for k, rep in enumerate(repeats):
        unit = _sample(rep[1][2]) or " "
        n = max(2, size // max(1, len(unit)))
        if rep[1][1] != sre_parse.MAXREPEAT:
            n = min(n, max(2, rep[1][1] + 1))  # a bounded repeat is pumped to just past its bound
        prefix, suffix = _around(tree, rep)
        for b in BREAKERS:
            for label, s in ((f"pump {k} {unit[:12]!r}x{n}+{b!r}", prefix + unit * n + b),
                             (f"pump {k} {unit[:12]!r}x{n} suffix-cut", prefix + unit * n + suffix[:-1] + b)):
                if s not in seen:
                    seen.add(s)
                    yield label, s
    chars = {c for c in _sample(tree) if not c.isspace()} | {" ", "a", "A", "1", "-", ".", ","}
    for c in sorted(chars):
        yield f"run {c!r}", c * size
    for word in ("a ", "A a ", "1 ", ". ", "a-", "Aa ", "al-", "a, "):
        yield f"run {word!r}", word * (size // len(word))


def _walk(sub) -> Iterator[tuple]:
    for op, av in sub:
        yield (op, av)
        for child in _children(op, av):
            yield from _walk(child)


def _children(op, av) -> list:
    if op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
        return [av[2]]
    if op == sre_parse.SUBPATTERN:
        return [av[3]]
    if op == sre_parse.ATOMIC_GROUP:
        return [av]
    if op == sre_parse.BRANCH:
        return list(av[1])
    if op in (sre_parse.ASSERT, sre_parse.ASSERT_NOT):
        return [av[1]]
    if op == sre_parse.GROUPREF_EXISTS:
        return [b for b in av[1:] if b is not None]
    return []


def _sample(sub, pump: tuple | None = None, out: list | None = None) -> str:
    """One string the (sub)pattern matches, by taking the first way at every choice."""
    parts: list[str] = [] if out is None else out
    for op, av in sub:
        if pump is not None and av is pump:
            parts.append("\0PUMP\0")
            continue
        if op == sre_parse.LITERAL:
            parts.append(chr(av))
        elif op == sre_parse.NOT_LITERAL:
            parts.append("a" if av != ord("a") else "b")
        elif op == sre_parse.ANY:
            parts.append("a")
        elif op == sre_parse.IN:
            parts.append(_in_sample(av))
        elif op in (sre_parse.MAX_REPEAT, sre_parse.MIN_REPEAT, sre_parse.POSSESSIVE_REPEAT):
            for _ in range(max(av[0], 1 if av[1] else 0)):
                _sample(av[2], pump, parts)
        elif op == sre_parse.SUBPATTERN:
            _sample(av[3], pump, parts)
        elif op == sre_parse.ATOMIC_GROUP:
            _sample(av, pump, parts)
        elif op == sre_parse.BRANCH:
            _sample(av[1][0], pump, parts)
        elif op == sre_parse.CATEGORY:
            parts.append(_category_sample(av))
        elif op == sre_parse.GROUPREF_EXISTS:
            _sample(av[1], pump, parts)
    return "".join(parts) if out is None else ""


def _around(tree, rep) -> tuple[str, str]:
    parts: list[str] = []
    _sample(tree, rep[1], parts)
    text = "".join(parts)
    if "\0PUMP\0" not in text:
        return "", ""
    prefix, _, suffix = text.partition("\0PUMP\0")
    return prefix, suffix


def _in_sample(items) -> str:
    negate = any(op == sre_parse.NEGATE for op, _ in items)
    if negate:
        banned = {chr(v) for op, v in items if op == sre_parse.LITERAL}
        return next(c for c in "a1 xZ" if c not in banned)
    for op, av in items:
        if op == sre_parse.LITERAL:
            return chr(av)
        if op == sre_parse.RANGE:
            return chr(av[0])
        if op == sre_parse.CATEGORY:
            return _category_sample(av)
    return "a"


def _category_sample(cat) -> str:
    name = str(cat)
    if "NOT_" in name:
        return "!" if "WORD" in name else "a"
    if "DIGIT" in name:
        return "1"
    if "SPACE" in name:
        return " "
    if "LINEBREAK" in name:
        return "\n"
    return "a"


# One input of each reader (and a French text): enough for every lazily built pattern to compile.
DEMO_SAMPLE = ("archive.warc.gz", "scraper_dump.jsonl", "iraq_diyala_hamrin_clash.html",
               "somalia_afgooye_ied_header_date.txt", "mali_diema_convoi_fr.txt")


def exercise_package() -> None:
    """Import every sitrep module and ingest the demo corpus, so that lazily built patterns compile."""
    import importlib
    import pkgutil
    import tempfile

    import sitrep

    for info in pkgutil.walk_packages(sitrep.__path__, "sitrep."):
        if ".spark" in info.name or info.name.endswith("__main__"):  # __main__ runs the CLI; pyspark is slow to import
            continue
        importlib.import_module(info.name)
    from sitrep.config import load_settings
    from sitrep.pipeline import Pipeline
    from sitrep.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        with Store(str(Path(tmp) / "probe.db")) as store:
            demo = ROOT / "demo" / "articles"
            Pipeline(load_settings(env={})).ingest(store, [str(demo / n) for n in DEMO_SAMPLE])


# Patterns the probe flags (it searches every pattern from every position) that are safe where
# sitrep uses them, each with the reason; the start of the pattern is the key. Their attacks are
# the slowest to run (seconds each, three quarters of the probe's time), so only the full run
# (SITREP_REGEX_FULL=1, make soak-fuzz) times them; the default run reports them as bounded.
BOUNDED = {
    r"\s*(?:[|,·•/]|[-–—]\s|(?:by|par|por)\s)": "datelines: only .match()ed at one position, never searched",
    r"\b(?:(?i:claimed\s+responsibility": "dates: searched in the 80 characters before a date only",
    r"\s*\([^)]*\)\s*$": "resolve.compare: actor and outlet names (a few words)",
    r"^(?:(?:town|village|city|area|district": "geo: .match()ed on the gap between two toponyms with its "
                                                "whitespace collapsed (no space runs)",
    r"^[A-Z0-9./\-]*[A-Z][A-Z0-9./\-]*$": "actor_data: .match()ed on one alias of the actor dictionary",
    r"\s*CREATE TABLE events\b": "store.dialect: .match()ed on sitrep's own schema statements",
}
SMALL, LARGE = (2_000, 8_000) if FULL else (1_000, 4_000)
# A pattern is catastrophic when its worst attack at LARGE characters takes over SLOW seconds and
# over GROWTH times what it takes at SMALL (linear work grows 4 times; quadratic 16), or takes
# over CEILING seconds whatever the growth.
SLOW, GROWTH, CEILING = 0.05, 8.0, 1.0


def worst_case(compiled: re.Pattern, *, small: int = SMALL, large: int = LARGE) -> dict:
    """The attack that costs ``compiled.search`` most at ``large`` characters, with its time at
    ``small`` (the same attack, shorter) and whether that growth is catastrophic."""
    import time

    def timed(text: str) -> float:
        start = time.perf_counter()
        compiled.search(text)
        return time.perf_counter() - start

    worst = {"attack": "", "seconds": 0.0, "small_seconds": 0.0}
    longs = list(attacks(compiled.pattern, compiled.flags, size=large))
    shorts = list(attacks(compiled.pattern, compiled.flags, size=small))
    at = -1
    for k, (label, text) in enumerate(longs):
        took = timed(text)
        if took > worst["seconds"]:
            worst, at = {"attack": label, "seconds": took}, k
    if at >= 0:  # timed again, the best of three: one slow run is the machine, not the pattern
        worst["seconds"] = min(timed(longs[at][1]) for _ in range(3))
        worst["small_seconds"] = min(timed(shorts[at][1]) for _ in range(3))
    else:
        worst["small_seconds"] = 0.0
    growth = worst["seconds"] / max(worst["small_seconds"], 1e-6)
    worst["catastrophic"] = worst["seconds"] > CEILING or (worst["seconds"] > SLOW and growth > GROWTH)
    return worst


def main() -> None:
    """Child-process entry point: one JSON line per pattern (the test reads them as they come)."""
    import json
    import sys

    skip = int(sys.argv[1]) if len(sys.argv) > 1 else 0  # patterns already reported (or hung) before a restart
    found = sorted(compiled_patterns(exercise_package) | literal_patterns())
    print(json.dumps({"patterns": len(found)}), flush=True)
    for pattern, flags in found[skip:]:
        print(json.dumps({"start": pattern}), flush=True)
        try:
            compiled = re.compile(pattern, flags)
        except re.error:
            compiled = None
        if compiled is None:
            result = {"attack": "does not compile", "seconds": 0.0, "small_seconds": 0.0, "catastrophic": False}
        elif pattern.startswith(tuple(BOUNDED)) and not FULL:
            result = {"attack": "bounded where used (not timed)", "seconds": 0.0, "small_seconds": 0.0,
                      "catastrophic": False}
        else:
            result = worst_case(compiled)
        print(json.dumps({"pattern": pattern, "flags": flags, **result}), flush=True)


if __name__ == "__main__":
    main()
