/**
 * The TUI driver refuses what it does not know: a stand-in program draws a screen in a real tmux
 * pane, and the driver must fail with that screen's text, in bounded time, and leave no tmux server.
 */
import { execFile } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { driveClaudeTui, requireTmux, TuiDriveError } from './drive-claude-tui.js';

/** A program that prints $SCREEN and then ignores its input for 30 s. */
const showScreen = ['sh', '-c', `printf '%s\\n' "$SCREEN"; sleep 30`];

async function serverIsGone(socket: string): Promise<boolean> {
  return new Promise((resolve) => execFile('tmux', ['-L', socket, 'list-sessions'], (error) => resolve(error !== null)));
}

async function failureOf(screen: string, socket: string, stallMs = 2000): Promise<TuiDriveError> {
  const started = Date.now();
  const error = await driveClaudeTui({
    command: showScreen,
    env: { PATH: '/usr/bin:/bin', SCREEN: screen, LANG: 'C.UTF-8' },
    cwd: tmpdir(),
    prompt: 'say hi',
    expectAnswer: 'never',
    stallMs,
    timeoutMs: 15_000,
    socket,
  }).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TuiDriveError);
  expect(Date.now() - started).toBeLessThan(12_000);
  expect(await serverIsGone(socket)).toBe(true);
  return error as TuiDriveError;
}

describe.concurrent('driveClaudeTui on screens it must not pass', { timeout: 30_000 }, () => {
  it('an unknown screen fails the run with its text instead of a blind Enter', async () => {
    const error = await failureOf(' A brand-new question?\n ❯ 1. Sure\n   2. Never', `tui-test-unknown-${process.pid}`);
    expect(error.message).toMatch(/^a screen the driver does not know/);
    expect(error.message).toContain('A brand-new question?');
  });

  it('a known screen that does not go away after its answer fails as a stall, with the screen', async () => {
    const error = await failureOf(' Security notes:\n\n 1. Claude can make mistakes.\n\n Press Enter to continue', `tui-test-stall-${process.pid}`);
    expect(error.message).toMatch(/^timed out waiting for screen "security-notes" to go away/);
    expect(error.message).toContain('Claude can make mistakes.');
  });

  it('the offline connectivity check is named as such, not answered', async () => {
    const error = await failureOf(' Unable to connect to Anthropic services\n Failed to connect to api.anthropic.com: ENOTFOUND', `tui-test-preflight-${process.pid}`);
    expect(error.message).toMatch(/^first-run screen "connectivity-check": .*ANTHROPIC_API_KEY/);
    expect(error.message).toContain('ENOTFOUND');
  });

  it('without tmux the run fails with what to install, it does not skip', async () => {
    await expect(requireTmux('/nonexistent/tmux')).rejects.toThrow('tmux is not installed: the interactive Claude Code tests need it (Debian: apt-get install tmux)');
    await expect(requireTmux()).resolves.toBeUndefined();
  });
});
