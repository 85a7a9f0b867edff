/**
 * The proxy's command-line options, the one table of them (issue 9): `main.ts` parses with it
 * (node:util `parseArgs` reads `type` and `short`), the help lists it, and `splitCodeArguments`
 * knows from it which options take a value.
 */
interface ProxyOption {
  type: 'string' | 'boolean';
  short?: string;
  /** The value's placeholder in the help (`<port>`); options of type `string` only. */
  valueName?: string;
  help: string;
  /** Listed under "Setup options" in the help. */
  setup?: true;
}

export const proxyOptions = {
  port: { type: 'string', short: 'p', valueName: '<port>', help: 'port to listen on (env PORT, default 8082)' },
  host: { type: 'string', short: 'H', valueName: '<host>', help: 'address to bind (env HOST, default 127.0.0.1)' },
  config: { type: 'string', short: 'c', valueName: '<file>', help: 'configuration file, YAML or JSON (env CLAUDE_PROXY_CONFIG; default ./claude-proxy.yaml when present)' },
  explain: { type: 'string', valueName: '<model|json>', help: 'with `routes`: the route a request (a model name or a JSON body) would take' },
  verbose: { type: 'boolean', short: 'v', help: 'log translated requests and backend answers (LOG_LEVEL=debug), keys redacted' },
  version: { type: 'boolean', help: 'print the version' },
  help: { type: 'boolean', short: 'h', help: 'print this help' },
  yes: { type: 'boolean', short: 'y', help: 'ask nothing', setup: true },
  url: { type: 'string', valueName: '<url>', help: 'backend URL (OPEN_AI_URL)', setup: true },
  key: { type: 'string', valueName: '<key>', help: 'backend API key (API_KEY)', setup: true },
  model: { type: 'string', valueName: '<model>', help: 'model for Claude Code (OPEN_MODEL)', setup: true },
  'haiku-model': { type: 'string', valueName: '<model>', help: 'backend model of the haiku tier (HAIKU_MODEL)', setup: true },
  'sonnet-model': { type: 'string', valueName: '<model>', help: 'backend model of the sonnet tier (SONNET_MODEL)', setup: true },
  'opus-model': { type: 'string', valueName: '<model>', help: 'backend model of the opus tier (OPUS_MODEL)', setup: true },
  'fable-model': { type: 'string', valueName: '<model>', help: 'backend model of the fable tier (FABLE_MODEL)', setup: true },
  undo: { type: 'boolean', help: 'restore ~/.claude/settings.json', setup: true },
} as const satisfies Record<string, ProxyOption>;

const entries: ReadonlyArray<readonly [string, ProxyOption]> = Object.entries(proxyOptions);

/** The flags (`--port`, `-p`) of the options that take a value: the token after them is not a command. */
export const flagsWithValue: ReadonlySet<string> = new Set(
  entries
    .filter(([, option]) => option.type === 'string')
    .flatMap(([name, option]) => (option.short === undefined ? [`--${name}`] : [`-${option.short}`, `--${name}`])),
);

/** One line per option, the help texts in one column two spaces past the longest flags. */
function helpLines(section: ReadonlyArray<readonly [string, ProxyOption]>): string {
  const flags = section.map(([name, option]) => {
    const short = option.short === undefined ? '    ' : `-${option.short}, `;
    return `${short}--${name}${option.valueName === undefined ? '' : ` ${option.valueName}`}`;
  });
  const width = Math.max(18, ...flags.map((text) => text.length)) + 2;
  return section.map(([, option], index) => `  ${flags[index]!.padEnd(width)}${option.help}\n`).join('');
}

/** The "Options" and "Setup options" sections of the help. */
export function optionsHelp(): string {
  const general = helpLines(entries.filter(([, option]) => option.setup === undefined));
  const setup = helpLines(entries.filter(([, option]) => option.setup === true));
  return `Options:\n${general}\nSetup options (backend settings are saved to ~/.claude-proxy/.env):\n${setup}`;
}
