import { describe, expect, it } from 'vitest';
import type { ResponsesRequest } from '../../protocols/openai-responses/types.js';
import { COMPACTION_PROMPT, SUMMARY_HEADING, asksForCompaction, compactedOutputOf, compactionItemOf, summaryOfCompactionItem, summaryRequestOf } from './compaction.js';
import { convertInputItems } from './convert-input-items.js';
import { convertResponsesTools } from './convert-tools.js';

const conversation: ResponsesRequest = {
  model: 'm',
  stream: true,
  store: false,
  tools: [{ type: 'function', name: 'f' }],
  input: [
    { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'build it' }] },
    { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done' }] },
    { type: 'compaction_trigger' },
  ],
};

describe('compaction', () => {
  it('sees the trigger only as the last item', () => {
    expect(asksForCompaction(conversation)).toBe(true);
    expect(asksForCompaction({ ...conversation, input: [{ type: 'compaction_trigger' }, { role: 'user', content: 'x' }] })).toBe(false);
    expect(asksForCompaction({ model: 'm', input: 'hi' })).toBe(false);
  });

  it('asks for the summary without the trigger, with the instruction last, no tool calls and no stream', () => {
    const request = summaryRequestOf(conversation);
    expect(request.input).toEqual([
      conversation.input[0],
      conversation.input[1],
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: COMPACTION_PROMPT }] },
    ]);
    expect(request).toMatchObject({ tool_choice: 'none', stream: false, tools: conversation.tools });
    expect(request.store).toBeUndefined();
  });

  it('carries the summary in the item and gives it back as text at the item\'s place', () => {
    const item = compactionItemOf('The goal is X; next: Y.', 'cmp_1');
    expect(item).toMatchObject({ type: 'compaction', id: 'cmp_1', encrypted_content: expect.stringMatching(/^cpxc1\./) });
    expect(summaryOfCompactionItem(item)).toBe('The goal is X; next: Y.');
    const { toolMap } = convertResponsesTools([], []);
    const warnings: never[] = [];
    const { messages } = convertInputItems([{ type: 'message', role: 'user', content: 'build it' }, item, { type: 'message', role: 'user', content: 'go on' }], toolMap, warnings);
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'build it' }, { type: 'text', text: `${SUMMARY_HEADING}\n\nThe goal is X; next: Y.` }, { type: 'text', text: 'go on' }] }]);
  });

  it('leaves out a compaction item it did not make (OpenAI\'s own), with a warning', () => {
    const { toolMap } = convertResponsesTools([], []);
    const warnings: Array<{ code: string }> = [];
    const { messages } = convertInputItems([{ type: 'compaction', encrypted_content: 'gAAAAABpM0Yj' }, { role: 'user', content: 'go on' }], toolMap, warnings as never);
    expect(messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'go on' }] }]);
    expect(warnings.map((warning) => warning.code)).toEqual(['dropped_message']);
  });

  it('answers /compact with the user\'s messages and the item', () => {
    const item = compactionItemOf('s', 'cmp_2');
    expect(compactedOutputOf(conversation, item)).toEqual([conversation.input[0], item]);
  });
});
