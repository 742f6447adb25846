"""The store on both backends (tests taking ``db`` run on SQLite and on a real PostgreSQL):
schema version, content-hash dedup, versions, events round-trip, merges; SQLite's file checks."""
import pytest

from sitrep.errors import NotFoundError, StoreError
from sitrep.store import Store
from sitrep.store.schema import MIGRATIONS

from factories import make_document, make_event


def test_new_database_is_migrated(db):
    with Store(db) as store:
        assert store.dialect.version(store.conn) == len(MIGRATIONS)


def test_sqlite_uses_wal_and_foreign_keys(tmp_path):
    with Store(tmp_path / "a.db") as store:
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_newer_schema_is_refused(db):
    with Store(db) as store:
        with store.transaction():
            store.dialect.set_version(store.conn, len(MIGRATIONS) + 5)
    with pytest.raises(StoreError, match="newer sitrep"):
        Store(db)


def test_same_bytes_twice_violate_the_unique_key(db):
    with Store(db) as store:
        with store.transaction():
            store.add_document(make_document("a.txt", "text"))
        with pytest.raises(Exception):
            with store.transaction():
                store.add_document(make_document("b.txt", "text"))
        assert [d.name for d in store.documents()] == ["a.txt"]


def test_migrating_twice_changes_nothing(db):
    with Store(db) as store:
        with store.transaction():
            store.add_document(make_document("a.txt", "text"))
    with Store(db) as store, Store(db, readonly=True) as reader:
        assert [d.name for d in reader.documents()] == ["a.txt"]
        assert store.dialect.version(store.conn) == len(MIGRATIONS)


def test_not_a_database_is_a_clear_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="notes.db"):
        Store(path)


def test_readonly_on_missing_file_says_what_to_do(tmp_path):
    with pytest.raises(StoreError, match="sitrep ingest"):
        Store(tmp_path / "missing.db", readonly=True)


def test_same_name_new_content_becomes_version_two(db):
    with Store(db) as store:
        with store.transaction():
            first = store.add_document(make_document("a.txt", "first text"))
        with store.transaction():
            second = store.add_document(make_document("a.txt", "second text"))
        assert store.has_content(make_document("a.txt", "first text").sha256)
        assert store.previous_version(second) == first
        assert [d.id for d in store.documents()] == [second]
        assert store.get_document("a.txt").text == "second text"


def test_transaction_rolls_back_everything(db):
    with Store(db) as store:
        with pytest.raises(RuntimeError):
            with store.transaction():
                store.add_document(make_document("a.txt", "text"))
                raise RuntimeError("crash")
        assert store.documents() == []


def test_event_round_trip_with_mentions_and_claims(db):
    from sitrep.model import Claim
    with Store(db) as store:
        with store.transaction():
            store.add_document(make_document("a.txt", "text"))
            event = make_event("ev_1", "a.txt", fatalities=26)
            event.claims = [Claim(doc="a.txt", field="fatalities", value=26, attributed_to="SOHR")]
            store.save_event(event, store.document_ids_by_name())
        loaded = store.get_event("ev_1")
        assert loaded.fatalities == 26 and loaded.place.name == "Al Mayadin"
        assert [m.doc for m in loaded.mentions] == ["a.txt"]
        assert loaded.claims[0].attributed_to == "SOHR"
        assert store.count_events("event_type = ?", ["Battles"]) == 1


def test_absorbed_id_resolves_to_survivor(db):
    with Store(db) as store:
        with store.transaction():
            store.add_document(make_document("a.txt", "text"))
            store.save_event(make_event("ev_old", "a.txt"), store.document_ids_by_name())
            store.record_merge("ev_new", "ev_old", "same place and day")
        assert store.get_event("ev_new").id == "ev_old"
        with pytest.raises(NotFoundError, match="ev_none"):
            store.get_event("ev_none")


def test_merge_candidates_are_parsed_once_and_never_served_stale(db):
    # the merge reads the same window document after document: kept parsed, while the rows are unchanged
    window = [("2025-11-01", "2025-11-03")]
    with Store(db) as store, Store(db) as other_writer:
        with store.transaction():
            store.add_document(make_document("a.txt", "text"))
            store.save_event(make_event("ev_1", "a.txt", fatalities=3), store.document_ids_by_name())
        first = store.candidate_events_in(window, with_claims=False)
        again = store.candidate_events_in(window, with_claims=False)
        assert again[0] is first[0] and store.candidates.hits == 1
        assert first[0] == store.events_by_ids(["ev_1"], with_claims=False)[0]  # what parsing gives
        with other_writer.transaction():  # another process (or this one) changes the event meanwhile
            other_writer.save_event(make_event("ev_1", "a.txt", fatalities=7), other_writer.document_ids_by_name())
        changed = store.candidate_events_in(window, with_claims=False)
        assert changed[0].fatalities == 7 and changed[0].mentions[0].fatalities == 7


@pytest.mark.postgres
def test_unreachable_server_is_a_clear_error_without_the_password():
    with pytest.raises(StoreError, match=r"sitrep:\*\*\*@127.0.0.1:9/x: cannot connect.*make postgres"):
        Store("postgresql://sitrep:secret@127.0.0.1:9/x", readonly=True)


@pytest.mark.postgres
def test_writer_lock_is_held_until_the_transaction_ends(pg_url):
    with Store(pg_url) as first, Store(pg_url) as second:
        with first.transaction():
            first.lock_writers()
            with pytest.raises(Exception, match="lock timeout"):
                with second.transaction():
                    second.conn.execute("SET LOCAL lock_timeout = '200ms'")
                    second.lock_writers()
        with second.transaction():  # released by COMMIT
            second.lock_writers()


@pytest.mark.postgres
def test_writers_opening_a_new_database_at_once_migrate_it_once(pg_url):
    from concurrent.futures import ThreadPoolExecutor

    def open_store(_: int) -> int:
        with Store(pg_url) as store:
            return store.dialect.version(store.conn)

    with ThreadPoolExecutor(6) as pool:
        assert list(pool.map(open_store, range(6))) == [len(MIGRATIONS)] * 6
