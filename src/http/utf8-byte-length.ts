/**
 * The UTF-8 size of a string without encoding it: a JSON answer's `content-length` (the answer
 * is then written as the string, which the runtime encodes once, on its way out). ASCII, which
 * most JSON is, is one byte per code unit and found by one native scan.
 */
const nonAscii = /[^\u0000-\u007f]/;

export function utf8ByteLength(text: string): number {
  if (!nonAscii.test(text)) return text.length;
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
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
