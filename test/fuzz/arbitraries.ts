/**
 * fast-check arbitraries for the property tests: well-formed Anthropic and OpenAI requests
 * (conversations whose tool calls are all answered in the next turn), arbitrary JSON, and
 * random stream chunk sequences, valid-looking and hostile mixed.
 */
import fc from 'fast-check';

const text = fc.string({ unit: 'grapheme', maxLength: 40 });
const nonEmptyText = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
const toolName = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,20}$/);
const jsonObject = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

const schema = fc.record({
  type: fc.constant('object'),
  properties: fc.dictionary(
    fc.stringMatching(/^[a-z_]{1,10}$/),
    fc.oneof(
      fc.record({ type: fc.constantFrom('string', 'number', 'integer', 'boolean'), description: text }, { requiredKeys: ['type'] }),
      fc.record({ type: fc.constant('array'), items: fc.record({ type: fc.constant('string') }) }),
      fc.record({ type: fc.constant('string'), enum: fc.array(nonEmptyText, { minLength: 1, maxLength: 3 }) }),
    ),
    { maxKeys: 4 },
  ),
});

interface Turn {
  user: string[];
  assistant: string[];
  thinking: string | undefined;
  calls: Array<{ name: string; input: Record<string, unknown>; result: string; isError: boolean }>;
}

const turn: fc.Arbitrary<Turn> = fc.record({
  user: fc.array(nonEmptyText, { minLength: 1, maxLength: 3 }),
  assistant: fc.array(nonEmptyText, { maxLength: 2 }),
  thinking: fc.option(nonEmptyText, { nil: undefined }),
  calls: fc.array(fc.record({ name: toolName, input: jsonObject, result: text, isError: fc.boolean() }), { maxLength: 3 }),
});

/** Anthropic Messages requests a real client could send. */
export const anthropicRequest = fc
  .record({
    turns: fc.array(turn, { minLength: 1, maxLength: 5 }),
    stringContent: fc.boolean(),
    system: fc.option(fc.oneof(nonEmptyText, fc.array(fc.record({ type: fc.constant('text'), text: nonEmptyText }), { minLength: 1, maxLength: 2 })), { nil: undefined }),
    tools: fc.array(fc.record({ name: toolName, description: fc.option(text, { nil: undefined }), input_schema: schema }, { requiredKeys: ['name', 'input_schema'] }), { maxLength: 4 }),
    toolChoice: fc.constantFrom('none', 'auto', 'any', 'tool', undefined),
    stream: fc.option(fc.boolean(), { nil: undefined }),
    maxTokens: fc.integer({ min: 1, max: 64_000 }),
    temperature: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    stopSequences: fc.option(fc.array(nonEmptyText, { maxLength: 3 }), { nil: undefined }),
    thinking: fc.option(fc.record({ type: fc.constant('enabled'), budget_tokens: fc.integer({ min: 1024, max: 32_000 }) }), { nil: undefined }),
  })
  .map((spec) => {
    const messages: Array<{ role: string; content: unknown }> = [];
    let pendingResults: Array<Record<string, unknown>> = [];
    spec.turns.forEach((t, turnIndex) => {
      const userBlocks = [...pendingResults, ...t.user.map((value) => ({ type: 'text', text: value }))];
      messages.push({ role: 'user', content: spec.stringContent && pendingResults.length === 0 ? t.user.join(' ') : userBlocks });
      pendingResults = [];
      if (turnIndex === spec.turns.length - 1) return; // the conversation ends on the user's turn
      const blocks: Array<Record<string, unknown>> = [];
      if (t.thinking !== undefined) blocks.push({ type: 'thinking', thinking: t.thinking, signature: 'sig' });
      blocks.push(...t.assistant.map((value) => ({ type: 'text', text: value })));
      t.calls.forEach((call, callIndex) => {
        const id = `toolu_${turnIndex}_${callIndex}`;
        blocks.push({ type: 'tool_use', id, name: call.name, input: call.input });
        pendingResults.push({ type: 'tool_result', tool_use_id: id, content: call.result, ...(call.isError ? { is_error: true } : {}) });
      });
      if (blocks.length === 0) blocks.push({ type: 'text', text: 'ok' });
      messages.push({ role: 'assistant', content: blocks });
    });
    const tools = dedupeByName(spec.tools);
    const request: Record<string, unknown> = { model: 'claude-sonnet-4-5', max_tokens: spec.maxTokens, messages };
    if (spec.system !== undefined) request.system = spec.system;
    if (tools.length > 0) {
      request.tools = tools;
      if (spec.toolChoice === 'tool') request.tool_choice = { type: 'tool', name: tools[0]!.name };
      else if (spec.toolChoice !== undefined) request.tool_choice = { type: spec.toolChoice };
    }
    if (spec.stream !== undefined) request.stream = spec.stream;
    if (spec.temperature !== undefined && spec.thinking === undefined) request.temperature = spec.temperature;
    if (spec.stopSequences !== undefined) request.stop_sequences = spec.stopSequences;
    if (spec.thinking !== undefined && spec.thinking.budget_tokens < spec.maxTokens) request.thinking = spec.thinking;
    return request;
  });

function dedupeByName<T extends { name: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => (seen.has(item.name) ? false : (seen.add(item.name), true)));
}

/** OpenAI Chat Completions requests a real client could send. */
export const openAIRequest = fc
  .record({
    system: fc.option(nonEmptyText, { nil: undefined }),
    turns: fc.array(
      fc.record({
        user: fc.oneof(nonEmptyText, fc.array(fc.record({ type: fc.constant('text'), text: nonEmptyText }), { minLength: 1, maxLength: 2 })),
        assistant: fc.option(nonEmptyText, { nil: null }),
        calls: fc.array(fc.record({ name: toolName, args: jsonObject, result: text }), { maxLength: 3 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    tools: fc.array(fc.record({ name: toolName, description: text, parameters: schema }), { maxLength: 3 }),
    stream: fc.option(fc.boolean(), { nil: undefined }),
    maxTokens: fc.option(fc.integer({ min: 1, max: 32_000 }), { nil: undefined }),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    stop: fc.option(fc.oneof(nonEmptyText, fc.array(nonEmptyText, { maxLength: 4 })), { nil: undefined }),
    responseFormat: fc.constantFrom(undefined, 'text', 'json_object'),
  })
  .map((spec) => {
    const messages: Array<Record<string, unknown>> = [];
    if (spec.system !== undefined) messages.push({ role: 'system', content: spec.system });
    spec.turns.forEach((t, turnIndex) => {
      messages.push({ role: 'user', content: t.user });
      if (turnIndex === spec.turns.length - 1) return;
      const calls = t.calls.map((call, callIndex) => ({
        id: `call_${turnIndex}_${callIndex}`,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.args) },
      }));
      messages.push({ role: 'assistant', content: calls.length === 0 ? (t.assistant ?? 'ok') : t.assistant, ...(calls.length > 0 ? { tool_calls: calls } : {}) });
      t.calls.forEach((call, callIndex) => messages.push({ role: 'tool', tool_call_id: `call_${turnIndex}_${callIndex}`, content: call.result }));
    });
    const request: Record<string, unknown> = { model: 'gpt-4o', messages };
    const tools = dedupeByName(spec.tools);
    if (tools.length > 0) request.tools = tools.map((tool) => ({ type: 'function', function: tool }));
    if (spec.stream !== undefined) request.stream = spec.stream;
    if (spec.maxTokens !== undefined) request.max_tokens = spec.maxTokens;
    if (spec.temperature !== undefined) request.temperature = spec.temperature;
    if (spec.stop !== undefined) request.stop = spec.stop;
    if (spec.responseFormat !== undefined) request.response_format = { type: spec.responseFormat };
    return request;
  });

/** Anything JSON, weighted towards objects that look a little like requests. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ model: fc.jsonValue({ maxDepth: 1 }), messages: fc.jsonValue({ maxDepth: 4 }), max_tokens: fc.jsonValue({ maxDepth: 1 }) }, { requiredKeys: [] }),
  fc.record({
    model: fc.constant('m'),
    max_tokens: fc.constant(10),
    messages: fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'tool', 'system', 'x'), content: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }), { maxLength: 4 }),
    tools: fc.jsonValue({ maxDepth: 3 }),
    tool_choice: fc.jsonValue({ maxDepth: 2 }),
    system: fc.jsonValue({ maxDepth: 2 }),
    thinking: fc.jsonValue({ maxDepth: 2 }),
  }, { requiredKeys: ['model', 'messages'] }),
);
