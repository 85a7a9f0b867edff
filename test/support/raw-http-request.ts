import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

/**
 * One request over node:http, which (unlike fetch) lets a test set `Host` and `Origin` freely,
 * as a hostile page or a DNS-rebinding attack would send them. Bounded by `timeoutMs`.
 */
export function sendRawRequest(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}${options.path}`, {
      method: options.method ?? 'POST',
      agent: false,
      headers: options.headers,
      timeout: options.timeoutMs ?? 10_000,
    });
    request.on('timeout', () => request.destroy(new Error('request timed out')));
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, text: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.end(options.body);
  });
}
