/**
 * Random bytes, malformed JSON and random JSON sent to the live proxy: every answer is a clean
 * Anthropic 4xx envelope (or a 200 when the random request happens to be valid), never a 5xx,
 * a hang or a crash; the proxy still serves a normal request afterwards.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { messagesRequest, postToProxy } from '../support/proxy-client.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';
import { hostileJson } from './arbitraries.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'ok' }) }));
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o' });
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

const body = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.json({ maxDepth: 3 }).chain((json) => fc.nat(json.length).map((cut) => json.slice(0, cut))),
  hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
);

describe('hostile bodies against the live proxy', () => {
  it('always a clean Anthropic answer', async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('/v1/messages', '/v1/messages/count_tokens'), async (text, path) => {
        const answer = await postToProxy(proxy.url, text, { path, timeoutMs: 5_000 });
        if (answer.status === 200) return;
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
        expect(JSON.parse(answer.text)).toMatchObject({ type: 'error', error: { type: expect.any(String), message: expect.any(String) } });
      }),
      { numRuns: 150 },
    );
    expect((await postToProxy(proxy.url, messagesRequest(false))).status).toBe(200);
  });
});
