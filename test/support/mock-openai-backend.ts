import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One request as the mock backend saw it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  /** The body exactly as received. */
  rawBody: string;
  /** `Date.now()` when the request body was complete. */
  receivedAt: number;
}

/** What the mock answers: a JSON body, an SSE body (optionally paced), or a fault. */
export type MockReply =
  | { kind: 'json'; status?: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status?: number; body: string; headers?: Record<string, string> }
  | { kind: 'sse'; chunks: string[]; delayMs?: number; status?: number }
  /** Sends the given SSE chunks, then destroys the socket (a stream cut mid-way). */
  | { kind: 'cut'; chunks: string[] }
  /** Never answers (a stalled backend). */
  | { kind: 'stall' }
  /** Sends the given SSE chunks, then stays silent with the response open (a stall mid-stream). */
  | { kind: 'stallAfter'; chunks: string[] }
  /** Full control of the response (huge bodies, compression, odd headers). */
  | { kind: 'custom'; handle: (res: ServerResponse) => void };

export type MockScript = (request: ReceivedRequest, index: number) => MockReply;

export interface MockOpenAIBackend {
  url: string;
  received: ReceivedRequest[];
  /** Replace the script for the following requests. */
  setScript(script: MockScript): void;
  /** Requests whose client went away before the reply ended. */
  aborted: number;
  /** TCP connections open right now (the proxy's keep-alive pool included). */
  openConnections(): Promise<number>;
  /** Resolves once `aborted` reaches `count` (rejects after `timeoutMs`). */
  waitForAborted(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const fixturesRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));

/** Reads a fixture file (path relative to test/fixtures/). */
export function readFixture(relativePath: string): string {
  return readFileSync(fixturesRoot + relativePath, 'utf8');
}

/** Splits a recorded SSE file into its frames, to replay them one by one. */
export function sseFramesOf(text: string): string[] {
  return text.split(/(?<=\n\n)/).filter((frame) => frame.length > 0);
}

/** A scripted OpenAI-compatible backend on 127.0.0.1 for end-to-end tests. */
export async function startMockOpenAIBackend(initial: MockScript): Promise<MockOpenAIBackend> {
  let script = initial;
  const received: ReceivedRequest[] = [];
  const open = new Set<ServerResponse>();
  const state = { aborted: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request: ReceivedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
        rawBody: text,
        receivedAt: Date.now(),
      };
      received.push(request);
      open.add(res);
      res.on('close', () => {
        if (!res.writableFinished) state.aborted++;
        open.delete(res);
      });
      reply(res, script(request, received.length - 1));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    received,
    setScript: (next) => {
      script = next;
    },
    get aborted() {
      return state.aborted;
    },
    openConnections: () =>
      new Promise<number>((resolve, reject) => server.getConnections((error, count) => (error ? reject(error) : resolve(count)))),
    waitForAborted: async (count, timeoutMs = 3_000) => {
      const deadline = Date.now() + timeoutMs;
      while (state.aborted < count) {
        if (Date.now() > deadline) throw new Error(`mock backend: ${state.aborted} aborted responses, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of open) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function reply(res: ServerResponse, answer: MockReply): void {
  switch (answer.kind) {
    case 'json': {
      const body = JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
      res.end(body);
      return;
    }
    case 'raw':
      res.writeHead(answer.status ?? 200, answer.headers ?? { 'content-type': 'text/plain' });
      res.end(answer.body);
      return;
    case 'sse':
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/event-stream' });
      void writePaced(res, answer.chunks, answer.delayMs ?? 0).then(() => res.end());
      return;
    case 'cut':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      void writePaced(res, answer.chunks, 5).then(() => setTimeout(() => res.destroy(), 5));
      return;
    case 'stall':
      return;
    case 'stallAfter':
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      void writePaced(res, answer.chunks, 0);
      return;
    case 'custom':
      answer.handle(res);
      return;
  }
}

async function writePaced(res: ServerResponse, chunks: string[], delayMs: number): Promise<void> {
  for (const chunk of chunks) {
    if (res.destroyed) return;
    res.write(chunk);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
}

/** A minimal OpenAI chat completion for scripted answers. */
export function chatCompletion(message: Record<string, unknown>, finishReason = 'stop', usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 }): unknown {
  return {
    id: 'chatcmpl-mock',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'mock-model',
    choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }],
    usage,
  };
}

/** SSE frames of an OpenAI stream made from delta objects, with usage and [DONE]. */
export function chatStream(
  deltas: Array<Record<string, unknown>>,
  finishReason = 'stop',
  usage: Record<string, unknown> = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 },
): string[] {
  const frame = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
  const base = { id: 'chatcmpl-mock', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'mock-model' };
  const frames = deltas.map((delta) => frame({ ...base, choices: [{ index: 0, delta, finish_reason: null }] }));
  frames.push(frame({ ...base, choices: [{ index: 0, delta: {}, finish_reason: finishReason }] }));
  frames.push(frame({ ...base, choices: [], usage }));
  frames.push('data: [DONE]\n\n');
  return frames;
}
