import type { BackendConfig } from '../config/config-types.js';
import { backendLabel, HOP_HEADER } from '../upstream/backend-call.js';
import { readUpstreamText, sendUpstreamRequest } from '../upstream/upstream-client.js';
import { undiciUpstreamClient } from '../runtime/node/undici-upstream-client.js';

/** Sent in the hop header so that a proxy we reach by mistake does not treat us as itself. */
export const DOCTOR_INSTANCE_ID = 'claude-proxy-doctor';

/** Whether a backend answers, and which models it lists. */
export interface BackendProbe {
  backend: BackendConfig;
  /** Answered HTTP at all (even 404: some servers have no /models). */
  reachable: boolean;
  models: string[];
  /** Plain words when something is wrong. */
  problem: string | undefined;
}

/** GET {baseUrl}/models with the backend's key. */
export async function probeBackend(backend: BackendConfig, timeoutMs: number): Promise<BackendProbe> {
  const label = backendLabel(backend);
  try {
    const response = await sendUpstreamRequest(undiciUpstreamClient, {
      url: `${backend.baseUrl}/models`,
      method: 'GET',
      headers: { [HOP_HEADER]: DOCTOR_INSTANCE_ID, ...(backend.apiKey ? { authorization: `Bearer ${backend.apiKey}` } : {}) },
      headersTimeoutMs: timeoutMs,
      bodyTimeoutMs: timeoutMs,
      label,
    });
    const text = await readUpstreamText(response, 4 * 1024 * 1024, label);
    if (response.statusCode === 401 || response.statusCode === 403) {
      return { backend, reachable: true, models: [], problem: `the backend refused the key (HTTP ${response.statusCode}): ${backend.apiKey ? 'check API_KEY' : 'set API_KEY'}. ${firstLine(text)}` };
    }
    if (response.statusCode >= 400) {
      return { backend, reachable: true, models: [], problem: `GET /models answered HTTP ${response.statusCode} (some servers have no model list; the chat checks below tell more). ${firstLine(text)}` };
    }
    return { backend, reachable: true, models: modelIdsOf(text), problem: undefined };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { backend, reachable: false, models: [], problem: `${reason} Is the server running, and is the URL right (up to /v1)?` };
  }
}

function modelIdsOf(text: string): string[] {
  try {
    const data = (JSON.parse(text) as { data?: unknown }).data;
    if (!Array.isArray(data)) return [];
    return data
      .map((entry: unknown) => (entry as { id?: unknown } | null)?.id)
      .filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}

/** An error body's message (OpenAI envelope) or its first line, shortened. */
export function firstLine(text: string): string {
  try {
    const message = (JSON.parse(text) as { error?: { message?: unknown } }).error?.message;
    if (typeof message === 'string') return message.slice(0, 200);
  } catch {
    // Not JSON: fall through to the raw text.
  }
  return (text.split('\n')[0] ?? '').slice(0, 200);
}
