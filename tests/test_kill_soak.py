"""Kill soak, small: SIGKILL `sitrep ingest` at seeded moments over a mixed corpus, restart, and
get exactly the store of one uninterrupted run (scripts/kill_soak.py; `make soak-kill` runs 20
kills over 2,008 documents). Plus the regression test of what the soak found: a re-run after a
crash mid-batch stored the rest of that batch in another order, so another report became the
first of a merged event and the event got another id."""
from __future__ import annotations

import importlib.util
from pathlib import Path

from sitrep.model import EventMention, Place, Span
from sitrep.pipeline import Pipeline
from sitrep.resolve.ids import event_id
from sitrep.store import Store

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("kill_soak", ROOT / "scripts" / "kill_soak.py")
kill_soak = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(kill_soak)

KARSK = Place(name="Karsk", latitude=10.0, longitude=20.0, country="Veridia", admin1="North Marsh", precision=2)
# File order x1, x2, y1, y2; with batches of two, x2 and y1 (one ambush, y1 published a day
# earlier) fall in different batches, so an uninterrupted run stores x2 first.
FILES = {
    "x1.txt": ("2025-03-01", "Protesters gathered in Karsk on Saturday over bread prices."),
    "x2.txt": ("2025-03-05", "Fighters of the Northern Front ambushed an army convoy near Karsk, killing 33 soldiers."),
    "y1.txt": ("2025-03-04", "The Northern Front ambushed a convoy near Karsk, killing 33 soldiers, officials said."),
    "y2.txt": ("2025-03-06", "A farmer was arrested in Karsk, relatives said."),
}


def _analyse(docs, *, debug=False):
    """Fixed mentions instead of spaCy: the ambush in x2 and y1, nothing else (ids depend on order only)."""
    out = []
    for doc in docs:
        if doc.name in ("x2.txt", "y1.txt"):
            out.append([EventMention(doc=doc.name, index=0, event_type="Battles", sub_event_type="Armed clash",
                                     actor1="Northern Front", actor2="Military Forces of Veridia",
                                     event_date="2025-03-04", place=KARSK, fatalities=33,
                                     evidence=[Span(0, len(doc.text), doc.text)])])
        else:
            out.append([])
    return out


def _ingest(pipe, db, root, names):
    meta = {n: {"published": FILES[n][0]} for n in FILES}
    with Store(db) as store:
        pipe.ingest(store, [str(root / n) for n in names], meta=meta, analyse=_analyse)
        return {e.id: e.docs for e in store.iter_events()}


def test_rerun_after_a_crash_mid_batch_keeps_the_uninterrupted_event_ids(tmp_path, settings):
    root = tmp_path / "in"
    root.mkdir()
    for name, (_, text) in FILES.items():
        (root / name).write_text(text + "\n", encoding="utf-8")
    pipe = Pipeline(settings.with_overrides({"extract.batch_size": 2}))
    whole = _ingest(pipe, tmp_path / "whole.db", root, FILES)
    # A kill after the first batch's first document (x1, the earliest) was committed:
    _ingest(pipe, tmp_path / "crashed.db", root, ["x1.txt"])
    rerun = _ingest(pipe, tmp_path / "crashed.db", root, FILES)
    with Store(tmp_path / "whole.db") as store:
        x2 = store.get_document("x2.txt")
    assert list(whole) == [event_id(x2.sha256, 0)]  # x2 stored first: its id
    assert rerun == whole


def test_small_kill_soak_equals_one_uninterrupted_run(tmp_path):
    report = kill_soak.soak(tmp_path, variants=1, kills=3, seed=3, batch_size=4)
    assert report["corpus_documents"] >= 25
    assert report["kills_landed"] == 3, report["kill_log"]
    assert report["interrupted"]["integrity_check"] == "ok"
    assert report["interrupted"]["foreign_key_violations"] == 0
    assert report["equal"] == {k: True for k in report["equal"]}, report
    assert report["reference"]["events"] > 10 and report["ok"]
