/**
 * True when `value`'s own enumerable keys are exactly `keys`, in that order: what JSON.stringify
 * will write, so that a hand-built template of those fields gives the same bytes.
 */
export function hasExactKeys(value: object, keys: readonly string[]): boolean {
  const own = Object.keys(value);
  if (own.length !== keys.length) return false;
  for (let index = 0; index < keys.length; index++) if (own[index] !== keys[index]) return false;
  return true;
}
