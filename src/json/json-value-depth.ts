/**
 * Whether a parsed JSON value nests arrays and objects deeper than `limit` levels (the value
 * itself, if an array or object, is level 1: the count `jsonNestingDepth` gives for its text).
 * Iterative, with an explicit stack, so a value of any depth is safe to check; it stops at the
 * first node past the limit. Strings, numbers and the rest are never entered, which makes this
 * several times cheaper than scanning the text of a request whose bytes are mostly strings.
 */
export function jsonValueDepthExceeds(value: unknown, limit: number): boolean {
  if (value === null || typeof value !== 'object') return false;
  const nodes: object[] = [value];
  const depths: number[] = [1];
  while (nodes.length > 0) {
    const node = nodes.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(node)) {
      for (const item of node) {
        if (item !== null && typeof item === 'object') {
          nodes.push(item as object);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in node) {
        const item = (node as Record<string, unknown>)[key];
        if (item !== null && typeof item === 'object') {
          nodes.push(item);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}
