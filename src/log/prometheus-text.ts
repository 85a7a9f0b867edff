/**
 * Metric families as the Prometheus text exposition format, version 0.0.4: `# HELP` and
 * `# TYPE` per family, one sample per line, histograms as cumulative `_bucket{le="..."}` lines
 * ending with `le="+Inf"`, then `_sum` and `_count`. Label values are escaped (backslash, double
 * quote, line feed); a label with an empty value is left out (Prometheus treats both alike).
 * @see https://prometheus.io/docs/instrumenting/exposition_formats/#text-based-format
 */
import type { MetricFamily, Series } from './metrics-registry.js';

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export function renderPrometheusText(families: readonly MetricFamily[]): string {
  let text = '';
  for (const family of families) {
    text += `# HELP ${family.name} ${escapeHelp(family.help)}\n# TYPE ${family.name} ${family.type}\n`;
    for (const series of family.series.values()) {
      text += family.type === 'histogram' ? histogramLines(family, series) : `${family.name}${labelsText(family.labelNames, series.labelValues)} ${formatValue(series.value)}\n`;
    }
  }
  return text;
}

function histogramLines(family: MetricFamily, series: Series): string {
  const buckets = family.buckets ?? [];
  const counts = series.bucketCounts ?? [];
  let lines = '';
  let cumulative = 0;
  for (let index = 0; index <= buckets.length; index++) {
    cumulative += counts[index] ?? 0;
    const le = index < buckets.length ? formatValue(buckets[index]!) : '+Inf';
    lines += `${family.name}_bucket${labelsText([...family.labelNames, 'le'], [...series.labelValues, le])} ${cumulative}\n`;
  }
  const labels = labelsText(family.labelNames, series.labelValues);
  return `${lines}${family.name}_sum${labels} ${formatValue(series.sum ?? 0)}\n${family.name}_count${labels} ${series.count ?? 0}\n`;
}

function labelsText(names: readonly string[], values: readonly string[]): string {
  const pairs: string[] = [];
  for (let index = 0; index < names.length; index++) {
    const value = values[index] ?? '';
    if (value !== '') pairs.push(`${names[index]}="${escapeLabelValue(value)}"`);
  }
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** Backslash, double quote and line feed escaped, as the format requires in label values. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (character) => (character === '\n' ? '\\n' : `\\${character}`));
}

/** Backslash and line feed escaped, as the format requires in HELP text. */
function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (character) => (character === '\n' ? '\\n' : '\\\\'));
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
