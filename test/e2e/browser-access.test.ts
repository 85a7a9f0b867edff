/**
 * Web pages cannot spend the user's keys: the real server with a mock backend, attacked the way
 * a browser would (a CORS "simple" text/plain POST from a foreign page, a DNS-rebound Host), on
 * both frontends. The backend must receive nothing; the client gets a 403 in its own envelope.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { messagesRequest } from '../support/proxy-client.js';
import { sendRawRequest } from '../support/raw-http-request.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

let backend: MockOpenAIBackend;
let proxy: TestProxy;
let port: string;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'spent' }) }));
  proxy = await startTestProxy({ OPEN_AI_URL: backend.url, OPEN_MODEL: 'gpt-4o', ALLOWED_ORIGINS: 'https://chat.example.com' });
  port = new URL(proxy.url).port;
});

afterAll(async () => {
  await proxy.close(100);
  await backend.close();
});

beforeEach(() => {
  backend.received.length = 0;
});

const chatBody = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] });
const messagesBody = JSON.stringify(messagesRequest(false));
const frontends = [
  { name: 'Anthropic', path: '/v1/messages', body: messagesBody, envelope: (parsed: Record<string, unknown>) => expect(parsed).toMatchObject({ type: 'error', error: { type: 'permission_error' } }) },
  { name: 'OpenAI', path: '/v1/chat/completions', body: chatBody, envelope: (parsed: Record<string, unknown>) => expect(parsed).toMatchObject({ error: { type: 'permission_error' } }) },
];

describe.each(frontends)('$name frontend ($path)', ({ path, body, envelope }) => {
  const post = (headers: Record<string, string>) =>
    sendRawRequest(proxy.url, { path, body, headers: { 'content-type': 'text/plain', ...headers } });

  it('refuses a foreign page\'s simple request with a 403 in the client\'s envelope; the backend gets nothing', async () => {
    for (const origin of ['https://attacker.example', 'null', 'http://localhost.evil.com']) {
      const answer = await post({ origin });
      expect(answer.status, origin).toBe(403);
      envelope(JSON.parse(answer.text) as Record<string, unknown>);
      expect(answer.text).toContain('ALLOWED_ORIGINS');
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(backend.received).toHaveLength(0);
  });

  it('refuses a DNS-rebound Host with a 403; the backend gets nothing', async () => {
    const answer = await post({ host: `attacker.example:${port}`, 'content-type': 'application/json' });
    expect(answer.status).toBe(403);
    envelope(JSON.parse(answer.text) as Record<string, unknown>);
    expect(answer.text).toContain('ALLOWED_HOSTS');
    expect(backend.received).toHaveLength(0);
  });

  it('serves a loopback page and an ALLOWED_ORIGINS page, with the CORS grant that lets them read the answer', async () => {
    for (const origin of ['http://localhost:3000', 'https://chat.example.com']) {
      const answer = await post({ origin, host: `localhost:${port}`, 'content-type': 'application/json' });
      expect(answer.status, answer.text).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe(origin);
      expect(answer.headers['access-control-expose-headers']).toContain('request-id');
    }
    expect(backend.received).toHaveLength(2);
  });

  it('serves clients without Origin, whatever loopback name they use', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `app.localhost:${port}`]) {
      const answer = await post({ host, 'content-type': 'application/json' });
      expect(answer.status, host).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(backend.received).toHaveLength(3);
  });
});

describe('CORS preflight', () => {
  const preflight = (origin: string) =>
    sendRawRequest(proxy.url, {
      method: 'OPTIONS',
      path: '/v1/messages',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-api-key, anthropic-version',
        'access-control-request-private-network': 'true',
      },
    });

  it('grants an allowed page its own origin (never *), the asked headers and private-network access', async () => {
    const answer = await preflight('http://127.0.0.1:5173');
    expect(answer.status).toBe(204);
    expect(answer.headers['access-control-allow-origin']).toBe('http://127.0.0.1:5173');
    expect(answer.headers['access-control-allow-methods']).toContain('POST');
    expect(answer.headers['access-control-allow-headers']).toBe('content-type, x-api-key, anthropic-version');
    expect(answer.headers['access-control-allow-private-network']).toBe('true');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('grants a foreign page nothing', async () => {
    const answer = await preflight('https://attacker.example');
    expect(answer.status).toBe(403);
    for (const name of Object.keys(answer.headers)) expect(name).not.toMatch(/^access-control-/);
    expect(backend.received).toHaveLength(0);
  });

  it('leaves an OPTIONS without Origin to the usual 405', async () => {
    const answer = await sendRawRequest(proxy.url, { method: 'OPTIONS', path: '/v1/messages' });
    expect(answer.status).toBe(405);
  });
});
