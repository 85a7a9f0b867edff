/**
 * URL routing in the built Worker (workerd via Miniflare): a Worker cannot see the address a
 * name resolves to, so it refuses what the URL itself shows to be non-public (literal loopback
 * and private addresses, `localhost` names) without connecting, and never follows a redirect.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkerBundle, type WorkerBundle } from '../support/build-worker-bundle.js';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { anthropicErrorOf, messagesRequest, postToProxy } from '../support/proxy-client.js';
import { withWorker } from '../support/workerd-worker.js';

const clientKey = 'gsk-client-key-0123456789';

let bundle: WorkerBundle;
let backend: MockOpenAIBackend;
let host: string;
let port: string;

beforeAll(async () => {
  bundle = await buildWorkerBundle();
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'routed hello' }) }));
  ({ host, port } = new URL(backend.url));
}, 120_000);

afterAll(async () => {
  await backend?.close();
});

const routed = (url: string, target: string) => postToProxy(url, messagesRequest(false), { headers: { 'x-api-key': clientKey }, path: `/http/${target}/v1/m1/v1/messages` });

describe('URL routing in the Worker', { timeout: 60_000 }, () => {
  it('refuses literal loopback addresses and localhost names, even when listed, without connecting', async () => {
    const listed = [host, `localhost:${port}`, `api.localhost:${port}`, `[::1]:${port}`];
    const vars = { URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: listed.join(','), ALLOW_OPEN_ACCESS: '1' };
    const answers = await withWorker(bundle, vars, async (url) => Promise.all(listed.map((target) => routed(url, target))));
    for (const [index, answer] of answers.entries()) {
      expect(answer.status, listed[index]).toBe(403);
      expect(anthropicErrorOf(answer).message, listed[index]).toContain('URL routing refused to connect to');
      expect(anthropicErrorOf(answer).message, listed[index]).toContain('URL_ROUTING_ALLOW_PRIVATE=1');
    }
    expect(backend.received).toHaveLength(0);
  });

  it('with private addresses allowed: serves a routed request with the client key, and refuses to follow a redirect', async () => {
    const vars = { URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: host, URL_ROUTING_ALLOW_PRIVATE: '1', ALLOW_OPEN_ACCESS: '1' };
    const [served, redirected] = await withWorker(bundle, vars, async (url) => {
      const first = await routed(url, host);
      backend.setScript(() => ({ kind: 'raw', status: 307, body: '', headers: { location: `http://${host}/elsewhere` } }));
      return [first, await routed(url, host)];
    });
    expect(served!.status).toBe(200);
    expect(backend.received[0]?.headers.authorization).toBe(`Bearer ${clientKey}`);
    expect(backend.received[0]?.body.model).toBe('m1');
    expect(redirected!.status).toBe(502);
    expect(anthropicErrorOf(redirected!).message).toContain(`answered 307, a redirect to http://${host}/elsewhere. URL routing does not follow redirects`);
    // The redirect target was never requested.
    expect(backend.received.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
  });
});
