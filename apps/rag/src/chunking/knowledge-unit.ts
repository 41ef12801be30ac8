/**
 * One citable piece of a document: a section and everything up to the next anchor. Its
 * citation is `<file>#<anchor>`, or `<file>` for what comes before a file's first anchor.
 */
export interface KnowledgeUnit {
  /** The anchor id, or undefined for the text before the first anchor. */
  anchor?: string;
  /** The section's heading (empty when the unit has none). */
  heading: string;
  /** Every heading inside the unit, its own first: what the section is about, in few words. */
  headings: string[];
  /** The text with markup reduced to words a reader sees. */
  text: string;
  /** 1-based line of the unit's first line in the file. */
  line: number;
}

/** A citation for a unit of a file: `<file>#<anchor>` or `<file>`. */
export function citationOf(file: string, unit: Pick<KnowledgeUnit, 'anchor'>): string {
  return unit.anchor ? `${file}#${unit.anchor}` : file;
}
