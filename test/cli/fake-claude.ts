import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** What the fake `claude` saw: its arguments, its environment and the proxy's /health status. */
export interface FakeClaudeReport {
  args: string[];
  env: Record<string, string>;
  healthStatus: number | string;
}

export interface FakeClaude {
  /** Folder to put first on PATH. */
  binDir: string;
  /** Where the fake writes its report (stdout belongs to the test runner). */
  reportPath: string;
  read(): FakeClaudeReport;
}

/**
 * Writes an executable `claude` that fetches $ANTHROPIC_BASE_URL/health, writes a JSON report to
 * $FAKE_CLAUDE_REPORT and exits with $FAKE_CLAUDE_EXIT.
 */
export function writeFakeClaude(): FakeClaude {
  const binDir = mkdtempSync(join(tmpdir(), 'fake-claude-'));
  const reportPath = join(binDir, 'report.json');
  const script = `#!/usr/bin/env node
const { writeFileSync } = require('node:fs');
(async () => {
  let healthStatus;
  try { healthStatus = (await fetch(process.env.ANTHROPIC_BASE_URL + '/health')).status; }
  catch (error) { healthStatus = String(error && error.cause ? error.cause.code : error); }
  writeFileSync(process.env.FAKE_CLAUDE_REPORT, JSON.stringify({ args: process.argv.slice(2), env: process.env, healthStatus }));
  process.exit(Number(process.env.FAKE_CLAUDE_EXIT || 0));
})();
`;
  // .cjs semantics: the temp folder has no package.json, so `require` works.
  const path = join(binDir, 'claude');
  writeFileSync(path, script);
  chmodSync(path, 0o755);
  return { binDir, reportPath, read: () => JSON.parse(readFileSync(reportPath, 'utf8')) as FakeClaudeReport };
}
