import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OpenAIChatCompletion } from '../../protocols/openai/types.js';
import { decodeReasoningSignature } from '../reasoning-signature.js';
import { createFixedTranslationContext } from '../../../test/support/fixed-translation-context.js';
import { upstreamFixturePath } from '../../../test/support/replay-openai-stream.js';
import { openAIChatNonStreamFixtures } from '../../../test/support/fixture-sets.js';
import { convertOpenAIResponseToAnthropic, RAW_ARGUMENTS_KEY } from './convert-response.js';

const backendId = 'openai:https://backend.test/v1';
const root = upstreamFixturePath('openai-chat');

function load(relative: string): OpenAIChatCompletion {
  // OpenRouter pads non-stream bodies with leading whitespace; JSON.parse tolerates it.
  return JSON.parse(readFileSync(`${root}/${relative}`, 'utf8')) as OpenAIChatCompletion;
}

function convert(response: unknown, stopSequences?: string[]) {
  return convertOpenAIResponseToAnthropic(response as OpenAIChatCompletion, createFixedTranslationContext({ backendId }), { stopSequences });
}

/** `<provider>/nonstream-*.json`, relative to `root`. */
const fixtures = openAIChatNonStreamFixtures().map((fixture) => fixture.slice('upstream/openai-chat/'.length));

describe('every openai-chat non-stream fixture', () => {
  for (const fixture of fixtures) {
    it(`${fixture} (snapshot)`, () => {
      const { value, warnings } = convert(load(fixture));
      expect(value.id).toBe('msg_1');
      expect(value.model).toBe('claude-sonnet-4-5');
      expect({ value, warnings }).toMatchSnapshot();
    });
  }
});

describe('fixture facts', () => {
  it('deepseek tool call: thinking first (signature names the backend), then tool_use 1:1, cached tokens split', () => {
    const { value } = convert(load('deepseek/nonstream-tool-call.json'));
    expect(value.content.map((b) => b.type)).toEqual(['thinking', 'tool_use']);
    expect(value.content[0]?.type === 'thinking' && decodeReasoningSignature(value.content[0].signature)).toEqual({ backendId });
    expect(value.content[1]).toEqual({ type: 'tool_use', id: 'call_00_9V0vrf86Pc9aelHCJMZqnJBo', name: 'weather', input: { location: 'San Francisco' } });
    expect(value.stop_reason).toBe('tool_use');
    expect(value.usage).toEqual({ input_tokens: 19, output_tokens: 92, cache_read_input_tokens: 320 });
  });

  it('gemini empty tool id: a toolu_ id is generated, the message thought signature is carried', () => {
    const { value } = convert(load('gemini/nonstream-tool-call-empty-id-thought-signature.json'));
    const [thinking, tool] = value.content;
    expect(tool).toEqual({ type: 'tool_use', id: 'toolu_1', name: 'get_current_time', input: {} });
    const carrier = thinking?.type === 'thinking' ? decodeReasoningSignature(thinking.signature) : undefined;
    expect(carrier?.thoughtSignatures?.['']).toMatch(/^AVSoXO4AzAXs/);
    expect(thinking).toMatchObject({ type: 'thinking', thinking: '' });
  });

  it('openrouter reasoning_details are carried verbatim; text not duplicated', () => {
    const response = load('openrouter/nonstream-reasoning-details-glm.json');
    const { value } = convert(response);
    const thinking = value.content[0];
    const carrier = thinking?.type === 'thinking' ? decodeReasoningSignature(thinking.signature) : undefined;
    const message = response.choices[0]?.message;
    expect(carrier?.reasoningDetails).toEqual(message?.reasoning_details);
    expect(thinking?.type === 'thinking' && thinking.thinking).toBe(message?.reasoning);
  });

  it('refusal -> text block with the refusal and stop_reason refusal; length -> max_tokens', () => {
    const refusal = convert(load('openai/nonstream-refusal.json')).value;
    expect(refusal.content).toEqual([{ type: 'text', text: "I'm very sorry, but I can't assist with that." }]);
    expect(refusal.stop_reason).toBe('refusal');
    expect(convert(load('openai/nonstream-finish-reason-length.json')).value.stop_reason).toBe('max_tokens');
  });

  it('parallel tool calls keep order and ids; ollama reasoning field becomes thinking', () => {
    const parallel = convert(load('openai/nonstream-parallel-tool-calls.json')).value;
    expect(parallel.content.map((b) => (b.type === 'tool_use' ? b.id : b.type))).toEqual(['call_fdNz3vOBKYgOIpMdWotB9MjY', 'call_h1DWI1POMJLb0KwIyQHWXD4p']);
    expect(convert(load('ollama/nonstream-reasoning-field.json')).value.content.map((b) => b.type)).toEqual(['thinking', 'text']);
  });
});

function withMessage(message: object, finishReason: string | null = 'stop', extra: object = {}) {
  return { id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }], usage: { prompt_tokens: 3, completion_tokens: 2 }, ...extra };
}

function toolCall(args: unknown) {
  return withMessage({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: args } }] }, 'tool_calls');
}

describe('edge cases', () => {
  it('tool arguments: empty -> {}, unclosed -> repaired, garbage -> raw string kept under a documented key', () => {
    expect(convert(toolCall('  ')).value.content[0]).toMatchObject({ input: {} });
    const repaired = convert(toolCall('{"a":1'));
    expect(repaired.value.content[0]).toMatchObject({ input: { a: 1 } });
    expect(repaired.warnings.map((w) => w.code)).toContain('repaired_tool_arguments');
    expect(convert(toolCall('{"a":1} trailing')).value.content[0]).toMatchObject({ input: { a: 1 } });
    const broken = convert(toolCall('not json at all'));
    expect(broken.value.content[0]).toMatchObject({ input: { [RAW_ARGUMENTS_KEY]: 'not json at all' } });
    expect(broken.warnings.map((w) => w.code)).toContain('invalid_tool_arguments');
  });

  it('tool calls with finish_reason stop are tool_use; vLLM stop_reason selects stop_sequence', () => {
    const stop = { ...toolCall('{}') };
    stop.choices[0]!.finish_reason = 'stop';
    expect(convert(stop).value.stop_reason).toBe('tool_use');
    const vllm = withMessage({ content: 'a' }, 'stop');
    (vllm.choices[0] as Record<string, unknown>)['stop_reason'] = '###';
    expect(convert(vllm, ['###']).value).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
    expect(convert(vllm).value).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
  });

  it('missing usage -> zeros with a missing_usage warning; unknown finish -> end_turn warned; extra choices warned', () => {
    const response = withMessage({ content: 'a' }, 'weird', { usage: undefined });
    response.choices.push({ ...response.choices[0]!, index: 1 });
    const { value, warnings } = convert(response);
    expect(value.usage).toEqual({ input_tokens: 0, output_tokens: 0 });
    expect(value.stop_reason).toBe('end_turn');
    expect(warnings.map((w) => w.code).sort()).toEqual(['dropped_choices', 'missing_usage', 'unknown_finish_reason']);
  });

  it('mistral content arrays: thinking parts -> thinking block, text parts -> text', () => {
    const content = [{ type: 'thinking', thinking: [{ type: 'text', text: 'hmm' }] }, { type: 'text', text: 'Answer' }];
    expect(convert(withMessage({ content })).value.content).toMatchObject([{ type: 'thinking', thinking: 'hmm' }, { type: 'text', text: 'Answer' }]);
  });

  it('a response without choices is an upstream protocol error', () => {
    expect(() => convert({ id: 'x', choices: [] })).toThrow(/no choices/);
  });
});
