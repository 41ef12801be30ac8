import { Document } from 'yaml';
import { inert, renderYaml, YAML_OPTIONS, type SequenceItems } from './ansible-yaml';

/** The file as the yaml package itself writes it: what renderYaml must write, byte for byte. */
function withPackage(value: unknown, header: readonly string[]): string {
  const document = new Document(value, YAML_OPTIONS);
  document.commentBefore = header.map((line) => ` ${line}`).join('\n');
  return document.toString({ lineWidth: 0 });
}

// Strings YAML 1.1 reads as something else, or that need quoting or escaping. (A document
// marker such as `---` is quoted by context; the files never hold one unless inert.)
const TRICKY = [
  'plain-name.example_1',
  'web-01 (100) is started',
  'yes',
  'No',
  'ON',
  'y',
  'null',
  '~',
  '',
  '123',
  '1.50',
  '1e3',
  '0x1F',
  '0b101',
  '1_000',
  '12:30',
  '2024-01-01',
  '.inf',
  '-dash',
  '- item',
  '? key',
  'a: b',
  'a #b',
  'trailing ',
  'colon:',
  '.hidden',
  '{{ lookup("env", "X") }}',
  "it's",
  '"quoted"',
  'node_pve1:&status_running',
  'ünïcødé',
  '!tag',
  '*alias',
  '&anchor',
  '%directive',
  '@at',
  '`tick`',
  '|pipe',
  '>fold',
];

describe(renderYaml.name, () => {
  it('should write what the yaml package writes, for every kind of value the files hold', () => {
    const value = [
      {
        name: 'Proxmox holds the guests of node_pve1 in their recorded state',
        hosts: 'localhost',
        gather_facts: false,
        tasks: TRICKY.map((text, index) => ({
          name: text,
          'community.general.proxmox_kvm': { vmid: 100 + index, node: inert(text), state: 'started' },
        })),
      },
      { first: { nested: [1, 2] }, list: [{ a: [] }, { b: {} }], empty: [], none: {} },
      { first: [{ a: 1 }, 'x', true, -5] },
      {
        all: {
          hosts: new Map(
            TRICKY.map((text, index) => [text, { proxmox_vmid: index, proxmox_name: inert(text) }]),
          ),
          children: new Map([['tag_web', { hosts: new Map(TRICKY.map((text) => [text, {}])) }]]),
        },
      },
      TRICKY,
      [],
      {},
      inert('line one\n\u0085 nel \u007f del \u2028 {{ x }}'),
    ];
    for (const item of value) {
      expect(renderYaml(item, ['Generated.', 'Second line.'])).toBe(
        withPackage(item, ['Generated.', 'Second line.']),
      );
    }
  });

  it('should write objects shared by several files as it writes them alone', () => {
    const task = { name: 'a (1) is started', 'community.general.proxmox': { vmid: 1, node: inert('pve1') } };
    const other = { name: 'b (2) is stopped', 'community.general.proxmox': { vmid: 2, node: inert('pve1') } };
    const items: SequenceItems = new Map();
    for (const tasks of [[task, other], [other], [task, other]]) {
      const plays = [{ hosts: 'localhost', tasks }];
      expect(renderYaml(plays, ['Generated.'], items)).toBe(withPackage(plays, ['Generated.']));
    }
    // At another depth the same object is written afresh.
    expect(renderYaml([task], ['Generated.'], items)).toBe(withPackage([task], ['Generated.']));
  });
});
