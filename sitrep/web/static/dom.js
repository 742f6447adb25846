// DOM helpers that never parse data as HTML: every string becomes a text node.
"use strict";

export const TYPE_COLORS = {
  "Battles": "#c62828",
  "Explosions/Remote violence": "#ef6c00",
  "Violence against civilians": "#6a1b9a",
  "Protests": "#1565c0",
  "Riots": "#8d6e63",
  "Strategic developments": "#2e7d32",
};
export const OTHER_COLOR = "#607d8b";

export function typeColor(type) {
  return TYPE_COLORS[type] || OTHER_COLOR;
}

// el("a", {class: "x", href: u}, "text", child) — attributes via setAttribute, strings as text nodes.
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "style") { Object.assign(node.style, value); continue; }
    if (key.startsWith("on")) { node.addEventListener(key.slice(2), value); continue; }
    node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

// Only http(s) links are ever made clickable; anything else (javascript:, data:, relative) is text.
export function safeUrl(url) {
  if (typeof url !== "string" || !url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (e) {
    return null;
  }
}

export async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

export function swatch(type) {
  return el("span", { class: "swatch", style: { background: typeColor(type) }, "aria-hidden": "true" });
}
