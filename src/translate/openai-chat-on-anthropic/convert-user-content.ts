import { TranslationError } from '../../errors/proxy-error.js';
import type { AnthropicContentBlockParam, AnthropicDocumentBlock, AnthropicImageBlock } from '../../protocols/anthropic/types.js';
import type { OpenAIContentPart, OpenAIFilePart, OpenAIImagePart } from '../../protocols/openai/types.js';

/** `data:<media type>;base64,<data>`; other data URL encodings are not something Claude accepts. */
const base64DataUrl = /^data:([^;,]+);base64,(.*)$/s;

function parseBase64DataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = base64DataUrl.exec(url);
  return match?.[1] === undefined || match[2] === undefined ? undefined : { mediaType: match[1].toLowerCase(), data: match[2] };
}

function convertImagePart(part: OpenAIImagePart, field: string): AnthropicImageBlock {
  const url = part.image_url?.url;
  if (typeof url !== 'string') throw new TranslationError(`${field}.image_url.url must be a string.`, { param: field });
  const inline = parseBase64DataUrl(url);
  if (inline) return { type: 'image', source: { type: 'base64', media_type: inline.mediaType, data: inline.data } };
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new TranslationError(`${field}: only base64 data URLs and http(s) URLs can be sent to Claude as images.`, { param: field });
}

/**
 * OpenAI `file` parts carry PDFs as a data URL in `file_data`. Some clients send bare base64 with
 * a `.pdf` filename instead; that is accepted too. `file_id` refers to OpenAI's file store, which
 * Claude cannot read.
 */
function convertFilePart(part: OpenAIFilePart, field: string): AnthropicDocumentBlock {
  const file = part.file ?? {};
  if (file.file_data === undefined) {
    throw new TranslationError(`${field}: file_id references OpenAI's file storage, which Claude cannot read; send file_data instead.`, { param: field });
  }
  const inline = parseBase64DataUrl(file.file_data);
  const isBarePdf = inline === undefined && /\.pdf$/i.test(file.filename ?? '');
  const mediaType = inline?.mediaType ?? (isBarePdf ? 'application/pdf' : undefined);
  if (mediaType !== 'application/pdf') {
    throw new TranslationError(`${field}: only PDF files (data:application/pdf;base64,...) can be sent to Claude, got ${mediaType ?? 'unknown type'}.`, { param: field });
  }
  const block: AnthropicDocumentBlock = { type: 'document', source: { type: 'base64', media_type: mediaType, data: inline?.data ?? file.file_data } };
  if (file.filename) block.title = file.filename;
  return block;
}

/** One user content part -> an Anthropic block, or undefined for parts with nothing in them. */
export function convertUserContentPart(part: OpenAIContentPart, field: string): AnthropicContentBlockParam | undefined {
  switch (part.type) {
    case 'text':
      // Anthropic rejects empty text blocks; an empty part carries nothing.
      return part.text === '' ? undefined : { type: 'text', text: part.text };
    case 'image_url':
      return convertImagePart(part, field);
    case 'file':
      return convertFilePart(part, field);
    case 'input_audio':
      throw new TranslationError(`${field}: Claude cannot take audio input (input_audio).`, { param: field });
    default: {
      const type: unknown = (part as { type?: unknown }).type;
      throw new TranslationError(`${field}: content part type ${String(type)} is not supported by Claude.`, { param: field });
    }
  }
}

/** User message content (string or parts) -> Anthropic blocks; empty text is left out. */
export function convertUserContent(content: string | OpenAIContentPart[], field: string): AnthropicContentBlockParam[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part, index) => convertUserContentPart(part, `${field}[${index}]`) ?? []);
}
