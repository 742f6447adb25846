"""Near-duplicate documents: a republication is found through MinHash bands and linked to its original."""
import os
import subprocess
import sys

from sitrep.resolve import copies

from factories import make_document

# Fictional article.
ORIGINAL = (
    "Northern Front fighters ambushed an army convoy near Karsk on Tuesday, killing 33 soldiers, a military "
    "source said. The convoy was carrying supplies to an outpost on the eastern road when it came under fire "
    "from both sides of the valley. Residents said the road to the outpost has been closed since, and that "
    "reinforcements arrived from the provincial capital on Wednesday morning.")


def test_republication_with_a_header_shares_bands_and_is_a_copy():
    original = make_document("a1.txt", ORIGINAL, id=1)
    copy = make_document("mirror.html", "Republished from Veridia Daily. " + ORIGINAL + " Share this article.")
    assert set(copies.bands(original.text)) & set(copies.bands(copy.text))
    assert copies.find_original(copy, [original], 0.7) is original


def test_a_different_report_of_the_same_event_is_not_a_copy():
    other = make_document("b.txt", (
        "The Veridian Observatory said 26 soldiers were killed when Northern Front fighters attacked a convoy "
        "outside Karsk. The group has stepped up attacks on supply lines in North Marsh province in recent "
        "weeks, and the army has answered with shelling of villages along the valley road."))
    assert copies.find_original(other, [make_document("a1.txt", ORIGINAL, id=1)], 0.7) is None


def test_short_templated_notes_are_never_copies():
    note = make_document("n1.txt", "On 4 March 2025, Northern Front attacked army positions in Karsk.")
    other = make_document("n2.txt", "On 5 March 2025, Northern Front attacked army positions in Karsk.", id=1)
    assert copies.bands(note.text) == [] and copies.find_original(note, [other], 0.7) is None


def test_a_copy_of_a_copy_points_at_the_first_original():
    original = make_document("a1.txt", ORIGINAL, id=1)
    first_copy = make_document("a2.txt", ORIGINAL + " Republished.", id=2, duplicate_of=1)
    second = make_document("a3.txt", ORIGINAL + " Shared again.")
    assert copies.find_original(second, [first_copy, original], 0.7) is original


def test_bands_are_stable_across_processes():
    # the store keeps bands from earlier runs: they must not depend on Python's salted hash()
    code = f"from sitrep.resolve import copies; print(','.join(copies.bands({ORIGINAL!r})))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONHASHSEED": "12345"}).stdout.strip()
    assert out.split(",") == copies.bands(ORIGINAL) and len(out.split(",")) == copies.BANDS
