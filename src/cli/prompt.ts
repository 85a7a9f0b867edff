import { createInterface } from 'node:readline/promises';
import { Writable } from 'node:stream';

/** Asks questions on a terminal. `secret` questions do not echo what is typed. */
export interface Prompter {
  ask(question: string, defaultValue?: string, options?: { secret?: boolean; shownDefault?: string }): Promise<string>;
  close(): void;
}

/** A prompter on stdin/stdout (node:readline/promises); the answer defaults when left empty. */
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
  return {
    async ask(question, defaultValue, options = {}) {
      const shown = options.shownDefault ?? defaultValue;
      const prompt = shown ? `${question} [${shown}]: ` : `${question}: `;
      const pending = readline.question(prompt);
      muted = options.secret === true;
      const answer = (await pending).trim();
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
