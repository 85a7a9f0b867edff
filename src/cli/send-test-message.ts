import type { ProxyConfig } from '../config/config-types.js';
import { createLogger } from '../log/logger.js';
import { startServer } from '../runtime/node/start-server.js';
import { claudeTierNames, PLACEHOLDER_TOKEN } from './launcher-env.js';

/** The outcome of one tiny request through the proxy, in plain words. */
export type TestMessageResult = { ok: true; reply: string } | { ok: false; status: number; explanation: string };

/**
 * Starts the proxy in this process on an ephemeral loopback port with `config`, sends one tiny
 * POST /v1/messages as Claude Code would (sonnet tier name), and stops the proxy again.
 */
export async function sendTestMessage(config: ProxyConfig, timeoutMs = 60_000): Promise<TestMessageResult> {
  const running = await startServer({ ...config, host: '127.0.0.1', port: 0, logLevel: 'silent' }, { logger: createLogger({ level: 'silent', secrets: [] }) });
  try {
    const response = await fetch(`${running.url}/v1/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'anthropic-version': '2023-06-01',
        authorization: `Bearer ${config.accessKeys[0]?.key ?? PLACEHOLDER_TOKEN}`,
      },
      body: JSON.stringify({ model: claudeTierNames.sonnet, max_tokens: 32, messages: [{ role: 'user', content: 'Reply with the single word OK.' }] }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body: unknown = await response.json().catch(() => undefined);
    if (response.ok) return { ok: true, reply: replyText(body) };
    return { ok: false, status: response.status, explanation: explainFailure(response.status, errorMessage(body)) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, status: 0, explanation: `The test request did not complete: ${reason}.` };
  } finally {
    await running.close(1000);
  }
}

/** What went wrong and what to change, from the proxy's status and Anthropic error message. */
export function explainFailure(status: number, message: string): string {
  const detail = message ? ` The backend said: ${message}` : '';
  if (status === 401 || status === 403) return `The backend refused the API key (HTTP ${status}). Check the key (--key, API_KEY).${detail}`;
  if (status === 404) return `The backend does not know this model or URL (HTTP 404). Check the model name (--model) and that the URL ends where /chat/completions begins.${detail}`;
  if (status === 429) return `The backend is rate limiting or the account is out of quota (HTTP 429).${detail}`;
  if (status === 502 || status === 504) return `The proxy could not reach the backend (HTTP ${status}). Check the URL (--url) and that the server is running.${detail}`;
  if (status === 508) return `The backend URL points at the proxy itself. Set --url to the real backend.${detail}`;
  if (status === 400) return `The backend rejected the request (HTTP 400).${detail}`;
  return `The request failed with HTTP ${status}.${detail}`;
}

function errorMessage(body: unknown): string {
  const error = (body as { error?: { message?: unknown } } | undefined)?.error;
  return typeof error?.message === 'string' ? error.message : '';
}

function replyText(body: unknown): string {
  const content = (body as { content?: unknown } | undefined)?.content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: unknown) => (block as { type?: unknown; text?: unknown }))
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text as string)
    .join('')
    .trim();
}
