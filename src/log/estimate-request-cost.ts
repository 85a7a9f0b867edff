import { estimateCostUsd } from '../models/estimate-cost.js';
import { findModelPrice, type ModelPrice } from '../models/model-price.js';
import type { RequestLogRecord } from './request-log-record.js';

/**
 * The estimated USD of a finished request, from its backend model's price (the configuration's
 * `prices` first, then the registry's table) and its token counts; undefined when either is
 * unknown. Called once per request as it ends, before the log line and the listeners.
 */
export function estimateRequestCost(record: RequestLogRecord, prices: Readonly<Record<string, ModelPrice>> | undefined): number | undefined {
  if (record.backendModel === undefined || record.outputTokens === undefined) return undefined;
  const price = findModelPrice(record.backendModel, prices, record.backend);
  return price === undefined ? undefined : estimateCostUsd(price, record);
}
