"""`bench.fa_eval` on tiny invented copies of the three sets' formats (no ../shared needed)."""
from __future__ import annotations

import json
from pathlib import Path

from bench import fa_eval, fa_sets
from bench.fa_sets import EVENT, NONE, OTHER, Article, Sentence


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_mojibake_is_repaired_and_offsets_follow():
    text = "he said \u00e2\u20ac\u0153stop\u00e2\u20ac\ufffd and left.\u00c2 done"   # “stop” as cp1252-read UTF-8
    fixed, where = fa_sets.fix_mojibake(text)
    assert fixed == "he said \u201cstop\u201d and left. done"
    assert fixed[where[text.index("and")]:].startswith("and left")
    assert where[len(text)] == len(fixed)


def test_ipe_police_force_is_an_event_an_arrest_alone_is_not(tmp_path):
    root = tmp_path / "IndiaPoliceEvents"
    text = ("police opened fire on a mob in the old city, killing two. "
            "three men were arrested for looting. the market reopened on monday.")
    sents = ["police opened fire on a mob in the old city, killing two.", "three men were arrested for looting.",
             "the market reopened on monday."]
    labels = [["ANY_ACTION", "FORCE", "KILL"], ["ANY_ACTION", "ARREST"], []]
    write_jsonl(root / "docs.jsonl", [{"doc_id": 7, "doc_text": text, "doc_labels": ["KILL", "ARREST"]},
                                      {"doc_id": 8, "doc_text": "a quiet day.", "doc_labels": []}])
    write_jsonl(root / "sents.jsonl", [{"doc_id": 7, "sent_id": i, "sent_labels": lab, "sent_text": s}
                                       for i, (s, lab) in enumerate(zip(sents, labels))]
                + [{"doc_id": 8, "sent_id": 0, "sent_labels": [], "sent_text": "a quiet day."}])
    write_jsonl(root / "metadata.jsonl", [{"doc_id": 7, "date": "2002-03-01"}, {"doc_id": 8, "date": None}])
    first, second = fa_sets.load_ipe(root)
    assert (first.verdict, second.verdict, first.published) == (EVENT, NONE, "2002-03-01")
    assert [s.verdict for s in first.sentences] == [EVENT, OTHER, NONE]
    assert first.sentence_text(first.sentences[1]) == "three men were arrested for looting."


def test_wikievents_text_is_rebuilt_and_attack_mentions_decide(tmp_path):
    sentences = ["Car bomb hits convoy", "A car bomb exploded near a convoy in the town on Sunday.",
                 "Two soldiers died.", "The minister met reporters later."]
    mentions = [{"event_type": "Conflict.Attack.DetonateExplode", "trigger": {"sent_idx": 1}},
                {"event_type": "Life.Die.Unspecified", "trigger": {"sent_idx": 2}},
                {"event_type": "Contact.Contact.Meet", "trigger": {"sent_idx": 3}}]
    write_jsonl(tmp_path / "dev.jsonl", [{"doc_id": "d1", "sentences": [[[], s] for s in sentences],
                                          "event_mentions": mentions}])
    [article] = fa_sets.load_wikievents(tmp_path)
    assert article.text.startswith("Car bomb hits convoy\n\nA car bomb exploded")
    assert [s.verdict for s in article.sentences] == [NONE, EVENT, OTHER, NONE]
    assert article.sentence_text(article.sentences[3]) == sentences[3]
    assert article.verdict == EVENT


def test_sample_keeps_event_articles_and_is_seeded():
    arts = [Article(f"a{i}", "x", EVENT if i < 3 else NONE) for i in range(20)]
    picked = fa_sets.sample(arts, 6, seed=1)
    assert len(picked) == 6 and sum(a.verdict == EVENT for a in picked) == 3
    assert [a.name for a in picked] == [a.name for a in fa_sets.sample(arts, 6, seed=1)]


def test_score_counts_false_alarms_recall_and_folded_sentences():
    text = "Gunmen killed two. The bank raised rates. Shares fell. Police said so."
    spans = [(0, 18), (19, 41), (42, 54), (55, 70)]
    verdicts = [EVENT, NONE, NONE, OTHER]
    event_doc = Article("e", text, EVENT, sentences=[Sentence(a, b, v) for (a, b), v in zip(spans, verdicts)])
    quiet = Article("q", "Rain is expected.", NONE, sentences=[Sentence(0, 17, NONE)])
    hits = {"e": [fa_eval.Hit(0, 18, "Attack", "killed", False, 7),       # the event's own sentence
                  fa_eval.Hit(42, 54, "Attack", None, False)],            # "Shares fell." folded into it
            "q": []}
    res = fa_eval.score([event_doc, quiet], hits)
    assert res["documents"] == {"none": 1, "none_with_event": 0, "false_alarm": 0.0, "event": 1,
                                "event_with_event": 1, "recall": 1.0, "other": 0, "other_with_event": 0}
    assert res["sentences"]["false_alarm"] == round(1 / 3, 3) and res["sentences"]["recall"] == 1.0
    assert res["sentences"]["false_alarm_typing_the_event"] == 0.0
    assert res["sentences_false_alarm_typed_as"] == {fa_eval.FOLDED: 1}
    assert [ex["sentence"] for ex in res["false_alarm_sentences"]] == ["Shares fell."]


def test_whole_pipeline_on_invented_articles(tmp_path, capsys):
    """Through `sitrep ingest`: the attack is found in its own sentence, the business news is not."""
    attack = ("Gunmen shot dead five villagers in an attack on the village of Kafr Nabl in Idlib province "
              "on Monday, a local official said. Schools in the district stayed closed on Tuesday.")
    business = "Shares of the mining company rose 3 percent on Tuesday after it reported higher quarterly profits."
    root = tmp_path / "eval" / "GLOCON_gold_sample"
    write_jsonl(root / "document" / "Sabinet_R.json", [{"id": "1", "url": "a1.txt", "text": attack, "label": 1},
                                                       {"id": "2", "url": "a2.txt", "text": business, "label": 0}])
    write_jsonl(root / "sentence" / "Sabinet.json", [
        {"url": "a1.txt", "sent_num": 1, "sentence": attack.split(". ")[0] + ".", "label": 1},
        {"url": "a1.txt", "sent_num": 2, "sentence": attack.split(". ")[1], "label": 0}])
    assert fa_eval.main(["--shared", str(tmp_path), "--sets", "GLOCON_gold_sample,WikiEvents", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    res = json.loads(lines[0])
    assert res["documents"]["recall"] == 1.0 and res["documents"]["false_alarm"] == 0.0
    assert res["sentences"]["recall"] == 1.0 and res["sentences"]["false_alarm"] == 0.0
    assert lines[1].startswith("skip WikiEvents:")
