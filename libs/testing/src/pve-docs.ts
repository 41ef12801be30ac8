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
