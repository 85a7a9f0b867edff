/**
 * The hop header's id for a Worker. On Node one process is one proxy, and a random id per process
 * catches a backend URL that points back at it. A Worker runs in many isolates at once, and a
 * request that loops back may land in another one, so every isolate of one deployment must send
 * and recognise the same id: it is derived from what they share, the hostname the Worker was
 * reached at and its configuration. Secrets are cut out first: the id goes to every backend, and
 * a hash of a weak key could be guessed back offline. Two deployments that differ only in their
 * keys differ in their hostnames.
 */
import { redactSecrets } from '../../log/logger.js';

/** 16 hex digits from the hostname and the configuration's vars, secrets removed. */
export function workerInstanceId(hostname: string, vars: Readonly<Record<string, string>>, secrets: readonly string[]): string {
  const text = [hostname, ...Object.keys(vars).sort().map((name) => `${name}=${vars[name]}`)].join('\n');
  return fnv1a64(redactSecrets(text, secrets));
}

/** FNV-1a, 64 bits, over UTF-16 code units: a stable fingerprint, not a secret (nothing secret goes in). */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = 0xffffffffffffffffn;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}
