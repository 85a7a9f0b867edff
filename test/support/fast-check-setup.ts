import fc from 'fast-check';

/**
 * Property tests are deterministic in CI (a fixed seed, so a red build is reproducible and never
 * a coin toss) and explore new inputs locally. FC_SEED=<n> replays a reported failure anywhere.
 */
const fromEnv = process.env.FC_SEED;
if (fromEnv !== undefined && fromEnv !== '') fc.configureGlobal({ seed: Number(fromEnv) });
else if (process.env.CI) fc.configureGlobal({ seed: 20_261_125 });
