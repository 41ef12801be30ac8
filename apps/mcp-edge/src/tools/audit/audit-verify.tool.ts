import { ChainVerificationSchema, Subjects } from '@proxmox-mpc/contracts';
import { z } from 'zod';
import { readTool } from '../tool-definition';

// Verification recomputes every row's hash: on a large log it takes longer than a query's default 10 s.
const VERIFY_TIMEOUT_MS = 120_000;

export const auditVerifyTool = readTool({
  name: 'audit_verify',
  title: 'Verify the audit log',
  description:
    "Recomputes the audit log's hash chain in the database and names the first row that was altered or " +
    'removed, if any. The result is also published as evt.audit.chain.verified.',
  input: z.object({}).strict(),
  output: ChainVerificationSchema,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  scope: 'admin',
  async run(_args, { bus, origin }) {
    const result = await bus.query(Subjects.auditVerify, {}, origin, { timeoutMs: VERIFY_TIMEOUT_MS });
    const broken = result.firstBroken;
    const anchor = result.anchor;
    return {
      structured: result,
      summary: broken
        ? `The audit chain breaks at row #${broken.chainSeq} (message ${broken.messageId}): ${broken.reason}.`
        : `All ${result.rows} audit rows chain correctly: none was altered or removed` +
          (anchor
            ? `, and row #${anchor.chainSeq} still matches the head anchored outside the log at ${anchor.anchoredAt}.`
            : '. No head was anchored outside the log yet, so removal of the newest rows cannot be seen.'),
    };
  },
});
