import type { Check, ModelProbe } from './probe-model.js';

const columns = [
  ['streaming', 'stream'],
  ['toolCalls', 'tool calls'],
  ['streamedArguments', 'streamed args'],
  ['reasoning', 'reasoning'],
  ['images', 'images'],
] as const satisfies ReadonlyArray<readonly [keyof ModelProbe, string]>;

const marks: Record<Check['result'], string> = { yes: 'yes', no: 'NO', partial: 'partly', untested: '-' };

/** The per-model table: one row per backend model, one column per ability. */
export function formatModelTable(probes: readonly ModelProbe[]): string[] {
  const header = ['model', 'backend', ...columns.map(([, title]) => title)];
  // Reasoning is informational (many good models do not think), so its absence is not shouted.
  const mark = (key: (typeof columns)[number][0], check: Check) => (key === 'reasoning' && check.result === 'no' ? 'none' : marks[check.result]);
  const rows = probes.map((probe) => [probe.model, probe.backend, ...columns.map(([key]) => mark(key, probe[key]))]);
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]) => `  ${cells.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join('  ')}`.trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)];
}

/** What to change, one line per ability that does not work, with the backend's own words. */
export function adviceFor(probe: ModelProbe): string[] {
  const advice: string[] = [];
  const add = (check: Check, text: string) => advice.push(`  ${probe.model}: ${text}${check.detail ? ` (${check.detail})` : ''}`);
  if (probe.streaming.result === 'no') add(probe.streaming, 'streaming does not work: check the model name and that the server supports stream: true; Claude Code always streams');
  if (probe.toolCalls.result === 'no') add(probe.toolCalls, 'tool calls not supported: pick a model with function calling (vLLM: --enable-auto-tool-choice --tool-call-parser; Ollama: a model tagged "tools")');
  if (probe.streamedArguments.result === 'no') add(probe.streamedArguments, 'tool arguments arrive broken: Claude Code cannot run its tools with this model or server version');
  if (probe.streamedArguments.result === 'partial') add(probe.streamedArguments, 'tool arguments are not streamed');
  if (probe.images.result === 'no') add(probe.images, 'images are rejected: pasted screenshots will fail; use a vision model for those');
  if (probe.reasoning.result === 'no' && probe.toolCalls.result === 'yes') advice.push(`  ${probe.model}: no reasoning seen (normal for non-thinking models; Claude Code then shows no thinking)`);
  return advice;
}

/** The basics Claude Code cannot do without: the model streams. */
export function basicsWork(probe: ModelProbe): boolean {
  return probe.streaming.result === 'yes';
}
