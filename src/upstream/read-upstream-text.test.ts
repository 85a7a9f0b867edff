import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ProxyError } from '../errors/proxy-error.js';
import { readUpstreamText, sendUpstreamRequest, type UpstreamBody, type UpstreamResponse } from './upstream-client.js';

function responseOf(body: PassThrough): UpstreamResponse {
  return { statusCode: 200, headers: {}, body: body as unknown as UpstreamBody, failure: (error) => (error instanceof ProxyError ? error : new ProxyError('api_error', String(error), { status: 502 })) };
}

describe('readUpstreamText', () => {
  it('decodes two bodies read at the same time whose multi-byte characters are split across chunks', async () => {
    const euro = Buffer.from('€'); // three bytes
    const first = new PassThrough();
    const second = new PassThrough();
    const reads = [readUpstreamText(responseOf(first), 1024, 'a'), readUpstreamText(responseOf(second), 1024, 'b')];
    // Interleaved: each body's character is cut after its first byte while the other one arrives.
    const turn = () => new Promise((resolve) => setImmediate(resolve));
    first.write(Buffer.concat([Buffer.from('A'), euro.subarray(0, 1)]));
    await turn();
    second.write(Buffer.concat([Buffer.from('B'), euro.subarray(0, 2)]));
    await turn();
    first.end(euro.subarray(1));
    await turn();
    second.end(euro.subarray(2));
    expect(await Promise.all(reads)).toEqual(['A€', 'B€']);
  });

  it('refuses a body over the limit with a 502 that names the backend', async () => {
    const body = new PassThrough();
    const read = readUpstreamText(responseOf(body), 4, 'tiny');
    body.end(Buffer.from('0123456789'));
    await expect(read).rejects.toMatchObject({ status: 502, message: expect.stringContaining('tiny') });
  });

  it('cuts out the key the request carried when the backend echoes it', async () => {
    const body = new PassThrough();
    const client = { send: () => Promise.resolve(responseOf(body)) };
    const response = await sendUpstreamRequest(client, { url: 'http://127.0.0.1:1/v1/chat/completions', method: 'POST', headers: { authorization: 'Bearer sk-secret-1234' }, headersTimeoutMs: 1000, bodyTimeoutMs: 1000, label: 'echo' });
    body.end('{"error":"bad key sk-secret-1234 (sk-secret-1234)"}');
    expect(await readUpstreamText(response, 1024, 'echo')).toBe('{"error":"bad key [REDACTED] ([REDACTED])"}');
  });
});
