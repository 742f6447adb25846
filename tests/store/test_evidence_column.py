"""Migration 6: the mentions' evidence text in a column of its own, filled for rows stored before it,
so that the API's free-text search (``q``) reads short strings instead of every mention's JSON."""
from __future__ import annotations

import sqlite3

from sitrep.model import Event, EventMention, Place, Span
from sitrep.store import Store
from sitrep.store.db import EVIDENCE_COLUMN

from factories import make_document

TEXT = "Gunmen attacked a checkpoint near Gao, killing three soldiers."
CUT = TEXT.index(",")  # two spans: "Gunmen … near Gao" and "killing three soldiers."


def _store_one(db) -> None:
    m = EventMention(doc="gao.txt", index=0, event_type="Battles", sub_event_type="Armed clash",
                     event_date="2025-03-04", place=Place("Gao", 16.27, -0.04, country="Mali"),
                     evidence=[Span(0, CUT, TEXT[:CUT]), Span(CUT + 2, len(TEXT), TEXT[CUT + 2:])])
    with Store(db) as store, store.transaction():
        doc_id = store.add_document(make_document("gao.txt", TEXT))
        store.save_event(Event(id="ev_gao", mentions=[m], event_type="Battles", sub_event_type="Armed clash",
                               event_date="2025-03-04"),
                         {"gao.txt": doc_id})


def test_new_mentions_carry_their_evidence_text(tmp_path):
    _store_one(tmp_path / "s.db")
    with sqlite3.connect(tmp_path / "s.db") as conn:
        assert conn.execute("SELECT evidence FROM mentions").fetchone()[0] == TEXT[:CUT] + "\n" + TEXT[CUT + 2:]


def test_a_store_made_before_migration_5_is_filled_in_when_opened(tmp_path):
    db = tmp_path / "old.db"
    _store_one(db)
    with sqlite3.connect(db) as conn:  # as sitrep before migration 6 left it: no evidence column
        for (trigger,) in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'").fetchall():
            conn.execute(f"DROP TRIGGER {trigger}")  # and none of migration 7's change log
        conn.execute("DROP TABLE event_changes")
        conn.execute("ALTER TABLE mentions DROP COLUMN evidence")
        conn.execute(f"PRAGMA user_version={EVIDENCE_COLUMN - 1}")
    with Store(db) as store:
        assert store.conn.execute("SELECT evidence FROM mentions").fetchone()[0].startswith("Gunmen attacked")
        from sitrep.web.filters import EventFilters

        where, params = EventFilters(q="killing three").sql(store.dialect)
        assert [e.id for e in store.iter_events(where, params)] == ["ev_gao"]
        where, params = EventFilters(q="Gao killing").sql(store.dialect)  # across two spans: no
        assert list(store.iter_events(where, params)) == []


def test_a_migration_script_splits_at_semicolons_but_keeps_a_trigger_body_whole():
    from sitrep.store.db import statements

    script = """CREATE TABLE a (x INTEGER);
    create trigger a_logged AFTER INSERT ON a BEGIN
        INSERT INTO b VALUES (NEW.x);
        DELETE FROM b WHERE x < 0;
    end;
    CREATE INDEX a_x ON a(x);
    """
    parts = [" ".join(p.split()) for p in statements(script)]
    assert parts == [
        "CREATE TABLE a (x INTEGER)",
        "create trigger a_logged AFTER INSERT ON a BEGIN INSERT INTO b VALUES (NEW.x); DELETE FROM b WHERE x < 0; end",
        "CREATE INDEX a_x ON a(x)",
    ]
