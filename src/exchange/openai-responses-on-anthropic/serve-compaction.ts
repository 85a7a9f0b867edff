/**
 * Remote compaction on any backend (translate/openai-responses-on-anthropic/compaction.ts): the
 * backend writes a handoff summary of the conversation, which goes back as exactly one output
 * item of type `compaction` — in a stream for a `compaction_trigger` request, or as the
 * `response.compaction` object of `POST /v1/responses/compact`.
 */
import { UpstreamProtocolError } from '../../errors/proxy-error.js';
import { SSE_HEADERS, writeJson } from '../../http/http-io.js';
import type { ResponsesRequest, ResponsesResponse, ResponsesStreamEvent } from '../../protocols/openai-responses/types.js';
import { compactedOutputOf, compactionItemOf, summaryRequestOf } from '../../translate/openai-responses-on-anthropic/compaction.js';
import { echoOfResponsesRequest } from '../../translate/openai-responses-on-anthropic/echo-request.js';
import type { ExchangeCall } from '../exchange-call.js';
import { encodeResponsesEvents } from './relay-responses-stream.js';

/** A whole (non-streamed) answer of the route's backend to a Responses request. */
export type AnswerWhole = (call: ExchangeCall<ResponsesRequest>, request: ResponsesRequest) => Promise<ResponsesResponse>;

function outputTextOf(response: ResponsesResponse): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .map((part) => (part.type === 'output_text' ? part.text : ''))
    .join('');
}

export async function serveCompaction(call: ExchangeCall<ResponsesRequest>, answerWhole: AnswerWhole, form: 'responses' | 'compact-endpoint'): Promise<void> {
  const { request, res, scope, runtime } = call;
  const answer = await answerWhole(call, summaryRequestOf(request));
  const summary = outputTextOf(answer).trim();
  if (summary === '') throw new UpstreamProtocolError(`Backend ${call.route.backend.name} wrote no summary for the compaction.`);
  const item = compactionItemOf(summary, runtime.newId('cmp_'));
  const createdAt = Math.floor(Date.now() / 1000);
  const id = runtime.newId('resp_');
  if (form === 'compact-endpoint') {
    writeJson(res, 200, { id, object: 'response.compaction', created_at: createdAt, output: compactedOutputOf(request, item), usage: answer.usage });
    scope.finishLog(200);
    return;
  }
  const echo = echoOfResponsesRequest(request);
  const base = { ...answer, id, created_at: createdAt, model: echo.model, instructions: echo.instructions ?? null, tools: echo.tools ?? [] };
  const completed: ResponsesResponse = { ...base, status: 'completed', output: [item] };
  if (request.stream !== true) {
    writeJson(res, 200, completed);
    scope.finishLog(200);
    return;
  }
  const inProgress: ResponsesResponse = { ...base, status: 'in_progress', output: [], usage: null };
  const events: ResponsesStreamEvent[] = [
    { type: 'response.created', sequence_number: 0, response: inProgress },
    { type: 'response.in_progress', sequence_number: 1, response: inProgress },
    { type: 'response.output_item.added', sequence_number: 2, output_index: 0, item },
    { type: 'response.output_item.done', sequence_number: 3, output_index: 0, item },
    { type: 'response.completed', sequence_number: 4, response: completed },
  ];
  res.start(200, SSE_HEADERS);
  res.end(encodeResponsesEvents(events));
  scope.finishLog(200);
}
