import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { KnowledgeKind } from '@proxmox-mpc/contracts';
import { DOCUMENT_EXTENSIONS, documentUnits } from '../chunking/document-units';
import { citationOf, type KnowledgeUnit } from '../chunking/knowledge-unit';
import { NO_FACETS, type ChunkDraft } from '../knowledge/knowledge.store';
import { contentHash } from './content-hash';
import type { KnowledgeSource, SourceDocument } from './knowledge-source';

// Longest unit body kept: a citation unit is a section, and PostgreSQL stems at most 1 MB.
const MAX_BODY_CHARS = 200_000;

/**
 * The documents of a folder (and its subfolders): AsciiDoc, Markdown and text files, cited
 * by their path relative to the folder. Hidden folders and node_modules are not entered,
 * and nothing outside the folder is read, symbolic links included.
 */
export class FolderSource implements KnowledgeSource {
  constructor(
    readonly name: string,
    readonly kind: KnowledgeKind,
    private readonly root: string,
    /** Paths (relative, with `/`) to read; all documents when omitted. */
    private readonly include?: (path: string) => boolean,
  ) {}

  async list(): Promise<SourceDocument[]> {
    const root = realpathSync(this.root);
    return this.files(root, root)
      .filter((path) => this.include?.(path) ?? true)
      .map((path) => {
        const content = readFileSync(join(root, path));
        return {
          path,
          contentHash: contentHash(content),
          read: () => {
            const units = documentUnits(path, content);
            return {
              title: units.find((unit) => unit.heading)?.heading || path,
              chunks: chunksOf(path, units),
            };
          },
        };
      });
  }

  private files(root: string, folder: string): string[] {
    const found: string[] = [];
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(folder, entry.name);
      // A link is followed only when it stays inside the folder.
      const real = entry.isSymbolicLink() ? realpathSync(path) : path;
      if (!real.startsWith(`${root}${sep}`)) continue;
      const stat = statSync(real);
      if (stat.isDirectory()) found.push(...this.files(root, real));
      else if (
        stat.isFile() &&
        DOCUMENT_EXTENSIONS.some((extension) => entry.name.toLowerCase().endsWith(extension))
      )
        found.push(relative(root, path).split(sep).join('/'));
    }
    return found;
  }
}

/**
 * A document's units as chunks: the title field holds what the unit is about in few words
 * (its headings, its anchor's words, the document's title), which lexical ranking weighs
 * above the body. Units that share a citation are merged, so a citation names one chunk.
 */
export function chunksOf(path: string, units: KnowledgeUnit[]): ChunkDraft[] {
  const documentTitle = units.find((unit) => unit.heading)?.heading ?? '';
  const byCitation = new Map<string, { heading: string; about: string[]; body: string[] }>();
  for (const unit of units) {
    const citation = citationOf(path, unit);
    const entry = byCitation.get(citation) ?? { heading: unit.heading, about: [], body: [] };
    entry.about.push(...unit.headings, unit.anchor ? unit.anchor.replace(/[_-]+/g, ' ') : '');
    entry.body.push(unit.text);
    byCitation.set(citation, entry);
  }
  return [...byCitation].map(([citation, { heading, about, body }]) => {
    const titleText = [...about, documentTitle].filter(Boolean).join(' ');
    const text = body.join('\n\n').slice(0, MAX_BODY_CHARS);
    return {
      citation,
      heading,
      titleText,
      body: text,
      contentHash: contentHash(titleText, text),
      ...NO_FACETS,
    };
  });
}
