import { describe, expect, it } from 'vitest';
import { splitCodeArguments } from './split-code-arguments.js';

describe('splitCodeArguments', () => {
  it('passes everything after `code` to claude, keeping proxy options before it', () => {
    expect(splitCodeArguments(['--port', '9000', 'code', '-p', 'say hi', '--model', 'opus'])).toEqual({
      proxyArgv: ['--port', '9000', 'code'],
      claudeArgs: ['-p', 'say hi', '--model', 'opus'],
    });
    expect(splitCodeArguments(['code'])).toEqual({ proxyArgv: ['code'], claudeArgs: [] });
  });

  it('does not take an option value for the command, and leaves other commands alone', () => {
    expect(splitCodeArguments(['--host', 'code', 'serve'])).toEqual({ proxyArgv: ['--host', 'code', 'serve'], claudeArgs: undefined });
    expect(splitCodeArguments(['doctor', 'code'])).toEqual({ proxyArgv: ['doctor', 'code'], claudeArgs: undefined });
    expect(splitCodeArguments(['-v'])).toEqual({ proxyArgv: ['-v'], claudeArgs: undefined });
  });
});
