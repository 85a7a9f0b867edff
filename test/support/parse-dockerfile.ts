/**
 * A small Dockerfile reader for tests (no container engine on the CI machine): instructions with
 * their stage, `\` continuations joined, comments and parser directives skipped, exec-form
 * (JSON array) arguments decoded. Enough for our own Dockerfile, not a general parser
 * (no heredocs, no custom escape character).
 */
export interface DockerInstruction {
  keyword: string;
  /** The text after the keyword, continuations joined with a space. */
  text: string;
  /** The stage's name (`AS name`) or its index; undefined before the first FROM. */
  stage: string | undefined;
  line: number;
}

export interface DockerStage {
  name: string;
  image: string;
  instructions: DockerInstruction[];
}

export interface ParsedDockerfile {
  instructions: DockerInstruction[];
  stages: DockerStage[];
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const instructions: DockerInstruction[] = [];
  const stages: DockerStage[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const startLine = index + 1;
    let logical = lines[index]!.trim();
    if (logical === '' || logical.startsWith('#')) continue;
    while (logical.endsWith('\\') && index + 1 < lines.length) {
      logical = logical.slice(0, -1).trimEnd();
      const next = lines[++index]!.trim();
      // Comment lines inside a continuation are dropped, as Docker does.
      if (!next.startsWith('#')) logical += ` ${next}`;
    }
    const match = /^(\S+)\s*(.*)$/.exec(logical)!;
    const keyword = match[1]!.toUpperCase();
    const rest = match[2]!;
    if (keyword === 'FROM') {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest);
      if (!from) throw new Error(`line ${startLine}: cannot read FROM ${rest}`);
      stages.push({ name: from[2] ?? String(stages.length), image: from[1]!, instructions: [] });
    }
    const instruction = { keyword, text: rest, stage: stages.at(-1)?.name, line: startLine };
    instructions.push(instruction);
    stages.at(-1)?.instructions.push(instruction);
  }
  return { instructions, stages };
}

/** An exec-form argument list (`["node", "x.js"]`); throws on the shell form, which PID 1 would be a shell for. */
export function execFormOf(text: string): string[] {
  const value: unknown = JSON.parse(text);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw new Error(`not an exec-form list: ${text}`);
  return value;
}

/** `KEY=value` pairs of ENV instructions (quoted values unquoted; no variable expansion). */
export function envOf(instructions: readonly DockerInstruction[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { keyword, text } of instructions) {
    if (keyword !== 'ENV') continue;
    for (const pair of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
      const raw = pair[2]!;
      env[pair[1]!] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
    }
  }
  return env;
}

/** HEALTHCHECK's options (`--interval=30s` ...) and its exec-form command. */
export function healthcheckOf(text: string): { options: Record<string, string>; command: string[] } {
  const match = /^((?:--[a-z-]+=\S+\s+)*)CMD\s+(\[.*\])$/.exec(text);
  if (!match) throw new Error(`HEALTHCHECK is not "[options] CMD [exec form]": ${text}`);
  const options = Object.fromEntries([...match[1]!.matchAll(/--([a-z-]+)=(\S+)/g)].map((option) => [option[1]!, option[2]!]));
  return { options, command: execFormOf(match[2]!) };
}
