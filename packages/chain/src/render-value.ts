import type { LinkField } from "./chain-link.ts";

const MAX = 240;

/** Compact one-line text for any value; long values are cut with a visible marker. */
export function renderValue(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  const oneLine = text.replace(/[\r\n\t]+/g, " ");
  return oneLine.length > MAX ? `${oneLine.slice(0, MAX)}… (${oneLine.length} chars)` : oneLine;
}

export function renderField(field: LinkField | undefined): string {
  if (field === undefined) return "";
  return field.redacted ? `[redacted: ${field.sensitivity}]` : renderValue(field.value);
}

/**
 * Escapes text that came from a log (agent or tool content) for Markdown, so that a viewer renders
 * it as text: no raw HTML, no links, no emphasis, no table breaks (threat: script injection through
 * envelope content rendered in a report).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, "\\$1");
}
