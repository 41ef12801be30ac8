import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { allowMissingOutsideCi, isInstalled, type ExternalTool } from '../external-tools';
import { PVE_DOCS_MISSING, pveDocs } from '../pve-docs';
import { repoRoot } from '../repo-root';

// Jest's globals, hence outside the build (__tests__): the rest of this library also runs in npm start.

/**
 * `describe` for checks that need `tool`. Where it is missing the block is one test in its
 * place, which fails in CI and elsewhere passes saying what to install.
 */
export function describeWithTool(tool: ExternalTool, name: string, body: () => void): void {
  describe(name, () => {
    if (isInstalled(tool)) body();
    else
      it(`needs ${tool.command}, which is not installed here (${tool.install})`, () =>
        allowMissingOutsideCi(tool.command, tool.install));
  });
}

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
