"""Geocoding stage: event mentions in, mentions with a resolved ``Place`` out."""
from __future__ import annotations

from typing import Any

from sitrep.config import Settings
from sitrep.model import Document, EventMention


class Geocoder:
    """Loads the gazetteer index once; resolves the place of each mention from its own context."""

    def __init__(self, settings: Settings):
        self.settings = settings

    def geocode_mentions(self, doc: Document, mentions: list[EventMention]) -> None:
        return None

    def geocode_text(self, text: str, spans: list[list[int]] | None = None) -> list[dict[str, Any]]:
        return []
