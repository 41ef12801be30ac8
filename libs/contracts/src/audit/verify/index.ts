import { z } from 'zod';
import { defineQuery } from '../../define';
import { ChainVerificationSchema } from '../chain';

/** Recomputes the audit log's hash chain now. */
export const AuditVerifyQuery = defineQuery({
  subject: 'qry.audit.verify',
  type: 'audit.verify',
  request: z.object({}).strict(),
  response: ChainVerificationSchema,
});
