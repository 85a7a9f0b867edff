/**
 * Drives interactive Claude Code (the TUI, not `claude -p`) in a private tmux server the way a
 * user would: it reads the screen, answers each first-run screen it recognizes by picking the
 * option by its label, types a prompt, waits for the answer, and leaves with `/exit`. A screen it
 * does not recognize, or one that does not go away, fails the run with the screen's text: it never
 * presses Enter blindly. The tmux server (its own socket) is killed at the end in all cases.
 */
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** How to answer a screen: press keys, or move the cursor (`❯`) to the option with this label and press Enter. */
export type ScreenAnswer = { keys: string[] } | { choose: string } | { fail: string };

export interface FirstRunScreen {
  name: string;
  /** Text that identifies the screen (matched against the whole captured pane). */
  pattern: RegExp;
  answer: ScreenAnswer;
}

/**
 * Every first-run screen seen so far (test/fixtures/clients/claude-code/NOTES.md, "First-run
 * screens (interactive)"). Options are chosen by label because their order and the highlighted
 * default differ between releases (2.1.332 highlights "No, exit" on the trust screen).
 */
export const firstRunScreens: readonly FirstRunScreen[] = [
  { name: 'theme', pattern: /Choose the text style that looks best with your terminal/, answer: { choose: 'Dark mode' } },
  { name: 'api-key', pattern: /Detected a custom API key in your environment/, answer: { choose: 'No (recommended)' } },
  { name: 'security-notes', pattern: /Security notes:[\s\S]*Press Enter to continue/, answer: { keys: ['Enter'] } },
  { name: 'terminal-setup', pattern: /Use Claude Code's terminal setup\?/, answer: { choose: 'No, maybe later with /terminal-setup' } },
  { name: 'trust-folder', pattern: /Is this a project you created or one you trust\?/, answer: { choose: 'Yes, I trust this folder' } },
  {
    name: 'connectivity-check',
    pattern: /Unable to connect to Anthropic services/,
    answer: { fail: 'the onboarding checks api.anthropic.com (it does so when ANTHROPIC_API_KEY is set without ANTHROPIC_AUTH_TOKEN); offline it exits' },
  },
];

export interface TuiRunOptions {
  /** Program and arguments run in the pane (e.g. the claude binary, or `node … main.ts code`). */
  command: string[];
  /** The whole environment of the program (nothing else leaks in). */
  env: Record<string, string>;
  cwd: string;
  prompt: string;
  /** Text that shows the answer arrived. */
  expectAnswer: string | RegExp;
  screens?: readonly FirstRunScreen[];
  /** Bound on the whole run (default 60 s). */
  timeoutMs?: number;
  /** Bound on one screen staying unanswered or unchanged (default 20 s). */
  stallMs?: number;
  /** The private tmux socket's name (default: unique per run). */
  socket?: string;
}

export interface TuiRun {
  /** Names of the first-run screens answered, in order. */
  answered: string[];
  /** The screen when the answer was there. */
  answerScreen: string;
  /** The pane's exit status after `/exit`. */
  exitStatus: number;
  durationMs: number;
}

/** Thrown with the screen that could not be handled. */
export class TuiDriveError extends Error {}

const width = 120;
const height = 40;
const pollMs = 150;
/** What the pane's shell prints when the program ends, followed by its exit status and `]`. */
const exitMarker = '[driver: the program exited with status';
/** How long an unknown screen must stay unchanged before the run fails on it. */
const unknownScreenMs = 3000;
let socketCounter = 0;

export async function driveClaudeTui(options: TuiRunOptions): Promise<TuiRun> {
  await requireTmux();
  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  const stallMs = options.stallMs ?? 20_000;
  const tmux = tmuxOn(options.socket ?? `claude-tui-${process.pid}-${++socketCounter}`);
  let panePid: number | undefined;
  let socketPath: string | undefined;
  try {
    await tmux([
      'new-session', '-d', '-x', String(width), '-y', String(height), '-s', 'tui', '-c', options.cwd,
      '--', 'env', '-i', ...Object.entries(options.env).map(([key, value]) => `${key}=${value}`),
      // The shell writes the exit status on the screen and keeps the pane open: tmux 3.3a's
      // remain-on-exit sometimes never marks a pane dead (its process stays a zombie), and
      // sometimes drops the last output of a pane that dies at once.
      'sh', '-c', `"$@"; echo "${exitMarker} $?]"; exec sleep 120`, 'sh', ...options.command,
    ]);
    const [pid, path] = (await tmux(['display-message', '-p', '-t', 'tui', '#{pane_pid} #{socket_path}'])).trim().split(' ');
    panePid = Number(pid) || undefined;
    socketPath = path;
    const screen = new Screen(tmux, deadline, stallMs);

    const answered = await passFirstRunScreens(screen, options.screens ?? firstRunScreens);
    await screen.type(options.prompt);
    await screen.press('Enter');
    const answerScreen = await screen.waitFor(`the answer to "${options.prompt}"`, (text) => matches(text, options.expectAnswer) && isInputReady(text));

    await screen.type('/exit');
    // Enter before the command menu has drawn is lost (seen on 2.1.197 under load).
    await screen.waitFor('"/exit" in the input box and its menu', (text) => /^❯ \/exit$/m.test(text) && /\/exit\s+Exit the CLI/.test(text));
    await screen.press('Enter');
    const exitStatus = await screen.waitForExit();
    return { answered, answerScreen, exitStatus, durationMs: Date.now() - started };
  } finally {
    await tmux(['kill-server']).catch(() => undefined);
    if (panePid !== undefined) killIfAlive(panePid, options.command[0] ?? '');
    if (socketPath) rmSync(socketPath, { force: true }); // kill-server leaves the socket file behind
  }
}

/** Answers first-run screens until the input box shows, and returns their names. */
async function passFirstRunScreens(screen: Screen, screens: readonly FirstRunScreen[]): Promise<string[]> {
  const answered: string[] = [];
  for (;;) {
    // A screen is read once it is drawn (two equal captures); one that is neither known nor the
    // input box fails once it has stayed the same for a while (so a half-drawn one does not).
    let previous = '';
    let sameSince = Date.now();
    const text = await screen.waitFor('a known first-run screen or the input box', (next) => {
      if (next !== previous) [previous, sameSince] = [next, Date.now()];
      const drawn = Date.now() - sameSince >= pollMs;
      if (drawn && (isInputReady(next) || screens.some((candidate) => candidate.pattern.test(next)))) return true;
      if (Date.now() - sameSince >= Math.min(unknownScreenMs, screen.stallMs / 2) && next.trim() !== '') {
        throw screen.failure('a screen the driver does not know (add it to firstRunScreens if a user would pass it)', next);
      }
      return false;
    });
    const known = screens.find((candidate) => candidate.pattern.test(text));
    if (!known) return answered;
    if ('fail' in known.answer) throw screen.failure(`first-run screen "${known.name}": ${known.answer.fail}`, text);
    if ('choose' in known.answer) await screen.choose(known.answer.choose, text);
    else for (const key of known.answer.keys) await screen.press(key);
    answered.push(known.name);
    await screen.waitFor(`screen "${known.name}" to go away`, (next) => !known.pattern.test(next));
  }
}

/** The main input box: a `❯` line between two horizontal rules. */
function isInputReady(text: string): boolean {
  const lines = text.split('\n');
  return lines.some((line, index) => /^❯ /.test(`${line} `) && isRule(lines[index - 1]) && isRule(lines[index + 1]));
}

function isRule(line: string | undefined): boolean {
  return line !== undefined && /^─{20,}\s*$/.test(line);
}

function matches(text: string, expected: string | RegExp): boolean {
  return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
}

/** The label of a menu line: without the cursor, the number, and the `✔` of the current value. */
function optionLabel(line: string): string {
  return line.replace(/^\s*(?:❯\s*)?/, '').replace(/^(?:\d+\.\s+)?/, '').replace(/^✔\s*/, '').replace(/\s*✔\s*$/, '').trim();
}

function exitStatusOn(text: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(exitMarker));
  return line === undefined ? undefined : Number.parseInt(line.slice(exitMarker.length), 10);
}

/** The pane's text with Claude Code's no-break spaces (after the `❯`) as plain ones and no trailing blanks. */
function readPane(raw: string): string {
  return raw.replace(/\u00a0/g, ' ').replace(/[ \t]+$/gm, '');
}

type Tmux = (args: string[]) => Promise<string>;

/** The pane as the user sees it, read by polling capture-pane. */
class Screen {
  private history: string[] = [];

  constructor(
    private readonly tmux: Tmux,
    private readonly deadline: number,
    readonly stallMs: number,
  ) {}

  async capture(): Promise<string> {
    const text = readPane(await this.tmux(['capture-pane', '-p', '-t', 'tui']));
    if (this.history.at(-1) !== text) this.history.push(text);
    if (exitStatusOn(text) !== undefined) throw this.failure('claude exited', text);
    return text;
  }

  async waitFor(what: string, done: (text: string) => boolean): Promise<string> {
    const stallAt = Date.now() + this.stallMs;
    let text = '';
    for (;;) {
      text = await this.capture();
      if (done(text)) return text;
      const now = Date.now();
      if (now > this.deadline || now > stallAt) throw this.failure(`timed out waiting for ${what}`, text);
      await sleep(pollMs);
    }
  }

  /** After `/exit`: the program's exit status, once the pane's shell has printed it. */
  async waitForExit(): Promise<number> {
    const stallAt = Math.min(this.deadline, Date.now() + this.stallMs);
    for (;;) {
      const text = readPane(await this.tmux(['capture-pane', '-p', '-t', 'tui']));
      const status = exitStatusOn(text);
      if (status !== undefined) return status;
      if (Date.now() > stallAt) throw this.failure('claude did not exit after /exit', text);
      await sleep(pollMs);
    }
  }

  async press(key: string): Promise<void> {
    await this.tmux(['send-keys', '-t', 'tui', key]);
  }

  async type(text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', 'tui', '-l', text]);
  }

  /** Moves the cursor to the option with this label, checks it is there, presses Enter. */
  async choose(label: string, text: string): Promise<void> {
    const lines = text.split('\n');
    const target = lines.findIndex((line) => optionLabel(line) === label);
    const cursor = lines.findIndex((line) => /^\s*❯/.test(line));
    if (target < 0 || cursor < 0) throw this.failure(`no option "${label}" (or no cursor) on this screen`, text);
    const key = target > cursor ? 'Down' : 'Up';
    for (let step = 0; step < Math.abs(target - cursor); step++) await this.press(key);
    await this.waitFor(`the cursor on "${label}"`, (next) => next.split('\n').some((line) => /^\s*❯/.test(line) && optionLabel(line) === label));
    await this.press('Enter');
  }

  failure(reason: string, text: string): TuiDriveError {
    const earlier = this.history.slice(-4, -1).map((screen, index) => `--- earlier screen ${index + 1}:\n${screen.trim()}`);
    return new TuiDriveError(`${reason}\n--- screen:\n${text.trim()}\n${earlier.join('\n')}`);
  }
}

function tmuxOn(socket: string): Tmux {
  // -f /dev/null: no user configuration; -u: the screen is UTF-8 whatever the locale.
  return (args) =>
    new Promise((resolve, reject) => {
      execFile('tmux', ['-L', socket, '-f', '/dev/null', '-u', ...args], { timeout: 5000, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`tmux ${args[0]}: ${stderr || error.message}`));
        else resolve(stdout);
      });
    });
}

/** Fails, saying what to install, when tmux is missing: the tests that need it never skip. */
export async function requireTmux(binary = 'tmux'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(binary, ['-V'], { timeout: 5000 }, (error) => {
      if (error) reject(new Error('tmux is not installed: the interactive Claude Code tests need it (Debian: apt-get install tmux)'));
      else resolve();
    });
  });
}

/** Kills the pane's program if it outlived its tmux server (checked to still be ours by its command line). */
function killIfAlive(pid: number, program: string): void {
  try {
    if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(program)) return;
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone with its tmux server.
  }
}
