/**
 * Precomputed answers of the mock backend: an OpenAI chat completion and chunk stream, and an
 * Anthropic message and event stream. Every buffer is built once; serving is a memcpy.
 */

/** Model names the mock answers with (the proxy echoes the client's model anyway). */
export const MOCK_OPENAI_MODEL = 'bench-model';
export const MOCK_ANTHROPIC_MODEL = 'claude-sonnet-4-5';

/** One text token per chunk, as real backends stream. */
const TOKEN = ' lorem';
/** Words of the non-streaming answer. */
const ANSWER_WORDS = 60;

export interface StreamPayload {
  /** Frames sent at once, before any text (role chunk / message_start, block start). */
  head: Buffer;
  /** One text chunk; sent `chunks` times, `paceMs` apart. */
  text: Buffer;
  /** Frames after the last text chunk (finish, usage, [DONE] / message_stop). */
  tail(chunks: number): Buffer;
}

function sse(event: string | undefined, value: unknown): string {
  const data = typeof value === 'string' ? value : JSON.stringify(value);
  return event === undefined ? `data: ${data}\n\n` : `event: ${event}\ndata: ${data}\n\n`;
}

export const openAICompletion = Buffer.from(JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1_700_000_000,
  model: MOCK_OPENAI_MODEL,
  choices: [{
    index: 0,
    message: { role: 'assistant', content: TOKEN.repeat(ANSWER_WORDS).trim() },
    finish_reason: 'stop',
  }],
  usage: { prompt_tokens: 42, completion_tokens: ANSWER_WORDS, total_tokens: 42 + ANSWER_WORDS },
}));

function openAIChunk(delta: Record<string, unknown>, finishReason: string | null = null): Record<string, unknown> {
  return {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: MOCK_OPENAI_MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
}

export const openAIStream: StreamPayload = {
  head: Buffer.from(sse(undefined, openAIChunk({ role: 'assistant', content: '' }))),
  text: Buffer.from(sse(undefined, openAIChunk({ content: TOKEN }))),
  tail: (chunks) => Buffer.from(
    sse(undefined, openAIChunk({}, 'stop')) +
    sse(undefined, {
      ...openAIChunk({}),
      choices: [],
      usage: { prompt_tokens: 42, completion_tokens: chunks, total_tokens: 42 + chunks },
    }) +
    sse(undefined, '[DONE]'),
  ),
};

export const anthropicMessage = Buffer.from(JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: MOCK_ANTHROPIC_MODEL,
  content: [{ type: 'text', text: TOKEN.repeat(ANSWER_WORDS).trim() }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 42, output_tokens: ANSWER_WORDS },
}));

export const anthropicStream: StreamPayload = {
  head: Buffer.from(
    sse('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_bench', type: 'message', role: 'assistant', model: MOCK_ANTHROPIC_MODEL, content: [],
        stop_reason: null, stop_sequence: null, usage: { input_tokens: 42, output_tokens: 1 },
      },
    }) +
    sse('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
    sse('ping', { type: 'ping' }),
  ),
  text: Buffer.from(sse('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: TOKEN } })),
  tail: (chunks) => Buffer.from(
    sse('content_block_stop', { type: 'content_block_stop', index: 0 }) +
    sse('message_delta', { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: chunks } }) +
    sse('message_stop', { type: 'message_stop' }),
  ),
};
