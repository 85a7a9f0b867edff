/**
 * The real `claude` CLI's WebSearch through the proxy, against mock backends that search: the
 * model calls WebSearch, Claude Code sends its sub-request (only tool: web_search_20250305), the
 * proxy turns it into OpenRouter's server tool or OpenAI's web_search_options, the mock answers
 * with url_citation annotations (the scripted fixtures of SOURCES.md), and Claude Code must count
 * the search and list the sources, which it does only from server_tool_use and
 * web_search_tool_result blocks. Tool search is off (ENABLE_TOOL_SEARCH=false) so that WebSearch
 * is among the tools of the first request and the mock can call it directly.
 */
import { describe, expect, it } from 'vitest';
import { answer, hasToolResult, startClaudeStack, toolCallDeltas, withStack } from '../support/claude-cli-stack.js';
import { readFixture, sseFramesOf, type MockReply, type ReceivedRequest } from '../support/mock-openai-backend.js';
import { describeRun, type ClaudeRun } from '../support/run-claude-cli.js';

const runTimeoutMs = 60_000;
const query = 'vitest 4 release date';
const prompt = `search the web for ${query}`;

/** Claude Code's WebSearch sub-request as the proxy sends it: it carries the backend's search. */
function isSearchRequest(request: ReceivedRequest): boolean {
  const tools = (request.body.tools as Array<{ type?: string }> | undefined) ?? [];
  return tools.some((tool) => tool.type === 'openrouter:web_search') || request.body.web_search_options !== undefined;
}

/** The recorded-style answer of a searching backend, streamed or whole as the request asked. */
function searchAnswer(request: ReceivedRequest, stream: string, nonStream: string): MockReply {
  if (request.body.stream === true) return { kind: 'sse', chunks: sseFramesOf(readFixture(stream)) };
  return { kind: 'json', body: JSON.parse(readFixture(nonStream)) as unknown };
}

function script(stream: string, nonStream: string) {
  return (request: ReceivedRequest): MockReply => {
    if (isSearchRequest(request)) return searchAnswer(request, stream, nonStream);
    if (!hasToolResult(request)) return answer(request, toolCallDeltas('call_ws_1', 'WebSearch', { query }), 'tool_calls');
    return answer(request, [{ role: 'assistant', content: 'Searched and answered.' }]);
  };
}

/** The `user` event carrying the WebSearch tool result, as Claude Code reports it in stream-json. */
function webSearchResult(run: ClaudeRun): { content: string; toolUseResult: Record<string, unknown> } {
  for (const event of run.events) {
    const result = event.tool_use_result as Record<string, unknown> | undefined;
    if (event.type !== 'user' || result?.query === undefined) continue;
    const blocks = (event.message as { content?: Array<{ type: string; content?: unknown }> }).content ?? [];
    const toolResult = blocks.find((block) => block.type === 'tool_result');
    return { content: typeof toolResult?.content === 'string' ? toolResult.content : JSON.stringify(toolResult?.content), toolUseResult: result };
  }
  throw new Error(`no WebSearch tool result in the run\n${describeRun(run)}`);
}

async function runSearch(stack: Awaited<ReturnType<typeof startClaudeStack>>): Promise<ClaudeRun> {
  const run = await stack.claude({
    args: [prompt, '--allowedTools', 'WebSearch'],
    timeoutMs: runTimeoutMs,
    outputFormat: 'stream-json',
    env: { ENABLE_TOOL_SEARCH: 'false' },
  });
  expect(run.exitCode, describeRun(run)).toBe(0);
  expect(run.json, describeRun(run)).toMatchObject({ is_error: false, result: 'Searched and answered.' });
  return run;
}

describe.concurrent('Claude Code CLI: WebSearch on a backend that searches', { timeout: 150_000 }, () => {
  it('OpenRouter: openrouter:web_search goes out, the citations come back as a counted search with its links', async () => {
    const stack = await startClaudeStack(
      script('upstream/openai-chat/openrouter/stream-web-search-citations.sse', 'upstream/openai-chat/openrouter/nonstream-web-search-citations.json'),
      // A 127.0.0.1 mock is not openrouter.ai: the capability comes from configuration, as MODEL_CAPABILITIES would set it.
      { env: { OPEN_MODEL: 'openai/gpt-4o-mini' }, capabilityOverrides: { webSearch: 'openrouter' } },
    );
    await withStack(stack, async ({ backend }) => {
      const run = await runSearch(stack);
      const { content, toolUseResult } = webSearchResult(run);
      // "Did 1 search": Claude Code's count, from the web_search_tool_result blocks.
      expect(toolUseResult).toMatchObject({ query, searchCount: 1 });
      // The stream carries the search blocks where the annotations came, after the text (see
      // stream-web-search.ts), so Claude Code lists the answer first, then the search's links.
      expect(toolUseResult.results).toEqual([
        expect.stringContaining('Vitest 4.0 came out on October 22, 2025'),
        {
          tool_use_id: expect.stringMatching(/^srvtoolu_/),
          content: [
            { title: 'Vitest 4.0 is out! | Vitest', url: 'https://vitest.dev/blog/vitest-4' },
            { title: 'Release v4.0.0 · vitest-dev/vitest', url: 'https://github.com/vitest-dev/vitest/releases/tag/v4.0.0' },
          ],
        },
      ]);
      // What the model of the main loop reads: the query, the answer, the links.
      expect(content.startsWith(`Web search results for query: "${query}"\n\nVitest 4.0 came out on October 22, 2025`)).toBe(true);
      expect(content).toContain('\n\nLinks: [{"title":"Vitest 4.0 is out! | Vitest","url":"https://vitest.dev/blog/vitest-4"}');
      // Claude Code adds up usage.server_tool_use.web_search_requests per model.
      expect(JSON.stringify(run.json?.modelUsage)).toContain('"webSearchRequests":1');

      const search = backend.received.find(isSearchRequest);
      expect(search?.body.tools).toEqual([{ type: 'openrouter:web_search', parameters: { max_total_results: 40 } }]);
      expect(search?.body.web_search_options).toBeUndefined();
    });
  });

  it('OpenAI search model: web_search_options goes out, no tools entry, the search is counted', async () => {
    const stack = await startClaudeStack(
      script('upstream/openai-chat/openai/stream-search-preview-citations.sse', 'upstream/openai-chat/openai/nonstream-search-preview-citations.json'),
      { env: { OPEN_MODEL: 'gpt-4o-search-preview' } },
    );
    await withStack(stack, async ({ backend }) => {
      const run = await runSearch(stack);
      const { toolUseResult } = webSearchResult(run);
      expect(toolUseResult).toMatchObject({ query, searchCount: 1 });
      expect(JSON.stringify(toolUseResult.results)).toContain('https://nodejs.org/en/about/previous-releases?utm_source=openai');

      const search = backend.received.find(isSearchRequest);
      expect(search?.body.web_search_options).toEqual({});
      expect(search?.body.tools).toBeUndefined();
    });
  });
});
