"""Geocoding stage: event mentions in, mentions with a resolved ``Place`` out.

Modules: ``normalize`` (name keys), ``sources`` + ``gazetteer`` (the cached world index),
``recognise`` (toponyms in text), ``relations`` (near / countryside / province), ``disambiguate``
(one entry per toponym from context), ``fuzzy`` (last-resort lookup), ``choose`` (an event's
place from its own evidence) and ``geocoder`` (the stage object).
"""
from __future__ import annotations

from sitrep.geo.geocoder import Geocoder

__all__ = ["Geocoder"]
