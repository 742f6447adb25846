"""The fictional multi-report corpus: exact clusters in any order, copies, claims, stable ids."""
import random

from sitrep.resolve import Resolver
from sitrep.resolve.ids import event_id
from sitrep.resolve.memory import EventPool


def _run(settings, reports):
    pool = EventPool(Resolver(settings))
    for r in reports:
        pool.add(r.doc, r.mentions)
    return pool


def _event_of(pool, doc, index):
    return next(e for e in pool.events.values() if any((m.doc, m.index) == (doc, index) for m in e.mentions))


def test_corpus_gives_exactly_the_known_clusters(settings, corpus, gold):
    assert _run(settings, corpus).clusters() == gold


def test_clusters_do_not_depend_on_ingestion_order(settings, corpus, gold):
    orders = [list(reversed(corpus))]
    rng = random.Random(7)
    for _ in range(25):
        order = corpus[:]
        rng.shuffle(order)
        orders.append(order)
    for order in orders:
        assert _run(settings, order).clusters() == gold, [r.doc.name for r in order]


def test_two_attacks_same_day_same_town_stay_two(settings, corpus):
    pool = _run(settings, corpus)
    ambush, police_post = _event_of(pool, "a1.txt", 1), _event_of(pool, "c1.txt", 0)
    assert ambush.id != police_post.id
    assert police_post.actor2 == "Police Forces of Veridia" and police_post.fatalities == 2


def test_republished_copy_is_linked_and_not_counted_as_corroboration(settings, corpus):
    pool = _run(settings, corpus)
    copy = next(d for d in pool.documents if d.name == "a4.txt")
    assert copy.duplicate_of_name == "a1.txt"
    ambush = _event_of(pool, "a1.txt", 1)
    # a1, a2, a3, a4, a5 report it; a4 republishes a1, so four independent reports
    assert set(ambush.docs) == {"a1.txt", "a2.txt", "a3.txt", "a4.txt", "a5.txt"}
    assert ambush.corroboration == 4 and ambush.copies == {"a4.txt": "a1.txt"}


def test_headline_toll_is_the_lowest_independent_figure_and_range_is_kept(settings, corpus):
    ambush = _event_of(_run(settings, corpus), "a1.txt", 1)
    # Veridia Daily 33, Observatory 26, the attackers themselves claimed 40
    assert (ambush.fatalities, ambush.fatalities_low, ambush.fatalities_high) == (26, 26, 40)
    assert "fatalities" in ambush.conflict and "modality" in ambush.conflict
    assert ambush.event_date == "2025-03-04" and "event_date" not in ambush.conflict


def test_denial_does_not_make_the_ambush_unreal_and_is_kept_as_a_claim(settings, corpus):
    ambush = _event_of(_run(settings, corpus), "a1.txt", 1)
    assert ambush.modality == "asserted"
    denial = [c for c in ambush.claims if c.doc == "a5.txt" and c.field == "modality"]
    assert denial and denial[0].value == "denied" and denial[0].attributed_to == "Military Forces of Veridia"
    claimed = [c for c in ambush.claims if c.field == "fatalities" and c.value == 40]
    assert claimed[0].modality == "claimed" and claimed[0].outlet == "Front Media"


def test_a_threat_stays_hypothetical(settings, corpus):
    threat = _event_of(_run(settings, corpus), "e1.txt", 0)
    assert threat.modality == "hypothetical" and threat.docs == ["e1.txt"]


def test_event_ids_are_stable_and_come_from_the_founding_mention(settings, corpus):
    first, second = _run(settings, corpus), _run(settings, corpus)
    assert sorted(first.events) == sorted(second.events)
    a1 = corpus[0].doc
    assert _event_of(first, "a1.txt", 1).id == event_id(a1.sha256, 0)


def test_each_member_says_why_it_was_merged(settings, corpus):
    ambush = _event_of(_run(settings, corpus), "a1.txt", 1)
    joined = [r for r in ambush.merge_reasons if r.startswith("a2.txt#0")]
    assert joined and "same day" in joined[0] and "score" in joined[0]


def test_a_date_filled_in_from_publication_is_not_a_claim(settings, corpus):
    ambush = _event_of(_run(settings, corpus), "a1.txt", 1)
    dates = {(c.doc, c.value) for c in ambush.claims if c.field == "event_date"}
    # a1's headline has no date words (publication date 5 March); its lead says "on Tuesday"
    assert ("a1.txt", "2025-03-04") in dates and ("a1.txt", "2025-03-05") not in dates
