/** What the dashboard page receives (JSON over `/dashboard/state` and the event stream). */

/** One finished request, as a row of the page. Strings may come from clients: the page escapes them. */
export interface DashboardRow {
  /** `Date.now()` when it ended. */
  at: number;
  requestId: string;
  method: string;
  path: string;
  /** The access key's name; undefined with open access. */
  client?: string;
  /** The route that chose the backend (`think`, `rules[0]`, `tier:opus`). */
  route?: string;
  backend?: string;
  requestedModel?: string;
  backendModel?: string;
  stream?: boolean;
  status: number;
  inputTokens?: number;
  outputTokens?: number;
  ttfbMs?: number;
  totalMs: number;
  costUsd?: number;
  retries?: number;
  error?: string;
}

/** Sums over the requests of one model, one backend, or all. */
export interface DashboardTotal {
  name: string;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  /** Sum of the costs known; `costedRequests` says how many had one. */
  costUsd: number;
  costedRequests: number;
  totalMs: number;
}

/** One active route: where requests matching `name` go, in fallback order. */
export interface DashboardRoute {
  name: string;
  /** `backend/model`, in order. */
  targets: string[];
  note?: string;
}

export interface DashboardSnapshot {
  /** `Date.now()` when the dashboard began counting. */
  since: number;
  recent: DashboardRow[];
  errors: DashboardRow[];
  all: DashboardTotal;
  byModel: DashboardTotal[];
  byBackend: DashboardTotal[];
  openRequests: number;
  routes: DashboardRoute[];
}

/** Pushed for each finished request: the row and the totals it changed. */
export interface DashboardUpdate {
  row: DashboardRow;
  all: DashboardTotal;
  model: DashboardTotal;
  backend: DashboardTotal;
}

/** Pushed every few seconds: what changes without a request ending. */
export interface DashboardStatus {
  openRequests: number;
  routes: DashboardRoute[];
}
