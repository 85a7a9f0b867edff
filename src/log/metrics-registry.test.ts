import { describe, expect, it } from 'vitest';
import { parsePrometheusText, samplesOf, sumOf } from '../../test/support/parse-prometheus-text.js';
import { MetricsRegistry, OVERFLOW_LABEL_VALUE } from './metrics-registry.js';
import { escapeLabelValue, renderPrometheusText } from './prometheus-text.js';

describe('MetricsRegistry and the Prometheus text', () => {
  it('writes HELP, TYPE and one line per counter series', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('demo_requests_total', 'Requests.', ['status']);
    requests.inc({ status: '200' });
    requests.inc({ status: '200' }, 2);
    requests.inc({ status: '500' });
    expect(renderPrometheusText(registry.families())).toBe(
      '# HELP demo_requests_total Requests.\n# TYPE demo_requests_total counter\ndemo_requests_total{status="200"} 3\ndemo_requests_total{status="500"} 1\n',
    );
  });

  it('writes histograms as cumulative buckets ending at +Inf, then _sum and _count', () => {
    const registry = new MetricsRegistry();
    const latency = registry.histogram('demo_seconds', 'Latency.', ['backend'], [0.1, 1, 10]);
    for (const value of [0.05, 0.1, 0.5, 2, 20]) latency.observe({ backend: 'a' }, value);
    latency.observe({ backend: 'b' }, 3);
    const scrape = parsePrometheusText(renderPrometheusText(registry.families()));
    expect(scrape.types.get('demo_seconds')).toBe('histogram');
    const buckets = samplesOf(scrape, 'demo_seconds_bucket', { backend: 'a' }).map((sample) => [sample.labels['le'], sample.value]);
    // 0.1 falls in le="0.1" (upper bounds are inclusive).
    expect(buckets).toEqual([['0.1', 2], ['1', 3], ['10', 4], ['+Inf', 5]]);
    expect(sumOf(scrape, 'demo_seconds_sum', { backend: 'a' })).toBeCloseTo(22.65, 10);
    expect(sumOf(scrape, 'demo_seconds_count', { backend: 'a' })).toBe(5);
    expect(samplesOf(scrape, 'demo_seconds_bucket', { backend: 'b', le: '1' })[0]?.value).toBe(0);
    expect(samplesOf(scrape, 'demo_seconds_bucket', { backend: 'b', le: '10' })[0]?.value).toBe(1);
  });

  it('escapes label values and HELP text, and leaves empty labels out', () => {
    const registry = new MetricsRegistry();
    registry.counter('demo_total', 'A help with a \\ and\na line feed.', ['model', 'route']).inc({ model: 'a "quoted" \\ name\nsecond line', route: '' });
    const text = renderPrometheusText(registry.families());
    expect(text).toContain('# HELP demo_total A help with a \\\\ and\\na line feed.\n');
    expect(text).toContain('demo_total{model="a \\"quoted\\" \\\\ name\\nsecond line"} 1\n');
    const scrape = parsePrometheusText(text);
    expect(scrape.samples[0]?.labels).toEqual({ model: 'a "quoted" \\ name\nsecond line' });
    expect(escapeLabelValue('plain')).toBe('plain');
  });

  it('caps the distinct values of each label name, later ones counting as "other"', () => {
    const registry = new MetricsRegistry(3);
    const counter = registry.counter('demo_total', 'Demo.', ['model']);
    const histogram = registry.histogram('demo_seconds', 'Demo.', ['model'], [1]);
    for (let index = 0; index < 10; index++) counter.inc({ model: `client-chosen-${index}` });
    // The cap is per label name across metrics: a value already seen stays itself.
    histogram.observe({ model: 'client-chosen-1' }, 0.5);
    histogram.observe({ model: 'new-one' }, 0.5);
    const scrape = parsePrometheusText(renderPrometheusText(registry.families()));
    expect(samplesOf(scrape, 'demo_total').map((sample) => [sample.labels['model'], sample.value])).toEqual([
      ['client-chosen-0', 1], ['client-chosen-1', 1], ['client-chosen-2', 1], [OVERFLOW_LABEL_VALUE, 7],
    ]);
    expect(samplesOf(scrape, 'demo_seconds_count').map((sample) => sample.labels['model'])).toEqual(['client-chosen-1', OVERFLOW_LABEL_VALUE]);
    // Again (the shortcut by the values as given): an accepted value stays itself, an overflowed one stays "other".
    counter.inc({ model: 'client-chosen-0' });
    counter.inc({ model: 'client-chosen-5' });
    counter.inc({ model: 'client-chosen-5' });
    const again = parsePrometheusText(renderPrometheusText(registry.families()));
    expect(samplesOf(again, 'demo_total').map((sample) => [sample.labels['model'], sample.value])).toEqual([
      ['client-chosen-0', 2], ['client-chosen-1', 1], ['client-chosen-2', 1], [OVERFLOW_LABEL_VALUE, 9],
    ]);
  });

  it('sets gauges and forgets their series on reset', () => {
    const registry = new MetricsRegistry();
    const gauge = registry.gauge('demo_open', 'Open.', ['backend']);
    gauge.set({ backend: 'a' }, 2);
    gauge.set({ backend: 'a' }, 1);
    expect(renderPrometheusText(registry.families())).toContain('demo_open{backend="a"} 1\n');
    gauge.reset();
    gauge.set({}, 0);
    const text = renderPrometheusText(registry.families());
    expect(text).toContain('# TYPE demo_open gauge\ndemo_open 0\n');
    expect(text).not.toContain('backend="a"');
  });

  it('refuses a metric name defined twice', () => {
    const registry = new MetricsRegistry();
    registry.counter('demo_total', 'Demo.', []);
    expect(() => registry.counter('demo_total', 'Demo.', [])).toThrow(/twice/);
  });
});
