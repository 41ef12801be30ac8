import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot } from './repo-root';

/**
 * The Proxmox VE admin guide snapshot (AsciiDoc sources and a labelled question set) that
 * ships beside the repository in ../shared/pve-docs; undefined where it is absent. It is
 * data for the knowledge service's tests and benchmarks, never copied into the project.
 */
export function pveDocs(): { adoc: string; eval: string } | undefined {
  const root = join(dirname(repoRoot()), 'shared', 'pve-docs');
  return existsSync(join(root, 'adoc')) ? { adoc: join(root, 'adoc'), eval: join(root, 'eval') } : undefined;
}

/** Why the specs and benchmarks that need the guide did not run. */
export const PVE_DOCS_MISSING =
  '../shared/pve-docs (the Proxmox VE admin guide snapshot) is absent beside the repository; ' +
  'the knowledge tests that need it did not run';

/**
 * `describe` for specs that read the admin guide. Where it is absent the block is one test
 * saying so, which checks that the folder really is missing: a guide present but laid out
 * differently fails instead of quietly running nothing.
 */
export function describeWithPveDocs(
  name: string,
  body: (docs: { adoc: string; eval: string }) => void,
): void {
  const docs = pveDocs();
  describe(name, () => (docs ? body(docs) : itWithPveDocs(name, () => undefined)));
}

/** `it` for one test that reads the admin guide; where it is absent, the check describeWithPveDocs makes. */
export function itWithPveDocs(name: string, test: jest.ProvidesCallback, timeoutMs?: number): void {
  if (pveDocs()) it(name, test, timeoutMs);
  else
    it(`${name}: needs the admin guide; ${PVE_DOCS_MISSING}`, () => {
      expect(existsSync(join(dirname(repoRoot()), 'shared', 'pve-docs'))).toBe(false);
    });
}
