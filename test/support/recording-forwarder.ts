import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the forwarder saw it, before passing it on. */
export interface ForwardedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** The answer as it was passed back so far (the whole body once it has ended). */
  answer?: { status: number; headers: IncomingHttpHeaders; body: Uint8Array };
}

export interface RecordingForwarder {
  url: string;
  seen: ForwardedRequest[];
  close(): Promise<void>;
}

/**
 * A transparent HTTP hop on 127.0.0.1 that records each request (method, path, headers, body)
 * and forwards it unchanged to `target`, streaming the answer back: it shows exactly what a
 * client sent, to compare with what the backend behind the proxy received, and what it got back.
 */
export async function startRecordingForwarder(target: string): Promise<RecordingForwarder> {
  const seen: ForwardedRequest[] = [];
  const base = new URL(target);
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const record: ForwardedRequest = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, rawBody: body.toString('utf8') };
      seen.push(record);
      const upstream = httpRequest(
        { host: base.hostname, port: base.port, method: req.method, path: req.url, headers: { ...req.headers, host: base.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          // Kept up to date as it passes: the client may act on the last event (and a test read
          // the record) before the end of the answer is seen here.
          const passed = { status: answer.statusCode ?? 502, headers: answer.headers, body: new Uint8Array(0) };
          record.answer = passed;
          answer.on('data', (chunk: Buffer) => (passed.body = new Uint8Array(Buffer.concat([passed.body, chunk]))));
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
