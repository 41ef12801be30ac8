import type { ChunkDraft } from '../knowledge/knowledge.store';
import { contentHash } from './content-hash';

// Top-level HCL blocks: each is one citation unit (a resource, an import, a variable…).
const HCL_BLOCK = /^(resource|data|import|variable|output|module|provider|terraform|locals)\b.*\{\s*$/;
// Top-level YAML list items: each play of a playbook, each group of an inventory.
const YAML_ITEM = /^- /;

/**
 * A workspace file at a revision as a document: path `<workspace>/<file>`, one chunk per
 * top-level block (Terraform) or list item (Ansible), each cited
 * `<workspace>@<commit>:<file>:<line>`. A file whose content is unchanged keeps the citation
 * of the revision it was first indexed at, which still shows that content at that line.
 */
export function workspaceFileDocument(
  workspace: string,
  revision: string,
  file: string,
  content: string,
): { path: string; title: string; contentHash: string; chunks: ChunkDraft[] } {
  const lines = content.split('\n');
  const starts = lines.flatMap((line, index) => (blockStart(file, line) ? [index] : []));
  if (starts[0] !== 0) starts.unshift(0);
  const chunks = starts
    .map((start, position) => {
      const text = lines
        .slice(start, starts[position + 1] ?? lines.length)
        .join('\n')
        .trim();
      const heading = (lines[start] ?? '').replace(/\{\s*$/, '').trim();
      return { start, text, heading };
    })
    .filter((block) => block.text.length > 0)
    .map(({ start, text, heading }) => ({
      citation: `${workspace}@${revision}:${file}:${start + 1}`,
      heading,
      titleText: `${heading} ${file}`.replace(/["_./-]+/g, ' '),
      body: text,
      contentHash: contentHash(file, text),
      node: null,
      target: null,
      workspace,
      vmid: null,
      guestName: null,
      actor: null,
      occurredAt: null,
    }));
  return {
    path: workspaceDocumentPath(workspace, file),
    title: `${file} in workspace ${workspace}`,
    contentHash: contentHash(content),
    chunks,
  };
}

/** Where a workspace file's document is within the source `iac.<workspace>`. */
export function workspaceDocumentPath(workspace: string, file: string): string {
  return `${workspace}/${file}`;
}

function blockStart(file: string, line: string): boolean {
  if (file.endsWith('.tf')) return HCL_BLOCK.test(line);
  if (file.endsWith('.yml') || file.endsWith('.yaml')) return YAML_ITEM.test(line);
  return false;
}
