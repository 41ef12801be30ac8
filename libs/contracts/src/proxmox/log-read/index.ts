import { z } from 'zod';
import { defineQuery } from '../../define';
import { NodeNameSchema } from '../guest';

export const LogSourceSchema = z.enum(['cluster', 'syslog']);

export const LogEntrySchema = z.object({
  /** The line as Proxmox has it (syslog: journalctl's short format). */
  text: z.string(),
  time: z.iso.datetime({ offset: true }).optional(),
  node: z.string().optional(),
  user: z.string().optional(),
  /** The daemon that logged it. */
  tag: z.string().optional(),
});

export const LogReadRequestSchema = z
  .object({
    source: LogSourceSchema,
    /** Syslog: the node whose journal to read. */
    node: NodeNameSchema.optional(),
    /** How many of the newest lines (default 100). */
    lines: z.number().int().min(1).max(500).optional(),
    /** Syslog: only lines since then. */
    since: z.iso.datetime({ offset: true }).optional(),
    /** Syslog: only this systemd unit, e.g. `pvedaemon`, `pve-cluster`, `corosync`. */
    service: z
      .string()
      .regex(/^[A-Za-z0-9@._-]{1,128}$/, 'expected a systemd unit name such as "pvedaemon"')
      .optional(),
  })
  .strict();
export type LogReadRequest = z.infer<typeof LogReadRequestSchema>;

export const LogReadQuery = defineQuery({
  subject: 'qry.proxmox.log.read',
  type: 'proxmox.log.read',
  request: LogReadRequestSchema,
  response: z.object({
    target: z.string(),
    source: LogSourceSchema,
    node: NodeNameSchema.optional(),
    /** Oldest first. */
    entries: z.array(LogEntrySchema),
    /** Whether older lines exist that the answer leaves out. */
    truncated: z.boolean(),
  }),
});
