// TODO(issue 9): the tier table lives in config/model-tiers.ts; this re-export only keeps the
// import of frontends/anthropic-messages/handle-models.ts unchanged until it imports from there.
export { claudeTierNames, modelTiers } from '../config/model-tiers.js';
