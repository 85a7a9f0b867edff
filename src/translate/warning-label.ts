import type { TranslationWarning } from './types.js';

/**
 * Top-level request fields whose names may stand in a label (`dropped:top_k`). Any other field
 * (a path such as `messages[3].content[1]`, a client's unknown field) is left out of the label,
 * so the label set stays bounded: one per code, plus one per code and listed field.
 */
const labelledFields = new Set([
  'top_k', 'top_p', 'temperature', 'stop', 'stop_sequences', 'max_tokens', 'metadata.user_id', 'thinking',
  'output_config.effort', 'output_config.format', 'tool_choice', 'tools', 'response_format', 'context_management',
  'service_tier', 'container', 'mcp_servers', 'reasoning_effort', 'parallel_tool_calls', 'n', 'logprobs',
  'top_logprobs', 'seed', 'frequency_penalty', 'presence_penalty', 'logit_bias', 'user', 'stream_options',
  'modalities', 'audio', 'prediction', 'store', 'web_search_options',
]);

/**
 * The compact label of a warning for the request log line: the code's first `_` becomes `:`
 * (`clamped_max_tokens` -> `clamped:max_tokens`, `image_placeholder` -> `image:placeholder`),
 * and for `dropped_field` a listed field name replaces `field` (`dropped:top_k`).
 */
export function warningLabel(warning: TranslationWarning): string {
  const separator = warning.code.indexOf('_');
  const label = separator < 0 ? warning.code : `${warning.code.slice(0, separator)}:${warning.code.slice(separator + 1)}`;
  if (warning.code === 'dropped_field' && warning.field !== undefined && labelledFields.has(warning.field)) {
    return `dropped:${warning.field}`;
  }
  return label;
}
