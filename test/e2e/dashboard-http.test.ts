/**
 * The dashboard over plain HTTP (the browser test is dashboard-browser.test.ts): the API probes
 * unchanged, the page's headers, the admin key as ?key= then a cookie, and the event stream:
 * a snapshot, each finished request, and no subscriber left once the client has gone.
 */
import Anthropic from '@anthropic-ai/sdk';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchDashboard } from '../../src/app/dashboard/dashboard-routes.js';
import type { DashboardSnapshot, DashboardUpdate } from '../../src/app/dashboard/dashboard-types.js';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const adminKey = 'admin-key-for-dashboard-1';
const teamKey = 'team-key-for-dashboard-1';
let backend: MockOpenAIBackend;
let open: TestProxy;
let keyed: TestProxy;

beforeAll(async () => {
  backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'hi' }) }));
  const env = { OPEN_AI_URL: backend.url, API_KEY: 'sk-backend-1234567890', OPEN_MODEL: 'gpt-4o' };
  open = await startTestProxy(env);
  keyed = await startTestProxy({ ...env, PROXY_API_KEY: teamKey, ADMIN_API_KEY: adminKey });
});

afterAll(async () => {
  await open?.close(100);
  await keyed?.close(100);
  await backend?.close();
});

const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the API probes keep answering as before', () => {
  it('HEAD / and GET / without Accept: text/html answer the plain text, with or without an admin key', async () => {
    for (const proxy of [open, keyed]) {
      const head = await fetch(proxy.url, { method: 'HEAD', headers: html });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-type')).toBe('text/plain; charset=utf-8');
      for (const accept of [undefined, '*/*', 'application/json']) {
        const answer = await fetch(proxy.url, { headers: accept ? { accept } : {} });
        expect(answer.status).toBe(200);
        expect(await answer.text()).toBe('claude-proxy is running\n');
      }
    }
  });
});

describe('the page', () => {
  it('is HTML with a strict CSP and no inline script; its script and styles are routes of their own', async () => {
    const page = await fetch(open.url, { headers: html });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const text = await page.text();
    expect(text).toContain('<script src="/dashboard/app.js" defer></script>');
    expect(text).not.toMatch(/<script>|\son\w+=|https?:\/\//);
    const script = await fetch(`${open.url}/dashboard/app.js`);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const source = await script.text();
    expect(source).toContain("new EventSource('/dashboard/events')");
    expect(source).not.toContain('innerHTML');
    expect((await fetch(`${open.url}/dashboard/app.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('with an admin key: refused without it, taken once as ?key= and turned into an HttpOnly cookie, refused for a team key', async () => {
    expect((await fetch(keyed.url, { headers: html })).status).toBe(401);
    expect((await fetch(`${keyed.url}/?key=${teamKey}`, { headers: html })).status).toBe(401);
    expect((await fetch(`${keyed.url}/dashboard/state`, { headers: { 'x-api-key': teamKey } })).status).toBe(401);
    const login = await fetch(`${keyed.url}/?key=${encodeURIComponent(adminKey)}`, { headers: html, redirect: 'manual' });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/');
    const cookie = login.headers.get('set-cookie')!;
    expect(cookie).toBe(`claude_proxy_admin=${adminKey}; HttpOnly; SameSite=Strict; Path=/`);
    const page = await fetch(keyed.url, { headers: { ...html, cookie: cookie.split(';')[0]! } });
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(adminKey);
    // The script and the stream take the cookie too, and the key only as a header elsewhere: no ?key= on them.
    expect((await fetch(`${keyed.url}/dashboard/app.js`, { headers: { cookie: cookie.split(';')[0]! } })).status).toBe(200);
    expect((await fetch(`${keyed.url}/dashboard/state?key=${adminKey}`)).status).toBe(401);
    expect((await fetch(`${keyed.url}/dashboard/state`, { headers: { authorization: `Bearer ${adminKey}` } })).status).toBe(200);
    expect(keyed.logs.join('\n')).not.toContain(adminKey);
  });
});

/** Opens the event stream and collects its events until `close()`. */
async function openEvents(url: string): Promise<{ events: EventSourceMessage[]; next: (name: string) => Promise<EventSourceMessage>; close: () => void }> {
  const controller = new AbortController();
  const answer = await fetch(`${url}/dashboard/events`, { signal: controller.signal });
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
  const events: EventSourceMessage[] = [];
  const waiters: (() => void)[] = [];
  const parser = createParser({ onEvent: (event) => { events.push(event); for (const wake of waiters.splice(0)) wake(); } });
  void (async () => {
    const decoder = new TextDecoder();
    const reader = answer.body!.getReader();
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) parser.feed(decoder.decode(chunk.value, { stream: true }));
    } catch {
      // aborted by close()
    }
  })();
  let seen = 0;
  const next = (name: string) => new Promise<EventSourceMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${name} event within 2 s`)), 2_000);
    const check = () => {
      while (seen < events.length) {
        const event = events[seen++]!;
        if (event.event === name) {
          clearTimeout(timer);
          return resolve(event);
        }
      }
      waiters.push(check);
    };
    check();
  });
  return { events, next, close: () => controller.abort() };
}

describe('the event stream', () => {
  it('sends a snapshot, then each finished request with the totals it changed; a closed stream leaves no subscriber', async () => {
    const hub = watchDashboard(open.runtime);
    const stream = await openEvents(open.url);
    const snapshot = JSON.parse((await stream.next('snapshot')).data) as DashboardSnapshot;
    expect(snapshot.routes.map((route) => route.name)).toContain('other claude-*');
    expect(hub.subscribers.size).toBe(1);
    const before = snapshot.all.requests;
    const client = new Anthropic({ baseURL: open.url, apiKey: 'any', maxRetries: 0 });
    await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] });
    const update = JSON.parse((await stream.next('request')).data) as DashboardUpdate;
    expect(update.row).toMatchObject({ method: 'POST', path: '/v1/messages', status: 200, requestedModel: 'claude-sonnet-4-5', backendModel: 'gpt-4o', inputTokens: 11, outputTokens: 7 });
    expect(update.all.requests).toBe(before + 1);
    expect(update.model).toMatchObject({ name: 'gpt-4o' });
    stream.close();
    const deadline = Date.now() + 2_000;
    while (hub.subscribers.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(hub.subscribers.size).toBe(0);
  });

  it('/dashboard/state is the same snapshot as JSON', async () => {
    const state = (await (await fetch(`${open.url}/dashboard/state`)).json()) as DashboardSnapshot;
    expect(state.recent.some((row) => row.path === '/v1/messages' && row.status === 200)).toBe(true);
    expect(typeof state.openRequests).toBe('number');
  });
});
