import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * The fixture sets tests replay whole: every file of a kind in a folder, so a recording added
 * there is replayed without editing a test. Paths are relative to test/fixtures/.
 * test/fixture-replay-coverage.test.ts counts the members of these sets as replayed (each set
 * must be used by a test); every other fixture must be named by a test.
 */
const fixturesRoot = fileURLToPath(new URL('../fixtures/', import.meta.url));

function filesIn(folder: string, keep: (name: string) => boolean): string[] {
  return readdirSync(fixturesRoot + folder)
    .filter(keep)
    .sort()
    .map((name) => `${folder}/${name}`);
}

function providersOf(folder: string): string[] {
  return readdirSync(fixturesRoot + folder).sort().map((provider) => `${folder}/${provider}`);
}

/** `upstream/openai-chat/<provider>/stream-*.sse`: recorded OpenAI-compatible chunk streams. */
export function openAIChatStreamFixtures(): string[] {
  return providersOf('upstream/openai-chat').flatMap((folder) => filesIn(folder, (name) => name.startsWith('stream-') && name.endsWith('.sse')));
}

/** `upstream/openai-chat/<provider>/nonstream-*.json`: recorded OpenAI-compatible completions. */
export function openAIChatNonStreamFixtures(): string[] {
  return providersOf('upstream/openai-chat').flatMap((folder) => filesIn(folder, (name) => name.startsWith('nonstream-') && name.endsWith('.json')));
}

/** `upstream/anthropic-messages/anthropic/nonstream-*.json`: recorded Anthropic messages. */
export function anthropicNonStreamFixtures(): string[] {
  return filesIn('upstream/anthropic-messages/anthropic', (name) => name.startsWith('nonstream-') && name.endsWith('.json'));
}

/** One request Claude Code sent, as captured in test/fixtures/clients/claude-code/NN-*.json. */
export interface ClaudeCodeCapture {
  /** Path relative to test/fixtures/. */
  fixture: string;
  /** The file name, NN-*.json. */
  file: string;
  method: string;
  path: string;
  body: unknown;
}

function claudeCodeCaptures(requestPath: string): ClaudeCodeCapture[] {
  return filesIn('clients/claude-code', (name) => /^\d\d.*\.json$/.test(name))
    .map((fixture) => {
      const parsed = JSON.parse(readFileSync(fixturesRoot + fixture, 'utf8')) as { method: string; path: string; body: unknown };
      return { fixture, file: fixture.slice(fixture.lastIndexOf('/') + 1), method: parsed.method, path: parsed.path, body: parsed.body };
    })
    .filter((capture) => capture.path === requestPath);
}

/** The captured Claude Code requests to `/v1/messages`. */
export function claudeCodeMessageRequests(): ClaudeCodeCapture[] {
  return claudeCodeCaptures('/v1/messages');
}

/** The captured Claude Code requests to `/v1/messages/count_tokens`. */
export function claudeCodeCountTokensRequests(): ClaudeCodeCapture[] {
  return claudeCodeCaptures('/v1/messages/count_tokens');
}
