/**
 * A small metrics registry without I/O, for any runtime (Node, a Worker): counters, gauges and
 * histograms with labels, kept in memory and read as families for the Prometheus text
 * (`prometheus-text.ts`). Hand-written: prom-client is Node-only and much larger than this.
 *
 * Label values are bounded: each label name takes at most `maxValuesPerLabel` distinct values
 * across the registry; later new values are counted under `other`, so a client choosing model
 * names (or URL-routed hosts) cannot grow the series without end.
 */

export type Labels = Readonly<Record<string, string>>;

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface Series {
  /** Label values in the order of the family's `labelNames`. */
  labelValues: readonly string[];
  /** Counter and gauge value. */
  value: number;
  /** Histogram: observations per bucket (not cumulative), one more for +Inf. */
  bucketCounts?: number[];
  sum?: number;
  count?: number;
}

export interface MetricFamily {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  /** Histogram upper bounds, ascending, without +Inf. */
  buckets?: readonly number[];
  series: ReadonlyMap<string, Series>;
}

export interface Counter {
  inc(labels: Labels, by?: number): void;
  /** The series of `labels`, to count into again without looking it up (a counter never forgets one). */
  series(labels: Labels): CounterSeries;
}

export interface CounterSeries {
  inc(by?: number): void;
}

export interface Gauge {
  set(labels: Labels, value: number): void;
  /** Forgets every series (a gauge read anew at each scrape). */
  reset(): void;
}

export interface Histogram {
  observe(labels: Labels, value: number): void;
  /** The series of `labels`, to observe into again without looking it up. */
  series(labels: Labels): HistogramSeries;
}

export interface HistogramSeries {
  observe(value: number): void;
}

/** The value a label takes once its name has seen `maxValuesPerLabel` distinct values. */
export const OVERFLOW_LABEL_VALUE = 'other';

export class MetricsRegistry {
  readonly #families: MutableFamily[] = [];
  readonly #seenValues = new Map<string, Set<string>>();

  constructor(readonly maxValuesPerLabel = 100) {}

  counter(name: string, help: string, labelNames: readonly string[]): Counter {
    const family = this.#add({ name, help, type: 'counter', labelNames });
    return {
      inc: (labels, by = 1) => { this.#series(family, labels).value += by; },
      series: (labels) => {
        const series = this.#series(family, labels);
        return { inc: (by = 1) => { series.value += by; } };
      },
    };
  }

  gauge(name: string, help: string, labelNames: readonly string[]): Gauge {
    const family = this.#add({ name, help, type: 'gauge', labelNames });
    return {
      set: (labels, value) => { this.#series(family, labels).value = value; },
      reset: () => {
        family.series.clear();
        family.byRawKey.clear();
      },
    };
  }

  histogram(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]): Histogram {
    const family = this.#add({ name, help, type: 'histogram', labelNames, buckets });
    const observeInto = (series: Series, value: number) => {
      const counts = (series.bucketCounts ??= new Array<number>(buckets.length + 1).fill(0));
      let index = 0;
      while (index < buckets.length && value > buckets[index]!) index++;
      counts[index]!++;
      series.sum = (series.sum ?? 0) + value;
      series.count = (series.count ?? 0) + 1;
    };
    return {
      observe: (labels, value) => observeInto(this.#series(family, labels), value),
      series: (labels) => {
        const series = this.#series(family, labels);
        return { observe: (value) => observeInto(series, value) };
      },
    };
  }

  /** Every family in the order defined, for rendering. */
  families(): readonly MetricFamily[] {
    return this.#families;
  }

  #add(definition: Omit<MutableFamily, 'series' | 'byRawKey'>): MutableFamily {
    if (this.#families.some((family) => family.name === definition.name)) throw new Error(`Metric ${definition.name} is defined twice.`);
    const family: MutableFamily = { ...definition, series: new Map(), byRawKey: new Map() };
    this.#families.push(family);
    return family;
  }

  #series(family: MutableFamily, labels: Labels): Series {
    // The label values as given, joined: a series seen before is one Map lookup (every request
    // records about eight). Only series whose values all passed the bound are remembered this
    // way, so the shortcut holds no more keys than there are series.
    const names = family.labelNames;
    let rawKey = '';
    for (let i = 0; i < names.length; i++) rawKey += (i === 0 ? '' : '\u0000') + (labels[names[i]!] ?? '');
    const known = family.byRawKey.get(rawKey);
    if (known !== undefined) return known;
    const values = names.map((name) => this.#bounded(name, labels[name] ?? ''));
    const key = values.join('\u0000');
    let series = family.series.get(key);
    if (series === undefined) {
      series = { labelValues: values, value: 0 };
      family.series.set(key, series);
    }
    if (key === rawKey) family.byRawKey.set(rawKey, series);
    return series;
  }

  #bounded(name: string, value: string): string {
    if (value === '') return value;
    let seen = this.#seenValues.get(name);
    if (seen === undefined) {
      seen = new Set();
      this.#seenValues.set(name, seen);
    }
    if (seen.has(value)) return value;
    if (seen.size >= this.maxValuesPerLabel) return OVERFLOW_LABEL_VALUE;
    seen.add(value);
    return value;
  }
}

interface MutableFamily extends MetricFamily {
  series: Map<string, Series>;
  /** The same series by the label values as given, for those that passed the bound unchanged. */
  byRawKey: Map<string, Series>;
}
