/**
 * A user's first interactive Claude Code session through the proxy: a fresh HOME (no
 * ~/.claude.json at all), the TUI in a tmux pane, every first-run screen answered by reading it
 * (test/support/drive-claude-tui.ts), then "say hi" answered by the scripted mock backend. The list
 * of screens answered is asserted, so a screen a new release adds fails here with its text.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answer, backendKey, isMainLoop, startClaudeStack, withStack, type ClaudeStack } from '../support/claude-cli-stack.js';
import { driveClaudeTui, firstRunScreens, TuiDriveError } from '../support/drive-claude-tui.js';
import { claudeBinary, claudeBinaryPinnedOld } from '../support/run-claude-cli.js';

const mainPath = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
const tsxLoader = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const localBin = fileURLToPath(new URL('../../node_modules/.bin', import.meta.url));
const hello = 'Hello from the mock backend.';

/** What every run shares: no telemetry, no update check, UTF-8, a plain terminal. */
function baseEnv(home: string): Record<string, string> {
  return {
    PATH: [localBin, dirname(process.execPath), '/usr/local/bin', '/usr/bin', '/bin'].join(':'),
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
}

async function withScratch<T>(body: (home: string, project: string) => Promise<T>): Promise<T> {
  const home = mkdtempSync(join(tmpdir(), 'claude-first-run-home-'));
  const project = mkdtempSync(join(tmpdir(), 'claude-first-run-project-'));
  try {
    return await body(home, project);
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  }
}

function helloStack(): Promise<ClaudeStack> {
  return startClaudeStack((request) => answer(request, [{ role: 'assistant', content: 'Hello from ' }, { content: 'the mock backend.' }]), {
    env: { OPEN_MODEL: 'gpt-4o' },
  });
}

/** What both runs check on the backend and in the HOME the screens were answered in. */
function expectSessionWentThrough(stack: ClaudeStack, home: string, project: string): void {
  const main = stack.backend.received.filter(isMainLoop);
  expect(main).toHaveLength(1);
  expect(main[0]!.body.model).toBe('gpt-4o'); // Claude Code asked for a Claude model; the proxy mapped it
  expect(main[0]!.headers.authorization).toBe(`Bearer ${backendKey}`);
  expect(JSON.stringify(main[0]!.body.messages)).toContain('say hi');
  const saved = JSON.parse(readFileSync(join(home, '.claude.json'), 'utf8')) as {
    hasCompletedOnboarding?: boolean;
    projects?: Record<string, { hasTrustDialogAccepted?: boolean }>;
  };
  expect(saved.hasCompletedOnboarding).toBe(true);
  expect(saved.projects?.[project]?.hasTrustDialogAccepted).toBe(true);
}

/** A first session with this command: the screens answered, the answer on screen, a clean exit, the request at the backend. */
async function expectFirstSession(version: string, launch: (stack: ClaudeStack) => { command: string[]; env: Record<string, string> }): Promise<void> {
  const stack = await helloStack();
  await withStack(stack, () =>
    withScratch(async (home, project) => {
      const { command, env } = launch(stack);
      const run = await driveClaudeTui({ command, env: { ...baseEnv(home), ...env }, cwd: project, prompt: 'say hi', expectAnswer: hello, timeoutMs: 75_000 });
      expect(run.answered).toEqual(['theme', 'security-notes', 'trust-folder']);
      expect(run.answerScreen).toContain(`Claude Code v${version}`);
      expect(run.answerScreen).toMatch(/^● Hello from the mock backend\.$/m);
      expect(run.exitStatus).toBe(0);
      expectSessionWentThrough(stack, home, project);
    }),
  );
}

describe.concurrent('Claude Code, first interactive run through the proxy (tmux)', { timeout: 90_000 }, () => {
  it('2.1.332 started as `claude-proxy code`: theme, security notes and folder trust are answered, then "say hi" gets the backend\'s answer', () =>
    // The launcher finds the proxy already on this port and starts claude (the pin) pointed at it.
    expectFirstSession('2.1.332', (stack) => ({
      command: [process.execPath, '--import', tsxLoader, mainPath, '--port', new URL(stack.proxy.url).port, 'code'],
      env: { OPEN_AI_URL: stack.backend.url, API_KEY: backendKey, OPEN_MODEL: 'gpt-4o' },
    })));

  it('2.1.197 started as plain `claude` with ANTHROPIC_BASE_URL and ANTHROPIC_AUTH_TOKEN: the same three screens, then the answer', () =>
    expectFirstSession('2.1.197', (stack) => ({
      command: [claudeBinaryPinnedOld],
      env: { ANTHROPIC_BASE_URL: stack.proxy.url, ANTHROPIC_AUTH_TOKEN: 'claude-proxy' },
    })));

  it('2.1.332: Enter alone on the trust screen (a harness that presses Enter blindly) picks "No, exit" and claude quits', async () => {
    const stack = await helloStack();
    await withStack(stack, () =>
      withScratch(async (home, project) => {
        const blindEnter = firstRunScreens.map((screen) => (screen.name === 'trust-folder' ? { ...screen, answer: { keys: ['Enter'] } } : screen));
        const error = await driveClaudeTui({
          command: [claudeBinary],
          env: { ...baseEnv(home), ANTHROPIC_BASE_URL: stack.proxy.url, ANTHROPIC_AUTH_TOKEN: 'claude-proxy' },
          cwd: project,
          prompt: 'say hi',
          expectAnswer: hello,
          screens: blindEnter,
          timeoutMs: 60_000,
        }).then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(error).toBeInstanceOf(TuiDriveError);
        expect((error as Error).message).toMatch(/^claude exited/);
        expect((error as Error).message).toContain('Yes, I trust this folder');
        expect(stack.backend.received.filter(isMainLoop)).toHaveLength(0);
      }),
    );
  });
});
