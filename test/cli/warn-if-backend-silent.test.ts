import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/parse-config.js';
import { createLogger } from '../../src/log/logger.js';
import { freePort } from '../support/free-port.js';
import { startMockOpenAIBackend } from '../support/mock-openai-backend.js';
import { warnIfDefaultBackendSilent } from '../../src/cli/warn-if-backend-silent.js';

function capture() {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'info', secrets: [], write: (line) => lines.push(line) }) };
}

describe('warnIfDefaultBackendSilent', () => {
  it('warns, naming the backend and the fix, when the backend it must discover from does not answer', async () => {
    const { lines, logger } = capture();
    const url = `http://127.0.0.1:${await freePort()}/v1`;
    await warnIfDefaultBackendSilent(parseConfig({ OPEN_AI_URL: url }), logger, 'test');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`warning: The backend ${url} does not answer`);
    expect(lines[0]).toContain('OPEN_MODEL');
  });

  it('says nothing when the backend answers, or when a configured backend has its model set', async () => {
    const backend = await startMockOpenAIBackend(() => ({ kind: 'json', body: { object: 'list', data: [{ id: 'm', object: 'model' }] } }));
    try {
      const { lines, logger } = capture();
      await warnIfDefaultBackendSilent(parseConfig({ OPEN_AI_URL: backend.url }), logger, 'test');
      await warnIfDefaultBackendSilent(parseConfig({ OPEN_AI_URL: 'http://127.0.0.1:9/v1', OPEN_MODEL: 'm' }), logger, 'test');
      expect(lines).toEqual([]);
      expect(backend.received).toHaveLength(1);
    } finally {
      await backend.close();
    }
  });
});
