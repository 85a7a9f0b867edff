/**
 * Images and PDFs a backend model cannot take, replaced by a short text placeholder everywhere
 * except where the client put them into the latest user turn itself.
 *
 * Why: a screenshot read by a tool ten turns ago stays in every later request of the session;
 * refusing each of them would end the session on a model without vision. What the user attached
 * just now is different: answering without it would change the meaning of the question, so that
 * stays the converter's clear 400. Images inside tool results are placeholders even in the latest
 * turn: the model asked for them itself, and the text placeholder tells it what happened.
 */
import type {
  AnthropicContentBlockParam,
  AnthropicMessageParam,
  AnthropicUnknownBlock,
} from '../../protocols/anthropic/types.js';
import type { TranslationContext, TranslationWarning } from '../types.js';

type Block = AnthropicContentBlockParam | AnthropicUnknownBlock;

interface Replacement {
  count: number;
  firstField: string | undefined;
}

interface Walk {
  context: TranslationContext;
  images: Replacement;
  documents: Replacement;
}

export function imagePlaceholder(backendModel: string): string {
  return `[image omitted: the backend model "${backendModel}" cannot see images]`;
}

export function documentPlaceholder(backendModel: string): string {
  return `[PDF document omitted: the backend model "${backendModel}" cannot read PDF documents]`;
}

function isUnseeableImage(block: Block, walk: Walk): boolean {
  return block.type === 'image' && !walk.context.capabilities.vision;
}

function isUnreadablePdf(block: Block, walk: Walk): boolean {
  if (block.type !== 'document' || walk.context.capabilities.pdf) return false;
  const source = (block as { source?: unknown }).source;
  if (typeof source !== 'object' || source === null) return false;
  const { type, media_type: mediaType } = source as { type?: unknown; media_type?: unknown };
  return type === 'base64' && mediaType === 'application/pdf';
}

function note(replacement: Replacement, field: string): void {
  replacement.count += 1;
  replacement.firstField ??= field;
}

/** One block, with its nested content (tool results, content documents) walked too. */
function replaceInBlock(block: Block, field: string, walk: Walk): Block {
  if (isUnseeableImage(block, walk)) {
    note(walk.images, field);
    return { type: 'text', text: imagePlaceholder(walk.context.backendModel) };
  }
  if (isUnreadablePdf(block, walk)) {
    note(walk.documents, field);
    return { type: 'text', text: documentPlaceholder(walk.context.backendModel) };
  }
  if (block.type === 'tool_result') {
    const content = (block as { content?: unknown }).content;
    if (!Array.isArray(content)) return block;
    const replaced = replaceInBlocks(content as Block[], `${field}.content`, walk);
    return replaced === content ? block : ({ ...block, content: replaced } as Block);
  }
  if (block.type === 'document') return replaceInContentDocument(block, field, walk);
  return block;
}

/** A `content` document (a list of blocks, images among them) as an attachment of its own. */
function replaceInContentDocument(block: Block, field: string, walk: Walk): Block {
  const source = (block as { source?: unknown }).source;
  if (typeof source !== 'object' || source === null) return block;
  const content = (source as { content?: unknown }).content;
  if ((source as { type?: unknown }).type !== 'content' || !Array.isArray(content)) return block;
  const replaced = replaceInBlocks(content as Block[], `${field}.source.content`, walk);
  return replaced === content ? block : ({ ...block, source: { ...source, content: replaced } } as Block);
}

function replaceInBlocks(blocks: Block[], field: string, walk: Walk): AnthropicContentBlockParam[] {
  let changed = false;
  const replaced = blocks.map((block, index) => {
    const next = replaceInBlock(block, `${field}[${index}]`, walk);
    if (next !== block) changed = true;
    return next;
  });
  return (changed ? replaced : blocks) as AnthropicContentBlockParam[];
}

/** In the latest user turn only tool results are walked; the user's own attachments stay. */
function replaceInLatestTurn(blocks: Block[], field: string, walk: Walk): Block[] {
  let changed = false;
  const replaced = blocks.map((block, index) => {
    if (block.type !== 'tool_result') return block;
    const next = replaceInBlock(block, `${field}[${index}]`, walk);
    if (next !== block) changed = true;
    return next;
  });
  return changed ? replaced : blocks;
}

function pushWarnings(walk: Walk, warnings: TranslationWarning[]): void {
  const { images, documents, context } = walk;
  if (images.count > 0) {
    warnings.push({
      code: 'image_placeholder',
      message: `"${context.backendModel}" cannot see images: ${images.count} image(s) in earlier turns or tool results were replaced by a text placeholder.`,
      ...(images.firstField !== undefined && { field: images.firstField }),
    });
  }
  if (documents.count > 0) {
    warnings.push({
      code: 'document_placeholder',
      message: `"${context.backendModel}" cannot read PDFs: ${documents.count} PDF document(s) in earlier turns or tool results were replaced by a text placeholder.`,
      ...(documents.firstField !== undefined && { field: documents.firstField }),
    });
  }
}

/**
 * The messages with unseeable images and unreadable PDFs replaced (see the file comment). The
 * same array when the model takes both, or when nothing was replaced.
 */
export function replaceUnseeableMedia(
  messages: AnthropicMessageParam[],
  context: TranslationContext,
  warnings: TranslationWarning[],
): AnthropicMessageParam[] {
  if (context.capabilities.vision && context.capabilities.pdf) return messages;
  const walk: Walk = { context, images: { count: 0, firstField: undefined }, documents: { count: 0, firstField: undefined } };
  const latestUser = messages.findLastIndex((message) => message.role === 'user');
  let changed = false;
  const replaced = messages.map((message, index) => {
    if (message.role !== 'user' || typeof message.content === 'string') return message;
    const field = `messages[${index}].content`;
    const content = index === latestUser ? replaceInLatestTurn(message.content, field, walk) : replaceInBlocks(message.content, field, walk);
    if (content === message.content) return message;
    changed = true;
    return { ...message, content };
  });
  pushWarnings(walk, warnings);
  return changed ? replaced : messages;
}
