/**
 * Estimated prompt tokens of an OpenAI Chat request, for Anthropic's `count_tokens` endpoint.
 *
 * Uses the o200k_base encoding (GPT-4o and later) for all text; other backends tokenize
 * differently, so this is an estimate (how far it is from another model's tokenizer is not measured here).
 * Overheads follow OpenAI's cookbook ("How to count tokens with tiktoken"): 3 tokens per message,
 * 1 per `name`, 3 to prime the reply. Self-contained (imports only the tokenizer) so the server can
 * load it lazily; pure.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { OpenAIChatRequest, OpenAIContentPart, OpenAIMessage } from '../../protocols/openai/types.js';

const tokensPerMessage = 3;
const tokensPerName = 1;
const tokensForReplyPriming = 3;
/** Wrapper tokens OpenAI adds around each function definition (cookbook estimate). */
const tokensPerTool = 8;
/** A 1024x1024 image at `high` detail: 85 base + 4 tiles x 170 (OpenAI vision pricing). */
export const tokensPerImage = 765;
/** Per PDF page (Anthropic's guide: 1,500-3,000 text tokens a page; page image included). */
const tokensPerPdfPage = 1500;
/** A PDF page is about 50 KB of file on average; pages are estimated from the file size. */
const pdfBytesPerPage = 50_000;

/** Special-token text (`<|endoftext|>`) in user content is counted as plain text, never thrown on. */
function textTokens(text: string): number {
  return text === '' ? 0 : countTokens(text, { disallowedSpecial: new Set() });
}

function fileTokens(fileData: string | undefined): number {
  if (fileData === undefined) return tokensPerPdfPage;
  const base64Length = fileData.length - (fileData.indexOf(',') + 1);
  const bytes = (base64Length * 3) / 4;
  return Math.max(1, Math.ceil(bytes / pdfBytesPerPage)) * tokensPerPdfPage;
}

function partTokens(part: OpenAIContentPart | { type: string; text?: string; refusal?: string }): number {
  switch (part.type) {
    case 'text':
      return textTokens((part as { text: string }).text);
    case 'image_url':
      return tokensPerImage;
    case 'file':
      return fileTokens((part as { file: { file_data?: string } }).file.file_data);
    case 'refusal':
      return textTokens((part as { refusal: string }).refusal);
    default:
      return 0;
  }
}

function contentTokens(content: unknown): number {
  if (typeof content === 'string') return textTokens(content);
  if (!Array.isArray(content)) return 0;
  return content.reduce<number>((sum, part: OpenAIContentPart) => sum + partTokens(part), 0);
}

function messageTokens(message: OpenAIMessage): number {
  let tokens = tokensPerMessage + contentTokens(message.content);
  if ('name' in message && typeof message.name === 'string') tokens += tokensPerName + textTokens(message.name);
  if (message.role === 'assistant') {
    for (const call of message.tool_calls ?? []) {
      tokens += tokensPerTool + textTokens(call.function.name) + textTokens(call.function.arguments);
    }
    if (typeof message.reasoning_content === 'string') tokens += textTokens(message.reasoning_content);
  }
  if (message.role === 'tool') tokens += textTokens(message.tool_call_id);
  return tokens;
}

/** Estimated input tokens of `request`: messages, tools (name, description, JSON schema) and overheads. */
export function countOpenAIRequestTokens(request: OpenAIChatRequest): number {
  let tokens = tokensForReplyPriming;
  for (const message of request.messages) tokens += messageTokens(message);
  for (const tool of request.tools ?? []) {
    // A provider server tool (OpenRouter's web search) is one short definition.
    if (tool.type !== 'function') {
      tokens += tokensPerTool;
      continue;
    }
    const fn = tool.function;
    tokens += tokensPerTool + textTokens(fn.name) + textTokens(fn.description ?? '');
    if (fn.parameters !== undefined) tokens += textTokens(JSON.stringify(fn.parameters));
  }
  return tokens;
}
