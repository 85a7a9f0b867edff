/** The result rows of one direction (client API -> backend) of `npm run bench`, with the issue-13 targets. */
import type { InterleavedResult } from './load.js';
import { ms, pct, perSecond, type Row } from './report.js';
import type { Direction } from './requests.js';

export interface DirectionResult {
  direction: Direction;
  measured: boolean;
  reason?: string;
  /** wrk (or autocannon) at one connection: p50/p99 of each target. */
  latency?: Map<string, InterleavedResult>;
  sync?: Map<string, InterleavedResult>;
  streams?: Map<string, InterleavedResult>;
  firstText?: Map<string, { p50Ms: number; p90Ms: number; failures: number }>;
}

export interface RowSettings {
  syncConnections: number;
  streamConnections: number;
  chunks: number;
  paceMs: number;
}

/** The forwarder must reach this share of the direct mock's rate, or the load generator is the limit. */
export const HARNESS_VALID_SHARE = 0.4;
/** Issue 13's throughput target, proxy / forwarder, non-streaming and streams. */
const THROUGHPUT_TARGET = 0.75;

/** The other proxies measured in the same slices (`proxy-silent`, `proxy-node24`, `baseline`): rows against `proxy`. */
function comparisonRows(section: string, result: DirectionResult, name: string, rows: Row[]): void {
  const sync = result.sync!;
  const streams = result.streams!;
  if (!sync.has(name)) return;
  const vs = (map: Map<string, InterleavedResult>) => pct(map.get(name)!.perSecond / map.get('proxy')!.perSecond);
  const cpu = (map: Map<string, InterleavedResult>) => `${map.get('proxy')!.cpuPerRequestUs.toFixed(0)} us / ${map.get(name)!.cpuPerRequestUs.toFixed(0)} us`;
  rows.push({ section, metric: `req/s, ${name} / proxy`, value: `${vs(sync)} (${perSecond(sync.get(name)!.perSecond)})`, target: '-' });
  rows.push({ section, metric: `streams/s, ${name} / proxy`, value: `${vs(streams)} (${perSecond(streams.get(name)!.perSecond)})`, target: '-' });
  rows.push({ section, metric: `server CPU per request (proxy / ${name})`, value: cpu(sync), target: '-' });
  rows.push({ section, metric: `server CPU per stream (proxy / ${name})`, value: cpu(streams), target: '-' });
  const latency = result.latency!;
  if (latency.has(name)) rows.push({ section, metric: `c=1 added p50 latency of ${name}`, value: ms(latency.get(name)!.p50Ms - latency.get('mock')!.p50Ms), target: '-' });
}

export function directionRows(result: DirectionResult, settings: RowSettings, rows: Row[]): void {
  const section = result.direction.id;
  if (!result.measured) {
    rows.push({ section, metric: 'all metrics', value: `not measured (${result.reason})`, target: '-' });
    return;
  }
  const { syncConnections: c, streamConnections: s, chunks } = settings;
  const latency = result.latency!;
  const sync = result.sync!;
  const streams = result.streams!;
  const harnessShare = sync.get('forwarder')!.perSecond / sync.get('mock')!.perSecond;
  rows.push({
    section,
    metric: `harness check: forwarder / mock req/s at c=${c}`,
    value: `${pct(harnessShare)}${harnessShare < HARNESS_VALID_SHARE ? ' (the load generator is the limit: this run is NOT VALID)' : ''}`,
    target: `>= ${pct(HARNESS_VALID_SHARE)}`,
    met: harnessShare >= HARNESS_VALID_SHARE,
  });
  const addedP50 = latency.get('proxy')!.p50Ms - latency.get('mock')!.p50Ms;
  const forwarderP50 = latency.get('forwarder')!.p50Ms - latency.get('mock')!.p50Ms;
  rows.push({ section, metric: 'c=1 added p50 latency vs mock', value: `${ms(addedP50)} (mock ${ms(latency.get('mock')!.p50Ms)}; forwarder adds ${ms(forwarderP50)})`, target: '<= 0.25 ms', met: addedP50 <= 0.25 });
  rows.push({ section, metric: 'c=1 added p99 latency vs mock', value: ms(latency.get('proxy')!.p99Ms - latency.get('mock')!.p99Ms), target: '-' });
  const rates = (map: Map<string, InterleavedResult>) => ['mock', 'forwarder', 'proxy'].map((name) => perSecond(map.get(name)!.perSecond)).join(' / ');
  const syncRatio = sync.get('proxy')!.perSecond / sync.get('forwarder')!.perSecond;
  rows.push({ section, metric: `c=${c} req/s (mock / forwarder / proxy)`, value: rates(sync), target: '-' });
  rows.push({ section, metric: `c=${c} req/s, proxy / forwarder`, value: pct(syncRatio), target: `>= ${pct(THROUGHPUT_TARGET)}`, met: syncRatio >= THROUGHPUT_TARGET });
  const streamRatio = streams.get('proxy')!.perSecond / streams.get('forwarder')!.perSecond;
  rows.push({ section, metric: `c=${s} streams/s of ${chunks} chunks (mock / forwarder / proxy)`, value: rates(streams), target: '-' });
  rows.push({ section, metric: `c=${s} streams/s, proxy / forwarder`, value: pct(streamRatio), target: `>= ${pct(THROUGHPUT_TARGET)}`, met: streamRatio >= THROUGHPUT_TARGET });
  const cpu = (map: Map<string, InterleavedResult>, name: string) => map.get(name)!.cpuPerRequestUs;
  const extraPerRequest = cpu(sync, 'proxy') - cpu(sync, 'forwarder');
  const extraPerStream = cpu(streams, 'proxy') - cpu(streams, 'forwarder');
  rows.push({ section, metric: `server CPU per request (forwarder / proxy; proxy minus forwarder)`, value: `${cpu(sync, 'forwarder').toFixed(0)} us / ${cpu(sync, 'proxy').toFixed(0)} us; +${extraPerRequest.toFixed(0)} us`, target: '-' });
  rows.push({
    section,
    metric: `server CPU per stream (forwarder / proxy; proxy minus forwarder, per chunk)`,
    value: `${cpu(streams, 'forwarder').toFixed(0)} us / ${cpu(streams, 'proxy').toFixed(0)} us; +${extraPerStream.toFixed(0)} us, ${(extraPerStream / chunks).toFixed(2)} us per chunk`,
    target: '-',
  });
  if (sync.has('translator')) {
    const share = (map: Map<string, InterleavedResult>, name: string, of: string) => pct(map.get(name)!.perSecond / map.get(of)!.perSecond);
    rows.push({ section, metric: 'translation floor: bare translator / forwarder (req/s; streams/s)', value: `${share(sync, 'translator', 'forwarder')}; ${share(streams, 'translator', 'forwarder')}`, target: '-' });
    rows.push({ section, metric: 'gateway: proxy / bare translator (req/s; streams/s)', value: `${share(sync, 'proxy', 'translator')}; ${share(streams, 'proxy', 'translator')}`, target: '-' });
    const overRequest = cpu(sync, 'proxy') - cpu(sync, 'translator');
    const overStream = cpu(streams, 'proxy') - cpu(streams, 'translator');
    rows.push({
      section,
      metric: 'server CPU of the bare translator per request / per stream (proxy minus translator)',
      value: `${cpu(sync, 'translator').toFixed(0)} us (+${overRequest.toFixed(0)} us) / ${cpu(streams, 'translator').toFixed(0)} us (+${overStream.toFixed(0)} us, ${(overStream / chunks).toFixed(2)} us per chunk)`,
      target: '-',
    });
  }
  const firstText = result.firstText!;
  const addedFirstText = firstText.get('proxy')!.p50Ms - firstText.get('mock')!.p50Ms;
  rows.push({ section, metric: `added time to first text, p50 (${settings.paceMs} ms pacing)`, value: `${ms(addedFirstText)} (mock ${ms(firstText.get('mock')!.p50Ms)}, forwarder ${ms(firstText.get('forwarder')!.p50Ms)})`, target: '<= 1 ms', met: addedFirstText <= 1 });
  const failures = [...sync.values(), ...streams.values(), ...latency.values()].reduce((sum, r) => sum + r.errors + r.non2xx, 0)
    + [...firstText.values()].reduce((sum, r) => sum + r.failures, 0);
  rows.push({ section, metric: 'failed requests during the above', value: String(failures), target: '0', met: failures === 0 });
  comparisonRows(section, result, 'proxy-silent', rows);
  comparisonRows(section, result, 'proxy-node24', rows);
  comparisonRows(section, result, 'baseline', rows);
}
