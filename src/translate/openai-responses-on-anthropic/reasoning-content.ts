/**
 * A Responses `reasoning` item's `encrypted_content` carries an Anthropic thinking block across
 * turns, statelessly (Codex sends it back with `include: ["reasoning.encrypted_content"]`): a
 * thinking block's signature as it is (Claude's own, or the proxy's `cpx1.` carrier of another
 * backend's reasoning), a redacted thinking block's data behind the `rt1.` prefix.
 */
const redactedPrefix = 'rt1.';

export function encodeRedactedThinking(data: string): string {
  return redactedPrefix + data;
}

/** The redacted thinking data, or undefined when `encrypted` carries a signature. */
export function decodeRedactedThinking(encrypted: string): string | undefined {
  return encrypted.startsWith(redactedPrefix) ? encrypted.slice(redactedPrefix.length) : undefined;
}
