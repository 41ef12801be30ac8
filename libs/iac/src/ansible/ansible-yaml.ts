import {
  Document,
  Scalar,
  type CreateNodeOptions,
  type DocumentOptions,
  type ScalarTag,
  type SchemaOptions,
} from 'yaml';

/**
 * YAML for Ansible, read by PyYAML. Two traps shape it: Ansible templates every string it
 * loads, so a value such as `{{ lookup('pipe', 'id') }}` would run; and PyYAML reads YAML
 * 1.1, where `yes`, `on` or `1.50` are not strings.
 */

const UNSAFE = '!unsafe';

/**
 * A double-quoted scalar that PyYAML reads back as exactly this text. The yaml package's
 * own double quoting writes DEL, C1 controls and U+2028/U+2029 raw: PyYAML refuses DEL and
 * C1 (the whole inventory fails to load) and folds NEL into a space. JSON escapes are a
 * subset of YAML's, so every such character is written as one.
 */
function doubleQuoted(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

const unsafeTag: ScalarTag = {
  tag: UNSAFE,
  resolve: (text) => text,
  stringify: (item) => doubleQuoted(String(item.value)),
};

/**
 * A string from the inventory, written as Ansible's `!unsafe "…"`: Ansible never templates
 * it, and it stays on one line whatever it holds.
 */
export function inert(text: string): Scalar<string> {
  const node = new Scalar(text);
  node.tag = UNSAFE;
  return node;
}

/** How the yaml package is to write Ansible's YAML; renderYaml writes the same. */
export const YAML_OPTIONS: DocumentOptions & SchemaOptions & CreateNodeOptions = {
  // Schema 1.1 quotes strings PyYAML would read as booleans or numbers (a host called `yes`).
  version: '1.1',
  // Without omap, which 1.1 would write for a JS Map: the files use Maps only to keep order.
  customTags: (tags) => [
    ...tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:omap'),
    unsafeTag,
  ],
  // Each file reads on its own: no anchors where an object happens to repeat.
  aliasDuplicateObjects: false,
};

// Strings the yaml package writes plain in YAML 1.1: a letter first, words of name
// characters, and not one of 1.1's booleans or nulls. Any other string is its to write.
const PLAIN = /^[A-Za-z][\w.()-]*(?: [\w.()-]+)*$/;
const BOOL_OR_NULL =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

type Collection = Map<unknown, unknown> | Record<string, unknown> | unknown[];

const isCollection = (value: unknown): value is Collection =>
  typeof value === 'object' && value !== null && !(value instanceof Scalar);
const entriesOf = (value: Map<unknown, unknown> | Record<string, unknown>): Array<[unknown, unknown]> =>
  value instanceof Map ? [...value] : Object.entries(value);

/**
 * Writes block YAML exactly as the yaml package writes it with these options (a test
 * holds it to that), in a fraction of the time: a 10,000-guest inventory and its
 * playbooks are 24 MB, which the package takes seconds to write. Scalars it cannot tell
 * are plain are left to the package.
 */
class YamlWriter {
  private readonly lines: string[] = [];
  private readonly quoted = new Map<unknown, string>();

  constructor(
    header: readonly string[],
    private readonly items: SequenceItems | undefined,
  ) {
    for (const line of header) this.lines.push(`# ${line}`);
    if (header.length) this.lines.push('');
  }

  write(value: unknown): string {
    if (Array.isArray(value) && value.length) this.sequence(value, '');
    else if (isCollection(value) && !Array.isArray(value) && entriesOf(value).length) {
      this.mapping(entriesOf(value), '', '');
    } else this.lines.push(this.inline(value));
    return `${this.lines.join('\n')}\n`;
  }

  /** Entries at `indent`; the first line starts with `first` (`- ` of a sequence item). */
  private mapping(entries: Array<[unknown, unknown]>, indent: string, first: string): void {
    entries.forEach(([key, value], index) => {
      const lead = `${index === 0 ? first : indent}${this.scalar(key)}:`;
      if (Array.isArray(value) && value.length) {
        this.lines.push(lead);
        this.sequence(value, `${indent}  `);
      } else if (isCollection(value) && !Array.isArray(value) && entriesOf(value).length) {
        this.lines.push(lead);
        this.mapping(entriesOf(value), `${indent}  `, `${indent}  `);
      } else this.lines.push(`${lead} ${this.inline(value)}`);
    });
  }

  private sequence(items: unknown[], indent: string): void {
    for (const item of items) {
      if (Array.isArray(item) && item.length) throw new Error('nested sequences are not written here');
      if (isCollection(item) && !Array.isArray(item) && entriesOf(item).length) {
        const written = this.items?.get(item);
        if (written?.indent === indent) {
          this.lines.push(written.text);
          continue;
        }
        const start = this.lines.length;
        this.mapping(entriesOf(item), `${indent}  `, `${indent}- `);
        this.items?.set(item, { indent, text: this.lines.slice(start).join('\n') });
      } else this.lines.push(`${indent}- ${this.inline(item)}`);
    }
  }

  private inline(value: unknown): string {
    if (Array.isArray(value)) return '[]';
    if (isCollection(value)) return '{}';
    return this.scalar(value);
  }

  private scalar(value: unknown): string {
    if (value instanceof Scalar && value.tag === UNSAFE)
      return `${UNSAFE} ${doubleQuoted(String(value.value))}`;
    if (typeof value === 'string' && PLAIN.test(value) && !BOOL_OR_NULL.test(value)) return value;
    if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
    if (typeof value === 'boolean') return String(value);
    let text = this.quoted.get(value);
    if (text === undefined) {
      text = new Document(value, YAML_OPTIONS).toString({ lineWidth: 0 }).slice(0, -1);
      // Only a block scalar (text over lines, or a document marker) depends on where it stands:
      // text from the inventory goes through inert(), and nothing else is like that.
      if (text.includes('\n')) throw new Error(`not a one-line YAML scalar: ${JSON.stringify(value)}`);
      this.quoted.set(value, text);
    }
    return text;
  }
}

/**
 * Sequence items already written, by object: files that list the same objects (a guest's
 * task in the playbook of each of its groups) share one, and each object is written once.
 */
export type SequenceItems = Map<unknown, { indent: string; text: string }>;

/** A whole YAML file with comment lines on top; no folding: one value, one line, whatever its length. */
export function renderYaml(value: unknown, header: readonly string[], items?: SequenceItems): string {
  return new YamlWriter(header, items).write(value);
}
