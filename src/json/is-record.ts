/**
 * True for a plain JSON object: what `JSON.parse` returns for `{...}`. Arrays and null are not
 * records. The one guard for untrusted wire data in every layer (issue 9).
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
