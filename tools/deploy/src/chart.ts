import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '@proxmox-mpc/testing';
import { parseAllDocuments } from 'yaml';
import { runHelm, type HelmRun } from './helm';

export const CHART_DIR = join(repoRoot(), 'infra', 'helm', 'proxmox-mpc');
export const RELEASE = 'mpc';
export const NAMESPACE = 'proxmox-mpc';

/** The values an install is checked with: the defaults alone, or plus one file. */
export interface ValueSet {
  name: string;
  files: string[];
}

/** The defaults, and the defaults plus each ci/*-values.yaml (the files chart-testing reads too). */
export function chartValueSets(): ValueSet[] {
  const ciDir = join(CHART_DIR, 'ci');
  const files = readdirSync(ciDir)
    .filter((file) => file.endsWith('-values.yaml'))
    .sort();
  return [
    { name: 'default values', files: [] },
    ...files.map((file) => ({ name: `ci/${file}`, files: [join(ciDir, file)] })),
  ];
}

const valueArgs = (set: ValueSet) => set.files.flatMap((file) => ['--values', file]);

/** `helm lint --strict`: the values schema, the templates, and warnings count as failures. */
export function lintChart(set: ValueSet, helm?: string): HelmRun {
  return runHelm(['lint', '--strict', CHART_DIR, ...valueArgs(set)], helm);
}

/** `helm template`: every object an install of the release would create. */
export function renderChart(set: ValueSet, helm?: string): HelmRun {
  return runHelm(['template', RELEASE, CHART_DIR, '--namespace', NAMESPACE, ...valueArgs(set)], helm);
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** The objects of a rendered manifest stream (empty documents dropped). */
export function parseManifests(manifests: string): K8sObject[] {
  return parseAllDocuments(manifests)
    .map((document) => {
      if (document.errors.length > 0) throw document.errors[0];
      return document.toJS() as K8sObject | null;
    })
    .filter((object): object is K8sObject => object !== null);
}
