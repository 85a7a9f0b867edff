/**
 * Child process: the real proxy (src/runtime/node/start-server.ts), configured from the
 * environment the driver passes (OPEN_AI_URL, ANTHROPIC_UPSTREAM_URL, LOG_LEVEL, ...), on an
 * ephemeral port of 127.0.0.1.
 */
import { parseConfig } from '../../src/config/parse-config.js';
import { startServer } from '../../src/runtime/node/start-server.js';
import { announceReady, onDriverMessage } from './child-ipc.js';

const running = await startServer(parseConfig(process.env, { port: 0, host: '127.0.0.1' }));
onDriverMessage((message) => {
  if (message.type === 'rss') return { rss: process.memoryUsage.rss() };
  if (message.type === 'memory') return { ...process.memoryUsage() };
  if (message.type === 'gc') {
    (globalThis as { gc?: () => void }).gc?.();
    return { rss: process.memoryUsage.rss() };
  }
  return undefined;
});
announceReady(running.port);
