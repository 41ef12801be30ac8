import { defineEvent } from '../../define';
import { ChainAnchorSchema } from '../chain';

/** The chain head, announced by the audit service at intervals while the log grows. */
export const AuditChainAnchoredContract = defineEvent({
  subject: 'evt.audit.chain.anchored',
  type: 'audit.chain.anchored',
  data: ChainAnchorSchema,
});
