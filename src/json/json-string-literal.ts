// eslint-disable-next-line no-control-regex
const needsEscape = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * `JSON.stringify(text)`, quicker for the common short text that needs no escape (no quote,
 * backslash, control character or surrogate: JSON.stringify escapes lone surrogates).
 */
export function jsonStringLiteral(text: string): string {
  return needsEscape.test(text) ? JSON.stringify(text) : `"${text}"`;
}
