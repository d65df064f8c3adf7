// @enhance/ssr interpolates strings as raw HTML, so every element escapes what it prints.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}

/** Safe in text and in quoted attribute values. */
export function escapeHtml (value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, c => ENTITIES[c] ?? c)
}

/** Indented JSON, escaped for a <pre>. */
export function escapedJson (value: unknown): string {
  return escapeHtml(JSON.stringify(value, null, 2))
}
