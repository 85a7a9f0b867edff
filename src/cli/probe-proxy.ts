/** What answers on the proxy's port. */
export type ProxyProbe =
  | { kind: 'proxy' }
  | { kind: 'nothing' }
  | { kind: 'other'; detail: string };

/**
 * Asks `GET /health` on the given URL. Our proxy answers 200 `{"status":"ok"}`; a refused
 * connection means the port is free; anything else is some other program we must not talk to.
 */
export async function probeProxy(url: string, timeoutMs = 2000): Promise<ProxyProbe> {
  let response: Response;
  try {
    response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (connectionRefused(error)) return { kind: 'nothing' };
    const reason = error instanceof Error ? error.message : String(error);
    return { kind: 'other', detail: `no usable HTTP answer (${reason})` };
  }
  const text = await response.text().catch(() => '');
  if (response.status === 200 && isHealthBody(text)) return { kind: 'proxy' };
  return { kind: 'other', detail: `GET /health answered ${response.status} ${text.slice(0, 80).trim()}`.trim() };
}

function isHealthBody(text: string): boolean {
  try {
    return (JSON.parse(text) as { status?: unknown }).status === 'ok';
  } catch {
    return false;
  }
}

function connectionRefused(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current instanceof Error; depth++) {
    if ((current as Error & { code?: unknown }).code === 'ECONNREFUSED') return true;
    current = current.cause;
  }
  return false;
}
