"""The row cache shared by the merge's candidates and the server's records (sitrep/store/rowcache.py)."""
from __future__ import annotations

import threading

from sitrep.store.rowcache import RowCache


def _counting_cache(size: int) -> tuple[RowCache[tuple[str, ...]], list[str]]:
    built: list[str] = []

    def build(data: str, mentions: list[str]) -> tuple[str, ...]:
        built.append(data)
        return (data, *mentions)
    return RowCache(build, size), built


def test_rowcache_builds_once_while_the_rows_are_unchanged():
    cache, built = _counting_cache(8)
    rows = {"ev_1": ('{"fatalities": 3}', ['{"doc": 1}']), "ev_2": ('{"fatalities": 0}', [])}
    first = cache.values(rows)
    again = cache.values({k: (d, list(m)) for k, (d, m) in rows.items()})  # equal strings, new lists
    assert first == [('{"fatalities": 3}', '{"doc": 1}'), ('{"fatalities": 0}',)]
    assert again[0] is first[0] and again[1] is first[1] and len(built) == 2 and cache.hits == 2


def test_rowcache_rebuilds_an_event_whose_rows_changed():
    cache, built = _counting_cache(8)
    cache.values({"ev_1": ('{"fatalities": 3}', ['{"doc": 1}'])})
    # a second report joined the event: same JSON, one more mention row
    changed = cache.values({"ev_1": ('{"fatalities": 3}', ['{"doc": 1}', '{"doc": 2}'])})
    assert changed == [('{"fatalities": 3}', '{"doc": 1}', '{"doc": 2}')] and cache.misses == 2
    assert cache.values({"ev_1": ('{"fatalities": 7}', [])}) == [('{"fatalities": 7}',)]


def test_rowcache_keeps_at_most_size_events_least_recently_used_first_out():
    cache, built = _counting_cache(2)
    for event_id in ("ev_1", "ev_2", "ev_1", "ev_3"):  # ev_2 is then the least recently used
        cache.values({event_id: (event_id, [])})
    cache.values({"ev_1": ("ev_1", []), "ev_2": ("ev_2", [])})
    assert built == ["ev_1", "ev_2", "ev_3", "ev_2"]
    never, built_never = _counting_cache(0)  # 0: the benchmarks' "before", built every time
    never.values({"ev_1": ("a", [])})
    never.values({"ev_1": ("a", [])})
    assert built_never == ["a", "a"] and never.hits == 0


def test_rowcache_shared_by_threads_gives_each_what_building_gives():
    cache, _ = _counting_cache(50)
    rows = {f"ev_{i}": (f"data {i}", [f"mention {i}"]) for i in range(200)}
    answers: list[list[tuple[str, ...]]] = []

    def read() -> None:
        for _ in range(5):
            answers.append(cache.values(rows))
    threads = [threading.Thread(target=read) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = [(d, *m) for d, m in rows.values()]
    assert len(answers) == 30 and all(a == expected for a in answers)
    assert len(cache._kept) == 50 and cache.hits + cache.misses == 30 * 200
