import {
  AUDIT_SEARCH_MAX_LIMIT,
  AuditSearchQuery,
  CorrelationIdSchema,
  GuestSelectorSchema,
  NodeNameSchema,
  parseGuestSelector,
  Subjects,
  VmidSchema,
  type AuditEntry,
  type AuditGuest,
} from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool, ToolError } from '../tool-definition';

const SUMMARY_LIMIT = 50;
const time = z.iso.datetime({ offset: true });

function guestFilter(guest: number | string | undefined, node: string | undefined): AuditGuest | undefined {
  const named =
    guest === undefined ? {} : typeof guest === 'number' ? { vmid: guest } : parseGuestSelector(guest);
  const filter = { ...named, ...(node ? { node } : {}) };
  return Object.keys(filter).length > 0 ? filter : undefined;
}

function describeEntry(entry: AuditEntry): string {
  const guest = entry.guest
    ? ` guest ${[entry.guest.node, entry.guest.name ?? entry.guest.vmid].filter(Boolean).join('/')}`
    : '';
  const outcome = entry.outcome ? ` ${entry.outcome} in ${Math.round(entry.durationMs ?? 0)} ms` : '';
  const problems = entry.valid ? '' : ` INVALID: ${entry.problems}`;
  return `#${entry.chainSeq} ${entry.storedAt} ${entry.subject} by ${entry.actor?.id ?? '?'}${guest}${outcome}${problems}`;
}

export const auditSearchTool = readTool({
  name: 'audit_search',
  title: 'Search the audit log',
  description:
    'What was sent on the bus, oldest first: by correlation id (the whole timeline of one tool call across ' +
    'services), actor, guest, type or subject prefix (e.g. "cmd.proxmox", "mcp.tool.called") and time. ' +
    'Without the admin scope you see only your own calls and what they caused. Pass nextCursor back as ' +
    'cursor for the next page; jaegerUrl opens the trace of a correlation id.',
  input: z
    .object({
      correlationId: CorrelationIdSchema.optional().describe(
        'One user action, e.g. the dev.proxmox-mpc/correlation-id of a tool result',
      ),
      actor: z
        .string()
        .min(1)
        .max(200)
        .optional()
        .describe('Whose messages, e.g. token:agent (another actor than you needs the admin scope)'),
      guest: z
        .union([VmidSchema, GuestSelectorSchema])
        .optional()
        .describe(
          'The guest the messages are about: a VMID (100), a name (web-01) or node/name, no wildcards',
        ),
      node: NodeNameSchema.optional().describe('Only messages about this node or its guests'),
      type: z
        .string()
        .max(200)
        .optional()
        .describe(
          'A type (mcp.tool.called), a subject (cmd.proxmox.guest.power) or a subject prefix (evt.proxmox)',
        ),
      from: time.optional().describe('Stored at or after this ISO time'),
      to: time.optional().describe('Stored before this ISO time'),
      cursor: z.string().max(20).optional().describe('The nextCursor of the previous page'),
      limit: z
        .number()
        .int()
        .min(1)
        .max(AUDIT_SEARCH_MAX_LIMIT)
        .optional()
        .describe('Rows per page (default 100)'),
    })
    .strict(),
  output: AuditSearchQuery.response,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'read',
  async run({ actor, guest, node, ...filters }, { bus, origin, access }) {
    // The audit log shows every caller's arguments: only an admin reads beyond its own.
    if (!access.allows('admin') && actor !== undefined && actor !== access.actorId) {
      throw new ToolError(
        'FORBIDDEN',
        `${access.actorId} may search only its own messages; ${actor}'s need the admin scope`,
      );
    }
    const actorId = access.allows('admin') ? actor : access.actorId;
    const filter = guestFilter(guest, node);
    const result = await bus.query(
      Subjects.auditSearch,
      { ...filters, ...(actorId ? { actorId } : {}), ...(filter ? { guest: filter } : {}) },
      origin,
    );
    const lines = result.rows.slice(0, SUMMARY_LIMIT).map(describeEntry);
    return {
      structured: result,
      summary: [
        `${result.rows.length} audit rows${access.allows('admin') ? '' : ' (yours)'}:`,
        ...lines,
        ...(result.rows.length > SUMMARY_LIMIT ? [`… and ${result.rows.length - SUMMARY_LIMIT} more`] : []),
        ...(result.nextCursor ? [`more: pass cursor "${result.nextCursor}"`] : []),
        ...(result.jaegerUrl ? [`trace: ${result.jaegerUrl}`] : []),
      ].join('\n'),
    };
  },
});
