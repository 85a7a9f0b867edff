/**
 * Readers for the provider extensions that carry reasoning in OpenAI-shaped responses, shared by
 * the non-streaming converter and the stream translator. All inputs are untrusted wire data.
 */

import { isRecord } from '../../json/is-record.js';

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Plain reasoning text: DeepSeek/xAI/Z.ai/llama.cpp `reasoning_content`, OpenRouter/Ollama/Groq
 * `reasoning`. OpenRouter sends the same text again in `reasoning_details`, so those are read
 * only when neither string field has text (see {@link thinkingTextFromDetails}).
 */
export function plainReasoningText(message: Record<string, unknown>): string | undefined {
  return nonEmptyString(message['reasoning_content']) ?? nonEmptyString(message['reasoning']);
}

/** Readable text of OpenRouter `reasoning_details` (`reasoning.text` / `reasoning.summary`); encrypted entries have none. */
export function thinkingTextFromDetails(details: readonly unknown[]): string {
  let text = '';
  for (const detail of details) {
    if (!isRecord(detail)) continue;
    if (detail['type'] === 'reasoning.text' && typeof detail['text'] === 'string') text += detail['text'];
    if (detail['type'] === 'reasoning.summary' && typeof detail['summary'] === 'string') text += detail['summary'];
  }
  return text;
}

/** `reasoning_details` of a message or delta, when it is a non-empty array. */
export function reasoningDetailsOf(message: Record<string, unknown>): unknown[] | undefined {
  const details = message['reasoning_details'];
  return Array.isArray(details) && details.length > 0 ? details : undefined;
}

/** Gemini's `extra_content.google.thought_signature` on a message, delta or tool call. */
export function thoughtSignatureOf(carrier: unknown): string | undefined {
  if (!isRecord(carrier)) return undefined;
  const extra = carrier['extra_content'];
  const google = isRecord(extra) ? extra['google'] : undefined;
  return isRecord(google) ? nonEmptyString(google['thought_signature']) : undefined;
}

const mergedStringFields = ['text', 'summary', 'data'] as const;

function sameDetailSlot(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return a['type'] === b['type'] && a['index'] === b['index'] && (b['id'] === undefined || a['id'] === b['id']);
}

function mergeDetailInto(target: Record<string, unknown>, fragment: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(fragment)) {
    const isMergedText = (mergedStringFields as readonly string[]).includes(key);
    if (isMergedText && typeof value === 'string' && typeof target[key] === 'string') {
      target[key] = (target[key] as string) + value;
    } else if (value !== null && value !== undefined && value !== '') {
      target[key] = value; // signature, format, id: the latest non-empty value wins
    } else if (!(key in target)) {
      target[key] = value;
    }
  }
}

/**
 * Folds streamed `reasoning_details` fragments into whole entries, the shape OpenRouter wants
 * back: consecutive fragments of the same type and index are one entry whose text is the
 * concatenation. Keeps signatures small instead of carrying hundreds of one-word fragments.
 */
export function mergeReasoningDetails(accumulated: unknown[], fragments: readonly unknown[]): void {
  for (const fragment of fragments) {
    const last = accumulated[accumulated.length - 1];
    if (isRecord(fragment) && isRecord(last) && sameDetailSlot(last, fragment)) {
      mergeDetailInto(last, fragment);
    } else {
      accumulated.push(isRecord(fragment) ? { ...fragment } : fragment);
    }
  }
}

/** Text and thinking of a Mistral content array (`text` parts, `thinking` parts holding text parts or a string). */
export function readContentParts(parts: readonly unknown[]): { text: string; thinking: string } {
  let text = '';
  let thinking = '';
  for (const part of parts) {
    if (!isRecord(part)) continue;
    if (part['type'] === 'text' && typeof part['text'] === 'string') text += part['text'];
    if (part['type'] === 'thinking') thinking += thinkingPartText(part['thinking']);
  }
  return { text, thinking };
}

function thinkingPartText(thinking: unknown): string {
  if (typeof thinking === 'string') return thinking;
  if (!Array.isArray(thinking)) return '';
  return readContentParts(thinking).text;
}
