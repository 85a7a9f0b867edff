/**
 * A short, stable stand-in for long client user ids (Claude Code sends a JSON string of ~150
 * chars; OpenAI's `user` takes 64). FNV-1a 64-bit: pure, runtime-agnostic, deterministic. It is
 * not a cryptographic hash; it only has to keep one user's requests grouped without leaking the
 * raw id, and collisions merely merge two users' abuse-monitoring buckets.
 */

const fnvOffsetBasis = 0xcbf29ce484222325n;
const fnvPrime = 0x100000001b3n;
const mask64 = 0xffffffffffffffffn;

/** FNV-1a 64 over the UTF-8 bytes of `text`, as 16 lowercase hex digits. */
export function fnv1a64Hex(text: string): string {
  let hash = fnvOffsetBasis;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * fnvPrime) & mask64;
  }
  return hash.toString(16).padStart(16, '0');
}

/** `userId` itself when it fits `maxLength`, else `u_<fnv1a64>` (cut to `maxLength`). */
export function shortenUserId(userId: string, maxLength: number): string {
  if (userId.length <= maxLength) return userId;
  return `u_${fnv1a64Hex(userId)}`.slice(0, maxLength);
}
