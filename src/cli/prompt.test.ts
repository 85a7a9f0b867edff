import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTerminalPrompter } from './prompt.js';

function collect(stream: PassThrough): () => string {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

describe('createTerminalPrompter', () => {
  it('keeps answers typed ahead of their question, uses defaults for empty answers and after end of input', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const printed = collect(output);
    const prompter = createTerminalPrompter(input, output);
    input.write('http://h/v1\n\n');
    input.end();
    expect(await prompter.ask('URL', 'http://default')).toBe('http://h/v1');
    expect(await prompter.ask('Key', 'old-key', { secret: true, shownDefault: 'keep current' })).toBe('old-key');
    expect(await prompter.ask('Model', 'm')).toBe('m');
    prompter.close();
    expect(printed()).toContain('URL [http://default]: ');
    expect(printed()).toContain('Key [keep current]: ');
    expect(printed()).not.toContain('old-key');
  });
});
