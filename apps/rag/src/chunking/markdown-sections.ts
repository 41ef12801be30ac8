import type { KnowledgeUnit } from './knowledge-unit';

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
const FENCE = /^(```|~~~)/;

/**
 * Splits Markdown into one unit per heading; a unit's anchor is the slug GitHub gives the
 * heading (lower case, punctuation dropped, spaces to dashes, `-1`, `-2` for repeats), so
 * a citation opens at the right place. The text before the first heading is the file's unit.
 */
export function markdownSections(source: string): KnowledgeUnit[] {
  const units: Array<{ anchor?: string; heading: string; lines: string[]; line: number }> = [
    { heading: '', lines: [], line: 1 },
  ];
  const slugs = new Map<string, number>();
  let fenced = false;
  source.split('\n').forEach((line, index) => {
    if (FENCE.test(line.trim())) fenced = !fenced;
    const heading = fenced ? null : HEADING.exec(line);
    if (heading) {
      const text = (heading[2] as string).replace(/`/g, '');
      units.push({ anchor: uniqueSlug(text, slugs), heading: text, lines: [], line: index + 1 });
    } else units[units.length - 1]?.lines.push(line);
  });
  return units
    .filter((unit) => unit.anchor !== undefined || unit.lines.some((line) => line.trim()))
    .map(({ anchor, heading, lines, line }) => ({
      ...(anchor !== undefined ? { anchor } : {}),
      heading,
      headings: heading ? [heading] : [],
      text: lines
        .join('\n')
        .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
      line,
    }));
}

/** GitHub's heading anchor. */
export function githubSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function uniqueSlug(heading: string, seen: Map<string, number>): string {
  const slug = githubSlug(heading);
  const count = seen.get(slug) ?? 0;
  seen.set(slug, count + 1);
  return count === 0 ? slug : `${slug}-${count}`;
}
