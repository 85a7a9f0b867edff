/**
 * Limits on what one request may hold, each a clean Anthropic 4xx that names the limit: body
 * size (MAX_BODY_BYTES, by content-length and by streamed bytes), JSON nesting depth, number of
 * messages and tools. None of these requests reaches the backend.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxJsonDepth } from '../../src/http/http-io.js';
import { jsonNestingDepth } from '../../src/json/json-nesting-depth.js';
import { maxMessages, maxTools } from '../../src/protocols/anthropic/validate-request.js';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicErrorOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;
const maxBodyBytes = 2 * 1024 * 1024;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o', MAX_BODY_BYTES: String(maxBodyBytes) });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? [value] : { deeper: value };
  return value;
}

describe('request limits', () => {
  it('a body over MAX_BODY_BYTES: 413 request_too_large naming the limit', async () => {
    const answer = await postToProxy(proxy.url, messagesRequest(false, { messages: [{ role: 'user', content: 'x'.repeat(maxBodyBytes) }] }));
    expect(answer.status).toBe(413);
    expect(anthropicErrorOf(answer)).toMatchObject({ type: 'request_too_large', message: expect.stringContaining(`${maxBodyBytes} bytes`) });
  });

  it('a chunked body (no content-length) over the limit is cut off while streaming in', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(`${proxy.url}/v1/messages`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
      request.on('error', reject);
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      const piece = 'y'.repeat(256 * 1024);
      request.write('{"model":"m","messages":[{"role":"user","content":"');
      for (let sent = 0; sent <= maxBodyBytes; sent += piece.length) request.write(piece);
      request.end('"}]}');
    });
    expect(status).toBe(413);
  });

  it(`JSON nested deeper than ${maxJsonDepth} levels: 400 naming the limit (a hundred thousand and a million levels too)`, async () => {
    const deep = messagesRequest(false, { metadata: { user_id: 'u', extra: nested(maxJsonDepth + 5) } });
    const answer = await postToProxy(proxy.url, deep);
    expect(answer.status).toBe(400);
    expect(anthropicErrorOf(answer)).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining(`${maxJsonDepth} levels`) });
    const bomb = `{"model":"m","messages":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const bombAnswer = await postToProxy(proxy.url, bomb);
    expect(bombAnswer.status).toBe(400);
    expect(anthropicErrorOf(bombAnswer).message).toContain(`${maxJsonDepth} levels`);
    // Under 256 KB the parsed value is checked rather than the text: the same answer.
    const smallBomb = `{"model":"m","messages":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    const smallAnswer = await postToProxy(proxy.url, smallBomb);
    expect(smallAnswer.status).toBe(400);
    expect(anthropicErrorOf(smallAnswer).message).toContain(`${maxJsonDepth} levels`);
  });

  it('nesting at the limit is accepted; brackets inside strings do not count', async () => {
    const request = messagesRequest(false, { messages: [{ role: 'user', content: '[[[[{{{{'.repeat(100) }] });
    expect((await postToProxy(proxy.url, request)).status).toBe(200);
    expect(jsonNestingDepth(JSON.stringify(nested(maxJsonDepth)))).toBe(maxJsonDepth);
    expect(jsonNestingDepth('{"a":"\\"[[[[","b":[1]}')).toBe(2);
  });

  it('too many messages or tools: 400 naming the limit', async () => {
    backend.received.length = 0;
    const messages = Array.from({ length: maxMessages + 1 }, (_, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content: 'x' }));
    const tooManyMessages = await postToProxy(proxy.url, messagesRequest(false, { messages }));
    expect(tooManyMessages.status).toBe(400);
    expect(anthropicErrorOf(tooManyMessages).message).toContain(`at most ${maxMessages}`);
    const tools = Array.from({ length: maxTools + 1 }, (_, i) => ({ name: `t${i}`, input_schema: { type: 'object' } }));
    const tooManyTools = await postToProxy(proxy.url, messagesRequest(false, { tools }));
    expect(tooManyTools.status).toBe(400);
    expect(anthropicErrorOf(tooManyTools).message).toContain(`at most ${maxTools}`);
    expect(backend.received).toHaveLength(0);
  });
});
