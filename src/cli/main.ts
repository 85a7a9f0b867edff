#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/parse-config.js';
import { runServeCommand } from './serve-command.js';

const usage = `Usage: claude-proxy [serve] [options]

Serves the Anthropic Messages API (/v1/messages) on any OpenAI-compatible backend.

Options:
  -p, --port <port>   port to listen on (env PORT, default 8082)
  -H, --host <host>   address to bind (env HOST, default 127.0.0.1)
  -v, --verbose       log translated requests and backend answers (LOG_LEVEL=debug), keys redacted
      --version       print the version
  -h, --help          print this help

Configuration (environment or .env): OPEN_AI_URL / OPENAI_BASE_URL, API_KEY / OPENAI_API_KEY,
OPEN_MODEL, HAIKU_MODEL, SONNET_MODEL, OPUS_MODEL, HAIKU_MODEL_NAME + HAIKU_BASE_URL + HAIKU_API_KEY,
PROXY_API_KEY, MAX_OUTPUT_TOKENS, CONTEXT_WINDOW, LOG_LEVEL. See README.md.
`;

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', short: 'H' },
      verbose: { type: 'boolean', short: 'v' },
      version: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const version = readVersion();
  if (values.help) return void process.stdout.write(usage);
  if (values.version) return void process.stdout.write(`${version}\n`);
  const command = positionals[0] ?? 'serve';
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new ConfigError(`--port must be 0-65535, got ${values.port}`);
  }
  switch (command) {
    case 'serve':
      return runServeCommand({ port, host: values.host, verbose: values.verbose }, version);
    default:
      throw new ConfigError(`Unknown command "${command}".\n\n${usage}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE') {
    process.stderr.write(`claude-proxy: the port is already in use. Is another proxy running? Use --port to pick another.\n`);
  } else if (error instanceof ConfigError || code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    process.stderr.write(`claude-proxy: ${message}\n`);
  } else {
    process.stderr.write(`claude-proxy: unexpected error: ${message}\n`);
  }
  process.exit(1);
});
