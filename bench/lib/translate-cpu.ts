/**
 * CPU time of the request translation alone, in-process: JSON.parse, then
 * validateAnthropicMessagesRequest + convertAnthropicRequestToOpenAI, then JSON.stringify of the
 * result, on the captured Claude Code requests and on a 10 MB request with images.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolveModelCapabilities } from '../../src/models/resolve-model-capabilities.js';
import { validateAnthropicMessagesRequest } from '../../src/protocols/anthropic/validate-request.js';
import { convertAnthropicRequestToOpenAI } from '../../src/translate/anthropic-on-openai-chat/convert-request.js';
import type { TranslationContext } from '../../src/translate/types.js';

const fixturesDir = fileURLToPath(new URL('../../test/fixtures/clients/claude-code/', import.meta.url));

export interface TranslateCpuResult {
  name: string;
  bytes: number;
  /** CPU microseconds per request: validate + convert only. */
  translateUs: number;
  /** CPU microseconds per request: JSON.parse of the client body. */
  parseUs: number;
  /** CPU microseconds per request: JSON.stringify of the backend body. */
  stringifyUs: number;
}

function context(): TranslationContext {
  // gpt-4o: vision on, so the image request translates instead of being refused.
  const url = 'https://api.openai.com/v1';
  let counter = 0;
  return {
    requestedModel: 'claude-sonnet-4-5',
    backendModel: 'gpt-4o',
    backendId: `openai:${url}`,
    backendUrl: url,
    capabilities: resolveModelCapabilities('gpt-4o', url, {}),
    newId: (prefix) => `${prefix}${++counter}`,
    now: () => 1_700_000_000,
  };
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

/** CPU µs per call of `fn`, repeated for at least `budgetMs` of CPU (after a few warm-up calls). */
function perCall(fn: () => void, budgetMs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const start = cpuMicros();
  let calls = 0;
  do {
    fn();
    calls++;
  } while (cpuMicros() - start < budgetMs * 1000);
  return (cpuMicros() - start) / calls;
}

function measure(name: string, text: string, budgetMs: number, warmup: number): TranslateCpuResult {
  const ctx = context();
  const parsedOnce = JSON.parse(text) as unknown;
  const translatedOnce = convertAnthropicRequestToOpenAI(validateAnthropicMessagesRequest(parsedOnce), ctx).value;
  const parseUs = perCall(() => { JSON.parse(text); }, budgetMs, warmup);
  // Translators do not mutate their input (they are pure); a fresh parse per call is not needed.
  const translateUs = perCall(() => { convertAnthropicRequestToOpenAI(validateAnthropicMessagesRequest(parsedOnce), ctx); }, budgetMs, warmup);
  const stringifyUs = perCall(() => { JSON.stringify(translatedOnce); }, budgetMs, warmup);
  return { name, bytes: Buffer.byteLength(text), translateUs, parseUs, stringifyUs };
}

/** The /v1/messages bodies captured from Claude Code (test/fixtures/clients/claude-code). */
export function claudeCodeBodies(): Array<{ name: string; text: string }> {
  return readdirSync(fixturesDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, capture: JSON.parse(readFileSync(`${fixturesDir}${file}`, 'utf8')) as { path?: string; body?: unknown } }))
    .filter(({ capture }) => capture.path === '/v1/messages' && typeof capture.body === 'object' && capture.body !== null)
    // WebSearch sub-requests exist to search: a backend that cannot is refused, not translated.
    .filter(({ capture }) => !JSON.stringify((capture.body as { tools?: unknown }).tools ?? []).includes('"web_search_'))
    .map(({ file, capture }) => ({ name: file.replace(/\.json$/, ''), text: JSON.stringify(capture.body) }));
}

/** A ~10 MB Anthropic request: a conversation with four 2.5 MB base64 PNG-typed images. */
export function tenMegabyteImageRequest(): string {
  const image = (seed: number) => {
    const bytes = Buffer.alloc(1_875_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + seed * 17) & 0xff;
    return bytes.toString('base64');
  };
  const content = [0, 1, 2, 3].flatMap((seed) => [
    { type: 'text', text: `Screenshot ${seed + 1}:` },
    { type: 'image', source: { type: 'base64', media_type: 'image/png', data: image(seed) } },
  ]);
  return JSON.stringify({
    model: 'claude-sonnet-4-5',
    max_tokens: 4096,
    system: 'You review user interfaces.',
    messages: [
      { role: 'user', content },
      { role: 'assistant', content: 'I see four screenshots. What should I look for?' },
      { role: 'user', content: 'Spacing and contrast problems, please.' },
    ],
  });
}

export function measureTranslateCpu(): { claudeCode: TranslateCpuResult[]; image: TranslateCpuResult } {
  const claudeCode = claudeCodeBodies().map(({ name, text }) => measure(name, text, 150, 50));
  const image = measure('10 MB, 4 images', tenMegabyteImageRequest(), 1500, 3);
  return { claudeCode, image };
}
