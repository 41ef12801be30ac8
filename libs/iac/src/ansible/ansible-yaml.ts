import { Document, Scalar, type ScalarTag } from 'yaml';

/**
 * YAML for Ansible, written with the `yaml` package and read by PyYAML. Two traps shape it:
 * Ansible templates every string it loads, so a value such as `{{ lookup('pipe', 'id') }}`
 * would run; and PyYAML reads YAML 1.1, where `yes`, `on` or `1.50` are not strings.
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

/** A whole YAML file with comment lines on top. */
export function renderYaml(value: unknown, header: readonly string[]): string {
  const document = new Document(value, {
    // Schema 1.1 quotes strings PyYAML would read as booleans or numbers (a host called `yes`).
    version: '1.1',
    // Without omap, which 1.1 would write for a JS Map: the files use Maps only to keep order.
    customTags: (tags) => [
      ...tags.filter((tag) => typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:omap'),
      unsafeTag,
    ],
    // Each file reads on its own: no anchors where an object happens to repeat.
    aliasDuplicateObjects: false,
  });
  document.commentBefore = header.map((line) => ` ${line}`).join('\n');
  // No folding: one value, one line, whatever its length.
  return document.toString({ lineWidth: 0 });
}
