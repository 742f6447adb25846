"""Geocoding stage: event mentions in, mentions with a resolved ``Place`` out.

Layers, bottom up (each module imports only its own layer or below; tests/geo/test_layers.py):
names ``normalize``; data ``sources``, ``user_formats`` (users' gazetteer files); index
``gazetteer`` (the cached world index), ``user_store`` (a user gazetteer in SQLite), ``user_gazetteers`` (``sitrep gazetteer add``), ``fuzzy``,
``recognise`` (toponyms in text); rules ``relations`` (near / countryside / province /
subdistrict), ``lookup`` (what the rules need from the geocoder), ``offset`` (point estimates);
disambiguation ``disambiguate`` (one entry per toponym), ``choose`` (an event's place from its
own evidence); entry ``geocoder`` (the stage object), ``focus`` (the article's country).
"""
from __future__ import annotations

from sitrep.geo.geocoder import Geocoder

__all__ = ["Geocoder"]
