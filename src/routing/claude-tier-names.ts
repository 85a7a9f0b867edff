import type { ModelTier } from '../config/config-types.js';

/**
 * The Claude-style name of each tier: what `claude-proxy code` / `setup` tell Claude Code to use
 * (`ANTHROPIC_DEFAULT_<TIER>_MODEL`) and what `/v1/models` advertises. They are the names Claude
 * Code 2.1.332 itself sends for `--model fable|opus|sonnet|haiku`; each holds its tier word, so
 * the mapping sends it to that tier's backend model (or OPEN_MODEL).
 */
export const claudeTierNames = {
  fable: 'claude-fable-5-2',
  opus: 'claude-opus-5-5',
  sonnet: 'claude-sonnet-5-5',
  haiku: 'claude-haiku-5-5',
} as const satisfies Record<ModelTier, string>;

/** The tiers from the most capable down, as Claude Code's `/model` picker lists them. */
export const modelTiers: readonly ModelTier[] = ['fable', 'opus', 'sonnet', 'haiku'];
