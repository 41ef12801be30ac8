import { z } from 'zod';

/** How a read answer was obtained, so a caller can judge its age. */
export const FreshnessShape = {
  /** `inventory`: from the synced copy; `live`: read from Proxmox just now. */
  source: z.enum(['inventory', 'live']),
  syncedAt: z.iso.datetime({ offset: true }),
  ageMs: z.number().int().nonnegative(),
};

/**
 * How old an answer from synced data may be when the request does not say (`maxAgeMs`):
 * older, and the answerer syncs first.
 */
export const DEFAULT_MAX_AGE_MS = 60_000;

/** Requests for synced data may say how old an answer they accept (default DEFAULT_MAX_AGE_MS). */
export const MaxAgeShape = {
  maxAgeMs: z.number().int().min(0).max(86_400_000).optional(),
};
