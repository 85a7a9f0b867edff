import { describe, expect, it } from 'vitest';
import { youngGenerationFlag, youngGenerationRestart, type NodeProcessView } from './young-generation-restart.js';

const node24: NodeProcessView = {
  platform: 'linux',
  execPath: '/usr/bin/node',
  execArgv: ['--import', 'tsx'],
  argv: ['/usr/bin/node', '/app/dist/cli/main.js', 'serve', '--port', '8082'],
  env: {},
  execve: () => undefined,
};

describe('youngGenerationRestart', () => {
  it("restarts with the limit, node's own flags and the command line kept, where process.execve exists", () => {
    expect(youngGenerationRestart(node24)).toEqual({
      file: '/usr/bin/node',
      args: ['/usr/bin/node', youngGenerationFlag, '--import', 'tsx', '/app/dist/cli/main.js', 'serve', '--port', '8082'],
    });
  });

  it('keeps a limit the user chose, in NODE_OPTIONS or on the command line (either spelling)', () => {
    expect(youngGenerationRestart({ ...node24, env: { NODE_OPTIONS: '--enable-source-maps --max-semi-space-size=64' } })).toBeUndefined();
    expect(youngGenerationRestart({ ...node24, execArgv: ['--max_semi_space_size=8'] })).toBeUndefined();
  });

  it('does nothing on Node 20 (no process.execve), nor on Windows, and never twice', () => {
    expect(youngGenerationRestart({ ...node24, execve: undefined })).toBeUndefined();
    expect(youngGenerationRestart({ ...node24, platform: 'win32' })).toBeUndefined();
    const restarted = youngGenerationRestart(node24)!;
    expect(youngGenerationRestart({ ...node24, execArgv: restarted.args.slice(1, 4) })).toBeUndefined();
  });
});
