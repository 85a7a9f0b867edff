/** Thrown for configuration a person must fix; the CLI prints the message and exits. */
export class ConfigError extends Error {}
