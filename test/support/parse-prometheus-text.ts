/**
 * A small parser of the Prometheus text format 0.0.4 for tests: HELP and TYPE per family, each
 * sample's name, labels (escapes undone) and value. Strict on what the proxy writes: a line it
 * cannot read throws, so a malformed scrape fails the test instead of reading as zero.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Scrape {
  samples: Sample[];
  help: Map<string, string>;
  types: Map<string, string>;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/y;

export function parsePrometheusText(text: string): Scrape {
  const scrape: Scrape = { samples: [], help: new Map(), types: new Map() };
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'HELP' ? scrape.help : scrape.types).set(comment[2]!, comment[3]!);
      continue;
    }
    const match = sampleLine.exec(line);
    if (!match) throw new Error(`Not a sample line: ${JSON.stringify(line)}`);
    scrape.samples.push({ name: match[1]!, labels: parseLabels(match[2] ?? '', line), value: parseValue(match[3]!, line) });
  }
  return scrape;
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  labelPair.lastIndex = 0;
  while (labelPair.lastIndex < text.length) {
    const start = labelPair.lastIndex;
    const pair = labelPair.exec(text);
    if (!pair || pair.index !== start) throw new Error(`Bad labels in ${JSON.stringify(line)}`);
    labels[pair[1]!] = pair[2]!.replace(/\\(.)/g, (_, character: string) => (character === 'n' ? '\n' : character));
  }
  return labels;
}

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new Error(`Bad value in ${JSON.stringify(line)}`);
  return value;
}

/** The samples named `name` whose labels include every pair of `labels`. */
export function samplesOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): Sample[] {
  return scrape.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
}

/** The sum of the matching samples' values (0 when none match). */
export function sumOf(scrape: Scrape, name: string, labels: Record<string, string> = {}): number {
  return samplesOf(scrape, name, labels).reduce((total, sample) => total + sample.value, 0);
}
