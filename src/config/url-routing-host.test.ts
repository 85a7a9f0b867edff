import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './parse-config.js';
import { formatUrlRoutingHost, parseUrlRoutingHost, urlRoutingHostAllowed } from './url-routing-host.js';

describe('parseUrlRoutingHost', () => {
  it('normalizes names, IPv4 notations and IPv6, keeping a written port', () => {
    expect(parseUrlRoutingHost('API.Groq.com')).toEqual({ hostname: 'api.groq.com', port: undefined });
    expect(parseUrlRoutingHost(' 127.0.0.1:8080 ')).toEqual({ hostname: '127.0.0.1', port: 8080 });
    expect(parseUrlRoutingHost('2130706433')).toEqual({ hostname: '127.0.0.1', port: undefined });
    expect(parseUrlRoutingHost('[::1]:11434')).toEqual({ hostname: '[::1]', port: 11434 });
    expect(parseUrlRoutingHost('bücher.example')?.hostname).toBe('xn--bcher-kva.example');
    expect(formatUrlRoutingHost({ hostname: '[::1]', port: 443 })).toBe('[::1]:443');
  });

  it('refuses schemes, paths, user info, escapes and bad ports', () => {
    for (const text of ['https://api.groq.com', 'api.groq.com/v1', 'user@api.groq.com', 'a%2eb', 'host:0', 'host:65536', 'host:', '[::1', '', '::1']) {
      expect(parseUrlRoutingHost(text), text).toBeUndefined();
    }
  });

  it('a port-less entry admits the scheme\'s default port only', () => {
    const entry = { hostname: 'api.groq.com', port: undefined };
    expect(urlRoutingHostAllowed(entry, { hostname: 'api.groq.com', port: undefined }, 'https')).toBe(true);
    expect(urlRoutingHostAllowed(entry, { hostname: 'api.groq.com', port: 443 }, 'https')).toBe(true);
    expect(urlRoutingHostAllowed(entry, { hostname: 'api.groq.com', port: 443 }, 'http')).toBe(false);
    expect(urlRoutingHostAllowed(entry, { hostname: 'api.groq.com', port: 8443 }, 'https')).toBe(false);
    expect(urlRoutingHostAllowed({ hostname: 'h', port: 8443 }, { hostname: 'h', port: 8443 }, 'https')).toBe(true);
  });
});

describe('URL routing in environment mode', () => {
  it('is off by default', () => {
    expect(parseConfig({}).urlRouting).toEqual({ enabled: false, allowHosts: [], allowPrivateAddresses: false });
  });

  it('URL_ROUTING=1 with URL_ROUTING_ALLOW_HOSTS and URL_ROUTING_ALLOW_PRIVATE=1', () => {
    const config = parseConfig({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: 'API.groq.com, 127.0.0.1:8080,', URL_ROUTING_ALLOW_PRIVATE: '1' });
    expect(config.urlRouting).toEqual({ enabled: true, allowHosts: ['api.groq.com', '127.0.0.1:8080'], allowPrivateAddresses: true });
  });

  it('refuses an entry that is not a host, and URL_ROUTING=1 without hosts', () => {
    expect(() => parseConfig({ URL_ROUTING: '1', URL_ROUTING_ALLOW_HOSTS: 'https://api.groq.com' })).toThrow(/URL_ROUTING_ALLOW_HOSTS entry "https:\/\/api.groq.com" is not a host/);
    expect(() => parseConfig({ URL_ROUTING: '1' })).toThrow(ConfigError);
    expect(() => parseConfig({ URL_ROUTING: '1' })).toThrow(/needs URL_ROUTING_ALLOW_HOSTS/);
  });
});
