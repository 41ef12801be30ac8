import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithPveDocs } from '@proxmox-mpc/testing/needs';
import { documentUnits, UnreadableDocument } from './document-units';
import { citationOf } from './knowledge-unit';
import { githubSlug } from './markdown-sections';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

describe(documentUnits.name, () => {
  it('should cut AsciiDoc at anchors, naming the heading and keeping inner headings', () => {
    const units = documentUnits(
      'qm.adoc',
      encode(
        [
          'Intro text before any anchor.',
          '',
          '[[qm_cpu,CPU]]',
          'CPU',
          '~~~',
          'Set the <<qm_cpu_type,CPU type>> to `host`.',
          '',
          '==== Affinity',
          'Pin cores. {pve} supports it.',
          '[[qm_memory]]',
          '=== Memory',
          '// a comment',
          'ifdef::wiki[]',
          'Ballooning.',
        ].join('\n'),
      ),
    );

    expect(units.map((unit) => citationOf('qm.adoc', unit))).toEqual([
      'qm.adoc',
      'qm.adoc#qm_cpu',
      'qm.adoc#qm_memory',
    ]);
    expect(units[1]).toMatchObject({ heading: 'CPU', headings: ['CPU', 'Affinity'], line: 3 });
    expect(units[1]?.text).toContain('Set the CPU type to `host`.');
    expect(units[1]?.text).toContain('Proxmox VE supports it.');
    expect(units[2]?.text).toBe('=== Memory\nBallooning.');
  });

  it('should cut Markdown at headings with the anchors GitHub gives them', () => {
    const units = documentUnits(
      'runbook.md',
      encode(
        '# Restore a VM\nSteps.\n```sh\n# not a heading\n```\n## Restore a VM\nAgain.\n## What `qm` does\n',
      ),
    );

    expect(units.map((unit) => citationOf('runbook.md', unit))).toEqual([
      'runbook.md#restore-a-vm',
      'runbook.md#restore-a-vm-1',
      'runbook.md#what-qm-does',
    ]);
    expect(units[0]?.text).toContain('# not a heading');
    expect(githubSlug('Tokens & OAuth 2.1!')).toBe('tokens--oauth-21');
  });

  it('should refuse a binary file and one that is not UTF-8, saying why', () => {
    expect(() => documentUnits('a.txt', new Uint8Array([104, 0, 105]))).toThrow(
      new UnreadableDocument('it holds NUL bytes: a binary file, not text'),
    );
    expect(() => documentUnits('a.md', new Uint8Array([0xc3, 0x28]))).toThrow(/not valid UTF-8/);
  });
});

describeWithPveDocs('the admin guide as documentUnits reads it', (docs) => {
  it('should cite the admin guide exactly as its question set does', () => {
    const folder = docs.adoc;
    const listed = spawnSync(process.execPath, [join(docs.eval, 'units.mjs'), folder, '--json'], {
      encoding: 'utf8',
    });
    const defined = new Set(
      listed.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { unit: string }).unit),
    );
    const ours = readdirSync(folder)
      .filter((file) => file.endsWith('.adoc'))
      .sort()
      .flatMap((file) =>
        documentUnits(file, readFileSync(join(folder, file))).map((unit) => citationOf(file, unit)),
      );

    // Every citation made is one the set defines, and every anchored unit is cited
    // (a file's own unit is left out when it holds no text).
    expect(ours.filter((unit) => !defined.has(unit))).toEqual([]);
    expect([...defined].filter((unit) => unit.includes('#') && !ours.includes(unit))).toEqual([]);
  });
});
