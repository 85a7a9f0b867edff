/**
 * The proxy's metrics, fed by each finished request's record (a runtime request listener) and
 * read as Prometheus text by `GET /metrics`. Where the OpenTelemetry GenAI semantic conventions
 * name a metric or an attribute, it is used in its Prometheus form (`gen_ai.server.request.duration`
 * -> `gen_ai_server_request_duration_seconds`, `gen_ai.request.model` -> `gen_ai_request_model`),
 * with the buckets they recommend; the rest is `claude_proxy_*`. No I/O: every runtime can hold it.
 * @see https://opentelemetry.io/docs/specs/semconv/gen-ai/gen-ai-metrics/
 */
import type { BackendKind } from '../config/config-types.js';
import type { RequestLogRecord } from './logger.js';
import { MetricsRegistry, type CounterSeries, type HistogramSeries } from './metrics-registry.js';
import { renderPrometheusText } from './prometheus-text.js';

/** What is read at scrape time rather than counted. */
export interface MetricsSnapshot {
  openRequests: number;
  openStreams: number;
  /** Every configured backend and whether it rests after failures in a row (cool-down). */
  backends: readonly { name: string; resting: boolean }[];
}

export interface RequestMetrics {
  /** Counts one finished request (a runtime request listener). Never throws. */
  record(record: RequestLogRecord): void;
  /** Everything counted so far, with the gauges of `snapshot`, as Prometheus text 0.0.4. */
  render(snapshot: MetricsSnapshot): string;
}

export interface RequestMetricsOptions {
  /** The kind of a configured backend by name (undefined for URL-routed ones, which are OpenAI-compatible). */
  backendKindOf(backend: string): BackendKind | undefined;
  /** Distinct values per label before new ones count as `other`. */
  maxValuesPerLabel?: number;
}

/** Semconv boundaries of `gen_ai.server.request.duration`, seconds. */
const durationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
/** Semconv boundaries of `gen_ai.server.time_to_first_token`, seconds. */
const firstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** Semconv boundaries of `gen_ai.client.token.usage`, tokens. */
const tokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];
/** The proxy's own time is small: from half a millisecond up. */
const overheadBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

const genAiLabels = ['gen_ai_operation_name', 'gen_ai_provider_name', 'gen_ai_request_model', 'backend'] as const;

export function createRequestMetrics(options: RequestMetricsOptions): RequestMetrics {
  const cap = options.maxValuesPerLabel ?? 100;
  const bounded = ` Model, backend, route and warning labels take at most ${cap} distinct values each; later ones count as "other".`;
  const registry = new MetricsRegistry(cap);
  const requests = registry.counter('claude_proxy_requests_total', `Requests answered, by client API, route, backend, backend model and HTTP status.${bounded}`, ['client_api', 'route', 'backend', 'gen_ai_request_model', 'status']);
  const duration = registry.histogram('gen_ai_server_request_duration_seconds', `Time from the request's arrival to the answer's last byte, for requests that reached a backend (error_type on failures).${bounded}`, [...genAiLabels, 'error_type'], durationBuckets);
  const firstToken = registry.histogram('gen_ai_server_time_to_first_token_seconds', `Time from the request's arrival to the backend's first body chunk, for successful streams.${bounded}`, genAiLabels, firstTokenBuckets);
  const overhead = registry.histogram('claude_proxy_gateway_overhead_seconds', 'Time spent in the proxy itself: the total minus the time in backend calls (waits between retries included).', ['client_api', 'backend'], overheadBuckets);
  const tokens = registry.histogram('gen_ai_client_token_usage', `Tokens per chat request as the backend reported them: input (every prompt token), output, and the cache_read and cache_write parts of the input.${bounded}`, [...genAiLabels, 'gen_ai_token_type'], tokenBuckets);
  const errors = registry.counter('claude_proxy_errors_total', `Error answers by kind (the proxy's error kinds; a backend's error passed through by its status).${bounded}`, ['client_api', 'backend', 'kind']);
  const retries = registry.counter('claude_proxy_retries_total', `Tries of a backend again after a failure (backoff, another key), by the backend that answered last; fallbacks are counted apart.${bounded}`, ['backend']);
  const fallbacks = registry.counter('claude_proxy_fallbacks_total', `Requests passed to the next candidate after a backend failed, by the backend that failed.${bounded}`, ['backend']);
  const skips = registry.counter('claude_proxy_cooldown_skips_total', `Candidates passed over because their backend rested after failures in a row.${bounded}`, ['backend']);
  const warnings = registry.counter('claude_proxy_translation_warnings_total', `Requests with a translation warning, by warning label (dropped:top_k, image:placeholder, ...).${bounded}`, ['code']);
  const cost = registry.counter('claude_proxy_cost_usd_total', `Estimated cost in US dollars, where a price is known.${bounded}`, ['backend', 'gen_ai_request_model']);
  const openRequests = registry.gauge('claude_proxy_open_requests', 'Requests whose answer is not finished yet.', []);
  const openStreams = registry.gauge('claude_proxy_open_streams', 'Streaming requests whose answer is not finished yet.', []);
  const resting = registry.gauge('claude_proxy_backend_resting', 'Whether a configured backend rests (1) after failures in a row, skipped while another candidate is left.', ['backend']);

  /**
   * The series one kind of request counts into, by what its labels are made of, made on first
   * use: the next request of the same kind counts with no label work. Bounded: clients choose
   * model names; past the bound the table starts again (the series themselves stay).
   */
  const seriesByShape = new Map<string, ShapeSeries>();
  // The last request's shape, compared field by field before any key is built: traffic comes in
  // runs of the same kind, and a key is seven strings joined and hashed per request (issue 13).
  let last: { entry: RequestLogRecord; provider: string; shape: ShapeSeries } | undefined;
  const shapeOf = (entry: RequestLogRecord, provider: string): ShapeSeries => {
    if (last !== undefined && sameShape(last.entry, entry) && last.provider === provider) return last.shape;
    const key = `${entry.path}\0${entry.route ?? ''}\0${entry.backend ?? '\u0001'}\0${provider}\0${entry.backendModel ?? ''}\0${entry.status}\0${entry.errorKind ?? ''}`;
    let shape = seriesByShape.get(key);
    if (shape === undefined) {
      if (seriesByShape.size >= maxShapes) seriesByShape.clear();
      shape = newShape(entry, provider);
      seriesByShape.set(key, shape);
    }
    // Only the labels are kept, not the record.
    last = { entry: { path: entry.path, route: entry.route, backend: entry.backend, backendModel: entry.backendModel, status: entry.status, errorKind: entry.errorKind } as RequestLogRecord, provider, shape };
    return shape;
  };
  const newShape = (entry: RequestLogRecord, provider: string): ShapeSeries => {
    const clientApi = clientApiOfPath(entry.path);
    const backend = entry.backend ?? '';
    const model = entry.backendModel ?? '';
    const status = entry.status;
    const genAi = {
      gen_ai_operation_name: entry.path.endsWith('/count_tokens') ? 'count_tokens' : 'chat',
      gen_ai_provider_name: provider,
      gen_ai_request_model: model,
      backend,
    };
    const tokenSeries = new Map<string, HistogramSeries>();
    return {
      requests: requests.series({ client_api: clientApi, route: entry.route ?? '', backend, gen_ai_request_model: model, status: String(status) }),
      errors: lazily(() => errors.series({ client_api: clientApi, backend, kind: entry.errorKind ?? errorKindOfStatus(status) })),
      overhead: lazily(() => overhead.series({ client_api: clientApi, backend })),
      duration: lazily(() => duration.series({ ...genAi, error_type: status >= 400 ? (entry.errorKind ?? String(status)) : '' })),
      firstToken: lazily(() => firstToken.series(genAi)),
      tokens: (type) => {
        let series = tokenSeries.get(type);
        if (series === undefined) tokenSeries.set(type, (series = tokens.series({ ...genAi, gen_ai_token_type: type })));
        return series;
      },
      cost: lazily(() => cost.series({ backend, gen_ai_request_model: model })),
      countsTokens: genAi.gen_ai_operation_name === 'chat',
    };
  };

  const record = (entry: RequestLogRecord) => {
    const backend = entry.backend ?? '';
    const status = entry.status;
    const shape = shapeOf(entry, entry.backend === undefined ? '' : providerName(options.backendKindOf(entry.backend)));
    shape.requests.inc();
    if (status >= 400) shape.errors().inc();
    for (const label of entry.warn ?? []) warnings.inc({ code: label });
    for (const name of entry.fallbacks ?? []) fallbacks.inc({ backend: name });
    for (const name of entry.skipped ?? []) skips.inc({ backend: name });
    const retried = (entry.retries ?? 0) - (entry.fallbacks?.length ?? 0);
    if (retried > 0) retries.inc({ backend }, retried);
    if (entry.upstreamMs !== undefined) shape.overhead().observe(Math.max(0, entry.totalMs - entry.upstreamMs) / 1000);
    if (entry.backend === undefined) return;
    shape.duration().observe(entry.totalMs / 1000);
    if (entry.stream === true && status < 400 && entry.firstChunkMs !== undefined) shape.firstToken().observe(entry.firstChunkMs / 1000);
    // count_tokens logs its estimate as input tokens: an estimate, not usage.
    if (shape.countsTokens) {
      if (entry.inputTokens !== undefined) shape.tokens('input').observe(entry.inputTokens);
      if (entry.outputTokens !== undefined) shape.tokens('output').observe(entry.outputTokens);
      if (entry.cacheReadTokens !== undefined) shape.tokens('cache_read').observe(entry.cacheReadTokens);
      if (entry.cacheWriteTokens !== undefined) shape.tokens('cache_write').observe(entry.cacheWriteTokens);
    }
    // Filled by the price table when it knows the model (issue 11, cost); read only if present.
    const costUsd = (entry as RequestLogRecord & { costUsd?: number }).costUsd;
    if (costUsd !== undefined && costUsd > 0) shape.cost().inc(costUsd);
  };

  return {
    record: (entry) => {
      try {
        record(entry);
      } catch {
        // A listener must not throw into the request's end; a broken record is not counted.
      }
    },
    render: (snapshot) => {
      openRequests.set({}, snapshot.openRequests);
      openStreams.set({}, snapshot.openStreams);
      resting.reset();
      for (const backend of snapshot.backends) resting.set({ backend: backend.name }, backend.resting ? 1 : 0);
      return renderPrometheusText(registry.families());
    },
  };
}

/** The series of one kind of request (see `seriesByShape`); the optional ones made on first use. */
interface ShapeSeries {
  requests: CounterSeries;
  errors: () => CounterSeries;
  overhead: () => HistogramSeries;
  duration: () => HistogramSeries;
  firstToken: () => HistogramSeries;
  tokens: (type: 'input' | 'output' | 'cache_read' | 'cache_write') => HistogramSeries;
  cost: () => CounterSeries;
  countsTokens: boolean;
}

/** Kinds of request remembered before the table starts again. */
const maxShapes = 1000;

/** Whether two records count into the same series (the fields of the shape key). */
function sameShape(a: RequestLogRecord, b: RequestLogRecord): boolean {
  return a.status === b.status && a.path === b.path && a.backendModel === b.backendModel && a.backend === b.backend && a.route === b.route && a.errorKind === b.errorKind;
}

function lazily<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => (made ??= make());
}

/** The client API a path belongs to (the paths of `create-request-handler.ts`). */
export function clientApiOfPath(path: string): string {
  if (path === '/v1/messages' || path === '/v1/messages/count_tokens') return 'anthropic-messages';
  if (path === '/v1/chat/completions' || path === '/chat/completions') return 'openai-chat';
  if (path === '/v1/responses' || path === '/responses' || path.endsWith('/responses/compact')) return 'openai-responses';
  if (path.endsWith('/v1/messages') || path.endsWith('/v1/messages/count_tokens')) return 'url-routed';
  return 'other';
}

/** `gen_ai.provider.name`: the API flavour the backend speaks (every OpenAI-compatible backend is `openai`). */
function providerName(kind: BackendKind | undefined): string {
  return kind === 'anthropic' ? 'anthropic' : 'openai';
}

/** The error kind of an answer that carries no ProxyError (a backend's error piped through, a disconnect). */
function errorKindOfStatus(status: number): string {
  switch (status) {
    case 400: return 'invalid_request';
    case 401: return 'authentication';
    case 403: return 'permission';
    case 404: return 'not_found';
    case 413: return 'request_too_large';
    case 429: return 'rate_limit';
    case 499: return 'client_closed';
    case 504: return 'timeout';
    case 529: return 'overloaded';
    default: return status >= 500 ? 'api_error' : 'invalid_request';
  }
}
