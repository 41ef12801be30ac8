import { plain, visibleLength } from './colours';

export interface Column {
  header: string;
  /** Numbers line up on the right. */
  align?: 'right';
  /** May be shortened (with …) when the table is wider than the terminal; the others keep their width. */
  shrink?: boolean;
}

const GAP = '  ';
// A shortened column keeps at least this much, so it still says something.
const MIN_SHRUNK = 8;

function truncate(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  // Colour codes are dropped from a cut cell: half a code would colour the rest of the line.
  return `${plain(text).slice(0, Math.max(0, width - 1))}…`;
}

function pad(text: string, width: number, align: Column['align']): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? `${fill}${text}` : `${text}${fill}`;
}

/**
 * A table as lines, sized to `width` (the terminal's; Infinity for a pipe, which gets
 * every character): columns marked `shrink` give up space, widest first.
 */
export function renderTable(columns: readonly Column[], rows: readonly string[][], width: number): string[] {
  const widths = columns.map((column, index) =>
    Math.max(visibleLength(column.header), ...rows.map((row) => visibleLength(row[index] ?? ''))),
  );
  const total = () => widths.reduce((sum, each) => sum + each, 0) + GAP.length * (columns.length - 1);
  while (total() > width) {
    const widest = widths
      .map((each, index) => ({ each, index }))
      .filter(({ each, index }) => columns[index]?.shrink && each > MIN_SHRUNK)
      .sort((a, b) => b.each - a.each)[0];
    if (!widest) break;
    widths[widest.index] = Math.max(MIN_SHRUNK, widest.each - (total() - width));
  }
  const line = (cells: readonly string[]) =>
    columns
      .map((column, index) =>
        pad(truncate(cells[index] ?? '', widths[index] as number), widths[index] as number, column.align),
      )
      .join(GAP)
      .trimEnd();
  return [line(columns.map((column) => column.header)), ...rows.map(line)];
}
