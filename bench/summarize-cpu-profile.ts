/**
 * `npx tsx bench/summarize-cpu-profile.ts FILE.cpuprofile [PATTERN]`: the share of a profile's
 * busy time (idle and `(program)` left out) spent inside functions of the bundled proxy whose
 * name matches PATTERN (inclusive: their callees count too), and the top self-time frames.
 * Used with `bench/logging-cost.ts --cpu-prof` to read what logging costs per request.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  hitCount: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const [file, patternText = '^(request|writePending)$'] = process.argv.slice(2);
if (!file) throw new Error('usage: summarize-cpu-profile.ts FILE.cpuprofile [PATTERN]');
const nodes = (JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] }).nodes;
const pattern = new RegExp(patternText);
const byId = new Map(nodes.map((node) => [node.id, node]));
const parentOf = new Map<number, number>();
for (const node of nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
const label = (node: ProfileNode) => `${node.callFrame.functionName || '(anonymous)'} ${node.callFrame.url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}`;
const isIdle = (node: ProfileNode) => node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(program)';
const busy = nodes.filter((node) => !isIdle(node)).reduce((sum, node) => sum + node.hitCount, 0);

const inclusive = new Map<string, number>();
let matched = 0;
for (const node of nodes) {
  if (node.hitCount === 0 || isIdle(node)) continue;
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parentOf.get(id)) {
    const frame = byId.get(id)!;
    if (!pattern.test(frame.callFrame.functionName) || !frame.callFrame.url.includes('proxy-server')) continue;
    if (seen.size === 0) matched += node.hitCount;
    const name = label(frame);
    if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + node.hitCount);
    seen.add(name);
  }
}
const pct = (hits: number) => `${((hits / busy) * 100).toFixed(1)}%`;
process.stdout.write(`${file}: ${busy} busy samples; matching /${patternText}/ (inclusive, once per sample): ${pct(matched)}\n`);
for (const [name, hits] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 10)) process.stdout.write(`  ${pct(hits)}  ${name}\n`);
