import { execFileSync } from 'node:child_process';
import * as undici from 'undici';
import { describe, expect, it } from 'vitest';
import { Agent, buildConnector, errors, parseUrl } from './undici-parts.js';

describe("undici's parts, loaded without its index", () => {
  it("are the very objects undici's index exports", () => {
    expect(Agent).toBe(undici.Agent);
    expect(buildConnector).toBe(undici.buildConnector);
    expect(errors).toBe(undici.errors);
    expect(new Agent().request).toBe(undici.Dispatcher.prototype.request);
    expect(parseUrl('http://host:1/a b?x#y').href).toBe('http://host:1/a%20b?x#y');
    expect(() => parseUrl('ftp://host/x')).toThrow(errors.InvalidArgumentError);
  });

  it("keep undici's index (fetch, WebSocket, mocks, caches) out of the server process", () => {
    // A fresh process: the server's whole module graph, then the undici modules it holds.
    const script = `
      await import('./src/runtime/node/start-server.ts');
      const { createRequire } = await import('node:module');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('/node_modules/undici/'));
      console.log(JSON.stringify(loaded.map((path) => path.replace(/^.*\\/node_modules\\/undici\\//, ''))));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    const loaded = JSON.parse(output.trim().split('\n').pop()!) as string[];
    expect(loaded).toContain('lib/dispatcher/agent.js');
    expect(loaded).not.toContain('index.js');
    expect(loaded.filter((path) => /^lib\/(web\/fetch|web\/websocket|mock|cache)\//.test(path))).toEqual([]);
  });
});
