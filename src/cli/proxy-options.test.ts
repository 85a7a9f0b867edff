import { describe, expect, it } from 'vitest';
import { optionsHelp, proxyOptions } from './proxy-options.js';
import { splitCodeArguments } from './split-code-arguments.js';

const entries = Object.entries(proxyOptions);

describe('the proxy options table', () => {
  it('puts every option, with its short alias and value, in the help', () => {
    const help = optionsHelp();
    for (const [name, option] of entries) {
      const short = 'short' in option ? `-${option.short}, ` : '    ';
      const value = option.type === 'string' ? ` ${option.valueName}` : '';
      expect(help).toContain(`  ${short}--${name}${value}  `);
      expect(help).toContain(option.help);
    }
  });

  it('makes `code` skip the value of every option that takes one, long or short', () => {
    for (const [name, option] of entries) {
      const flags = 'short' in option ? [`--${name}`, `-${option.short}`] : [`--${name}`];
      for (const flag of flags) {
        const argv = [flag, 'code', 'doctor'];
        const split = splitCodeArguments(argv);
        // A value option takes `code` as its value (the command is `doctor`); a flag does not.
        expect(split.claudeArgs, flag).toEqual(option.type === 'string' ? undefined : ['doctor']);
      }
    }
  });
});
