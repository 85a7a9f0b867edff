const encoder = new TextEncoder();

/**
 * Compares a presented key with the expected one in time that depends only on the expected
 * key's length, not on where they differ: a client cannot find the key byte by byte by timing
 * the 401s. Runtime-neutral (node:crypto's timingSafeEqual is Node-only and needs equal lengths).
 */
export function keysEqual(presented: string | undefined, expected: string): boolean {
  const a = encoder.encode(presented ?? '');
  const b = encoder.encode(expected);
  let difference = a.length ^ b.length;
  for (let index = 0; index < b.length; index++) difference |= (a[index % Math.max(a.length, 1)] ?? 0) ^ b[index]!;
  return difference === 0 && presented !== undefined;
}
