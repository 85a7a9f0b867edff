/**
 * The bench's bare translator is a floor only if it does the proxy's translation work: for each
 * direction and each kind (JSON, stream) it must give the client the same bytes as the proxy,
 * ids and timestamps aside. The bench children run as `npm run bench` runs them (bundled, plain
 * node), against the bench's mock backend, on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChildren, startChild, type RunningChild } from '../../bench/lib/children.js';
import { proxyEnv } from '../../bench/lib/proxy-env.js';
import { directions, type Direction } from '../../bench/lib/requests.js';

let mock: RunningChild;
let translator: RunningChild;
let proxy: RunningChild;

beforeAll(async () => {
  await buildChildren();
  mock = await startChild('mock-backend');
  await mock.ask('scenario', { chunks: 20, paceMs: 0 });
  translator = await startChild('bare-translator', { env: { BENCH_TARGET: mock.url } });
  proxy = await startChild('proxy-server', { env: proxyEnv(mock.url, 'silent') });
}, 60_000);

afterAll(async () => {
  await Promise.all([translator?.stop(), proxy?.stop()]);
  await mock?.stop();
});

/** The answer with its generated ids and clock readings replaced: the rest must match byte for byte. */
async function answer(server: RunningChild, direction: Direction, kind: 'sync' | 'stream'): Promise<{ status: number; body: string }> {
  const response = await fetch(`${server.url}${direction.proxyPath}`, { method: 'POST', headers: direction.headers, body: direction.client[kind] });
  const text = await response.text();
  const body = text
    .replace(/\b(msg_|chatcmpl-|resp_|rs_|fc_|call_|toolu_|msg-)[A-Za-z0-9]+/g, '$1ID')
    .replace(/"(created_at|created|completed_at)":\d+/g, '"$1":0');
  return { status: response.status, body };
}

describe('bench/lib/bare-translator.ts', () => {
  for (const direction of directions('http://127.0.0.1:1')) {
    for (const kind of ['sync', 'stream'] as const) {
      it(`answers ${direction.id} (${kind}) with the proxy's bytes`, async () => {
        const live = directions(mock.url).find((candidate) => candidate.id === direction.id)!;
        const [floor, real] = await Promise.all([answer(translator, live, kind), answer(proxy, live, kind)]);
        expect(real.status).toBe(200);
        expect(floor.status).toBe(200);
        // A real answer, not two empty ones: streams end with their protocol's last frame.
        expect(real.body).toContain(kind === 'stream' ? live.terminalMarker : 'lorem');
        expect(floor.body).toBe(real.body);
      });
    }
  }
});
