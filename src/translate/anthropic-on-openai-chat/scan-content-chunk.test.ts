import { describe, expect, it } from 'vitest';
import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { openAIChatStreamFixtures } from '../../../test/support/fixture-sets.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { readUpstreamFixture } from '../../../test/support/replay-openai-stream.js';
import { sseDataPayloads } from '../../../test/support/sse-data-payloads.js';
import { PlainContentChunkReader } from './scan-content-chunk.js';
import { createOpenAIToAnthropicStreamTranslator, type OpenAIToAnthropicStreamTranslator } from './stream-translator.js';
import { translateOpenAIStreamData } from './translate-stream-data.js';

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}, choice: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, ...choice, finish_reason: null }], ...extra });

describe('PlainContentChunkReader', () => {
  it.each([
    ['OpenAI', chunk({ content: 'Hi' }, { service_tier: 'default', system_fingerprint: 'fp_1', obfuscation: 'x9' }, { logprobs: null })],
    ['a role and a refusal of null', chunk({ role: 'assistant', content: '', refusal: null })],
    ['DeepSeek', chunk({ content: ' there', reasoning_content: null }, { usage: null })],
    ['escapes in the text', chunk({ content: 'a "quote"\n\\ \u2028 ✓' })],
    ['no index, numbers of every form', JSON.stringify({ created: -1.5e3, x: true, y: false, choices: [{ delta: { content: 'z' } }] })],
  ])('reads the text of a plain chunk (%s)', (_name, data) => {
    const parsed = JSON.parse(data) as { choices: Array<{ delta: { content: string } }> };
    expect(new PlainContentChunkReader().contentOf(data)).toBe(parsed.choices[0]!.delta.content);
  });

  it.each([
    ['whitespace', chunk({ content: 'Hi' }).replace(',', ', ')],
    ['a finish reason', chunk({ content: 'Hi' }).replace('"finish_reason":null', '"finish_reason":"stop"')],
    ['usage', chunk({ content: 'Hi' }, { usage: { prompt_tokens: 1, completion_tokens: 1 } })],
    ['an error', chunk({ content: 'Hi' }, { error: 'boom' })],
    ['reasoning', chunk({ content: '', reasoning_content: 'think' })],
    ['tool calls', chunk({ content: null, tool_calls: [] })],
    ['no text', chunk({ role: 'assistant' })],
    ['another choice', chunk({ content: 'Hi' }).replace('"index":0', '"index":1')],
    ['two choices', JSON.stringify({ choices: [{ index: 0, delta: { content: 'a' } }, { index: 1, delta: { content: 'b' } }] })],
    ['choices twice', '{"choices":[{"delta":{"content":"a"}}],"choices":[{"delta":{"content":"a"}}]}'],
    ['an escaped key', '{"choices":[{"delta":{"content":"a"}}],"err\\u006fr":"x"}'],
    ['an escaped value outside the text', chunk({ content: 'Hi' }, { model: 'a\\b' })],
    ['an object outside the text', chunk({ content: 'Hi' }, { x_groq: { id: 'req' } })],
    ['a raw control character (not JSON)', chunk({ content: 'Hi' }).replace('chatcmpl-1', 'chat\tcmpl')],
    ['a bad escape (not JSON)', chunk({ content: 'Hi' }).replace('Hi', 'H\\qi')],
    ['trailing bytes', `${chunk({ content: 'Hi' })}x`],
    ['a leading zero (not JSON)', chunk({ content: 'Hi' }).replace('"created":1', '"created":01')],
    ['[DONE]', '[DONE]'],
  ])('leaves a chunk with %s to JSON.parse', (_name, data) => {
    expect(new PlainContentChunkReader().contentOf(data)).toBeUndefined();
  });

  it('reads later chunks of the same shape by their beginning and end, and scans anything else', () => {
    const reader = new PlainContentChunkReader();
    expect(reader.contentOf(chunk({ content: 'one' }))).toBe('one');
    expect(reader.contentOf(chunk({ content: 'two' }))).toBe('two');
    expect(reader.contentOf(chunk({ content: 'with "escapes"\n' }))).toBe('with "escapes"\n');
    // The same beginning and end around something that is not one string: another chunk.
    const spliced = chunk({ content: 'a","role":"b' }).replace('a\\",\\"role\\":\\"b', 'a","role":"b');
    expect(JSON.parse(spliced)).toMatchObject({ choices: [{ delta: { content: 'a', role: 'b' } }] });
    expect(reader.contentOf(spliced)).toBe('a');
    expect(reader.contentOf(chunk({ content: 'tab\tinside' }).replace('\\t', '\t'))).toBeUndefined();
    expect(reader.contentOf(chunk({ content: 'three' }))).toBe('three');
  });
});

/** What translateOpenAIStreamData did before it knew plain chunks: every payload parsed whole. */
function translateParsingWhole(translator: OpenAIToAnthropicStreamTranslator, data: string) {
  const payload = data.trim();
  if (payload === '[DONE]') return translator.finish();
  if (payload === '') return [];
  try {
    return translator.push(JSON.parse(payload));
  } catch {
    return translator.fail(new UpstreamProtocolError(`Backend upstream sent a stream event that is not JSON: ${payload.slice(0, 200)}`));
  }
}

describe('translateOpenAIStreamData on plain text chunks', () => {
  it('gives the events and warnings of parsing every chunk whole, on every recorded stream', () => {
    let read = 0;
    for (const fixture of openAIChatStreamFixtures().map((path) => path.slice('upstream/'.length))) {
      const translators = [0, 1].map(() => createOpenAIToAnthropicStreamTranslator(createFixedTranslationContext(), { webSearch: { query: 'q', alwaysSearches: false } }));
      const [fast, whole] = translators as [OpenAIToAnthropicStreamTranslator, OpenAIToAnthropicStreamTranslator];
      const reader = new PlainContentChunkReader();
      for (const data of sseDataPayloads(readUpstreamFixture(fixture))) {
        if (fast.isDone) break;
        if (reader.contentOf(data) !== undefined) read++;
        expect(translateOpenAIStreamData(fast, data, 'upstream'), fixture).toEqual(translateParsingWhole(whole, data));
      }
      expect(fast.warnings, fixture).toEqual(whole.warnings);
    }
    // Most text chunks of real providers are read without JSON.parse.
    expect(read).toBeGreaterThan(100);
  });
});
