/** C0 controls (CR, LF, ESC...), DEL, C1 controls (a lone 0x9b is a CSI to some terminals), U+2028/2029. */
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;
const namedEscapes: Record<string, string> = { '\r': '\\r', '\n': '\\n', '\t': '\\t' };

/**
 * Client-controlled values (model, path, error text quoting input) shown as visible escapes
 * (`\r`, `\n`, `\x1b`, `\u2028`), so a request can neither forge a log line nor send the
 * terminal an escape sequence. One scan of the usual clean line, no copy.
 */
export function escapeControlCharacters(text: string): string {
  if (!hasControlCharacter(text)) return text;
  return text.replace(controlCharacters, (character) => namedEscapes[character] ?? hexEscape(character.charCodeAt(0)));
}

/**
 * The test of `controlCharacters` as a loop: an unanchored regex test tries a match at every
 * position, several times the instructions of this for a clean line (issue 13).
 */
function hasControlCharacter(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) return true;
  }
  return false;
}

function hexEscape(code: number): string {
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** What JSON.stringify leaves raw although a terminal or a line splitter may act on it. */
const rawAfterStringify = /[\u007f-\u009f\u2028\u2029]/;
const rawAfterStringifyAll = /[\u007f-\u009f\u2028\u2029]/g;

/**
 * A JSON.stringify result with DEL, the C1 controls and U+2028/2029 as `\uXXXX` escapes: still
 * the same JSON value (they can only occur inside strings), but safe to `tail` on a terminal.
 * JSON.stringify already escapes the C0 controls (newline included), so each object is one line.
 */
export function escapeJsonLine(json: string): string {
  if (!rawAfterStringify.test(json)) return json;
  return json.replace(rawAfterStringifyAll, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
