import { HclExpression, HclObject, type HclNode, type HclValue } from './hcl';

/**
 * A reader for HCL laid out the way `renderHcl` writes it — one attribute, block header or
 * closing brace per line; quoted strings, numbers, bools, references, one-line lists and
 * multi-line objects — giving the JSON that HashiCorp's parser gives through hcl2json.
 * hcl2json runs in WebAssembly at about a second per 600 KB; 10,000 generated guests are
 * 10 MB. This reads them in a fraction of that, and reads nothing else: for any other
 * text (a template, a heredoc, `//` comments, another layout, an error) it returns
 * undefined and the real parser decides, so it never accepts what HCL would not.
 */

type HclObjectJson = Record<string, unknown>;

interface Frame {
  out: HclObjectJson;
  /** An object constructor (`x = {`) rather than a block body: only `key = value` inside. */
  object: boolean;
  attributes: Set<string>;
}

const IDENTIFIER = '[A-Za-z_][A-Za-z0-9_-]*';
const ATTRIBUTE = new RegExp(`^(${IDENTIFIER}) += (.+)$`);
// Labels as renderHcl quotes type and resource names: nothing to unescape or normalise.
const BLOCK = new RegExp(`^(${IDENTIFIER})((?: "[A-Za-z0-9_.-]*")*) (\\{\\}?)$`);
// A bool, a number, or what HclExpression writes: a reference (`var.x`, `disk[0].size`) or a type.
const TOKEN = new RegExp(
  `(true|false)|(-?\\d+(?:\\.\\d+)?)|((?!(?:true|false|null)\\b)${IDENTIFIER}(?:\\.${IDENTIFIER}|\\[\\d+\\])+|string|number|bool|list\\(string\\))`,
  'y',
);
// A string with nothing to decode: the common case, taken in one step.
const PLAIN_STRING = /"([\x20\x21\x23\x26-\x5b\x5d-\x7e]*)"/y;
// The characters `quote` writes as \u escapes; NFC leaves them alone wherever they stand.
const ESCAPED_CODES = /^(?:00[01][0-9a-fA-F]|007[fF]|202[89])$/;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The file's JSON as hcl2json gives it, or undefined when the text is not in renderHcl's layout. */
export function readWrittenHcl(text: string): HclObjectJson | undefined {
  const root: HclObjectJson = {};
  const stack: Frame[] = [{ out: root, object: false, attributes: new Set() }];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^ +| +$/g, '');
    const frame = stack[stack.length - 1] as Frame;
    if (line === '' || line.startsWith('#')) continue;
    if (line === '}') {
      if (stack.length === 1) return undefined;
      stack.pop();
      continue;
    }
    const attribute = ATTRIBUTE.exec(line);
    if (attribute) {
      const [, name = '', value = ''] = attribute;
      // HCL refuses an argument set twice; a name both argument and block is not ours.
      if (Object.hasOwn(frame.out, name)) return undefined;
      frame.attributes.add(name);
      if (value === '{') {
        const inner: HclObjectJson = {};
        frame.out[name] = inner;
        stack.push({ out: inner, object: true, attributes: new Set() });
        continue;
      }
      const read = readValue(value, 0);
      if (!read || read.end !== value.length) return undefined;
      frame.out[name] = read.value;
      continue;
    }
    const header = frame.object ? null : BLOCK.exec(line);
    if (!header) return undefined;
    const [, type = '', labelText = '', brace] = header;
    if (frame.attributes.has(type)) return undefined;
    const body = addBlock(frame.out, type, labelText ? labelText.slice(2, -1).split('" "') : []);
    if (!body) return undefined;
    if (brace === '{') stack.push({ out: body, object: false, attributes: new Set() });
  }
  return stack.length === 1 ? root : undefined;
}

/** hcl2json's shape: `type → label → … → [body, …]`, a list of bodies at the innermost key. */
function addBlock(out: HclObjectJson, type: string, labels: string[]): HclObjectJson | undefined {
  let parent = out;
  let key = type;
  for (const label of labels) {
    const inner = (parent[key] ??= {});
    if (typeof inner !== 'object' || Array.isArray(inner)) return undefined;
    parent = inner as HclObjectJson;
    key = label;
  }
  const list = (parent[key] ??= []);
  if (!Array.isArray(list)) return undefined;
  const body: HclObjectJson = {};
  list.push(body);
  return body;
}

/** One value on one line from `start`: a string, a list, a bool, a number or an expression. */
function readValue(text: string, start: number): { value: unknown; end: number } | undefined {
  if (text[start] === '"') return readString(text, start);
  if (text[start] === '[') return readList(text, start);
  TOKEN.lastIndex = start;
  const token = TOKEN.exec(text);
  const end = TOKEN.lastIndex;
  if (!token || (end < text.length && text[end] !== ',' && text[end] !== ']')) return undefined;
  const [, bool, number, expression] = token;
  if (bool) return { value: bool === 'true', end };
  if (number) return { value: Number(number), end };
  // hcl2json writes an expression as its source in `${…}`.
  return { value: `\${${expression}}`, end };
}

function readList(text: string, start: number): { value: unknown[]; end: number } | undefined {
  const items: unknown[] = [];
  let at = start + 1;
  if (text[at] === ']') return { value: items, end: at + 1 };
  for (;;) {
    const item = readValue(text, at);
    if (!item) return undefined;
    items.push(item.value);
    if (text[item.end] === ']') return { value: items, end: item.end + 1 };
    if (text[item.end] !== ',' || text[item.end + 1] !== ' ') return undefined;
    at = item.end + 2;
  }
}

/** A quoted string, escapes decoded, as hcl2json gives it; one with a template in it is not read. */
function readString(text: string, start: number): { value: string; end: number } | undefined {
  PLAIN_STRING.lastIndex = start;
  const plain = PLAIN_STRING.exec(text);
  if (plain) return { value: plain[1] as string, end: PLAIN_STRING.lastIndex };
  let value = '';
  let ascii = true;
  for (let at = start + 1; at < text.length; at += 1) {
    const char = text[at] as string;
    const code = char.charCodeAt(0);
    if (char === '"') return { value: asHclJson(value, ascii), end: at + 1 };
    if (char === '\\') {
      const next = text[at + 1] ?? '';
      if (next === 'u') {
        const hex = text.slice(at + 2, at + 6);
        if (!ESCAPED_CODES.test(hex)) return undefined;
        value += String.fromCharCode(parseInt(hex, 16));
        at += 5;
      } else {
        const escaped = ESCAPES[next];
        if (escaped === undefined) return undefined;
        value += escaped;
        at += 1;
      }
    } else if (char === '$' || char === '%') {
      const next = text[at + 1];
      if (next === '{') return undefined;
      if (next === char && text[at + 2] === '{') {
        value += `${char}{`;
        at += 2;
      } else value += char;
    } else if (code < 0x20 || code === 0x7f) {
      return undefined;
    } else {
      if (code > 0x7f) ascii = false;
      value += char;
    }
  }
  return undefined;
}

/**
 * A string as hcl2json gives it: NFC-normalised as HCL reads string literals, and a
 * literal `${` / `%{` written back as `$${` / `%%{` (how hcl2json tells text from a template).
 */
function asHclJson(text: string, ascii = !/[\u0080-\uffff]/.test(text)): string {
  return (ascii ? text : text.normalize('NFC')).replace(/([$%])\{/g, '$1$1{');
}

/**
 * The JSON of nodes as `readWrittenHcl` (and hcl2json) reads them once `renderHcl` has
 * written them, without writing and reading: a test holds the two to each other.
 */
export function hclJsonOf(nodes: readonly HclNode[], into: HclObjectJson = {}): HclObjectJson {
  for (const node of nodes) {
    if (node.kind === 'attribute') into[node.name] = valueJson(node.value);
    else if (node.kind === 'block') {
      const body = addBlock(into, node.type, [...node.labels]);
      if (!body) throw new Error(`${node.type} is both an argument and a block here`);
      hclJsonOf(node.body, body);
    }
  }
  return into;
}

function valueJson(value: HclValue): unknown {
  if (typeof value === 'string') return asHclJson(value);
  if (value instanceof HclExpression) return `\${${value.text}}`;
  if (value instanceof HclObject)
    return Object.fromEntries(value.entries.map(([key, item]) => [key, valueJson(item)]));
  if (Array.isArray(value)) return value.map(valueJson);
  return value;
}
