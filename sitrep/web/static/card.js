// The event card: what happened, who said what (claims), the sources, and the evidence inside the article.
"use strict";
import { append, clear, el, getJSON, safeUrl, swatch } from "./dom.js";

const GEO_PRECISION = { 1: "the place itself", 2: "near the place", 3: "region only (not a point)" };
const FIELD_LABELS = { fatalities: "Fatalities", injuries: "Injuries", event_date: "Date", actor1: "Actor 1",
  actor2: "Actor 2", event_type: "Type", sub_event_type: "Sub-type", location: "Location", modality: "Modality" };

function row(label, ...value) {
  return el("div", { class: "row" }, el("dt", {}, label), el("dd", {}, ...value));
}

function claimValue(value) {
  if (value === null || value === undefined) return "—";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function fatalitiesRow(rec, claims, conflict) {
  const parts = [el("strong", {}, rec.fatalities === null ? "unknown" : String(rec.fatalities))];
  if (rec.fatalities_low !== null && rec.fatalities_high !== null && rec.fatalities_low !== rec.fatalities_high) {
    parts.push(` (range ${rec.fatalities_low}–${rec.fatalities_high})`);
  }
  const figures = claims.filter((c) => c.field === "fatalities");
  if (figures.length) {
    const list = el("ul", { class: "figures" });
    for (const c of figures) {
      list.append(el("li", {}, el("b", {}, claimValue(c.value)), " — ", c.attributed_to || c.outlet || c.doc,
        c.modality && c.modality !== "asserted" ? ` (${c.modality})` : ""));
    }
    parts.push(list);
  }
  const node = row("Fatalities", ...parts);
  if (conflict.includes("fatalities")) node.classList.add("conflict");
  return node;
}

function claimsTable(claims, conflict) {
  if (!claims.length) return el("p", { class: "muted" }, "No separate claims recorded.");
  const body = el("tbody");
  for (const c of claims) {
    body.append(el("tr", { class: conflict.includes(c.field) ? "conflict" : null },
      el("td", {}, c.outlet || c.doc), el("td", {}, c.attributed_to || "—"),
      el("td", {}, FIELD_LABELS[c.field] || c.field), el("td", {}, claimValue(c.value)),
      el("td", {}, c.modality || ""), el("td", {}, c.text ? el("q", {}, c.text) : "")));
  }
  return el("table", { class: "claims" },
    el("thead", {}, el("tr", {}, ["Source", "Attributed to", "Field", "Value", "Modality", "Words"].map((h) => el("th", {}, h)))),
    body);
}

function sourceItem(name, doc, onShow) {
  const url = safeUrl(doc.url);
  const title = doc.title || name;
  return el("li", { class: "source" },
    url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, title) : el("span", { class: "title" }, title),
    doc.outlet ? el("span", { class: "outlet" }, ` · ${doc.outlet}`) : "",
    doc.published ? el("span", { class: "muted" }, ` · ${doc.published}`) : "",
    !url && doc.url ? el("span", { class: "muted unsafe-url" }, " · link not opened (not http/https): ", el("code", {}, doc.url)) : "",
    doc.duplicate_of ? el("span", { class: "muted" }, " · republished copy") : "",
    " ", el("button", { type: "button", class: "show-doc", onclick: () => onShow(doc.id ?? name) }, "Show article"));
}

// The clean text with this event's evidence marked (and other events' evidence in a lighter mark).
export function renderArticle(container, data, eventId) {
  clear(container);
  const doc = data.document;
  container.append(el("h3", {}, doc.title || doc.name),
    el("p", { class: "muted" }, [doc.outlet, doc.published, doc.name].filter(Boolean).join(" · ")));
  const text = data.text || "";
  const valid = data.spans.filter((s) => s.kind === "evidence" && s.start >= 0 && s.end <= text.length && s.start < s.end);
  // Overlapping spans cannot both be marked: this event's evidence wins, then the earlier span.
  const chosen = [];
  for (const s of [...valid.filter((v) => v.event_id === eventId), ...valid.filter((v) => v.event_id !== eventId)]) {
    if (!chosen.some((c) => s.start < c.end && c.start < s.end)) chosen.push(s);
  }
  const spans = chosen.sort((a, b) => a.start - b.start);
  const body = el("div", { class: "article-text" });
  let pos = 0;
  for (const s of spans) {
    body.append(document.createTextNode(text.slice(pos, s.start)));
    body.append(el("mark", { class: s.event_id === eventId ? "ev-this" : "ev-other", "data-event": s.event_id },
      text.slice(s.start, s.end)));
    pos = s.end;
  }
  body.append(document.createTextNode(text.slice(pos)));
  container.append(body);
  const first = body.querySelector("mark.ev-this");
  if (first) body.scrollTop = Math.max(0, first.offsetTop - 40); // scroll the text box only, not the panel
}

async function showArticle(container, docKey, eventId) {
  container.textContent = "Loading article…";
  try {
    renderArticle(container, await getJSON(`/api/documents/${encodeURIComponent(docKey)}`), eventId);
  } catch (e) {
    container.textContent = `Could not load the article: ${e.message}`;
  }
}

export function renderCard(card, data, onClose) {
  const rec = data.event;
  const conflict = rec.conflict || [];
  clear(card).hidden = false;
  card.parentElement.scrollTop = 0;
  const article = el("section", { class: "article", id: "article" });
  const onShow = (key) => showArticle(article, key, rec.id);
  card.append(
    el("button", { type: "button", class: "close", "aria-label": "Close", onclick: onClose }, "×"),
    el("h2", {}, swatch(rec.event_type), rec.event_type, el("small", {}, ` — ${rec.sub_event_type || ""}`)),
    conflict.length ? el("p", { class: "conflict-banner" }, "⚠ Sources disagree on: ", conflict.map((f) => FIELD_LABELS[f] || f).join(", ")) : "",
    el("dl", {},
      row("Date", rec.event_date || "unknown", el("span", { class: "muted" }, ` (precision: ${rec.date_precision})`)),
      row("Where", [rec.location, rec.admin1, rec.country].filter(Boolean).join(", ") || "unknown",
        rec.geo_precision ? el("span", { class: "muted" }, ` (geo precision ${rec.geo_precision}: ${GEO_PRECISION[rec.geo_precision] || ""})`) : ""),
      row("Actors", rec.actor1 || "unknown", rec.actor2 ? el("span", {}, " vs ", rec.actor2) : ""),
      fatalitiesRow(rec, data.claims, conflict),
      rec.injuries !== null ? row("Injuries", String(rec.injuries)) : "",
      row("Modality", el("span", { class: `modality m-${rec.modality}` }, rec.modality), rec.background ? " · background (told for context)" : ""),
      row("Sources", `${rec.corroboration} independent document(s)`, rec.sources.length ? ` · cited: ${rec.sources.join("; ")}` : ""),
      row("Event id", el("code", {}, rec.id))),
    conflict.length ? el("h3", {}, "Where sources disagree") : "",
    conflict.length ? claimsTable(data.claims.filter((c) => conflict.includes(c.field)), conflict) : "",
    el("h3", {}, "Sources"), el("ul", { class: "sources" }, Object.entries(data.documents).map(([n, d]) => sourceItem(n, d, onShow))),
    el("h3", {}, "Evidence"), el("ul", { class: "evidence" }, (rec.evidence_spans || []).map((s) =>
      el("li", {}, el("blockquote", {}, s.text), el("cite", {}, s.doc)))),
    article,
    el("details", { class: "all-claims" }, el("summary", {}, `Who said what: all ${data.claims.length} claims`),
      claimsTable(data.claims, conflict)),
    data.merges.length ? el("h3", {}, "Merge history") : "",
    data.merges.length ? el("ul", { class: "merges" }, data.merges.map((m) => el("li", {}, el("code", {}, m.absorbed_id), ` merged: ${m.reason} (${m.at})`))) : "");
  const firstDoc = Object.values(data.documents)[0];
  if (firstDoc) onShow(firstDoc.id ?? firstDoc.name);
}

export async function openCard(card, eventId, onClose) {
  clear(card).hidden = false;
  append(card, [el("p", {}, "Loading event…")]);
  try {
    renderCard(card, await getJSON(`/api/events/${encodeURIComponent(eventId)}`), onClose);
  } catch (e) {
    clear(card).append(el("p", { class: "error" }, `Could not load event ${eventId}: ${e.message}`),
      el("button", { type: "button", onclick: onClose }, "Close"));
  }
}

// A document on its own (#doc=NAME in the URL): metadata, links and the text with every event's evidence.
export async function openDocument(card, docKey, onClose) {
  clear(card).hidden = false;
  const article = el("section", { class: "article", id: "article" });
  card.append(el("button", { type: "button", class: "close", "aria-label": "Close", onclick: onClose }, "×"), article);
  article.textContent = "Loading article…";
  try {
    const data = await getJSON(`/api/documents/${encodeURIComponent(docKey)}`);
    renderArticle(article, data, null);
    const url = safeUrl(data.document.url);
    article.insertBefore(el("p", {}, url ? el("a", { href: url, target: "_blank", rel: "noopener noreferrer nofollow" }, "original page")
      : el("span", { class: "muted unsafe-url" }, data.document.url ? `link not opened (not http/https): ${data.document.url}` : "no link")),
    article.querySelector(".article-text"));
    const events = el("ul", { class: "doc-events" }, data.events.filter((e) => e.event_id).map((e) =>
      el("li", {}, el("a", { href: `#event=${encodeURIComponent(e.event_id)}` }, `${e.event_type} — ${e.sub_event_type}`))));
    article.append(el("h3", {}, "Events found in it"), data.events.length ? events : el("p", { class: "muted" }, "none"));
  } catch (e) {
    article.textContent = `Could not load the article: ${e.message}`;
  }
}
