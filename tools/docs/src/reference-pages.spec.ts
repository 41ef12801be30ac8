import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';
import { REFERENCE_DIR, referencePages } from './reference-pages';

describe('docs/reference', () => {
  const root = repoRoot();
  const pages = referencePages(root);
  const regenerate =
    'the code changed since docs/reference/ was written: run `npm run docs:reference` and commit it';

  it.each([...pages.keys()])('should hold %s as the code generates it', (file) => {
    const committed = path.join(root, REFERENCE_DIR, file);
    const text = existsSync(committed) ? readFileSync(committed, 'utf8') : '(missing)';
    if (text !== pages.get(file)) throw new Error(`${REFERENCE_DIR}/${file} is stale: ${regenerate}`);
  });

  it('should hold no page the code no longer generates', () => {
    const extra = readdirSync(path.join(root, REFERENCE_DIR)).filter((file) => !pages.has(file));
    if (extra.length)
      throw new Error(`${extra.join(', ')} in ${REFERENCE_DIR} are not generated: ${regenerate}`);
  });
});
