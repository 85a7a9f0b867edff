/**
 * Stateless carrying of provider reasoning across turns.
 *
 * Anthropic clients (Claude Code above all) echo every `thinking` block back unchanged, with its
 * `signature`. The proxy keeps no session state, so whatever a backend needs back on the next
 * turn (OpenRouter `reasoning_details`, Gemini `thought_signature`s per tool call) is packed into
 * that signature, together with the identity of the backend that produced it. A signature from
 * another backend (the user switched models mid-session) is ignored, never forwarded.
 *
 * Format: `cpx1.` + base64url(JSON). Runtime-agnostic (no node:*).
 */

const prefix = 'cpx1.';

export interface ReasoningCarrier {
  /** `TranslationContext.backendId` of the backend that produced the reasoning. */
  backendId: string;
  /** OpenRouter `reasoning_details`, verbatim. */
  reasoningDetails?: unknown[];
  /** Gemini thought signatures keyed by tool-call id; `''` keys the signature of a text part. */
  thoughtSignatures?: Record<string, string>;
}

export function encodeReasoningSignature(carrier: ReasoningCarrier): string {
  const bytes = new TextEncoder().encode(JSON.stringify(carrier));
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return prefix + btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Undefined for signatures that are not ours (real Anthropic ones, garbage, truncation). */
export function decodeReasoningSignature(signature: unknown): ReasoningCarrier | undefined {
  if (typeof signature !== 'string' || !signature.startsWith(prefix)) return undefined;
  try {
    const base64 = signature.slice(prefix.length).replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(base64);
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const carrier = parsed as Partial<ReasoningCarrier>;
    if (typeof carrier.backendId !== 'string') return undefined;
    return carrier as ReasoningCarrier;
  } catch {
    return undefined;
  }
}
