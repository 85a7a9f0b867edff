import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctorCommand } from '../../src/cli/doctor-command.js';
import { chatCompletion, chatStream, startMockOpenAIBackend, type MockOpenAIBackend, type MockReply, type ReceivedRequest } from '../support/mock-openai-backend.js';

const badRequest = (message: string): MockReply => ({ kind: 'json', status: 400, body: { error: { message, type: 'invalid_request_error' } } });

/** good-model does everything; notools-model rejects tools and images but streams text. */
function scriptedBackend(request: ReceivedRequest): MockReply {
  if (request.method === 'GET') return { kind: 'json', body: { object: 'list', data: [{ id: 'good-model' }, { id: 'notools-model' }] } };
  const hasImage = JSON.stringify(request.body.messages).includes('image_url');
  const model = request.body.model;
  if (model === 'good-model') {
    if (hasImage) return { kind: 'json', body: chatCompletion({ content: 'White' }) };
    return {
      kind: 'sse',
      chunks: chatStream([
        { role: 'assistant', reasoning_content: 'The user wants weather.' },
        { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] },
        { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] },
      ], 'tool_calls'),
    };
  }
  if (model === 'notools-model') {
    if (hasImage) return badRequest('image input is not supported by this model');
    if (request.body.tools) return badRequest('notools-model does not support tools');
    return { kind: 'sse', chunks: chatStream([{ role: 'assistant', content: 'OK' }]) };
  }
  if (model === 'auto-only-model') {
    if (hasImage) return { kind: 'json', body: chatCompletion({ content: 'White' }) };
    if (request.body.tool_choice === 'required') return badRequest('tool_choice "required" is not supported');
    const call = { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
    return { kind: 'sse', chunks: chatStream([{ role: 'assistant', tool_calls: [call] }], 'tool_calls') };
  }
  return { kind: 'json', status: 404, body: { error: { message: `model ${String(model)} not found` } } };
}

let mock: MockOpenAIBackend;
let closedPort: number;

beforeAll(async () => {
  mock = await startMockOpenAIBackend(scriptedBackend);
  // A port that was free a moment ago: connecting to it is refused.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
afterAll(() => mock.close());

async function doctor(env: Record<string, string>): Promise<{ exitCode: number; output: string }> {
  let output = '';
  const exitCode = await runDoctorCommand({ cli: { port: 8082 }, env: { HOME: '/nonexistent-home', ...env }, cwd: '/nonexistent-cwd', write: (text) => (output += text), timeoutMs: 5000 });
  return { exitCode, output };
}

/** The table row of a model, cells split on runs of spaces. */
function rowOf(output: string, model: string): string[] {
  const line = output.split('\n').find((text) => text.trim().startsWith(`${model} `));
  return line?.trim().split(/\s{2,}/) ?? [];
}

describe('claude-proxy doctor', () => {
  it('with a configuration file: names the file, lists the routes and tests every target of the routes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claude-proxy-doctor-'));
    try {
      writeFileSync(join(dir, 'claude-proxy.yaml'), `backends:\n  mock: { baseUrl: "${mock.url}" }\nroutes:\n  default: "mock,good-model"\n  background: "mock,notools-model"\n`);
      let output = '';
      const exitCode = await runDoctorCommand({ cli: { port: 8082 }, env: { HOME: '/nonexistent-home' }, cwd: dir, write: (text) => (output += text), timeoutMs: 5000 });
      expect(output).toContain(`from: ${join(dir, 'claude-proxy.yaml')}`);
      expect(output).toMatch(/background +a haiku-class model \(background calls\) -> mock,notools-model/);
      expect(rowOf(output, 'good-model')).toEqual(['good-model', 'mock', 'yes', 'yes', 'yes', 'yes', 'yes']);
      expect(rowOf(output, 'notools-model')[0]).toBe('notools-model');
      expect(exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports per model what works and what to change; exit 0 when every model streams', async () => {
    const { exitCode, output } = await doctor({ OPEN_AI_URL: mock.url, OPEN_MODEL: 'good-model', HAIKU_MODEL: 'notools-model' });
    expect(output).toContain(`default  ${mock.url}  ok, 2 models: good-model, notools-model`);
    expect(rowOf(output, 'good-model')).toEqual(['good-model', 'default', 'yes', 'yes', 'yes', 'yes', 'yes']);
    expect(rowOf(output, 'notools-model')).toEqual(['notools-model', 'default', 'yes', 'NO', '-', 'none', 'NO']);
    expect(output).toContain('notools-model: tool calls not supported: pick a model with function calling');
    expect(output).toContain('notools-model does not support tools');
    expect(output).toContain('notools-model: images are rejected');
    expect(output).toContain('Result: the basics work');
    expect(exitCode).toBe(0);
    // The forced tool call was really asked for, and with the configured models.
    const toolRequest = mock.received.find((request) => request.body.model === 'good-model' && request.body.stream === true);
    expect(toolRequest?.body.tool_choice).toBe('required');
  });

  it('retries with tool_choice auto when required is refused, and notes arguments that arrive in one piece', async () => {
    const { exitCode, output } = await doctor({ OPEN_AI_URL: mock.url, OPEN_MODEL: 'auto-only-model' });
    expect(rowOf(output, 'auto-only-model')).toEqual(['auto-only-model', 'default', 'yes', 'yes', 'partly', 'none', 'yes']);
    expect(output).toContain('auto-only-model: tool arguments are not streamed');
    expect(exitCode).toBe(0);
  });

  it('names an unreachable backend, warns about a missing key and a self-pointing URL, and exits 1', async () => {
    const { exitCode, output } = await doctor({
      OPEN_AI_URL: mock.url,
      OPEN_MODEL: 'good-model',
      HAIKU_MODEL_NAME: 'fast',
      HAIKU_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
      SONNET_MODEL: 'good-model',
    });
    expect(output).toMatch(/haiku\s+http:\/\/127\.0\.0\.1:\d+\/v1\s+UNREACHABLE/);
    expect(output).toContain('connection refused');
    expect(output).toContain('Result: NOT ready: backend haiku is unreachable.');
    expect(exitCode).toBe(1);

    const selfLoop = await doctor({ OPEN_AI_URL: 'http://127.0.0.1:8082/v1', OPEN_MODEL: 'x' });
    expect(selfLoop.output).toContain("points at the proxy's own port 8082");
    expect(selfLoop.exitCode).toBe(1);
    const remote = await doctor({ OPEN_AI_URL: `http://127.0.0.1:${closedPort}/v1`, OPEN_MODEL: 'x', HAIKU_MODEL_NAME: 'h', HAIKU_BASE_URL: 'https://api.example.invalid/v1' });
    expect(remote.output).toContain('is not on this machine but has no key: set HAIKU_API_KEY');
  });

  it('reports a model the backend does not know as not streaming, with the backend\'s words', async () => {
    const { exitCode, output } = await doctor({ OPEN_AI_URL: mock.url, OPEN_MODEL: 'missing-model' });
    expect(rowOf(output, 'missing-model').slice(2)).toEqual(['NO', '-', '-', '-', '-']);
    expect(output).toContain('missing-model: streaming does not work');
    expect(output).toContain('HTTP 404: model missing-model not found');
    expect(output).not.toContain('tool calls not supported');
    expect(output).toContain('Result: NOT ready: missing-model does not stream.');
    expect(exitCode).toBe(1);
  });
});
