import { flagsWithValue } from './proxy-options.js';

/**
 * Splits `claude-proxy [options] code [claude args…]` so that claude's own flags (`-p`,
 * `--resume`, `--model`) are passed to claude as they are instead of being parsed (and refused)
 * as the proxy's. Other commands get all arguments back as `proxyArgv`.
 */
export function splitCodeArguments(argv: readonly string[]): { proxyArgv: string[]; claudeArgs: string[] | undefined } {
  for (let index = 0; index < argv.length; index++) {
    const token = argv[index] ?? '';
    if (token === '--') break;
    if (flagsWithValue.has(token)) {
      index++;
      continue;
    }
    if (token.startsWith('-')) continue;
    // The first positional is the command.
    if (token !== 'code') break;
    return { proxyArgv: argv.slice(0, index + 1), claudeArgs: argv.slice(index + 1) };
  }
  return { proxyArgv: [...argv], claudeArgs: undefined };
}
