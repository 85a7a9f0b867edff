/**
 * Stop sequences beyond what the backend accepts (OpenAI: 4; Claude Code and agent frameworks
 * send more) are enforced here: the first `maxStopSequences` go to the backend as `stop`, the
 * rest are matched in the translated text. At the first match the text is cut before it and the
 * message ends with `stop_reason: "stop_sequence"` and the matched `stop_sequence`, as Anthropic
 * does. Only text blocks are checked: Anthropic stops on sequences in text output.
 *
 * Streaming holds back only the tail of a text block that could begin a match (at most the
 * longest sequence minus one character), so a match that spans chunks is still cut; every other
 * character flows at once. After a cut the translator is done, so the relay stops reading and
 * releases the upstream.
 */
import type { ProxyError } from '../../errors/proxy-error.js';
import type { AnthropicMessage, AnthropicResponseContentBlock, AnthropicStreamEvent, AnthropicUsage } from '../../protocols/anthropic/types.js';
import type { ModelCapabilities } from '../../models/model-capabilities.js';
import type { Translated, TranslationWarning } from '../types.js';
import type { FinishOptions, OpenAIToAnthropicStreamTranslator } from './stream-translator.js';

/** The client's stop sequences split into what the backend takes and what the proxy enforces. */
export function splitStopSequences(
  sequences: string[] | undefined,
  capabilities: Pick<ModelCapabilities, 'maxStopSequences'>,
): { sent: string[]; enforced: string[] } {
  if (sequences === undefined) return { sent: [], enforced: [] };
  const limit = Math.max(0, capabilities.maxStopSequences);
  // An empty sequence matches everywhere; Anthropic itself ignores nothing but would never send it.
  return { sent: sequences.slice(0, limit), enforced: sequences.slice(limit).filter((sequence) => sequence !== '') };
}

interface Match {
  index: number;
  sequence: string;
}

/** The earliest match of any sequence (the first listed wins a tie). */
export function findFirstStopSequence(text: string, sequences: readonly string[]): Match | undefined {
  let best: Match | undefined;
  for (const sequence of sequences) {
    const index = text.indexOf(sequence);
    if (index !== -1 && (best === undefined || index < best.index)) best = { index, sequence };
  }
  return best;
}

/** Length of the longest end of `text` that is the start of some sequence (and not all of it). */
export function partialMatchLength(text: string, sequences: readonly string[]): number {
  let longest = 0;
  for (const sequence of sequences) {
    for (let length = Math.min(sequence.length - 1, text.length); length > longest; length -= 1) {
      if (text.endsWith(sequence.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}

function enforcedWarning(sequence: string, streaming: boolean): TranslationWarning {
  // A cut stream ends before the backend's usage chunk: the counts are what it had reported so far.
  const usageNote = streaming ? ' The stream was ended there; its usage is what the backend had reported by then.' : '';
  return {
    code: 'stop_sequence_enforced',
    message: `The proxy cut the output at stop sequence ${JSON.stringify(sequence)}, which the backend could not be sent.${usageNote}`,
    field: 'stop_sequences',
  };
}

/**
 * A non-streaming answer cut at the first enforced stop sequence in its text: the text before
 * it stays, later blocks go. Unchanged (the same object) when nothing matches.
 */
export function enforceStopSequencesOnMessage(translated: Translated<AnthropicMessage>, enforced: readonly string[]): Translated<AnthropicMessage> {
  if (enforced.length === 0) return translated;
  const content = translated.value.content;
  for (let i = 0; i < content.length; i += 1) {
    const block = content[i];
    if (block?.type !== 'text') continue;
    const match = findFirstStopSequence(block.text, enforced);
    if (match === undefined) continue;
    const before = block.text.slice(0, match.index);
    const kept: AnthropicResponseContentBlock[] = [...content.slice(0, i), ...(before.trim() === '' ? [] : [{ ...block, text: before }])];
    return {
      value: { ...translated.value, content: kept, stop_reason: 'stop_sequence', stop_sequence: match.sequence },
      warnings: [...translated.warnings, enforcedWarning(match.sequence, false)],
    };
  }
  return translated;
}

interface TextBlockState {
  index: number;
  /** The `content_block_start`, held until some text is sent (a block cut at once never opens). */
  pendingStart: AnthropicStreamEvent | undefined;
  held: string;
}

/** The events of a text block's text, its start first if it was still held back. */
function emitText(block: TextBlockState, text: string, out: AnthropicStreamEvent[]): void {
  if (text === '') return;
  if (block.pendingStart !== undefined) {
    out.push(block.pendingStart);
    block.pendingStart = undefined;
  }
  out.push({ type: 'content_block_delta', index: block.index, delta: { type: 'text_delta', text } });
}

function usageSoFar(inner: OpenAIToAnthropicStreamTranslator): Partial<AnthropicUsage> & { output_tokens: number } {
  const { inputTokens, outputTokens, cacheReadInputTokens, cacheCreationInputTokens } = inner.usage;
  return {
    ...(inputTokens !== undefined && { input_tokens: inputTokens }),
    output_tokens: outputTokens ?? 0,
    ...(cacheReadInputTokens !== undefined && { cache_read_input_tokens: cacheReadInputTokens }),
    ...(cacheCreationInputTokens !== undefined && { cache_creation_input_tokens: cacheCreationInputTokens }),
  };
}

/**
 * Wraps a stream translator so that `enforced` stop sequences end the message (see the file
 * comment). Returns `inner` itself when there is nothing to enforce: no cost on the hot path.
 */
export function enforceStopSequencesOnStream(inner: OpenAIToAnthropicStreamTranslator, enforced: readonly string[]): OpenAIToAnthropicStreamTranslator {
  if (enforced.length === 0) return inner;
  let text: TextBlockState | undefined;
  let cut = false;

  const stopAt = (block: TextBlockState, before: string, sequence: string, out: AnthropicStreamEvent[]): void => {
    emitText(block, before, out);
    if (block.pendingStart === undefined) out.push({ type: 'content_block_stop', index: block.index });
    out.push({ type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: sequence }, usage: usageSoFar(inner) });
    out.push({ type: 'message_stop' });
    inner.warnings.push(enforcedWarning(sequence, true));
    text = undefined;
    cut = true;
  };

  const onTextDelta = (block: TextBlockState, delta: string, out: AnthropicStreamEvent[]): void => {
    const combined = block.held + delta;
    const match = findFirstStopSequence(combined, enforced);
    if (match !== undefined) return stopAt(block, combined.slice(0, match.index), match.sequence, out);
    const hold = partialMatchLength(combined, enforced);
    block.held = combined.slice(combined.length - hold);
    emitText(block, combined.slice(0, combined.length - hold), out);
  };

  /** Whatever ends or interrupts the text block releases the held tail first. */
  const flush = (out: AnthropicStreamEvent[]): void => {
    if (text === undefined) return;
    emitText(text, text.held, out);
    text.held = '';
  };

  const process = (events: AnthropicStreamEvent[]): AnthropicStreamEvent[] => {
    const out: AnthropicStreamEvent[] = [];
    for (const event of events) {
      if (cut) break;
      if (event.type === 'content_block_start' && event.content_block.type === 'text') {
        text = { index: event.index, pendingStart: event, held: '' };
      } else if (event.type === 'content_block_delta' && event.delta.type === 'text_delta' && text?.index === event.index) {
        onTextDelta(text, event.delta.text, out);
      } else if (event.type === 'content_block_stop' && text?.index === event.index) {
        flush(out);
        if (text.pendingStart !== undefined) out.push(text.pendingStart);
        out.push(event);
        text = undefined;
      } else {
        flush(out);
        out.push(event);
      }
    }
    return out;
  };

  return {
    push: (chunk: unknown) => (cut ? [] : process(inner.push(chunk))),
    fail: (error: ProxyError) => (cut ? [] : process(inner.fail(error))),
    finish: (options?: FinishOptions) => (cut ? [] : process(inner.finish(options))),
    get warnings() {
      return inner.warnings;
    },
    get usage() {
      return inner.usage;
    },
    get isDone() {
      return cut || inner.isDone;
    },
    get failure() {
      return inner.failure;
    },
  };
}
