import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { anchorsOf } from './slug';

export interface DocLink {
  /** The Markdown file, relative to the workspace root, and the line the link is on. */
  file: string;
  line: number;
  target: string;
}

/** README.md and every Markdown page under docs/, relative to the workspace root. */
export function docFiles(workspaceRoot: string): string[] {
  const docs = readdirSync(path.join(workspaceRoot, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.md'))
    .map((file) => path.join('docs', file));
  return ['README.md', ...docs.sort()];
}

// `[text](target)` and `![alt](target "title")`, and reference definitions `[name]: target`.
const INLINE_LINK = /!?\[(?:[^\]]|\][^(])*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/;

/** The links of a page, outside code blocks and code spans. */
export function linksOf(file: string, markdown: string): DocLink[] {
  const links: DocLink[] = [];
  let fenced = false;
  markdown.split('\n').forEach((text, index) => {
    if (/^\s*(```|~~~)/.test(text)) fenced = !fenced;
    if (fenced) return;
    const prose = text.replace(/`[^`]*`/g, '');
    const definition = REFERENCE_DEFINITION.exec(prose)?.[1];
    const targets = definition
      ? [definition]
      : [...prose.matchAll(INLINE_LINK)].map(([, target]) => target ?? '');
    for (const target of targets) links.push({ file, line: index + 1, target });
  });
  return links;
}

/**
 * Why a link does not resolve, or undefined when it does: a relative path must name a file or
 * folder of the repository, and an `#anchor` a heading of the Markdown page it points into.
 * Links to other sites are not fetched.
 */
export function brokenReason(workspaceRoot: string, link: DocLink): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(link.target)) return undefined;
  const [pathPart = '', anchor] = link.target.split('#', 2);
  const target = pathPart
    ? path.resolve(workspaceRoot, path.dirname(link.file), decodeURIComponent(pathPart))
    : path.join(workspaceRoot, link.file);
  if (!target.startsWith(workspaceRoot + path.sep) && target !== workspaceRoot)
    return 'points outside the repository';
  if (!existsSync(target)) return `${path.relative(workspaceRoot, target)} does not exist`;
  if (anchor === undefined || statSync(target).isDirectory() || !target.endsWith('.md')) return undefined;
  return anchorsOf(readFileSync(target, 'utf8')).has(decodeURIComponent(anchor))
    ? undefined
    : `no heading with the anchor #${anchor} in ${path.relative(workspaceRoot, target)}`;
}
