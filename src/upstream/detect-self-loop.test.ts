import { describe, expect, it } from 'vitest';
import type { BackendConfig } from '../config/config-types.js';
import { backendPointsAtProxy } from './detect-self-loop.js';

const backend = (baseUrl: string): BackendConfig => ({ name: 'default', kind: 'openai', baseUrl, apiKey: undefined, apiKeys: [], source: 'TEST' });

describe('backendPointsAtProxy', () => {
  it('detects a backend URL that is the proxy itself', () => {
    expect(backendPointsAtProxy(backend('http://127.0.0.1:8082'), '127.0.0.1', 8082)).toBe(true);
    expect(backendPointsAtProxy(backend('http://localhost:8082/v1'), '127.0.0.1', 8082)).toBe(true);
  });
  it('accepts other ports and hosts', () => {
    expect(backendPointsAtProxy(backend('http://127.0.0.1:11434/v1'), '127.0.0.1', 8082)).toBe(false);
    expect(backendPointsAtProxy(backend('https://api.openai.com/v1'), '127.0.0.1', 443)).toBe(false);
  });
});
