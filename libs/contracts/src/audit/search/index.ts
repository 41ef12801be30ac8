import { z } from 'zod';
import { defineQuery } from '../../define';
import { CorrelationIdSchema } from '../../envelope';
import { GuestNameSchema } from '../../proxmox/formats';
import { NodeNameSchema, VmidSchema } from '../../proxmox/guest';
import { AuditTimeSchema } from '../time';

/** Most rows one search page returns, and how many when the caller does not say. */
export const AUDIT_SEARCH_MAX_LIMIT = 1000;
export const AUDIT_SEARCH_DEFAULT_LIMIT = 100;

/** A guest a message names, as far as its data says (VMID, node, name). */
export const AuditGuestSchema = z.object({
  vmid: VmidSchema.optional(),
  node: NodeNameSchema.optional(),
  name: GuestNameSchema.optional(),
});
export type AuditGuest = z.infer<typeof AuditGuestSchema>;

export const AuditSearchRequestSchema = z
  .object({
    /** Every message of one user action, across services. */
    correlationId: CorrelationIdSchema.optional(),
    /** The envelope's actor id, e.g. `token:agent`. */
    actorId: z.string().min(1).max(200).optional(),
    guest: AuditGuestSchema.strict()
      .refine((guest) => Object.keys(guest).length > 0, 'give vmid, node or name')
      .optional(),
    /** An envelope type (`mcp.tool.called`), a subject (`cmd.proxmox.guest.power`) or a subject prefix (`evt.proxmox`). */
    type: z
      .string()
      .max(200)
      .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'expected a type or subject such as "evt.proxmox"')
      .optional(),
    /** Stored at or after this time. */
    from: AuditTimeSchema.optional(),
    /** Stored before this time. */
    to: AuditTimeSchema.optional(),
    /** The `nextCursor` of the previous page. */
    cursor: z
      .string()
      .regex(/^\d{1,18}$/, 'expected the nextCursor of a previous page')
      .optional(),
    limit: z.number().int().min(1).max(AUDIT_SEARCH_MAX_LIMIT).optional(),
  })
  .strict()
  .refine((request) => !request.from || !request.to || Date.parse(request.from) < Date.parse(request.to), {
    message: 'must be later than from',
    path: ['to'],
  });
export type AuditSearchRequest = z.infer<typeof AuditSearchRequestSchema>;

/** One recorded message, secrets already redacted. */
export const AuditEntrySchema = z.object({
  /** Its place in the hash chain: the order the audit log recorded it in. */
  chainSeq: z.number().int().positive(),
  messageId: z.string(),
  subject: z.string(),
  type: z.string().nullable(),
  source: z.string().nullable(),
  correlationId: z.string().nullable(),
  causationId: z.string().nullable(),
  actor: z.object({ kind: z.string().nullable(), id: z.string() }).nullable(),
  target: z.string().nullable(),
  /**
   * The guest the message is about, when it names exactly one; null for an inventory
   * event naming many (a search by guest finds it all the same).
   */
  guest: z
    .object({ vmid: z.number().optional(), node: z.string().optional(), name: z.string().optional() })
    .nullable(),
  /** The envelope's time (when the sender built it); null for a message that broke its contract. */
  occurredAt: z.string().nullable(),
  /** When JetStream stored it. */
  storedAt: z.string(),
  /** False when the message broke its contract; `problems` says how. */
  valid: z.boolean(),
  problems: z.string().nullable(),
  /** The W3C trace the message was sent in. */
  traceId: z.string().optional(),
  /** A tool call's end and duration (`evt.mcp.tool.called`). */
  outcome: z.enum(['ok', 'error']).optional(),
  durationMs: z.number().optional(),
  data: z.unknown(),
  /** The body as text, for a message that was not JSON. */
  body: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Recorded messages matching every filter given, in recording order, a page at a time. */
export const AuditSearchQuery = defineQuery({
  subject: 'qry.audit.search',
  type: 'audit.search',
  request: AuditSearchRequestSchema,
  response: z.object({
    rows: z.array(AuditEntrySchema),
    /** Present when more rows match: pass it as `cursor` for the next page. */
    nextCursor: z.string().optional(),
    /** A correlation id's trace in Jaeger, when the audit service knows Jaeger's address. */
    jaegerUrl: z.url().optional(),
  }),
});
