import type { KnowledgeUnit } from './knowledge-unit';

// An anchor line on its own: [[id]] or [[id,reftext]]; the id names the unit.
const ANCHOR = /^\[\[([^\]]+)\]\]\s*$/;
const UNDERLINE = /^(=+|-+|~+|\^+|\++)$/;
const ATX_HEADING = /^={1,6}\s+(\S.*)$/;
const CONDITIONAL = /^(ifdef|ifndef|endif|ifeval)::/;

/**
 * Splits an AsciiDoc file into citation units the way the Proxmox VE documentation is cited:
 * a unit runs from an `[[anchor]]` line to the next one, and the text before the first
 * anchor is the file's own unit.
 */
export function asciidocUnits(source: string): KnowledgeUnit[] {
  const units: Array<{ anchor?: string; lines: string[]; line: number }> = [{ lines: [], line: 1 }];
  source.split('\n').forEach((line, index) => {
    const anchor = ANCHOR.exec(line);
    if (anchor)
      units.push({ anchor: (anchor[1] as string).split(',')[0]?.trim(), lines: [], line: index + 1 });
    else units[units.length - 1]?.lines.push(line);
  });
  // The text before the first anchor is a unit only when there is some.
  const cited = units.filter((unit) => unit.anchor !== undefined || unit.lines.some((line) => line.trim()));
  return cited.map(({ anchor, lines, line }) => {
    const headings = headingsOf(lines);
    return {
      ...(anchor ? { anchor } : {}),
      heading: leadingHeading(lines),
      headings,
      text: plainText(lines),
      line,
    };
  });
}

/** The unit's own heading: its first non-blank line, if that line is a heading. */
function leadingHeading(lines: string[]): string {
  const body = lines.filter((line) => !line.startsWith('//'));
  for (let index = 0; index < body.length; index += 1) {
    const line = (body[index] as string).trim();
    if (!line || CONDITIONAL.test(line)) continue;
    return headingAt(body, index) ?? '';
  }
  return '';
}

function headingsOf(lines: string[]): string[] {
  const headings: string[] = [];
  lines.forEach((_, index) => {
    const heading = headingAt(lines, index);
    if (heading) headings.push(heading);
  });
  return headings;
}

function headingAt(lines: string[], index: number): string | undefined {
  const line = (lines[index] as string).trim();
  const atx = ATX_HEADING.exec(line);
  if (atx) return atx[1];
  const next = (lines[index + 1] ?? '').trim();
  if (line && !UNDERLINE.test(line) && UNDERLINE.test(next) && Math.abs(next.length - line.length) <= 2)
    return line;
  return undefined;
}

/** Markup reduced to what a reader sees: cross references by their label, no block delimiters. */
function plainText(lines: string[]): string {
  return lines
    .filter((line) => !line.startsWith('//') && !CONDITIONAL.test(line) && !line.startsWith('include::'))
    .map((line) =>
      line
        .replace(
          /<<([^,>]+)(?:,([^>]+))?>>/g,
          (_, id: string, label?: string) => label ?? id.replace(/_/g, ' '),
        )
        .replace(/\b(?:link|xref|https?):\S*?\[([^\]]*)\]/g, '$1')
        .replace(/\{pve\}/g, 'Proxmox VE')
        .replace(/^(?:[-=~^+*.]{4,}|\[[^\]]*\]|:[\w-]+:.*)$/, ''),
    )
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
