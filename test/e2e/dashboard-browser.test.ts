/**
 * The dashboard in a real browser: Debian's Chromium (/usr/bin/chromium) driven by
 * playwright-core. The page opens with the admin key given once as ?key=, a request made
 * through the proxy shows up within a second, client-sent text stays text, and screenshots
 * (light and dark) are saved to test-artifacts/ for a person to look at.
 *
 * Skipped only on a developer machine without Chromium (apt-get install chromium); on CI
 * (CI set, as .ci/run does) a missing Chromium fails the test instead of hiding it.
 */
import Anthropic from '@anthropic-ai/sdk';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatCompletion, startMockOpenAIBackend, type MockOpenAIBackend } from '../support/mock-openai-backend.js';
import { startTestProxy, type TestProxy } from '../support/start-test-proxy.js';

const chromiumPath = '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
const skip = !hasChromium && !process.env.CI;
if (skip) console.warn(`dashboard-browser.test.ts skipped: ${chromiumPath} is missing (apt-get install chromium); CI installs it and runs this test.`);

const artifacts = resolve(import.meta.dirname, '../../test-artifacts');
const adminKey = 'admin-key-browser-test-1';
const teamKey = 'team-key-browser-test-1';
/** Flags that keep Chromium quiet and offline here; playwright-core adds a fresh profile directory itself. */
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let backend: MockOpenAIBackend;
let proxy: TestProxy;
let browser: Browser | undefined;

describe.skipIf(skip)('dashboard in headless Chromium', () => {
  beforeAll(async () => {
    backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: chatCompletion({ content: 'hi' }) }));
    proxy = await startTestProxy({ OPEN_AI_URL: backend.url, API_KEY: 'sk-backend-1234567890', OPEN_MODEL: 'gpt-4o', PROXY_API_KEY: teamKey, ADMIN_API_KEY: adminKey });
    // Chromium's first start on a busy 2-core machine (the whole suite runs beside it) took over 15 s once.
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 });
    mkdirSync(artifacts, { recursive: true });
  }, 75_000);

  afterAll(async () => {
    await browser?.close();
    await proxy?.close(100);
    await backend?.close();
  });

  /** A page that records what went wrong in it: script errors, CSP violations, failed loads. */
  async function openPage(colorScheme: 'light' | 'dark'): Promise<{ page: Page; problems: string[] }> {
    const context = await browser!.newContext({ colorScheme, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    return { page, problems };
  }

  it('needs the admin key: refused without it or with a team key, opened by ?key= once (then a cookie, the key gone from the address)', async () => {
    const { page, problems } = await openPage('light');
    expect((await page.goto(proxy.url))?.status()).toBe(401);
    expect((await page.goto(`${proxy.url}/?key=${teamKey}`))?.status()).toBe(401);
    const opened = await page.goto(`${proxy.url}/?key=${adminKey}`);
    expect(opened?.status()).toBe(200);
    expect(page.url()).toBe(`${proxy.url}/`);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 5_000 });
    expect(await page.content()).not.toContain(adminKey);
    const cookies = await page.context().cookies();
    expect(cookies).toMatchObject([{ name: 'claude_proxy_admin', httpOnly: true, sameSite: 'Strict', path: '/' }]);
    // The 401s above are console errors by design; after them, none.
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('shows a request made through the proxy within a second, client-sent text as text, and is saved as a screenshot', async () => {
    const { page, problems } = await openPage('light');
    await page.goto(`${proxy.url}/?key=${adminKey}`);
    await page.locator('#connection[data-state="live"]').waitFor({ timeout: 5_000 });
    const client = new Anthropic({ baseURL: proxy.url, apiKey: teamKey, maxRetries: 0 });
    // Requests of the test before (its 401s, the browser's favicon tries) are counted too.
    await expect.poll(() => page.locator('#total-requests').textContent(), { timeout: 1_000 }).toMatch(/^\d+$/);
    const before = Number(await page.locator('#total-requests').textContent());

    const started = Date.now();
    const { response } = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const requestId = response.headers.get('request-id')!;
    const row = page.locator(`#recent tr[data-request-id="${requestId}"]`);
    await row.waitFor({ timeout: 1_000 });
    const shownAfterMs = Date.now() - started;
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(1)).toEqual(['PROXY_API_KEY', '–', 'default / claude-sonnet-4-5 → gpt-4o', '200', '11 / 7', expect.stringMatching(/ ms$/), expect.stringMatching(/ ms$/), '–']);
    expect(shownAfterMs).toBeLessThan(1_500);

    // A model name is the client's to choose: markup in it must show as text and never run.
    const hostile = '<img src=x onerror="window.__owned=1">';
    const second = await client.messages.create({ model: hostile, max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }).withResponse();
    const hostileRow = page.locator(`#recent tr[data-request-id="${second.response.headers.get('request-id')!}"]`);
    await hostileRow.waitFor({ timeout: 1_000 });
    expect(await hostileRow.locator('td').nth(3).textContent()).toBe(`default / ${hostile}`);
    expect(await page.evaluate(() => (globalThis as { __owned?: number }).__owned)).toBeUndefined();
    expect(await page.locator('#recent img').count()).toBe(0);

    // A refused request lands among the errors; the totals follow.
    await fetch(`${proxy.url}/v1/messages`, { method: 'POST', headers: { 'x-api-key': 'wrong-key', 'content-type': 'application/json' }, body: '{}' });
    await page.locator('#errors tbody tr').first().waitFor({ timeout: 1_000 });
    expect(await page.locator('#errors tbody tr').first().locator('td').nth(1).textContent()).toBe('401');
    await expect.poll(() => page.locator('#total-requests').textContent(), { timeout: 1_000 }).toBe(String(before + 3));
    expect(await page.locator('#by-model tbody tr td:first-child').allTextContents()).toEqual(expect.arrayContaining(['gpt-4o', hostile, '(no model)']));
    expect(await page.locator('#by-backend tbody tr td:first-child').allTextContents()).toEqual(expect.arrayContaining(['default', '(no backend)']));
    expect(await page.locator('#routes tbody tr td:first-child').allTextContents()).toContain('other claude-*');
    expect(await page.locator('#open-requests').textContent()).toBe('0');

    await page.screenshot({ path: resolve(artifacts, 'dashboard.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);

  it('is readable in dark mode too (screenshot)', async () => {
    const { page, problems } = await openPage('dark');
    await page.goto(`${proxy.url}/?key=${adminKey}`);
    await page.locator('#recent tbody tr').first().waitFor({ timeout: 5_000 });
    const colors = await page.evaluate(() => {
      const style = getComputedStyle(document.body);
      return { background: style.backgroundColor, text: style.color };
    });
    expect(colors).toEqual({ background: 'rgb(19, 20, 23)', text: 'rgb(230, 230, 234)' });
    await page.screenshot({ path: resolve(artifacts, 'dashboard-dark.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  }, 30_000);
});
