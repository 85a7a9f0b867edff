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

import { decodeBase64UrlJson, encodeBase64UrlJson } from './base64url-json.js';

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
  return prefix + encodeBase64UrlJson(carrier);
}

/** Undefined for signatures that are not ours (real Anthropic ones, garbage, truncation). */
export function decodeReasoningSignature(signature: unknown): ReasoningCarrier | undefined {
  if (typeof signature !== 'string' || !signature.startsWith(prefix)) return undefined;
  const parsed = decodeBase64UrlJson(signature.slice(prefix.length));
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const carrier = parsed as Partial<ReasoningCarrier>;
  if (typeof carrier.backendId !== 'string') return undefined;
  return carrier as ReasoningCarrier;
}
