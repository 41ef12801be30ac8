import { z } from 'zod';

export const ActorSchema = z.object({
  kind: z.enum(['agent', 'operator', 'ci', 'service']),
  id: z.string().min(1).max(200),
});
export type Actor = z.infer<typeof ActorSchema>;

/** A Proxmox VE cluster the platform manages, by its configured name. */
export const TargetNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a target name: lowercase letters, digits and dashes');

export const CorrelationIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'expected 1-128 letters, digits or . _ : -');

/**
 * The body of every message on the bus. `data` is validated separately against the
 * schema registered for the message's subject (see registry.ts).
 */
export const EnvelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1).max(200),
  source: z.string().min(1).max(100),
  time: z.iso.datetime({ offset: true }),
  correlationId: CorrelationIdSchema,
  causationId: z.string().min(1).max(128).optional(),
  actor: ActorSchema,
  target: TargetNameSchema.optional(),
  data: z.unknown(),
});

export interface Envelope<D = unknown> extends Omit<z.infer<typeof EnvelopeSchema>, 'data'> {
  data: D;
}

/** Who asked, and which user action a message belongs to; copied onto every follow-up. */
export interface Origin {
  correlationId: string;
  causationId?: string;
  actor: Actor;
  target?: string;
}

/** The origin for a message caused by `cause`: same user action, same actor and target. */
export function originFrom(cause: Envelope): Origin {
  return {
    correlationId: cause.correlationId,
    causationId: cause.id,
    actor: cause.actor,
    ...(cause.target === undefined ? {} : { target: cause.target }),
  };
}
