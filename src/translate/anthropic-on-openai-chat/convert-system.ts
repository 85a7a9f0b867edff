/**
 * Anthropic `system` (top-level or a mid-conversation `role: "system"` message) -> OpenAI system
 * message text.
 *
 * Claude Code puts `x-anthropic-billing-header: cc_version=...; cc_entrypoint=...;` first in the
 * system prompt. Its version hash changes per session/build, so forwarding it would make every
 * backend's prefix cache miss from the first token; it means nothing to any other backend, and it
 * is removed (with a warning).
 */
import type { AnthropicTextBlock } from '../../protocols/anthropic/types.js';
import type { TranslationWarning } from '../types.js';
import { textSeparator } from './convert-content-blocks.js';
import type { AnyAnthropicBlock } from './convert-content-blocks.js';

const billingHeaderLine = /^\s*x-anthropic-billing-header:.*$/gm;

function removeBillingHeader(text: string, field: string, warnings: TranslationWarning[]): string {
  const cleaned = text.replace(billingHeaderLine, '');
  if (cleaned === text) return text;
  warnings.push({
    code: 'removed_billing_header',
    message: 'Removed the per-session x-anthropic-billing-header line from the system prompt (it defeats backend prompt caching).',
    field,
  });
  return cleaned.replace(/^\n+/, '');
}

function textOfBlocks(blocks: AnyAnthropicBlock[], field: string, warnings: TranslationWarning[]): string[] {
  const texts: string[] = [];
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      texts.push((block as AnthropicTextBlock).text);
      return;
    }
    warnings.push({
      code: 'dropped_block',
      message: `A \`${block.type}\` block in a system prompt has no OpenAI equivalent; it was dropped.`,
      field: `${field}[${index}]`,
    });
  });
  return texts;
}

/** The top-level `system`, without the billing header; undefined when nothing is left. */
export function convertAnthropicSystemToOpenAI(
  system: string | AnthropicTextBlock[] | undefined,
  warnings: TranslationWarning[],
): string | undefined {
  if (system === undefined) return undefined;
  const texts = typeof system === 'string' ? [system] : textOfBlocks(system, 'system', warnings);
  const kept = texts
    .map((text, index) => removeBillingHeader(text, typeof system === 'string' ? 'system' : `system[${index}]`, warnings))
    .filter((text) => text.trim() !== '');
  return kept.length === 0 ? undefined : kept.join(textSeparator);
}

/** Content of a mid-conversation system message; undefined when empty. */
export function convertSystemMessageContent(
  content: string | AnyAnthropicBlock[],
  field: string,
  warnings: TranslationWarning[],
): string | undefined {
  const text = typeof content === 'string' ? content : textOfBlocks(content, field, warnings).join(textSeparator);
  return text === '' ? undefined : text;
}
