"""spaCy's attribute ruler with its matches found by table lookup instead of its ``Matcher``.

en_core_web_sm's ``attribute_ruler`` (tag -> POS and morphology, a few lemma and POS exceptions:
179 rules) finds its matches with a general token ``Matcher`` that tries every pattern at every
token; on 100 full articles that was a quarter of spaCy's whole parse (cProfile, docs/quality.md,
issue #13 seventh pass), for what is a lookup of each token's tag or lower-case form. This finds
the same (rule, start, end) matches from the rules' own patterns, indexed by tag or word, reading
each token's attributes as integers (``Doc.to_array``), then hands them to the ruler's own
``set_annotations`` in the ruler's own order (rule index: later rules win), so every token gets
exactly the attributes the stock component gives (tests/extract/test_attributes.py). A pipeline
whose rules use anything but plain values, ``IN``, ``NOT_IN`` and ``REGEX`` on ``TAG``, ``LOWER``,
``DEP`` and ``IS_SPACE``, or operators, keeps the stock component.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.tokens import Doc

COLUMNS = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}
ARRAY = [TAG, LOWER, DEP, IS_SPACE]

Test = Callable[[list[int]], bool]
MEMO_ROWS = 50_000  # distinct (tag, word, dependency, space) rows remembered: ~12 MB at most


class Unsupported(ValueError):
    """A rule this lookup cannot reproduce exactly: the stock matcher stays."""


class AttributeLookup:
    """The (rule, start, end) matches of an ``AttributeRuler``'s patterns, found by table lookup."""

    def __init__(self, ruler: Any):
        self.ruler = ruler
        strings = ruler.vocab.strings
        self._strings = strings
        self._regex_memo: dict[tuple[str, int], bool] = {}
        # each rule's patterns as per-token tests, indexed by the first token's plain tag or word;
        # a one-token pattern's verdict depends on the token's four columns alone, so it is
        # remembered per distinct row (a corpus has few: the same words with the same tags)
        self.by_tag: dict[int, list[tuple[int, list[list[Test]]]]] = {}
        self.by_lower: dict[int, list[tuple[int, list[list[Test]]]]] = {}
        self.anywhere: list[tuple[int, list[list[Test]]]] = []
        self.longer: dict[int | None, list[tuple[int, list[list[Test]]]]] = {}  # by first word, None: any
        self._memo: dict[tuple[int, ...], tuple[int, ...]] = {}
        for rule, spec in enumerate(ruler.patterns):
            for pattern in spec["patterns"]:
                entry = (rule, [self._tests(token) for token in pattern])
                first = pattern[0]
                if len(pattern) > 1:
                    word = first.get("LOWER")
                    self.longer.setdefault(strings.add(word) if isinstance(word, str) else None, []).append(entry)
                elif isinstance(first.get("TAG"), str):
                    self.by_tag.setdefault(strings.add(first["TAG"]), []).append(entry)
                elif isinstance(first.get("LOWER"), str):
                    self.by_lower.setdefault(strings.add(first["LOWER"]), []).append(entry)
                else:
                    self.anywhere.append(entry)

    def _tests(self, token: dict[str, Any]) -> list[Test]:
        tests = []
        for attr, value in token.items():
            if attr not in COLUMNS:
                raise Unsupported(attr)
            tests.append(self._test(COLUMNS[attr], value))
        return tests

    def _test(self, col: int, value: Any) -> Test:
        if isinstance(value, bool):
            return lambda row: bool(row[col]) is value
        if isinstance(value, str):
            want = self._strings.add(value)
            return lambda row: row[col] == want
        if not isinstance(value, dict) or len(value) != 1:
            raise Unsupported(repr(value))
        (op, arg), = value.items()
        if op in ("IN", "NOT_IN"):
            values = {self._strings.add(v) for v in arg}
            return (lambda row: row[col] in values) if op == "IN" else (lambda row: row[col] not in values)
        if op == "REGEX":
            pattern = re.compile(arg)
            return lambda row: self._regex(pattern, row[col])
        raise Unsupported(op)

    def _regex(self, pattern: re.Pattern[str], value: int) -> bool:
        key = (pattern.pattern, value)
        found = self._regex_memo.get(key)
        if found is None:
            found = self._regex_memo[key] = bool(pattern.search(self._strings[value] if value else ""))
        return found

    def _single(self, row: list[int]) -> tuple[int, ...]:
        """The one-token rules that match a token with these columns."""
        key = tuple(row)
        rules = self._memo.get(key)
        if rules is None:
            if len(self._memo) >= MEMO_ROWS:
                self._memo.clear()
            rules = self._memo[key] = tuple(
                rule for candidates in (self.by_tag.get(row[0]), self.by_lower.get(row[1]), self.anywhere)
                for rule, (tests,) in candidates or () if all(t(row) for t in tests))
        return rules

    def matches(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        """``AttributeRuler.match``'s result: (rule, match id, start, end), sorted."""
        rows: list[list[int]] = doc.to_array(ARRAY).tolist() if len(doc) else []
        n = len(rows)
        found: set[tuple[int, int, int]] = set()
        for i, row in enumerate(rows):
            for rule in self._single(row):
                found.add((rule, i, i + 1))
            for candidates in (self.longer.get(row[1]), self.longer.get(None)):
                for rule, tokens in candidates or ():
                    end = i + len(tokens)
                    if end <= n and all(t(rows[k]) for k, tests in enumerate(tokens, i) for t in tests):
                        found.add((rule, i, end))
        ids = self._strings
        return sorted((rule, ids[str(rule)], start, end) for rule, start, end in found)


def speed_up(nlp: Language) -> None:
    """Give ``nlp``'s attribute ruler the lookup (same attributes, see the module docstring)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        lookup = AttributeLookup(ruler)
    except Unsupported:
        return
    ruler.match = lookup.matches
