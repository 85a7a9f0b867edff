/**
 * The UTF-8 size of a string without encoding it: a JSON answer's `content-length` (the answer
 * is then written as the string, which the runtime encodes once, on its way out). ASCII, which
 * most JSON is, is one byte per code unit. The ASCII prefix is found by a plain loop: an
 * unanchored regex test (`/[^\u0000-\u007f]/`) tries a match at every position and cost about
 * six times as many instructions (bench/handler-instructions.ts, issue 13).
 */
export function utf8ByteLength(text: string): number {
  const length = text.length;
  let ascii = 0;
  while (ascii < length && text.charCodeAt(ascii) < 0x80) ascii++;
  if (ascii === length) return length;
  let bytes = ascii;
  for (let index = ascii; index < length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(index + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: one code point of four bytes.
      bytes += 4;
      index++;
    } else {
      // The rest of the BMP, and a lone surrogate, which encoders write as U+FFFD (three bytes).
      bytes += 3;
    }
  }
  return bytes;
}
