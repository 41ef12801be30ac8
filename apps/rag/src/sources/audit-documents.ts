import { Subjects, type AuditEntry, type ToolCalled } from '@proxmox-mpc/contracts';
import type { ChunkDraft } from '../knowledge/knowledge.store';
import { contentHash } from './content-hash';

/**
 * What an operator searches the audit log for by text: the actions, not the inventory's
 * bookkeeping. Commands, tool calls, approvals, the ends of operations and applies,
 * test verdicts and messages given up. A read-only tool call that succeeded changed
 * nothing and is left out: under an agent's reads it would be most of the index, and
 * each would cost a document (the audit log itself keeps them).
 */
const ACTION_SUBJECTS = [
  'cmd.',
  'evt.mcp.tool.called',
  'evt.mcp.approval.',
  'evt.mcp.token.',
  'evt.proxmox.operation.completed',
  'evt.proxmox.operation.failed',
  'evt.iac.applied',
  'evt.iac.failed',
  'evt.test.completed',
  'evt.bus.message.failed',
  'evt.audit.chain.verified',
];
const DATA_CHARS = 2_000;

export function isAuditedAction(entry: AuditEntry): boolean {
  if (entry.subject === Subjects.mcpToolCalled) {
    const call = entry.data as Partial<ToolCalled> | null;
    if (call?.readOnly === true && call.outcome === 'ok') return false;
  }
  return ACTION_SUBJECTS.some((prefix) => entry.subject.startsWith(prefix));
}

/** An audit record as a document cited `audit:<chain_seq>`. */
export function auditDocument(entry: AuditEntry): {
  path: string;
  title: string;
  contentHash: string;
  chunks: ChunkDraft[];
} {
  const data = entry.data as Record<string, unknown> | null;
  const tool = typeof data?.tool === 'string' ? data.tool : undefined;
  const heading = `${tool ? `tool ${tool}` : entry.subject} by ${entry.actor?.id ?? 'unknown'}`;
  const body = [
    `${entry.storedAt} ${entry.actor?.id ?? 'unknown'} ${entry.subject}${entry.outcome ? ` (${entry.outcome})` : ''}`,
    entry.guest
      ? `guest ${[entry.guest.name, entry.guest.vmid, entry.guest.node].filter(Boolean).join(' ')}`
      : '',
    entry.correlationId ? `correlation id ${entry.correlationId}` : '',
    data ? JSON.stringify(data).slice(0, DATA_CHARS) : (entry.body ?? ''),
  ]
    .filter(Boolean)
    .join('\n');
  const titleText = [heading, entry.type ?? '', entry.guest?.name ?? ''].join(' ').replace(/[._]+/g, ' ');
  const hash = contentHash(titleText, body);
  return {
    path: String(entry.chainSeq),
    title: heading,
    contentHash: hash,
    chunks: [
      {
        citation: `audit:${entry.chainSeq}`,
        heading,
        titleText,
        body,
        contentHash: hash,
        node: entry.guest?.node ?? null,
        target: entry.target,
        workspace: null,
        vmid: entry.guest?.vmid ?? null,
        guestName: entry.guest?.name ?? null,
        actor: entry.actor?.id ?? null,
        occurredAt: new Date(entry.storedAt),
      },
    ],
  };
}
