import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../errors/proxy-error.js';
import { assertUrlRouteHostAllowed, parseUrlRoute, urlRoutedEndpointOf } from './parse-url-route.js';

function routeOf(path: string) {
  const { endpoint, baseUrl, model } = parseUrlRoute(path);
  return { endpoint, baseUrl, model };
}

function problemOf(path: string): string {
  try {
    parseUrlRoute(path);
  } catch (error) {
    expect(error).toBeInstanceOf(RequestValidationError);
    return (error as Error).message;
  }
  throw new Error(`${path} parsed`);
}

describe('urlRoutedEndpointOf', () => {
  it('recognizes the two routed endpoints and nothing else', () => {
    expect(urlRoutedEndpointOf('/https/api.groq.com/openai/v1/llama3-70b-8192/v1/messages')).toBe('messages');
    expect(urlRoutedEndpointOf('/https/api.groq.com/openai/v1/llama3-70b-8192/v1/messages/count_tokens')).toBe('count_tokens');
    for (const path of ['/v1/messages', '/v1/messages/count_tokens', '/v1/models', '/x/v1/chat/completions', '/health']) {
      expect(urlRoutedEndpointOf(path), path).toBeUndefined();
    }
  });
});

describe('parseUrlRoute', () => {
  it('reads the original project\'s format: scheme, host, base path, model', () => {
    expect(routeOf('/https/api.groq.com/openai/v1/llama3-70b-8192/v1/messages')).toEqual({
      endpoint: 'messages',
      baseUrl: 'https://api.groq.com/openai/v1',
      model: 'llama3-70b-8192',
    });
    expect(routeOf('/http/127.0.0.1:11434/v1/qwen3:8b/v1/messages/count_tokens')).toEqual({
      endpoint: 'count_tokens',
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'qwen3:8b',
    });
    expect(routeOf('/https/api.example.com/gpt-4o/v1/messages').baseUrl).toBe('https://api.example.com');
  });

  it('defaults to https without a scheme, as the original did, and takes a pasted https:// too', () => {
    expect(routeOf('/api.openai.com/v1/gpt-4o/v1/messages')).toMatchObject({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o' });
    expect(routeOf('/https://api.openai.com/v1/gpt-4o/v1/messages')).toMatchObject({ baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o' });
    expect(routeOf('/HTTPS/API.OpenAI.com/v1/gpt-4o/v1/messages').baseUrl).toBe('https://api.openai.com/v1');
  });

  it('percent-decodes the model, so a model id with a slash is written encoded', () => {
    expect(routeOf('/https/openrouter.ai/api/v1/openai%2Fgpt-4o/v1/messages')).toMatchObject({ baseUrl: 'https://openrouter.ai/api/v1', model: 'openai/gpt-4o' });
    expect(routeOf('/https/openrouter.ai/api/v1/openai%2fgpt-4o/v1/messages').model).toBe('openai/gpt-4o');
    // Unencoded, the slash is a path separator: the model is the last segment (the original's reading).
    expect(routeOf('/https/openrouter.ai/api/v1/openai/gpt-4o/v1/messages')).toMatchObject({ baseUrl: 'https://openrouter.ai/api/v1/openai', model: 'gpt-4o' });
  });

  it('normalizes the host the way URL parsers do: IPv4 in any notation is its dotted quad, IPv6 bracketed', () => {
    expect(parseUrlRoute('/http/2130706433:8080/v1/m/v1/messages').host).toEqual({ hostname: '127.0.0.1', port: 8080 });
    expect(parseUrlRoute('/http/0x7f.1/v1/m/v1/messages').host).toEqual({ hostname: '127.0.0.1', port: undefined });
    expect(parseUrlRoute('/http/[::1]:11434/v1/m/v1/messages')).toMatchObject({ host: { hostname: '[::1]', port: 11434 }, baseUrl: 'http://[::1]:11434/v1' });
  });

  it('refuses other schemes, missing parts, user info, dot segments and broken models, each with a 400 that says what', () => {
    expect(problemOf('/ftp/files.example.com/v1/m/v1/messages')).toContain('scheme "ftp"');
    expect(problemOf('/file:/etc/passwd/v1/messages')).toContain('scheme "file"');
    expect(problemOf('/https/api.groq.com/v1/messages')).toContain('needs a host and a model');
    expect(problemOf('/https/user:pw@api.groq.com/v1/m/v1/messages')).toContain('where the host belongs');
    expect(problemOf('/https/api.groq.com/v1/../admin/m/v1/messages')).toContain('path segment ".."');
    expect(problemOf('/https/api.groq.com/v1/%2e%2E/m/v1/messages')).toContain('path segment "%2e%2E"');
    expect(problemOf('/https/api.groq.com/v1/a%20b%zz/m/v1/messages')).toContain('path segment');
    expect(problemOf('/https/api.groq.com/v1/%E0%A4%A/v1/messages')).toContain('not valid UTF-8');
    expect(problemOf('/https/api.groq.com/v1/a%0Ab/v1/messages')).toContain('control characters');
    expect(problemOf('/https/api.groq.com:99999/v1/m/v1/messages')).toContain('where the host belongs');
  });
});

describe('assertUrlRouteHostAllowed', () => {
  const config = (allowHosts: string[]) => ({ enabled: true, allowHosts, allowPrivateAddresses: false });

  it('admits a listed host on the default port of the scheme, case-insensitively', () => {
    expect(() => assertUrlRouteHostAllowed(parseUrlRoute('/https/API.groq.com/openai/v1/m/v1/messages'), config(['api.groq.com']))).not.toThrow();
    expect(() => assertUrlRouteHostAllowed(parseUrlRoute('/https/api.groq.com:443/openai/v1/m/v1/messages'), config(['Api.Groq.com']))).not.toThrow();
    expect(() => assertUrlRouteHostAllowed(parseUrlRoute('/http/127.0.0.1:8080/v1/m/v1/messages'), config(['127.0.0.1:8080']))).not.toThrow();
  });

  it('refuses (403) an unlisted host, another port, or a look-alike, naming the host and the setting', () => {
    const refusals: [string, string[]][] = [
      ['/https/api.evil.com/v1/m/v1/messages', ['api.groq.com']],
      ['/https/api.groq.com:8443/v1/m/v1/messages', ['api.groq.com']],
      ['/http/api.groq.com:443/v1/m/v1/messages', ['api.groq.com']],
      ['/https/api.groq.com.evil.com/v1/m/v1/messages', ['api.groq.com']],
      ['/http/127.0.0.1:9090/v1/m/v1/messages', ['127.0.0.1:8080']],
    ];
    for (const [path, hosts] of refusals) {
      const route = parseUrlRoute(path);
      expect(() => assertUrlRouteHostAllowed(route, config(hosts)), path).toThrow(/URL routing may not reach .*urlRouting\.allowHosts.*URL_ROUTING_ALLOW_HOSTS/);
      try {
        assertUrlRouteHostAllowed(route, config(hosts));
      } catch (error) {
        expect((error as { status: number }).status).toBe(403);
      }
    }
  });
});
