const quote = '"';
const backslash = 0x5c;

/**
 * Index of the quote that closes the JSON string whose opening quote is at `open` (or
 * `text.length` when the string is not closed). Jumps with the native `indexOf`, so long strings
 * (base64 images, prompts) cost almost nothing to skip; a quote is escaped when an odd number of
 * backslashes precedes it. The one string skipper of the JSON scans (issue 9); it does not check
 * escapes or control characters (JSON.parse or `JsonPrefixScanner` does that).
 */
export function closingQuoteIndex(text: string, open: number): number {
  let index = text.indexOf(quote, open + 1);
  while (index !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(index - 1 - backslashes) === backslash) backslashes++;
    if (backslashes % 2 === 0) return index;
    index = text.indexOf(quote, index + 1);
  }
  return text.length;
}
