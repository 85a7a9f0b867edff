/**
 * The string a JSON string literal (quotes included) holds; undefined when it is not one string
 * (an unescaped quote inside, a bad escape, a raw control character). For the hand-read hot
 * paths of streams, which take a text as it is unless it has escapes.
 */
export function decodeJsonString(literal: string): string | undefined {
  try {
    const value: unknown = JSON.parse(literal);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
