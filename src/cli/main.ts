#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config/parse-config.js';
import { runServeCommand } from './serve-command.js';
import { runCodeCommand } from './code-command.js';
import { runDoctorCommand } from './doctor-command.js';
import { runSetupCommand } from './setup-command.js';
import { runConfigCheckCommand } from './config-check-command.js';
import { runRoutesCommand } from './routes-command.js';
import { optionsHelp, proxyOptions } from './proxy-options.js';
import { splitCodeArguments } from './split-code-arguments.js';
import { restartWithYoungGenerationLimit } from './young-generation-restart.js';

const usage = `Usage: claude-proxy [serve] [options]
       claude-proxy [options] code [claude args...]   run Claude Code through the proxy (starts one if none runs)
       claude-proxy setup [--yes --url <url> --key <key> --model <model>] | setup --undo
       claude-proxy doctor                              check the configuration, backends and models
       claude-proxy config check [FILE]                 validate a configuration file without starting
       claude-proxy routes [--explain <model|json>]     the routes, or where one request would go

Serves the Anthropic Messages API (/v1/messages) on any OpenAI-compatible backend.

${optionsHelp()}
Configuration file (several backends, routes by task, access keys): --config FILE or ./claude-proxy.yaml.
Configuration (environment or .env): OPEN_AI_URL / OPENAI_BASE_URL, API_KEY / OPENAI_API_KEY,
OPEN_MODEL, HAIKU_MODEL, SONNET_MODEL, OPUS_MODEL, FABLE_MODEL, HAIKU_MODEL_NAME + HAIKU_BASE_URL + HAIKU_API_KEY,
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
  // claude's own flags after `code` must reach claude unparsed.
  const { proxyArgv, claudeArgs } = splitCodeArguments(argv);
  const { values, positionals } = parseArgs({
    args: proxyArgv,
    allowPositionals: true,
    strict: true,
    options: proxyOptions,
  });
  const version = readVersion();
  if (values.help) return void process.stdout.write(usage);
  if (values.version) return void process.stdout.write(`${version}\n`);
  const command = positionals[0] ?? 'serve';
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new ConfigError(`--port must be 0-65535, got ${values.port}`);
  }
  const cli = { port, host: values.host, verbose: values.verbose, config: values.config };
  switch (command) {
    case 'serve':
      // On Node 22+, once: the same process again with V8's young generation capped (see the module).
      restartWithYoungGenerationLimit();
      return runServeCommand(cli, version);
    case 'config':
      if (positionals[1] !== 'check') throw new ConfigError(`Unknown command "config ${positionals[1] ?? ''}": did you mean \`claude-proxy config check [FILE]\`?`);
      process.exitCode = runConfigCheckCommand({ cli: { ...cli, config: positionals[2] ?? cli.config } });
      return;
    case 'routes':
      process.exitCode = runRoutesCommand({ cli, explain: values.explain });
      return;
    case 'code':
      // Exit at once with claude's code: the session is over, nothing else may keep us alive.
      return void process.exit(await runCodeCommand({ claudeArgs: claudeArgs ?? positionals.slice(1), cli }));
    case 'setup':
      process.exitCode = await runSetupCommand({
        cli: { port, host: values.host, config: values.config },
        yes: values.yes,
        undo: values.undo,
        url: values.url,
        key: values.key,
        model: values.model,
        haikuModel: values['haiku-model'],
        sonnetModel: values['sonnet-model'],
        opusModel: values['opus-model'],
        fableModel: values['fable-model'],
      });
      return;
    case 'doctor':
      process.exitCode = await runDoctorCommand({ cli: { port, host: values.host, config: values.config } });
      return;
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
