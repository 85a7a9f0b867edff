/**
 * `npx tsx bench/handler-cpu.ts [--requests N] [--concurrency C] [--log-level info|silent]
 * [--direction anthropic-in|openai-in|responses-in] [--kind sync|stream] [--only proxy|translator]`:
 * CPU per request of the proxy's own code, without sockets. The real handler
 * (app/create-request-handler.ts on a real ProxyRuntime) gets in-memory requests, answers into
 * in-memory sinks, and its backend is an UpstreamClient that answers from memory with the bench
 * mock's payloads. A floor runs the same plumbing with a handler that only reads the body, calls
 * the upstream and copies its body (what the bare forwarder does); the translator runs the
 * proxy's own translation with nothing around it (bench/lib/translation-floor.ts, what the bare
 * translator does). `process.cpuUsage` over N
 * requests, C at a time; the proxy minus the floor is the translation, routing, logging and
 * metrics cost per request and per stream. Steadier than the socket bench on a shared machine
 * (no scheduler between processes), and it runs the same code. Bounded: a few seconds.
 */
import { parseArgs } from 'node:util';
import { createRequestHandler } from '../src/app/create-request-handler.js';
import { parseConfig, secretsOf } from '../src/config/parse-config.js';
import type { ProxyRequest, RequestHandler, ResponseHeaders, ResponseSink } from '../src/http/proxy-request.js';
import { createProxyRuntime } from '../src/http/proxy-runtime.js';
import { createLogger } from '../src/log/logger.js';
import { memoryUpstream } from './lib/memory-upstream.js';
import { proxyEnv } from './lib/proxy-env.js';
import { directions, type Direction } from './lib/requests.js';
import { translationFloor } from './lib/translation-floor.js';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '64' },
    chunks: { type: 'string', default: '100' },
    'log-level': { type: 'string', default: 'info' },
    direction: { type: 'string' },
    kind: { type: 'string' },
    // `proxy` or `translator`: only that handler's runs (under valgrind, to count its instructions alone).
    only: { type: 'string' },
  },
});
const chunks = Number(args.chunks);

const backend = memoryUpstream(chunks);

class MemoryRequest implements ProxyRequest {
  readonly method = 'POST';
  constructor(readonly url: string, readonly headers: Record<string, string>, private readonly body: Uint8Array) {}
  readBody(): Promise<Uint8Array> {
    return Promise.resolve(this.body);
  }
  discardBody(): void {}
}

class MemorySink implements ResponseSink {
  headersSent = false;
  closed = false;
  status = 0;
  bytes = 0;
  #onClose: Array<(finished: boolean) => void> = [];
  constructor(private readonly done: (sink: MemorySink) => void) {}
  setHeader(): void {}
  start(status: number, _headers: ResponseHeaders): void {
    this.status = status;
    this.headersSent = true;
  }
  write(chunk: string | Uint8Array): boolean {
    this.bytes += chunk.length;
    return true;
  }
  onDrain(): void {}
  end(chunk?: string | Uint8Array): void {
    if (chunk !== undefined) this.bytes += chunk.length;
    this.closed = true;
    for (const listener of this.#onClose) listener(true);
    this.done(this);
  }
  onClose(listener: (finished: boolean) => void): void {
    this.#onClose.push(listener);
  }
  destroy(): void {
    this.closed = true;
    this.done(this);
  }
}

/** The floor: read the body, one upstream call, copy its chunks to the sink. */
function forwardingHandler(backendUrl: string): RequestHandler {
  return (req, res) => {
    void req.readBody(1 << 20).then(async (body) => {
      const upstream = await backend.send({ url: `${backendUrl}${req.url}`, method: 'POST', headers: {}, body, headersTimeoutMs: 0, bodyTimeoutMs: 0, label: 'floor' });
      res.start(upstream.statusCode, { 'content-type': String(upstream.headers['content-type']) });
      for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    });
  };
}

/**
 * The translation floor in memory (bench/lib/translation-floor.ts, as the bare translator runs it
 * on sockets): the proxy's parse, validate, translate and serialize, no gateway around them.
 */
function translatingHandler(backendUrl: string): RequestHandler {
  const floorFor = translationFloor(backendUrl, (path, body) =>
    backend.send({ url: `${backendUrl}${path}`, method: 'POST', headers: {}, body, headersTimeoutMs: 0, bodyTimeoutMs: 0, label: 'floor' }));
  return (req, res) => {
    void req.readBody(1 << 20).then((body) => floorFor(req.url)!(Buffer.from(body).toString(), res));
  };
}

/**
 * Marks the start and the end of the measured run for bench/handler-instructions.ts: valgrind's
 * `--dump-before=Builtins_MathAtanh` writes the counts so far at each call, so the counts between
 * the two calls are the measured requests alone. Called twice only, so never optimized: the call
 * stays a call of the builtin.
 */
function markWindow(): void {
  Math.atanh(0.5);
}

/** CPU µs per request of `handle` over `total` requests, `concurrency` at a time. */
async function cpuPerRequest(handle: RequestHandler, path: string, headers: Record<string, string>, body: string, total: number, concurrency: number): Promise<{ us: number; failed: number }> {
  const bytes = Buffer.from(body);
  let started = 0;
  let failed = 0;
  const one = () =>
    new Promise<void>((resolve) => {
      handle(new MemoryRequest(path, headers, bytes), new MemorySink((sink) => {
        if (sink.status !== 200) failed++;
        resolve();
      }));
    });
  const lane = async () => {
    while (started < total) {
      started++;
      await one();
    }
  };
  const before = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, lane));
  const used = process.cpuUsage(before);
  return { us: (used.user + used.system) / total, failed };
}

async function main(): Promise<void> {
  const total = Number(args.requests);
  const concurrency = Number(args.concurrency);
  const mockUrl = 'http://127.0.0.1:9';
  const config = parseConfig(proxyEnv(mockUrl, args['log-level']!), { port: 0, host: '127.0.0.1' });
  // Lines go to a sink that drops them, after being formatted and batched as on stdout.
  const logger = createLogger({ level: config.logLevel, secrets: secretsOf(config), format: config.logFormat, sink: { write: () => true, once: () => undefined } });
  const proxy = createRequestHandler(createProxyRuntime(config, logger, backend));
  const rows: string[] = [];
  for (const direction of directions(mockUrl).filter((d) => !args.direction || d.id === args.direction)) {
    for (const kind of (['sync', 'stream'] as const).filter((k) => !args.kind || k === args.kind)) {
      const floor = forwardingHandler(mockUrl);
      const translator = translatingHandler(mockUrl);
      const run = (handle: RequestHandler, d: Direction, asProxy: boolean) =>
        cpuPerRequest(handle, asProxy ? d.proxyPath : d.backendPath, d.headers, asProxy ? d.client[kind] : d.backend[kind], total, concurrency);
      if (args.only === 'translator') {
        await run(translator, direction, true);
        markWindow();
        const alone = await run(translator, direction, true);
        markWindow();
        rows.push(`${direction.id.padEnd(13)} ${kind.padEnd(6)} translator ${alone.us.toFixed(1).padStart(6)} us${alone.failed ? `  (${alone.failed} failed)` : ''}`);
        continue;
      }
      const withFloor = args.only !== 'proxy';
      if (withFloor) {
        await run(floor, direction, false);
        await run(translator, direction, true);
      }
      await run(proxy, direction, true);
      const floorUs = withFloor ? (await run(floor, direction, false)).us : 0;
      const translatorUs = withFloor ? (await run(translator, direction, true)).us : 0;
      if (!withFloor) markWindow();
      const proxyRun = await run(proxy, direction, true);
      if (!withFloor) markWindow();
      const extra = proxyRun.us - floorUs;
      const perChunk = kind === 'stream' ? `, ${(extra / chunks).toFixed(2)} us per chunk` : '';
      rows.push(`${direction.id.padEnd(13)} ${kind.padEnd(6)} floor ${floorUs.toFixed(1).padStart(6)} us  translator ${translatorUs.toFixed(1).padStart(6)} us  proxy ${proxyRun.us.toFixed(1).padStart(7)} us  extra ${extra.toFixed(1).padStart(7)} us${perChunk}${proxyRun.failed ? `  (${proxyRun.failed} failed)` : ''}`);
    }
  }
  await logger.flush();
  process.stdout.write(`Node ${process.version}, LOG_LEVEL=${config.logLevel}, ${total} requests, ${concurrency} at a time, streams of ${chunks} chunks\n${rows.join('\n')}\n`);
}

await main();
