/**
 * A small HCL document model and its writer. Generated Terraform is built as data and
 * rendered here, never by pasting strings together: every string value goes through
 * `quote`, so a guest name or description cannot end a string, open a `${…}` template
 * or start a new block.
 */

/** An expression written as it is (a reference such as `var.proxmox_endpoint`). */
export class HclExpression {
  private constructor(readonly text: string) {}

  /** Only references made of identifiers, dots and numeric indexes: never data. */
  static reference(text: string): HclExpression {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*(\.[A-Za-z_][A-Za-z0-9_-]*|\[\d+\])*$/.test(text)) {
      throw new Error(`not an HCL reference: ${JSON.stringify(text)}`);
    }
    return new HclExpression(text);
  }

  /** A variable's type constraint. */
  static type(text: 'string' | 'number' | 'bool' | 'list(string)'): HclExpression {
    return new HclExpression(text);
  }
}

/** An object constructor, written over several lines (`{ source = "…" }`). */
export class HclObject {
  constructor(readonly entries: ReadonlyArray<readonly [string, HclValue]>) {}
}

export type HclValue = string | number | boolean | HclExpression | HclObject | readonly HclValue[];

export interface HclAttribute {
  kind: 'attribute';
  name: string;
  value: HclValue;
}

export interface HclBlock {
  kind: 'block';
  type: string;
  labels: readonly string[];
  body: readonly HclNode[];
}

/** A `#` comment line; its text is reduced to one printable line. */
export interface HclComment {
  kind: 'comment';
  text: string;
}

export type HclNode = HclAttribute | HclBlock | HclComment;

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an HCL identifier: ${JSON.stringify(name)}`);
  return name;
}

export function attribute(name: string, value: HclValue): HclAttribute {
  return { kind: 'attribute', name: identifier(name), value };
}

export function block(type: string, labels: readonly string[], body: readonly HclNode[]): HclBlock {
  return { kind: 'block', type: identifier(type), labels, body };
}

export function comment(text: string): HclComment {
  return { kind: 'comment', text };
}

/** Attributes for the values that are present, in the order given. */
export function attributes(values: Record<string, HclValue | undefined>): HclAttribute[] {
  return Object.entries(values)
    .filter((entry): entry is [string, HclValue] => entry[1] !== undefined)
    .map(([name, value]) => attribute(name, value));
}

// Anything but printable text without `"` or `\`, or a template introducer.
const NEEDS_ESCAPE = /[^\x20\x21\x23-\x5b\x5d-\x7e\u0080-\u2027\u202a-\uffff]|[$%]\{/;

/**
 * An HCL quoted string. Besides `"` and `\`, the template introducers `${` and `%{` are
 * doubled (HCL's own escapes for them), and every control character is written as an
 * escape, so the value is inert and stays on one line.
 */
export function quote(value: string): string {
  // Most values hold nothing to escape: a generated workspace quotes millions of them.
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  for (let index = 0; index < value.length; index += 1) {
    const char = value[index] as string;
    const next = value[index + 1];
    const code = char.charCodeAt(0);
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if ((char === '$' || char === '%') && next === '{') out += char + char;
    else if (isControl(code)) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += char;
  }
  return `${out}"`;
}

function renderValue(value: HclValue, indent: string): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value instanceof HclExpression) return value.text;
  if (value instanceof HclObject) {
    const inner = `${indent}  `;
    const width = Math.max(0, ...value.entries.map(([key]) => identifier(key).length));
    const lines = value.entries.map(
      ([key, item]) => `${inner}${key.padEnd(width)} = ${renderValue(item, inner)}`,
    );
    return ['{', ...lines, `${indent}}`].join('\n');
  }
  return `[${value.map((item) => renderValue(item, indent)).join(', ')}]`;
}

/** One printable line: a comment must not be able to end itself and start code. */
function commentText(text: string): string {
  return [...text]
    .map((char) => (isControl(char.charCodeAt(0)) ? ' ' : char))
    .join('')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function isControl(code: number): boolean {
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
}

/** Appends the lines of `nodes` to `lines`: one array for a whole file, however deep its blocks. */
function renderBody(nodes: readonly HclNode[], indent: string, lines: string[]): void {
  let group: HclAttribute[] = [];
  const flush = () => {
    // terraform fmt aligns the `=` of attributes on consecutive lines; a value that spans
    // lines (an object) takes part with its first line and ends the run.
    const width = Math.max(...group.map((item) => item.name.length));
    for (const item of group) {
      lines.push(`${indent}${item.name.padEnd(width)} = ${renderValue(item.value, indent)}`);
    }
    group = [];
  };
  nodes.forEach((node, index) => {
    if (node.kind === 'attribute') {
      group.push(node);
      if (node.value instanceof HclObject) flush();
      return;
    }
    if (group.length) flush();
    // A blank line before each block, or before the comments that head it.
    const previous = nodes[index - 1];
    if (previous && previous.kind !== 'comment') lines.push('');
    if (node.kind === 'comment') lines.push(`${indent}# ${commentText(node.text)}`);
    else renderBlock(node, indent, lines);
  });
  if (group.length) flush();
}

function renderBlock(node: HclBlock, indent: string, lines: string[]): void {
  const header = [node.type, ...node.labels.map(quote)].join(' ');
  if (node.body.length === 0) {
    lines.push(`${indent}${header} {}`);
    return;
  }
  lines.push(`${indent}${header} {`);
  renderBody(node.body, `${indent}  `, lines);
  lines.push(`${indent}}`);
}

/** A whole file: top-level blocks separated by blank lines, a final newline. */
export function renderHcl(nodes: readonly HclNode[]): string {
  const lines: string[] = [];
  renderBody(nodes, '', lines);
  return `${lines.join('\n')}\n`;
}
