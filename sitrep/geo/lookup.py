"""What the rules above disambiguation need from the geocoder, as a protocol.

Why a protocol: choosing an event's place and estimating offsets need the index, the settings
and the way a resolved toponym becomes a ``Place``, which the geocoder owns. Naming that need
here lets ``choose`` and ``offset`` sit below ``geocoder`` (they import this module, the
geocoder imports them) instead of importing the geocoder back in a circle.
"""
from __future__ import annotations

from typing import Protocol

from sitrep.config import Settings
from sitrep.geo.relations import Resolved
from sitrep.geo.gazetteer import Gazetteer
from sitrep.model import Place


class PlaceLookup(Protocol):
    """The index, the settings and the Place makers a ``Geocoder`` provides."""

    settings: Settings

    @property
    def gaz(self) -> Gazetteer: ...

    def place(self, r: Resolved, *, event: bool = False) -> Place: ...

    def event_point(self, i: int) -> tuple[float, float]: ...

    def region_place(self, i: int, relation: str) -> Place: ...

    def admin1_members(self) -> dict[tuple[str, str], list[int]]: ...
