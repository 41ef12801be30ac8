import { asciidocUnits } from './asciidoc-units';
import type { KnowledgeUnit } from './knowledge-unit';
import { markdownSections } from './markdown-sections';

/** The document formats the knowledge service reads, by file extension. */
export const DOCUMENT_EXTENSIONS = ['.adoc', '.asciidoc', '.md', '.markdown', '.txt'] as const;

/** Why a file cannot be read as a document; it is skipped with this reason. */
export class UnreadableDocument extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * A file's units by its format: AsciiDoc by anchors, Markdown by headings, plain text as
 * one unit. A file that is not UTF-8 text is refused with the reason.
 */
export function documentUnits(path: string, content: Uint8Array): KnowledgeUnit[] {
  if (content.includes(0)) throw new UnreadableDocument('it holds NUL bytes: a binary file, not text');
  let text: string;
  try {
    text = decoder.decode(content);
  } catch {
    throw new UnreadableDocument('it is not valid UTF-8');
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.adoc') || lower.endsWith('.asciidoc')) return asciidocUnits(text);
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return markdownSections(text);
  return [{ heading: '', headings: [], text: text.trim(), line: 1 }];
}
