"""``sitrep explain``: every field of an event with the words it came from and the rule that decided."""
from __future__ import annotations

from typing import Any

from sitrep.model import Event, EventMention
from sitrep.resolve.compare import MergeRules, compatibility, features

HEADLINE = ("event_type", "sub_event_type", "actor1", "actor2", "event_date", "date_precision", "fatalities",
            "injuries", "modality", "background", "sources")


def explain_event(event: Event, merges: list[dict[str, Any]], rules: MergeRules | None = None) -> str:
    """A readable report: headline values, each member's compatibility (with ``rules``), then per
    mention the provenance of each field."""
    p = event.place
    lines = [f"event {event.id}: {event.event_type} / {event.sub_event_type}"]
    for key in HEADLINE:
        lines.append(f"  {key:16} {getattr(event, key)!r}")
    if p:
        lines.append(f"  {'place':16} {p.name} ({p.latitude}, {p.longitude}) {p.admin1 or '-'}, {p.country or '-'}"
                     f" precision {p.precision}" + (f", {p.relation}" if p.relation else ""))
        if p.basis:
            lines.append(f"  {'place basis':16} {p.basis}")
    lines.append(f"  {'range':16} fatalities {event.fatalities_low}..{event.fatalities_high}")
    lines.append(f"  {'corroboration':16} {event.corroboration} independent source(s); conflict: "
                 f"{', '.join(event.conflict) or 'none'}")
    lines.append(f"cluster: {len(event.mentions)} mention(s) from {len(event.docs)} document(s)")
    for doc in event.docs:
        idx = ", ".join(f"#{m.index}" for m in event.mentions if m.doc == doc)
        copy = f", republishes {event.copies[doc]} (not counted)" if doc in event.copies else ""
        lines.append(f"  {doc} {idx}{copy}")
    if rules is not None and len(event.docs) > 1:
        lines.extend(_compatibility(event, rules))
    if merges or event.merge_reasons:
        lines.append("why merged (best link per join: score, shared fields):")
        lines.extend(f"  absorbed {m['absorbed_id']} ({m['reason']}) at {m['at']}" for m in merges)
        lines.extend(f"  {r}" for r in event.merge_reasons)
    for m in event.mentions:
        lines.append(f"mention {m.doc}#{m.index} (trigger {m.trigger!r}):")
        for s in m.evidence:
            lines.append(f"  evidence [{s.start}:{s.end}] \"{s.text}\"")
        if m.place_hints:
            lines.append("  place words      " + ", ".join(f"\"{h.text}\" [{h.start}:{h.end}]" for h in m.place_hints))
        if m.attributed_to:
            lines.append(f"  {'attributed to':16} {m.attributed_to!r} ({m.modality})")
        for pr in m.provenance:
            where = f" [{pr.start}:{pr.end}] \"{pr.text}\"" if pr.text else ""
            lines.append(f"  {pr.field:16} {pr.value!r} <- {pr.rule}{where}")
        if m.place:
            lines.append(f"  {'place':16} {m.place.name!r} <- matched \"{m.place.matched}\""
                         f" [{m.place.start}:{m.place.end}] as {m.place.feature}"
                         + (f", relation {m.place.relation}" if m.place.relation else ""))
            if m.place.basis:
                lines.append(f"  {'':16} {m.place.basis}")
    if event.claims:
        lines.append("claims (who said what):")
        for c in event.claims:
            who = c.attributed_to or c.outlet or c.doc
            lines.append(f"  {c.field:12} {c.value!r:10} {c.modality:12} by {who} in {c.doc}"
                         + (f": \"{c.text}\"" if c.text else ""))
    return "\n".join(lines)


def _compatibility(event: Event, rules: MergeRules) -> list[str]:
    """Each other report's first mention against the first report's, signal by signal: why
    they are one event (or where they disagree, when a third report bridged them)."""
    firsts: dict[str, EventMention] = {}
    for m in event.mentions:
        firsts.setdefault(m.doc, m)
    anchor, *others = firsts.values()
    lines = [f"compatibility with {anchor.doc}#{anchor.index} (date, place, type, actors, toll):"]
    fa = features(anchor)
    for m in others:
        lines.append(f"  {m.doc}#{m.index}")
        for name, verdict in compatibility(fa, features(m), rules).items():
            lines.append(f"    {name:10} {verdict}")
    return lines
