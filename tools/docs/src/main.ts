// Usage: npm run docs:reference
// Writes docs/reference/ from the code (tool catalogue, config schemas, contracts, metrics)
// and removes pages it no longer generates.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';
import { REFERENCE_DIR, referencePages } from './reference-pages';

const root = repoRoot();
const dir = path.join(root, REFERENCE_DIR);
const pages = referencePages(root);
mkdirSync(dir, { recursive: true });
for (const file of readdirSync(dir)) if (!pages.has(file)) rmSync(path.join(dir, file));
for (const [file, text] of pages) writeFileSync(path.join(dir, file), text);
console.log(`wrote ${[...pages.keys()].map((file) => `${REFERENCE_DIR}/${file}`).join(', ')}`);
