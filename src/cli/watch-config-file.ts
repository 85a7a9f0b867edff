import { unwatchFile, watchFile, type Stats } from 'node:fs';
import type { ProxyConfig } from '../config/config-types.js';
import { ConfigError } from '../config/parse-config.js';
import { applyConfig, type ProxyRuntime } from '../http/proxy-runtime.js';

export interface WatchConfigOptions {
  path: string;
  runtime: ProxyRuntime;
  /** Reads and validates the file again (the same loader the start used). */
  load: () => ProxyConfig;
  /** How often the file's modification time is checked; polling also sees editors that replace the file. */
  intervalMs?: number;
}

/**
 * Hot reload: when the configuration file changes, a valid version replaces the running
 * configuration between requests (open streams finish where they started) and an invalid one is
 * refused with its problems on one log line, the running configuration kept. Returns the stop.
 */
export function watchConfigFile({ path, runtime, load, intervalMs = 1_000 }: WatchConfigOptions): () => void {
  const { logger } = runtime;
  const onChange = (current: Stats, previous: Stats) => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    if (current.nlink === 0) {
      logger.warn(`${path} was removed; keeping the running configuration.`);
      return;
    }
    let next: ProxyConfig;
    try {
      next = load();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (!(error instanceof ConfigError)) logger.warn(`${path} could not be reloaded (${message}); keeping the running configuration.`);
      else logger.warn(`${path} not reloaded, keeping the running configuration: ${message.split('\n').join(' | ')}`);
      return;
    }
    const notes = applyConfig(runtime, next);
    logger.info(`Reloaded ${path}: ${next.backends.length} backends, ${Object.keys(next.routes).length} routes, ${next.rules.length} rules, ${next.accessKeys.length} access keys.`);
    for (const note of notes) logger.warn(note);
  };
  watchFile(path, { interval: intervalMs, persistent: false }, onChange);
  return () => unwatchFile(path, onChange);
}
