/**
 * Claude Code's model tiers, the one table of them (issue 9): the words of a Claude-style model
 * name that pick each tier, and the Claude-style model id of each tier. Config reads the tier
 * variables (`HAIKU_MODEL`, ...), routing the tier words, and `code` / `setup` / `/v1/models` the
 * ids, all from here.
 */
const modelTierTable = {
  // Claude Code 2.1.3xx's fable tier also takes the Mythos models.
  fable: { claudeModel: 'claude-fable-5-2', words: ['fable', 'mythos'] },
  opus: { claudeModel: 'claude-opus-5-5', words: ['opus'] },
  sonnet: { claudeModel: 'claude-sonnet-5-5', words: ['sonnet'] },
  haiku: { claudeModel: 'claude-haiku-5-5', words: ['haiku'] },
} as const;

/** Claude Code's model tiers; `fable` (Claude Code 2.1.3xx) also takes the Mythos models. */
export type ModelTier = keyof typeof modelTierTable;

/** The tiers from the most capable down, as Claude Code's `/model` picker lists them. */
export const modelTiers = Object.keys(modelTierTable) as readonly ModelTier[];

/**
 * The Claude-style name of each tier: what `claude-proxy code` / `setup` tell Claude Code to use
 * (`ANTHROPIC_DEFAULT_<TIER>_MODEL`) and what `/v1/models` advertises. They are the names Claude
 * Code 2.1.332 itself sends for `--model fable|opus|sonnet|haiku`; each holds its tier word, so
 * the mapping sends it to that tier's backend model (or OPEN_MODEL).
 */
export const claudeTierNames = Object.fromEntries(modelTiers.map((tier) => [tier, modelTierTable[tier].claudeModel])) as {
  readonly [Tier in ModelTier]: (typeof modelTierTable)[Tier]['claudeModel'];
};

/** The tier of each tier word (`mythos` -> fable). */
export const tierOfWord: ReadonlyMap<string, ModelTier> = new Map(
  modelTiers.flatMap((tier) => modelTierTable[tier].words.map((word) => [word, tier] as const)),
);
