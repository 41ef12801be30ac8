import { z } from 'zod';

/** Times in audit requests and records; the message names the expected form. */
export const AuditTimeSchema = z.iso.datetime({
  offset: true,
  error: 'expected an ISO 8601 time, e.g. 2025-01-31T08:00:00Z',
});
