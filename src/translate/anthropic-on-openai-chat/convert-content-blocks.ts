/**
 * Anthropic user-side content blocks (text, image, document, tool_result) -> OpenAI content parts
 * and tool messages.
 *
 * Rules, chosen once:
 * - Text-only content becomes a plain string (text blocks joined with a blank line): several
 *   OpenAI-compatible servers (DeepSeek, older llama.cpp/vLLM templates) only take strings.
 *   Content with an image or file stays an array of parts.
 * - A tool result is an OpenAI `tool` message with string content. `is_error: true` prefixes
 *   `Error: ` so the model still sees the call failed (OpenAI tool messages have no error flag).
 * - Images and documents inside a tool result cannot ride in a `tool` message; they go into the
 *   user message that follows the tool messages, introduced by a text naming the tool call.
 * - `tool_reference` blocks (a tool search's result: "these tools are loaded now") become one line
 *   of text naming the tools; select-deferred-tools sends those tools to the backend.
 */
import { TranslationError } from '../../errors/proxy-error.js';
import type {
  AnthropicContentBlockParam,
  AnthropicDocumentBlock,
  AnthropicImageBlock,
  AnthropicToolResultBlock,
  AnthropicUnknownBlock,
} from '../../protocols/anthropic/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';
import type { ConvertedToolMessage, ConvertedUserPart } from './converted-request-types.js';

export type AnyAnthropicBlock = AnthropicContentBlockParam | AnthropicUnknownBlock;

export const textSeparator = '\n\n';

/** Plain string when every part is text, else the parts themselves. */
export function toUserContent(parts: ConvertedUserPart[]): string | ConvertedUserPart[] {
  if (parts.every((part) => part.type === 'text')) {
    return parts.map((part) => (part.type === 'text' ? part.text : '')).join(textSeparator);
  }
  return parts;
}

/**
 * One user-side block as OpenAI parts. Unknown or misplaced blocks are dropped with a warning;
 * content the backend cannot take (images without vision, PDFs, Files API ids) is an error.
 * The casts below rely on validate-request having checked each known block's essentials.
 */
export function convertUserBlockToOpenAIParts(
  block: AnyAnthropicBlock,
  field: string,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedUserPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: (block as { text: string }).text }];
    case 'image':
      return [convertImageBlock(block as AnthropicImageBlock, field, context)];
    case 'document':
      return convertDocumentBlock(block as AnthropicDocumentBlock, field, context, warnings);
    case 'tool_reference': {
      const name = toolReferenceName(block);
      if (name !== undefined) return [{ type: 'text', text: toolReferencesText([name]) }];
      break;
    }
    default:
      break;
  }
  warnings.push({
    code: 'dropped_block',
    message: `A \`${block.type}\` block cannot be sent in a user turn to an OpenAI-compatible backend; it was dropped.`,
    field,
  });
  return [];
}

function toolReferenceName(block: AnyAnthropicBlock): string | undefined {
  if (block.type !== 'tool_reference') return undefined;
  const name = (block as { tool_name?: unknown }).tool_name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** What a tool search result says to a model that has no tool search of its own. */
export function toolReferencesText(names: string[]): string {
  return `Tool search result: ${names.length === 1 ? 'this tool is' : 'these tools are'} now loaded and can be called: ${names.join(', ')}.`;
}

function convertImageBlock(block: AnthropicImageBlock, field: string, context: TranslationContext): ConvertedUserPart {
  if (!context.capabilities.vision) {
    throw new TranslationError(
      `The model "${context.backendModel}" does not accept images; remove the image or choose a vision model.`,
      { param: field },
    );
  }
  const source = block.source;
  switch (source.type) {
    case 'base64':
      return { type: 'image_url', image_url: { url: `data:${source.media_type};base64,${source.data}` } };
    case 'url':
      return { type: 'image_url', image_url: { url: source.url } };
    default:
      throw new TranslationError(
        `Image source type "${source.type}" (Anthropic Files API) cannot be sent to "${context.backendModel}"; send the image as base64 or URL.`,
        { param: `${field}.source` },
      );
  }
}

function convertDocumentBlock(
  block: AnthropicDocumentBlock,
  field: string,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedUserPart[] {
  const source = block.source;
  switch (source.type) {
    case 'base64':
      return [convertBase64Document(source.media_type, source.data, block.title, field, context)];
    case 'text':
      return [{ type: 'text', text: documentText(block, source.data) }];
    case 'content':
      return convertDocumentContent(source.content, field, context, warnings);
    default:
      throw new TranslationError(
        `Document source type "${source.type}" cannot be sent to "${context.backendModel}"; send the document as base64 or text.`,
        { param: `${field}.source` },
      );
  }
}

function convertBase64Document(
  mediaType: string,
  data: string,
  title: string | null | undefined,
  field: string,
  context: TranslationContext,
): ConvertedUserPart {
  if (mediaType !== 'application/pdf') {
    throw new TranslationError(`Base64 documents of type "${mediaType}" are not supported; only PDF is.`, {
      param: `${field}.source.media_type`,
    });
  }
  if (!context.capabilities.pdf) {
    throw new TranslationError(
      `The model "${context.backendModel}" does not accept PDF documents; extract the text or choose a model that reads PDFs.`,
      { param: field },
    );
  }
  const filename = typeof title === 'string' && title !== '' ? title : 'document.pdf';
  return { type: 'file', file: { filename, file_data: `data:application/pdf;base64,${data}` } };
}

/** Title and context of a text document are kept as its first lines. */
function documentText(block: AnthropicDocumentBlock, data: string): string {
  const header = [block.title, block.context].filter((part): part is string => typeof part === 'string' && part !== '');
  return [...header, data].join(textSeparator);
}

function convertDocumentContent(
  content: string | AnthropicContentBlockParam[],
  field: string,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedUserPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return content.flatMap((inner, index) =>
    convertUserBlockToOpenAIParts(inner, `${field}.source.content[${index}]`, context, warnings),
  );
}

export interface ConvertedToolResult {
  message: ConvertedToolMessage;
  /** Images/documents of the result, for the user message after the tool messages. */
  followUpParts: ConvertedUserPart[];
}

/** A `tool_result` block -> a `tool` message (+ attachments for the next user message). */
export function convertToolResultBlock(
  block: AnthropicToolResultBlock,
  field: string,
  context: TranslationContext,
  warnings: TranslationWarning[],
): ConvertedToolResult {
  const texts: string[] = [];
  const attachments: ConvertedUserPart[] = [];
  const content = block.content ?? '';
  if (typeof content === 'string') texts.push(content);
  else {
    const references = content.map(toolReferenceName).filter((name): name is string => name !== undefined);
    let referencesWritten = false;
    content.forEach((inner, index) => {
      // All of a result's references make one line, where the first of them stood.
      if (toolReferenceName(inner) !== undefined) {
        if (!referencesWritten) texts.push(toolReferencesText(references));
        referencesWritten = true;
        return;
      }
      const parts = convertUserBlockToOpenAIParts(inner, `${field}.content[${index}]`, context, warnings);
      for (const part of parts) {
        if (part.type === 'text') texts.push(part.text);
        else attachments.push(part);
      }
    });
  }
  if (attachments.length > 0) {
    texts.push(`[${attachments.length} attachment(s) of this result follow in the next user message]`);
  }
  const text = texts.join(textSeparator);
  const followUpParts: ConvertedUserPart[] =
    attachments.length === 0
      ? []
      : [{ type: 'text', text: `Attachment(s) from the result of tool call ${block.tool_use_id}:` }, ...attachments];
  return {
    message: { role: 'tool', tool_call_id: block.tool_use_id, content: block.is_error === true ? `Error: ${text}` : text },
    followUpParts,
  };
}
