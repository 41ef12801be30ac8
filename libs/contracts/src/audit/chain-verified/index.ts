import { defineEvent } from '../../define';
import { ChainVerificationSchema } from '../chain';

/** The result of every chain verification, for whoever watches the audit log's integrity. */
export const AuditChainVerifiedContract = defineEvent({
  subject: 'evt.audit.chain.verified',
  type: 'audit.chain.verified',
  data: ChainVerificationSchema,
});
