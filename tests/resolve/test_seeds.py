"""The five seed articles (../shared/dev/seeds, measurement only): merging never joins two gold
events of one article, and a gold event is never split over two events of its own type."""
import json
from pathlib import Path

import pytest

from sitrep.ingest import load_meta
from sitrep.pipeline import Pipeline
from sitrep.store import Store

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "dev" / "seeds"


def _gold_hits(store, gold):
    """Per stored mention, the gold events whose evidence quote one of its evidence spans overlaps."""
    hits = {}
    for event in store.iter_events():
        for m in event.mentions:
            text = store.get_document(m.doc).text
            found = set()
            for g in gold:
                at = text.find(g["evidence"]) if g["doc"] == m.doc else -1
                if at >= 0 and any(min(s.end, at + len(g["evidence"])) > max(s.start, at) for s in m.evidence):
                    found.add(g["id"])
            hits[(event.id, m.doc, m.index)] = found
    return hits


@pytest.mark.shared
def test_seed_events_are_neither_joined_nor_split(settings, tmp_path):
    gold = [json.loads(line) for line in (SEEDS / "events.jsonl").read_text().splitlines()]
    meta, _ = load_meta(str(SEEDS / "docs.jsonl"))
    with Store(tmp_path / "seeds.db") as store:
        Pipeline(settings).ingest(store, [str(SEEDS / "articles")], meta=meta)
        hits = _gold_hits(store, gold)
    by_event, by_gold = {}, {}
    for (event_id, _, _), found in hits.items():
        by_event.setdefault(event_id, []).append(found)
        for g in found:
            by_gold.setdefault(g, set()).add(event_id)
    assert by_gold, "no stored mention quotes a gold event: extraction produced nothing"
    # two mentions of different gold events in one event = a wrong merge (one sentence telling two
    # events is an extraction matter, not counted here)
    for event_id, per_mention in by_event.items():
        assert len(set().union(*per_mention)) <= max(len(f) for f in per_mention), event_id
    assert all(len(events) == 1 for events in by_gold.values()), by_gold
