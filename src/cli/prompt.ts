import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Asks questions on a terminal. `secret` questions do not echo what is typed. */
export interface Prompter {
  ask(question: string, defaultValue?: string, options?: { secret?: boolean; shownDefault?: string }): Promise<string>;
  close(): void;
}

/**
 * A prompter on stdin/stdout (node:readline); the answer defaults when left empty. Lines are
 * queued as they arrive, so answers typed or pasted ahead of their question are not lost (as
 * they would be with `question()`); end of input answers every remaining question with its default.
 */
export function createTerminalPrompter(input: NodeJS.ReadableStream = process.stdin, output: NodeJS.WritableStream = process.stdout): Prompter {
  let muted = false;
  // readline echoes typed characters through its output; muting it hides a key being typed.
  const gate = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      if (!muted) output.write(chunk);
      callback();
    },
  });
  const readline = createInterface({ input, output: gate, terminal: (input as { isTTY?: boolean }).isTTY === true });
  const queued: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];
  let closed = false;
  readline.on('line', (line) => (waiting.length > 0 ? waiting.shift()?.(line) : queued.push(line)));
  readline.on('close', () => {
    closed = true;
    for (const resolve of waiting.splice(0)) resolve(undefined);
  });
  // Ctrl-C at a question cancels setup, as in any other command-line program.
  readline.on('SIGINT', () => {
    output.write('\n');
    process.exit(130);
  });
  const nextLine = (): Promise<string | undefined> =>
    queued.length > 0 || closed ? Promise.resolve(queued.shift()) : new Promise((resolve) => waiting.push(resolve));
  return {
    async ask(question, defaultValue, options = {}) {
      const shown = options.shownDefault ?? defaultValue;
      output.write(shown ? `${question} [${shown}]: ` : `${question}: `);
      muted = options.secret === true;
      const answer = ((await nextLine()) ?? '').trim();
      if (muted) output.write('\n');
      muted = false;
      return answer === '' ? defaultValue ?? '' : answer;
    },
    close: () => readline.close(),
  };
}

/** A prompter that answers from a list, for tests and scripted runs. */
export function createScriptedPrompter(answers: readonly string[]): Prompter & { asked: string[] } {
  const queue = [...answers];
  const asked: string[] = [];
  return {
    asked,
    ask: async (question, defaultValue) => {
      asked.push(question);
      const answer = queue.shift()?.trim() ?? '';
      return answer === '' ? defaultValue ?? '' : answer;
    },
    close: () => undefined,
  };
}
