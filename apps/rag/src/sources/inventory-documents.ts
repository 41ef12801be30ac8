import type { InventoryGuest } from '@proxmox-mpc/contracts';
import type { ChunkDraft } from '../knowledge/knowledge.store';
import { contentHash } from './content-hash';

const GIB = 1024 ** 3;
// Config keys already said in words above, or that change without meaning anything.
const DESCRIBED_KEYS = new Set(['description', 'name', 'hostname', 'tags', 'digest', 'lock']);

/**
 * A guest as a document: its path `<target>/<vmid>` stays the same when it migrates, its one
 * chunk is cited `<target>/<node>/<vmid>`. The text says what an operator asks about (name,
 * type, node, status, tags, description, resources, config) and leaves out what changes all
 * the time (uptime), so a guest is re-indexed only when something about it changed.
 */
export function guestDocument(
  target: string,
  guest: InventoryGuest,
): { path: string; title: string; contentHash: string; chunks: ChunkDraft[] } {
  const kind = guest.type === 'qemu' ? 'virtual machine' : 'container';
  const description = guest.config.description?.trim();
  const config = Object.entries(guest.config)
    .filter(([key]) => !DESCRIBED_KEYS.has(key))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
  const body = [
    `${guest.name} is a ${guest.template ? 'template ' : ''}${kind} (${guest.type} ${guest.vmid}) on node ${guest.node} of cluster ${target}, status ${guest.status}.`,
    guest.tags.length > 0 ? `Tags: ${guest.tags.join(', ')}.` : 'No tags.',
    guest.pool ? `Pool: ${guest.pool}.` : '',
    `Resources: ${guest.cpus} CPUs, ${(guest.memoryBytes / GIB).toFixed(1)} GiB memory, ${(guest.diskBytes / GIB).toFixed(1)} GiB disk.`,
    description ? `Description: ${description}` : '',
    config ? `Configuration: ${config}` : '',
  ]
    .filter(Boolean)
    .join('\n');
  const heading = `${guest.name} (${guest.type} ${guest.vmid})`;
  const titleText = [guest.name, kind, ...guest.tags].join(' ');
  const hash = contentHash(titleText, body);
  return {
    path: `${target}/${guest.vmid}`,
    title: heading,
    contentHash: hash,
    chunks: [
      {
        citation: `${target}/${guest.node}/${guest.vmid}`,
        heading,
        titleText,
        body,
        contentHash: hash,
        node: guest.node,
        target,
        workspace: null,
        vmid: guest.vmid,
        guestName: guest.name,
        actor: null,
        occurredAt: null,
      },
    ],
  };
}
