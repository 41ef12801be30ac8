import { parse } from '@cdktf/hcl2json';
import type { InventoryGuest } from '@proxmox-mpc/contracts';
import { PveSimulator } from '@proxmox-mpc/pve-sim';
import { inventoryOf } from '@proxmox-mpc/testing';
import { requestedGuestsFile } from '../plan/requested-guests';
import { terraformImport } from '../terraform/terraform-files';
import { attributes, block, HclExpression, HclObject, renderHcl } from './hcl';
import { hclJsonOf, readWrittenHcl } from './hcl-json';

const homelab = inventoryOf(new PveSimulator({ scenario: 'homelab' }));
const base = homelab.find((guest) => guest.type === 'qemu' && !guest.template) as InventoryGuest;

// Text HCL would read as a template, an escape, a block or a heredoc if it were not quoted right.
const HOSTILE = [
  'evil" }\nresource "null_resource" "x" {\n  y = "',
  '${file("/etc/passwd")}',
  '%{ for x in [1] }boom%{ endfor }',
  '$${already} %%{escaped} $$${both} $ % $$ %%',
  'line one\nline two\r\n\ttabbed \u0000 nul \u007f del \u2028 sep',
  'ünïcødé 名前 🚀 \\ backslash \\" quote',
  // Decomposed: HCL reads string literals in NFC.
  'cafe\u0301 n\u0303',
  '<<EOF\nheredoc\nEOF',
];

const hostile = HOSTILE.map((text, index) => ({
  ...base,
  vmid: 9000 + index,
  name: text,
  config: { ...base.config, name: text, description: text, tags: 'a"b;c${d};%{e}' },
}));

describe(readWrittenHcl.name, () => {
  it('should read every file the generator writes exactly as hcl2json does', async () => {
    const files = [
      ...terraformImport([...homelab, ...hostile]).files,
      requestedGuestsFile([
        { type: 'qemu', node: 'pve1', name: 'web-01', template: 9000, tags: ['web'], cores: 2 },
        { type: 'lxc', node: 'pve1', name: 'db-01', ostemplate: 'local:vztmpl/debian.tar.zst', tags: [] },
      ]),
    ];
    for (const file of files) {
      const read = readWrittenHcl(file.content);
      expect({ path: file.path, read }).toEqual({
        path: file.path,
        read: await parse(file.path, file.content),
      });
    }
  });

  it('should read the values HclExpression and HclObject write', async () => {
    const content = renderHcl([
      block(
        'x',
        [],
        attributes({
          reference: HclExpression.reference('var.list[0].name'),
          type: HclExpression.type('list(string)'),
          object: new HclObject([
            ['source', 'bpg/proxmox'],
            ['nested', new HclObject([['n', -1.5]])],
          ]),
          list: [1, true, 'a', [HclExpression.reference('a.b')], []],
        }),
      ),
      block('empty', ['label'], []),
    ]);
    expect(readWrittenHcl(content)).toEqual(await parse('x.tf', content));
  });

  it.each([
    ['a template', 'x = "${var.a}"\n'],
    ['a template directive', 'x = "%{ if true }y%{ endif }"\n'],
    ['a heredoc', 'x = <<EOF\ny\nEOF\n'],
    ['a // comment', '// note\nx = 1\n'],
    ['a comment after a value', 'x = 1 # note\n'],
    ['an escape quote() does not write', 'x = "\\u00e9"\n'],
    ['a raw tab', 'x = "a\tb"\n'],
    ['CRLF line ends', 'x = 1\r\n'],
    ['an inline object', 'x = { a = 1 }\n'],
    ['a one-line block with a body', 'a { b = 1 }\n'],
    ['a function call', 'x = max(1, 2)\n'],
    ['an argument set twice', 'x = 1\nx = 2\n'],
    ['an argument and a block of one name', 'x = 1\nx {}\n'],
    ['a missing closing brace', 'a {\n  b = 1\n'],
    ['a closing brace too many', 'a {\n}\n}\n'],
    ['an unterminated string', 'x = "abc\n'],
  ])('should leave %s to HashiCorp parser', (_, content) => {
    expect(readWrittenHcl(content)).toBeUndefined();
  });
});

describe(hclJsonOf.name, () => {
  it('should give the JSON hcl2json gives for every guest the generator writes', async () => {
    for (const guest of terraformImport([...homelab, ...hostile]).guests) {
      expect(hclJsonOf(guest.nodes)).toEqual(await parse(guest.address, renderHcl(guest.nodes)));
    }
  });
});
